/** Concurrency: max_members under many simultaneous joins, one guild per character, and bank withdrawals. */
import { afterAll, describe, expect, it } from "vitest";
import { createTestEngines } from "@/tests/helpers/engines";
import { bank, gold, join, memberCount, newGuild, newGuildCharacter, uniqueTag } from "@/tests/integration/guild-fixtures";

const engines = createTestEngines();
afterAll(() => engines.close());

describe("joining races", () => {
  it("20 characters accepting invitations to a guild with 5 free places: exactly 5 get in", async () => {
    const leader = await newGuildCharacter(engines);
    const { guildId, name } = await newGuild(engines, leader, { maxMembers: 6 });
    const joiners = await Promise.all(Array.from({ length: 20 }, () => newGuildCharacter(engines)));
    const invitations: number[] = [];
    for (const who of joiners) {
      invitations.push((await leader.caller.guild.invite({ characterId: leader.characterId, guildId, characterName: who.name })).requestId);
    }

    const results = await Promise.allSettled(joiners.map((who, i) => who.caller.guild.acceptRequest({ characterId: who.characterId, requestId: invitations[i]! })));

    const accepted = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(accepted).toHaveLength(5);
    expect(refused).toHaveLength(15);
    for (const failure of refused) expect(failure.reason).toMatchObject({ code: "PRECONDITION_FAILED", message: `${name} is full (6 members).` });
    expect(await memberCount(engines, guildId)).toBe(6);
    const open = await engines.postgres.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM game_data.guild_join_requests WHERE guild_id = $1 AND status = 'open'",
      [guildId],
    );
    expect(open.rows[0]!.n).toBe(15); // refused acceptances changed nothing
  });

  it("20 applications accepted at once by two officers: exactly 5 get in", async () => {
    const leader = await newGuildCharacter(engines);
    const officer = await newGuildCharacter(engines);
    const { guildId } = await newGuild(engines, leader, { maxMembers: 7 });
    await join(leader, guildId, officer);
    await leader.caller.guild.changeRank({ characterId: leader.characterId, guildId, targetCharacterId: officer.characterId, rank: "officer" });
    const applicants = await Promise.all(Array.from({ length: 20 }, () => newGuildCharacter(engines)));
    const requests: number[] = [];
    for (const who of applicants) requests.push((await who.caller.guild.applyToJoin({ characterId: who.characterId, guildId })).requestId);

    const results = await Promise.allSettled(
      requests.map((requestId, i) => {
        const acting = i % 2 === 0 ? leader : officer;
        return acting.caller.guild.acceptRequest({ characterId: acting.characterId, requestId });
      }),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(await memberCount(engines, guildId)).toBe(7);
  });

  it("a character accepting two guilds' invitations at once ends up in exactly one, with a clear message (5 rounds)", async () => {
    const a = await newGuildCharacter(engines);
    const b = await newGuildCharacter(engines);
    const guildA = await newGuild(engines, a);
    const guildB = await newGuild(engines, b);
    for (let round = 0; round < 5; round++) {
      const who = await newGuildCharacter(engines);
      const inviteA = await a.caller.guild.invite({ characterId: a.characterId, guildId: guildA.guildId, characterName: who.name });
      const inviteB = await b.caller.guild.invite({ characterId: b.characterId, guildId: guildB.guildId, characterName: who.name });

      const results = await Promise.allSettled([
        who.caller.guild.acceptRequest({ characterId: who.characterId, requestId: inviteA.requestId }),
        who.caller.guild.acceptRequest({ characterId: who.characterId, requestId: inviteB.requestId }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
      // The loser waits for the winner (lockCharacterForJoining) and then finds its invitation closed; never a deadlock.
      expect(rejected.reason.message).toBe("That invitation was already cancelled.");
      const memberships = await engines.postgres.pool.query("SELECT guild_id FROM game_data.guild_members WHERE character_id = $1", [who.characterId]);
      expect(memberships.rowCount).toBe(1);
    }
  });

  it("founding a guild while accepting an invitation: one wins, the other is told why", async () => {
    const inviter = await newGuildCharacter(engines);
    const { guildId } = await newGuild(engines, inviter);
    const who = await newGuildCharacter(engines);
    const invite = await inviter.caller.guild.invite({ characterId: inviter.characterId, guildId, characterName: who.name });
    const results = await Promise.allSettled([
      who.caller.guild.acceptRequest({ characterId: who.characterId, requestId: invite.requestId }),
      who.caller.guild.create({ characterId: who.characterId, name: `Rival ${who.name}`, tag: uniqueTag() }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
    expect(rejected.reason.message).toMatch(/already in a guild|already cancelled/);
    const memberships = await engines.postgres.pool.query("SELECT guild_id FROM game_data.guild_members WHERE character_id = $1", [who.characterId]);
    expect(memberships.rowCount).toBe(1);
  });
});

describe("bank races", () => {
  it("concurrent withdrawals never overdraw the bank", async () => {
    const leader = await newGuildCharacter(engines, { gold: 1_000 });
    const { guildId } = await newGuild(engines, leader);
    const bankers = await Promise.all(Array.from({ length: 5 }, () => newGuildCharacter(engines)));
    for (const who of bankers) {
      await join(leader, guildId, who);
      await leader.caller.guild.setPermissions({ characterId: leader.characterId, guildId, targetCharacterId: who.characterId, permissions: { invite: false, kick: false, bank: true } });
    }
    await leader.caller.guild.deposit({ characterId: leader.characterId, guildId, amount: 1_000 });

    // 15 withdrawals of 100 from 6 characters against 1,000 gold: exactly 10 succeed.
    const actors = [leader, ...bankers];
    const results = await Promise.allSettled(
      Array.from({ length: 15 }, (_, i) => {
        const who = actors[i % actors.length]!;
        return who.caller.guild.withdraw({ characterId: who.characterId, guildId, amount: 100 });
      }),
    );
    const succeeded = results.filter((r) => r.status === "fulfilled").length;
    expect(succeeded).toBe(10);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("The guild bank holds only") });
    expect(await bank(engines, guildId)).toBe(0);
    const paidOut = (await Promise.all(actors.map((who) => gold(engines, who.characterId)))).reduce((sum, n) => sum + n, 0);
    expect(paidOut).toBe(1_000);

    const ledger = await engines.postgres.pool.query<{ direction: string; amount: number; balance_after: number }>(
      "SELECT direction, amount, balance_after FROM game_data.guild_bank_ledger WHERE guild_id = $1 ORDER BY entry_id",
      [guildId],
    );
    expect(ledger.rows).toHaveLength(11);
    expect(ledger.rows.map((r) => r.balance_after)).toEqual([1_000, 900, 800, 700, 600, 500, 400, 300, 200, 100, 0]);
  });

  it("concurrent deposits from one character never spend more than it has", async () => {
    const leader = await newGuildCharacter(engines, { gold: 250 });
    const { guildId } = await newGuild(engines, leader);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => leader.caller.guild.deposit({ characterId: leader.characterId, guildId, amount: 100 })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    expect(await gold(engines, leader.characterId)).toBe(50);
    expect(await bank(engines, guildId)).toBe(200);
  });
});
