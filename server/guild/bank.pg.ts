import "server-only";
import type { PoolClient } from "pg";

/**
 * Gold moves of the guild bank. Each debit is a conditional UPDATE (`... AND amount >= $x`), so two transactions that
 * both read enough gold cannot both take it: the second re-checks the row after the first commits and matches nothing.
 */

/** Takes gold from the character; null when it has less than `amount` (or no gold row at all). */
export async function debitCharacterGold(client: PoolClient, characterId: number, amount: number): Promise<number | null> {
  const result = await client.query<{ amount: number }>(
    `UPDATE game_data.character_currencies SET amount = amount - $2
      WHERE character_id = $1 AND currency_type = 'gold' AND amount >= $2
      RETURNING amount`,
    [characterId, amount],
  );
  return result.rows[0]?.amount ?? null;
}

export async function characterGold(client: PoolClient, characterId: number): Promise<number> {
  const result = await client.query<{ amount: number }>(
    "SELECT amount FROM game_data.character_currencies WHERE character_id = $1 AND currency_type = 'gold'",
    [characterId],
  );
  return result.rows[0]?.amount ?? 0;
}

export async function creditCharacterGold(client: PoolClient, characterId: number, amount: number): Promise<number> {
  const result = await client.query<{ amount: number }>(
    `INSERT INTO game_data.character_currencies (character_id, currency_type, amount) VALUES ($1, 'gold', $2)
     ON CONFLICT (character_id, currency_type) DO UPDATE SET amount = character_currencies.amount + EXCLUDED.amount
     RETURNING amount`,
    [characterId, amount],
  );
  return result.rows[0]!.amount;
}

export async function creditGuildBank(client: PoolClient, guildId: number, amount: number): Promise<number> {
  const result = await client.query<{ guild_bank_gold: number }>(
    "UPDATE game_data.guilds SET guild_bank_gold = COALESCE(guild_bank_gold, 0) + $2 WHERE guild_id = $1 RETURNING guild_bank_gold",
    [guildId, amount],
  );
  return result.rows[0]!.guild_bank_gold;
}

/** Takes gold from the bank; null when it holds less than `amount`. */
export async function debitGuildBank(client: PoolClient, guildId: number, amount: number): Promise<number | null> {
  const result = await client.query<{ guild_bank_gold: number }>(
    `UPDATE game_data.guilds SET guild_bank_gold = guild_bank_gold - $2
      WHERE guild_id = $1 AND guild_bank_gold >= $2
      RETURNING guild_bank_gold`,
    [guildId, amount],
  );
  return result.rows[0]?.guild_bank_gold ?? null;
}

export async function insertLedgerEntry(
  client: PoolClient,
  entry: { guildId: number; characterId: number; direction: "deposit" | "withdraw"; amount: number; balanceAfter: number },
): Promise<number> {
  const result = await client.query<{ entry_id: number }>(
    `INSERT INTO game_data.guild_bank_ledger (guild_id, character_id, direction, amount, balance_after)
     VALUES ($1, $2, $3, $4, $5) RETURNING entry_id`,
    [entry.guildId, entry.characterId, entry.direction, entry.amount, entry.balanceAfter],
  );
  return result.rows[0]!.entry_id;
}
