/** guild.changeRank, setPermissions, transferLeadership, updateSettings. */
import { afterAll, describe, expect, it } from "vitest";
import { createTestEngines } from "@/tests/helpers/engines";
import { join, memberRank, newGuild, newGuildCharacter } from "@/tests/integration/guild-fixtures";

const engines = createTestEngines();
afterAll(() => engines.close());
const pool = engines.postgres.pool;

async function setup() {
  const leader = await newGuildCharacter(engines);
  const { guildId } = await newGuild(engines, leader);
  const officer = await newGuildCharacter(engines);
  const member = await newGuildCharacter(engines);
  const recruit = await newGuildCharacter(engines);
  for (const who of [officer, member, recruit]) await join(leader, guildId, who);
  await leader.caller.guild.changeRank({ characterId: leader.characterId, guildId, targetCharacterId: officer.characterId, rank: "officer" });
  await leader.caller.guild.changeRank({ characterId: leader.characterId, guildId, targetCharacterId: member.characterId, rank: "member" });
  return { leader, officer, member, recruit, guildId };
}

describe("guild.changeRank", () => {
  it("promotes and demotes within the actor's rank and records from/to with the acting character", async () => {
    const { leader, officer, member, recruit, guildId } = await setup();
    expect(await memberRank(engines, guildId, officer.characterId)).toBe("officer");
    await officer.caller.guild.changeRank({ characterId: officer.characterId, guildId, targetCharacterId: recruit.characterId, rank: "veteran" });
    expect(await memberRank(engines, guildId, recruit.characterId)).toBe("veteran");

    await expect(officer.caller.guild.changeRank({ characterId: officer.characterId, guildId, targetCharacterId: member.characterId, rank: "officer" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "You can only give ranks below your own.",
    });
    await expect(officer.caller.guild.changeRank({ characterId: officer.characterId, guildId, targetCharacterId: leader.characterId, rank: "member" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(member.caller.guild.changeRank({ characterId: member.characterId, guildId, targetCharacterId: recruit.characterId, rank: "recruit" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Only the leader and officers can change ranks.",
    });
    await expect(leader.caller.guild.changeRank({ characterId: leader.characterId, guildId, targetCharacterId: member.characterId, rank: "leader" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await memberRank(engines, guildId, member.characterId)).toBe("member");

    const activity = await pool.query("SELECT actor_character_id, target_character_id, details FROM game_data.guild_activity WHERE guild_id = $1 AND kind = 'rank_changed' ORDER BY activity_id DESC LIMIT 1", [guildId]);
    expect(activity.rows[0]).toEqual({ actor_character_id: officer.characterId, target_character_id: recruit.characterId, details: { from: "recruit", to: "veteran" } });
  });

  it("rejects unknown ranks and targets outside the guild", async () => {
    const { leader, guildId } = await setup();
    const stranger = await newGuildCharacter(engines);
    await expect(
      leader.caller.guild.changeRank({ characterId: leader.characterId, guildId, targetCharacterId: stranger.characterId, rank: "member" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", message: "That character is not a member of this guild." });
    await expect(
      // @ts-expect-error an invalid rank must be refused by the schema
      leader.caller.guild.changeRank({ characterId: leader.characterId, guildId, targetCharacterId: stranger.characterId, rank: "emperor" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("guild.setPermissions", () => {
  it("the leader and officers edit flags of members below them, only flags they hold", async () => {
    const { leader, officer, member, recruit, guildId } = await setup();
    await officer.caller.guild.setPermissions({ characterId: officer.characterId, guildId, targetCharacterId: member.characterId, permissions: { invite: true, kick: false, bank: false } });
    await expect(
      officer.caller.guild.setPermissions({ characterId: officer.characterId, guildId, targetCharacterId: recruit.characterId, permissions: { invite: false, kick: false, bank: true } }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", message: "You can only grant or revoke permissions you hold yourself (bank)." });
    await expect(
      member.caller.guild.setPermissions({ characterId: member.characterId, guildId, targetCharacterId: recruit.characterId, permissions: { invite: true, kick: false, bank: false } }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await leader.caller.guild.setPermissions({ characterId: leader.characterId, guildId, targetCharacterId: officer.characterId, permissions: { invite: true, kick: true, bank: true } });

    const rows = await pool.query<{ character_id: number; permissions: unknown }>(
      "SELECT character_id, permissions FROM game_data.guild_members WHERE guild_id = $1 AND character_id = ANY($2::bigint[])",
      [guildId, [officer.characterId, member.characterId, recruit.characterId]],
    );
    const byId = new Map(rows.rows.map((r) => [r.character_id, r.permissions]));
    expect(byId.get(member.characterId)).toEqual({ invite: true, kick: false, bank: false });
    expect(byId.get(recruit.characterId)).toEqual({ invite: false, kick: false, bank: false });
    expect(byId.get(officer.characterId)).toEqual({ invite: true, kick: true, bank: true });

    // The member's new invite flag works at once; the recruit without it is refused.
    const target = await newGuildCharacter(engines);
    await member.caller.guild.invite({ characterId: member.characterId, guildId, characterName: target.name });
    const applicant = await newGuildCharacter(engines);
    const { requestId } = await applicant.caller.guild.applyToJoin({ characterId: applicant.characterId, guildId });
    await expect(recruit.caller.guild.acceptRequest({ characterId: recruit.characterId, requestId })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "You need the invite permission to do that.",
    });
  });
});

describe("guild.transferLeadership", () => {
  it("swaps leader and target in one step; the old leader can then leave", async () => {
    const { leader, member, officer, guildId } = await setup();
    await expect(officer.caller.guild.transferLeadership({ characterId: officer.characterId, guildId, targetCharacterId: member.characterId })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Only the leader can hand over leadership.",
    });
    await leader.caller.guild.transferLeadership({ characterId: leader.characterId, guildId, targetCharacterId: member.characterId });
    expect(await memberRank(engines, guildId, member.characterId)).toBe("leader");
    expect(await memberRank(engines, guildId, leader.characterId)).toBe("officer");
    const guild = await pool.query("SELECT leader_character_id FROM game_data.guilds WHERE guild_id = $1", [guildId]);
    expect(guild.rows[0]!.leader_character_id).toBe(member.characterId);
    const leaders = await pool.query("SELECT count(*)::int AS n FROM game_data.guild_members WHERE guild_id = $1 AND rank = 'leader'", [guildId]);
    expect(leaders.rows[0]!.n).toBe(1);

    await leader.caller.guild.leave({ characterId: leader.characterId, guildId });
    expect(await memberRank(engines, guildId, leader.characterId)).toBeNull();
  });
});

describe("guild.updateSettings", () => {
  it("the leader and officers change settings; max members cannot drop below the roster", async () => {
    const { leader, officer, member, guildId } = await setup();
    const settings = { guildId, description: "New words", bannerUrl: "https://example.test/b.png", isRecruiting: false, maxMembers: 10 };
    await officer.caller.guild.updateSettings({ characterId: officer.characterId, ...settings });
    await expect(member.caller.guild.updateSettings({ characterId: member.characterId, ...settings, description: "hacked" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(leader.caller.guild.updateSettings({ characterId: leader.characterId, ...settings, maxMembers: 3 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "The guild already has 4 members.",
    });
    await expect(leader.caller.guild.updateSettings({ characterId: leader.characterId, ...settings, bannerUrl: "javascript:alert(1)" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const row = await pool.query("SELECT description, banner_url, is_recruiting, max_members FROM game_data.guilds WHERE guild_id = $1", [guildId]);
    expect(row.rows[0]).toEqual({ description: "New words", banner_url: "https://example.test/b.png", is_recruiting: false, max_members: 10 });
  });
});
