/** guild.deposit, withdraw and ledger: one transaction each, permission-checked, never negative. */
import { afterAll, describe, expect, it } from "vitest";
import { createTestEngines } from "@/tests/helpers/engines";
import { bank, gold, join, newGuild, newGuildCharacter } from "@/tests/integration/guild-fixtures";

const engines = createTestEngines();
afterAll(() => engines.close());

describe("guild bank", () => {
  it("deposits move gold from the character to the bank with a ledger entry naming the character", async () => {
    const leader = await newGuildCharacter(engines, { gold: 500 });
    const { guildId } = await newGuild(engines, leader);
    const result = await leader.caller.guild.deposit({ characterId: leader.characterId, guildId, amount: 120 });
    expect(result).toMatchObject({ bankGold: 120, characterGold: 380 });
    expect(await gold(engines, leader.characterId)).toBe(380);
    expect(await bank(engines, guildId)).toBe(120);
    const { entries, nextCursor } = await leader.caller.guild.ledger({ characterId: leader.characterId, guildId });
    expect(entries).toEqual([expect.objectContaining({ characterId: leader.characterId, characterName: leader.name, direction: "deposit", amount: 120, balanceAfter: 120 })]);
    expect(nextCursor).toBeNull();
  });

  it("refuses deposits beyond the character's gold and from non-members; nothing moves", async () => {
    const leader = await newGuildCharacter(engines, { gold: 50 });
    const { guildId } = await newGuild(engines, leader);
    await expect(leader.caller.guild.deposit({ characterId: leader.characterId, guildId, amount: 51 })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: `${leader.name} has only 50 gold.`,
    });
    const outsider = await newGuildCharacter(engines, { gold: 100 });
    await expect(outsider.caller.guild.deposit({ characterId: outsider.characterId, guildId, amount: 10 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(leader.caller.guild.deposit({ characterId: leader.characterId, guildId, amount: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(leader.caller.guild.deposit({ characterId: leader.characterId, guildId, amount: 1.5 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await gold(engines, leader.characterId)).toBe(50);
    expect(await gold(engines, outsider.characterId)).toBe(100);
    expect(await bank(engines, guildId)).toBe(0);
  });

  it("withdrawals need the bank permission and cannot exceed the bank", async () => {
    const leader = await newGuildCharacter(engines, { gold: 300 });
    const { guildId } = await newGuild(engines, leader);
    const member = await newGuildCharacter(engines);
    await join(leader, guildId, member);
    await leader.caller.guild.deposit({ characterId: leader.characterId, guildId, amount: 300 });

    await expect(member.caller.guild.withdraw({ characterId: member.characterId, guildId, amount: 10 })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "You need the bank permission to withdraw gold.",
    });
    await expect(member.caller.guild.ledger({ characterId: member.characterId, guildId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await leader.caller.guild.setPermissions({ characterId: leader.characterId, guildId, targetCharacterId: member.characterId, permissions: { invite: false, kick: false, bank: true } });
    expect(await member.caller.guild.withdraw({ characterId: member.characterId, guildId, amount: 200 })).toMatchObject({ bankGold: 100, characterGold: 200 });
    await expect(member.caller.guild.withdraw({ characterId: member.characterId, guildId, amount: 101 })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "The guild bank holds only 100 gold.",
    });
    expect(await bank(engines, guildId)).toBe(100);
    expect(await gold(engines, member.characterId)).toBe(200);

    const ledger = await member.caller.guild.ledger({ characterId: member.characterId, guildId, limit: 1 });
    expect(ledger.entries).toEqual([expect.objectContaining({ direction: "withdraw", amount: 200, balanceAfter: 100, characterName: member.name })]);
    const older = await member.caller.guild.ledger({ characterId: member.characterId, guildId, limit: 1, cursor: ledger.nextCursor! });
    expect(older.entries).toEqual([expect.objectContaining({ direction: "deposit", amount: 300 })]);

    // Every move is audited with the account, and the ledger/activity rows carry the character.
    const audit = await engines.postgres.pool.query<{ user_id: number }>(
      "SELECT user_id FROM game_data.audit_log WHERE table_name = 'guild_bank_ledger' AND (changed_data ->> 'guild_id')::bigint = $1 AND (changed_data ->> 'direction') = 'withdraw'",
      [guildId],
    );
    expect(audit.rows).toEqual([{ user_id: member.playerId }]);
  });

  it("the database itself refuses a negative bank and rewriting the ledger as the app role", async () => {
    const leader = await newGuildCharacter(engines);
    const { guildId } = await newGuild(engines, leader);
    await expect(engines.postgres.pool.query("UPDATE game_data.guilds SET guild_bank_gold = -1 WHERE guild_id = $1", [guildId])).rejects.toMatchObject({
      constraint: "non_negative_guild_bank",
    });
    const client = await engines.postgres.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SET LOCAL ROLE game_app_write");
      await expect(client.query("UPDATE game_data.guild_bank_ledger SET amount = 1 WHERE guild_id = $1", [guildId])).rejects.toMatchObject({ code: "42501" });
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });
});
