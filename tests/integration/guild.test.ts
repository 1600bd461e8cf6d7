/** guild.create, apply, invite, acceptRequest, declineRequest, leave, kick: the rules, the messages, and that a refusal changes nothing. */
import { afterAll, describe, expect, it } from "vitest";
import { createTestEngines, unique } from "@/tests/helpers/engines";
import { join, memberCount, memberRank, newGuild, newGuildCharacter, uniqueTag } from "@/tests/integration/guild-fixtures";

const engines = createTestEngines();
afterAll(() => engines.close());
const pool = engines.postgres.pool;

async function guildsNamed(name: string): Promise<number> {
  const result = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM game_data.guilds WHERE lower(guild_name) = lower($1)", [name]);
  return result.rows[0]!.n;
}

describe("guild.create", () => {
  it("creates the guild with the founder as leader, and records who did it", async () => {
    const founder = await newGuildCharacter(engines);
    const name = `Ironclad ${unique()}`;
    const tag = uniqueTag();
    const { guildId } = await founder.caller.guild.create({
      characterId: founder.characterId,
      name,
      tag,
      description: "We mine.",
      bannerUrl: "https://example.test/banner.png",
      isRecruiting: false,
      maxMembers: 12,
    });
    const guild = await pool.query("SELECT guild_name, guild_tag, leader_character_id, max_members, is_recruiting, banner_url, description FROM game_data.guilds WHERE guild_id = $1", [guildId]);
    expect(guild.rows[0]).toEqual({
      guild_name: name,
      guild_tag: tag,
      leader_character_id: founder.characterId,
      max_members: 12,
      is_recruiting: false,
      banner_url: "https://example.test/banner.png",
      description: "We mine.",
    });
    expect(await memberRank(engines, guildId, founder.characterId)).toBe("leader");

    // Audited with the account (audit_log.user_id) and the acting character (guild_activity, itself audited).
    const audit = await pool.query<{ table_name: string; user_id: number; changed_data: Record<string, unknown> }>(
      `SELECT table_name, user_id, changed_data FROM game_data.audit_log
        WHERE table_name IN ('guilds', 'guild_members', 'guild_activity') AND (changed_data ->> 'guild_id')::bigint = $1 ORDER BY audit_id`,
      [guildId],
    );
    expect(audit.rows.map((r) => r.table_name)).toEqual(["guilds", "guild_members", "guild_activity"]);
    expect(audit.rows.every((r) => r.user_id === founder.playerId)).toBe(true);
    expect(audit.rows[2]!.changed_data).toMatchObject({ kind: "created", actor_character_id: founder.characterId });
  });

  it("refuses duplicate names (any case) and tags, bad tags, and a founder already in a guild; nothing is created", async () => {
    const founder = await newGuildCharacter(engines);
    const first = await newGuild(engines, founder);
    const other = await newGuildCharacter(engines);

    await expect(other.caller.guild.create({ characterId: other.characterId, name: first.name.toUpperCase(), tag: uniqueTag() })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "A guild with that name already exists.",
    });
    await expect(other.caller.guild.create({ characterId: other.characterId, name: `Other ${unique()}`, tag: first.tag })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "A guild with that tag already exists.",
    });
    for (const tag of ["ab", "A", "ABCDEFGHIJK", "AB-C"]) {
      await expect(other.caller.guild.create({ characterId: other.characterId, name: `Tagged ${unique()}`, tag })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    await expect(other.caller.guild.create({ characterId: other.characterId, name: `  x `, tag: uniqueTag() })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(other.caller.guild.create({ characterId: other.characterId, name: `Zero ${unique()}`, tag: uniqueTag(), maxMembers: 0 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const second = `Second ${unique()}`;
    await expect(founder.caller.guild.create({ characterId: founder.characterId, name: second, tag: uniqueTag() })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("is already in a guild"),
    });
    expect(await guildsNamed(second)).toBe(0);
    expect(await guildsNamed(first.name)).toBe(1);
  });

  it("refuses to act as another player's character", async () => {
    const me = await newGuildCharacter(engines);
    const stranger = await newGuildCharacter(engines);
    const name = `Stolen ${unique()}`;
    await expect(me.caller.guild.create({ characterId: stranger.characterId, name, tag: uniqueTag() })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await guildsNamed(name)).toBe(0);
  });
});

describe("applications", () => {
  it("a character applies to a recruiting guild; an officer accepts; other open requests close", async () => {
    const leader = await newGuildCharacter(engines);
    const officer = await newGuildCharacter(engines);
    const { guildId } = await newGuild(engines, leader);
    const elsewhere = await newGuild(engines, await newGuildCharacter(engines));
    await join(leader, guildId, officer);
    await leader.caller.guild.changeRank({ characterId: leader.characterId, guildId, targetCharacterId: officer.characterId, rank: "officer" });

    const applicant = await newGuildCharacter(engines);
    const { requestId } = await applicant.caller.guild.applyToJoin({ characterId: applicant.characterId, guildId });
    const { requestId: otherRequest } = await applicant.caller.guild.applyToJoin({ characterId: applicant.characterId, guildId: elsewhere.guildId });
    await expect(applicant.caller.guild.applyToJoin({ characterId: applicant.characterId, guildId })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "There is already an open application or invitation for that character and guild.",
    });

    const mine = await applicant.caller.guild.mine();
    expect(mine.requests.map((r) => r.requestId).sort()).toEqual([requestId, otherRequest].sort());

    await officer.caller.guild.acceptRequest({ characterId: officer.characterId, requestId });
    expect(await memberRank(engines, guildId, applicant.characterId)).toBe("recruit");
    const statuses = await pool.query("SELECT request_id, status, decided_by FROM game_data.guild_join_requests WHERE character_id = $1 ORDER BY request_id", [applicant.characterId]);
    expect(statuses.rows).toEqual([
      { request_id: requestId, status: "accepted", decided_by: officer.characterId },
      { request_id: otherRequest, status: "cancelled", decided_by: null },
    ]);
  });

  it("refuses non-recruiting guilds, members without the invite permission, and second guilds", async () => {
    const leader = await newGuildCharacter(engines);
    const closed = await newGuild(engines, leader, { isRecruiting: false });
    const applicant = await newGuildCharacter(engines);
    await expect(applicant.caller.guild.applyToJoin({ characterId: applicant.characterId, guildId: closed.guildId })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("is not recruiting"),
    });

    const open = await newGuild(engines, await newGuildCharacter(engines));
    const { requestId } = await applicant.caller.guild.applyToJoin({ characterId: applicant.characterId, guildId: open.guildId });
    // A character that is not in the guild cannot accept on the guild's behalf.
    const outsider = await newGuildCharacter(engines);
    await expect(outsider.caller.guild.acceptRequest({ characterId: outsider.characterId, requestId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await memberCount(engines, open.guildId)).toBe(1);

    // A character already in a guild cannot apply elsewhere.
    await expect(leader.caller.guild.applyToJoin({ characterId: leader.characterId, guildId: open.guildId })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "That character is already in a guild.",
    });
  });

  it("the applicant may withdraw; the guild may decline; decided requests cannot be accepted", async () => {
    const leader = await newGuildCharacter(engines);
    const { guildId } = await newGuild(engines, leader);
    const applicant = await newGuildCharacter(engines);
    const first = await applicant.caller.guild.applyToJoin({ characterId: applicant.characterId, guildId });
    expect(await applicant.caller.guild.declineRequest({ characterId: applicant.characterId, requestId: first.requestId })).toEqual({ status: "cancelled" });
    const second = await applicant.caller.guild.applyToJoin({ characterId: applicant.characterId, guildId });
    expect(await leader.caller.guild.declineRequest({ characterId: leader.characterId, requestId: second.requestId })).toEqual({ status: "declined" });
    await expect(leader.caller.guild.acceptRequest({ characterId: leader.characterId, requestId: second.requestId })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "That application was already declined.",
    });
    expect(await memberCount(engines, guildId)).toBe(1);
  });
});

describe("invitations", () => {
  it("the invitee accepts or declines; only they can accept; unknown names are a field error", async () => {
    const leader = await newGuildCharacter(engines);
    const { guildId } = await newGuild(engines, leader);
    const invitee = await newGuildCharacter(engines);
    const bystander = await newGuildCharacter(engines);

    await expect(leader.caller.guild.invite({ characterId: leader.characterId, guildId, characterName: `nobody${unique()}` })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const { requestId } = await leader.caller.guild.invite({ characterId: leader.characterId, guildId, characterName: invitee.name });
    await expect(bystander.caller.guild.acceptRequest({ characterId: bystander.characterId, requestId })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Only the invited character can accept an invitation.",
    });
    await invitee.caller.guild.acceptRequest({ characterId: invitee.characterId, requestId });
    expect(await memberRank(engines, guildId, invitee.characterId)).toBe("recruit");

    const second = await leader.caller.guild.invite({ characterId: leader.characterId, guildId, characterName: bystander.name });
    expect(await bystander.caller.guild.declineRequest({ characterId: bystander.characterId, requestId: second.requestId })).toEqual({ status: "declined" });
    expect(await memberRank(engines, guildId, bystander.characterId)).toBeNull();
  });

  it("members without invite cannot invite; nobody can invite a character already in a guild", async () => {
    const leader = await newGuildCharacter(engines);
    const { guildId } = await newGuild(engines, leader);
    const recruit = await newGuildCharacter(engines);
    await join(leader, guildId, recruit);
    const target = await newGuildCharacter(engines);
    await expect(recruit.caller.guild.invite({ characterId: recruit.characterId, guildId, characterName: target.name })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "You need the invite permission to do that.",
    });
    await expect(leader.caller.guild.invite({ characterId: leader.characterId, guildId, characterName: recruit.name })).rejects.toMatchObject({
      code: "CONFLICT",
      message: `${recruit.name} is already a member of this guild.`,
    });
    const open = await pool.query("SELECT 1 FROM game_data.guild_join_requests WHERE character_id = $1 AND status = 'open'", [target.characterId]);
    expect(open.rowCount).toBe(0);
  });

  it("a full guild refuses invitations and acceptances", async () => {
    const leader = await newGuildCharacter(engines);
    const { guildId, name } = await newGuild(engines, leader, { maxMembers: 2 });
    const a = await newGuildCharacter(engines);
    const b = await newGuildCharacter(engines);
    const inviteA = await leader.caller.guild.invite({ characterId: leader.characterId, guildId, characterName: a.name });
    const inviteB = await leader.caller.guild.invite({ characterId: leader.characterId, guildId, characterName: b.name });
    await a.caller.guild.acceptRequest({ characterId: a.characterId, requestId: inviteA.requestId });
    await expect(b.caller.guild.acceptRequest({ characterId: b.characterId, requestId: inviteB.requestId })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: `${name} is full (2 members).`,
    });
    const c = await newGuildCharacter(engines);
    await expect(leader.caller.guild.invite({ characterId: leader.characterId, guildId, characterName: c.name })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(await memberCount(engines, guildId)).toBe(2);
  });
});

