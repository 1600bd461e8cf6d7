/** guild.get, memberView, mine, directory, leaderboard: what the pages read. */
import { afterAll, describe, expect, it } from "vitest";
import { createCaller } from "@/server/app.router";
import { createInnerContext } from "@/server/context";
import { createTestEngines, unique } from "@/tests/helpers/engines";
import { join, newGuild, newGuildCharacter } from "@/tests/integration/guild-fixtures";

const engines = createTestEngines();
afterAll(() => engines.close());
const anonymous = createCaller(createInnerContext({ engines }));

describe("guild.get", () => {
  it("shows the roster by rank with online state from the presence set, honouring show_online", async () => {
    const leader = await newGuildCharacter(engines, { level: 40 });
    const { guildId, name } = await newGuild(engines, leader);
    const online = await newGuildCharacter(engines, { level: 12 });
    const hidden = await newGuildCharacter(engines);
    const offline = await newGuildCharacter(engines);
    for (const who of [online, hidden, offline]) await join(leader, guildId, who);
    await leader.caller.guild.changeRank({ characterId: leader.characterId, guildId, targetCharacterId: online.characterId, rank: "veteran" });
    await engines.postgres.pool.query(
      `INSERT INTO game_data.player_profiles (player_id, privacy_settings) VALUES ($1, '{"show_online": false}'::jsonb)`,
      [hidden.playerId],
    );
    const now = Date.now();
    await engines.redis
      .multi()
      .sadd(`online:guild:${guildId}`, String(online.characterId), String(hidden.characterId))
      .zadd("online:characters", now, String(online.characterId), now, String(hidden.characterId))
      .exec();

    const page = await anonymous.guild.get({ guildId });
    expect(page.guild).toMatchObject({ name, memberCount: 4, leader: { characterId: leader.characterId, name: leader.name } });
    expect(page.guild).not.toHaveProperty("bankGold");
    expect(page.roster.map((r) => [r.name, r.rank])).toEqual([
      [leader.name, "leader"],
      [online.name, "veteran"],
      ...[hidden.name, offline.name].sort().map((n) => [n, "recruit"]),
    ]);
    const state = new Map(page.roster.map((r) => [r.characterId, r.online]));
    expect(state.get(online.characterId)).toBe(true);
    expect(state.get(offline.characterId)).toBe(false);
    expect(state.get(hidden.characterId)).toBeNull();
    expect(page.onlineCount).toBe(1);
    expect(page.roster.find((r) => r.characterId === online.characterId)).toMatchObject({ level: 12, contributionPoints: 0 });
    expect(page.roster.every((r) => r.joinedAt instanceof Date && Date.now() - r.joinedAt.getTime() < 60_000)).toBe(true);

    await expect(anonymous.guild.get({ guildId: 2 ** 40 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("guild.memberView", () => {
  it("gives officers the requests, ledger, activity and per-member actions; recruits less; strangers nothing", async () => {
    const leader = await newGuildCharacter(engines, { gold: 100 });
    const { guildId } = await newGuild(engines, leader);
    const officer = await newGuildCharacter(engines);
    const recruit = await newGuildCharacter(engines);
    await join(leader, guildId, officer);
    await join(leader, guildId, recruit);
    await leader.caller.guild.changeRank({ characterId: leader.characterId, guildId, targetCharacterId: officer.characterId, rank: "officer" });
    await leader.caller.guild.deposit({ characterId: leader.characterId, guildId, amount: 40 });
    const applicant = await newGuildCharacter(engines);
    await applicant.caller.guild.applyToJoin({ characterId: applicant.characterId, guildId });

    const asOfficer = await officer.caller.guild.memberView({ characterId: officer.characterId, guildId });
    expect(asOfficer.me).toMatchObject({ rank: "officer", canLeave: true, canReadLedger: true, effective: { invite: true, kick: false, bank: false } });
    expect(asOfficer.bankGold).toBe(40);
    expect(asOfficer.requests?.map((r) => [r.kind, r.character.name])).toEqual([["application", applicant.name]]);
    expect(asOfficer.ledger?.map((e) => e.amount)).toEqual([40]);
    expect(asOfficer.activity.map((a) => a.kind)).toEqual(expect.arrayContaining(["created", "joined", "rank_changed", "deposit", "applied"]));
    // The member view is read as JSON in one statement: timestamps must still arrive as dates, in order.
    for (const at of [asOfficer.activity[0]!.createdAt, asOfficer.requests![0]!.createdAt, asOfficer.ledger![0]!.createdAt]) {
      expect(at).toBeInstanceOf(Date);
      expect(Math.abs(Date.now() - at.getTime())).toBeLessThan(60_000);
    }
    expect(asOfficer.activity.map((a) => a.activityId)).toEqual([...asOfficer.activity.map((a) => a.activityId)].sort((a, b) => b - a));
    expect(asOfficer.actions[recruit.characterId]).toEqual({ ranks: ["veteran", "member"], kick: false, permissions: ["invite"], transferLeadership: false });
    expect(asOfficer.actions[leader.characterId]).toEqual({ ranks: [], kick: false, permissions: [], transferLeadership: false });

    const asRecruit = await recruit.caller.guild.memberView({ characterId: recruit.characterId, guildId });
    expect(asRecruit).toMatchObject({ requests: null, ledger: null });
    expect(asRecruit.actions[officer.characterId]).toEqual({ ranks: [], kick: false, permissions: [], transferLeadership: false });

    const asLeader = await leader.caller.guild.memberView({ characterId: leader.characterId, guildId });
    expect(asLeader.me.canLeave).toBe(false);
    expect(asLeader.actions[officer.characterId]).toMatchObject({ ranks: ["veteran", "member", "recruit"], kick: true, transferLeadership: true });

    await expect(applicant.caller.guild.memberView({ characterId: applicant.characterId, guildId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(applicant.caller.guild.memberView({ characterId: leader.characterId, guildId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(anonymous.guild.memberView({ characterId: leader.characterId, guildId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("guild.mine", () => {
  it("lists the player's characters with guild and gold, and their open requests", async () => {
    const leader = await newGuildCharacter(engines, { gold: 77 });
    const { guildId, tag } = await newGuild(engines, leader);
    const other = await newGuildCharacter(engines);
    const invite = await leader.caller.guild.invite({ characterId: leader.characterId, guildId, characterName: other.name });
    expect((await leader.caller.guild.mine()).characters).toEqual([expect.objectContaining({ characterId: leader.characterId, gold: 77, guild: expect.objectContaining({ guildId, tag, rank: "leader" }) })]);
    const mine = await other.caller.guild.mine();
    expect(mine.characters).toEqual([expect.objectContaining({ characterId: other.characterId, guild: null })]);
    expect(mine.requests).toEqual([expect.objectContaining({ requestId: invite.requestId, kind: "invitation", createdBy: expect.objectContaining({ name: leader.name }) })]);
  });
});

describe("guild.directory and guild.leaderboard", () => {
  it("searches name or tag, case-insensitively, recruiting only on request; wildcards are literal", async () => {
    const word = unique("Zq");
    const a = await newGuildCharacter(engines);
    const b = await newGuildCharacter(engines);
    const open = await a.caller.guild.create({ characterId: a.characterId, name: `The ${word} Open`, tag: "ZQ" + unique("").toUpperCase().replace(/[^A-Z0-9]/g, "").slice(-8) });
    const closed = await b.caller.guild.create({ characterId: b.characterId, name: `The ${word} Closed`, tag: "ZQ" + unique("").toUpperCase().replace(/[^A-Z0-9]/g, "").slice(-8), isRecruiting: false });

    const all = await anonymous.guild.directory({ query: word.toLowerCase() });
    expect(all.items.map((g) => g.guildId).sort()).toEqual([open.guildId, closed.guildId].sort());
    const recruiting = await anonymous.guild.directory({ query: word.toUpperCase(), recruitingOnly: true });
    expect(recruiting.items.map((g) => g.guildId)).toEqual([open.guildId]);
    expect(recruiting.items[0]).toMatchObject({ memberCount: 1, maxMembers: 50, isRecruiting: true });

    const byTag = await anonymous.guild.directory({ query: (await anonymous.guild.get({ guildId: closed.guildId })).guild.tag.toLowerCase() });
    expect(byTag.items[0]!.guildId).toBe(closed.guildId);

    expect((await anonymous.guild.directory({ query: `${word}%` })).items).toEqual([]);
    const paged = await anonymous.guild.directory({ query: word, pageSize: 1 });
    expect(paged).toMatchObject({ hasMore: true, page: 1 });
    expect(paged.items).toHaveLength(1);
  });

  it("ranks guilds by level, then experience", async () => {
    const a = await newGuildCharacter(engines);
    const b = await newGuildCharacter(engines);
    const first = await newGuild(engines, a);
    const second = await newGuild(engines, b);
    await engines.postgres.pool.query("UPDATE game_data.guilds SET level = 1000, experience_points = 5 WHERE guild_id = $1", [second.guildId]);
    await engines.postgres.pool.query("UPDATE game_data.guilds SET level = 1000, experience_points = 9 WHERE guild_id = $1", [first.guildId]);
    const top = await anonymous.guild.leaderboard({ limit: 100 });
    const positions = [first.guildId, second.guildId].map((id) => top.findIndex((g) => g.guildId === id));
    expect(positions[0]).toBeGreaterThanOrEqual(0);
    expect(positions[0]).toBeLessThan(positions[1]!);
  });
});