describe("leave and kick", () => {
  it("members leave; the leader cannot leave before transferring leadership", async () => {
    const leader = await newGuildCharacter(engines);
    const { guildId } = await newGuild(engines, leader);
    const member = await newGuildCharacter(engines);
    await join(leader, guildId, member);
    await expect(leader.caller.guild.leave({ characterId: leader.characterId, guildId })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "The leader cannot leave the guild. Transfer leadership to another member first.",
    });
    await member.caller.guild.leave({ characterId: member.characterId, guildId });
    expect(await memberRank(engines, guildId, member.characterId)).toBeNull();
    expect(await memberRank(engines, guildId, leader.characterId)).toBe("leader");
    await expect(member.caller.guild.leave({ characterId: member.characterId, guildId })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("kicking needs the kick permission and a lower rank; the leader can never be kicked", async () => {
    const leader = await newGuildCharacter(engines);
    const { guildId } = await newGuild(engines, leader);
    const officer = await newGuildCharacter(engines);
    const a = await newGuildCharacter(engines);
    const b = await newGuildCharacter(engines);
    for (const who of [officer, a, b]) await join(leader, guildId, who);
    await leader.caller.guild.changeRank({ characterId: leader.characterId, guildId, targetCharacterId: officer.characterId, rank: "officer" });

    await expect(officer.caller.guild.kick({ characterId: officer.characterId, guildId, targetCharacterId: a.characterId })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "You need the kick permission to do that.",
    });
    await leader.caller.guild.setPermissions({
      characterId: leader.characterId,
      guildId,
      targetCharacterId: officer.characterId,
      permissions: { invite: false, kick: true, bank: false },
    });
    await officer.caller.guild.kick({ characterId: officer.characterId, guildId, targetCharacterId: a.characterId });
    expect(await memberRank(engines, guildId, a.characterId)).toBeNull();
    await expect(officer.caller.guild.kick({ characterId: officer.characterId, guildId, targetCharacterId: leader.characterId })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "You can only kick members ranked below you.",
    });
    await expect(b.caller.guild.kick({ characterId: b.characterId, guildId, targetCharacterId: officer.characterId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await memberCount(engines, guildId)).toBe(3);

    const activity = await pool.query<{ kind: string; actor_character_id: number; target_character_id: number }>(
      "SELECT kind, actor_character_id, target_character_id FROM game_data.guild_activity WHERE guild_id = $1 AND kind = 'kicked'",
      [guildId],
    );
    expect(activity.rows).toEqual([{ kind: "kicked", actor_character_id: officer.characterId, target_character_id: a.characterId }]);
  });
});
