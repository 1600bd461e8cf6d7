import "server-only";
import type { PoolClient } from "pg";
import type { PgPool } from "@/server/clients/postgres";
import type { TransactionFilter } from "@/server/staff/transaction-review.schema";

/**
 * SQL of staff transaction review: the filtered list, one transaction with its links, cancelling a pending one,
 * and the row-level work of a reversal (server/staff/transaction-review.service.ts holds the rules).
 *
 * Lock order of a reversal (the market's order, server/market/listings.pg.ts, extended at the front):
 *   0. the original transactions rows, FOR UPDATE (nobody else locks transactions rows);
 *   1. character rows whose bag or balance changes, FOR NO KEY UPDATE, by character_id;
 *   2. character_currencies rows, FOR UPDATE, by character_id;
 *   3. character_inventory rows, FOR UPDATE, by slot_position.
 */

export interface ReviewTransaction {
  transactionId: number;
  transactionType: string;
  transactionStatus: string;
  fromCharacterId: number | null;
  fromCharacterName: string | null;
  fromPlayerId: number | null;
  toCharacterId: number | null;
  toCharacterName: string | null;
  toPlayerId: number | null;
  currencyType: string | null;
  currencyAmount: number | null;
  itemId: number | null;
  itemName: string | null;
  itemQuantity: number | null;
  createdAt: Date | null;
  completedAt: Date | null;
  metadata: Record<string, unknown> | null;
}

const reviewColumns = `
  t.transaction_id AS "transactionId", t.transaction_type AS "transactionType", t.transaction_status AS "transactionStatus",
  t.from_character_id AS "fromCharacterId", cf.name AS "fromCharacterName", cf.player_id AS "fromPlayerId",
  t.to_character_id AS "toCharacterId", ct.name AS "toCharacterName", ct.player_id AS "toPlayerId",
  t.currency_type AS "currencyType", t.currency_amount AS "currencyAmount",
  t.item_id AS "itemId", im.item_name AS "itemName", t.item_quantity AS "itemQuantity",
  t.created_at AS "createdAt", t.completed_at AS "completedAt", t.metadata`;

const reviewJoins = `
  LEFT JOIN game_data.characters cf ON cf.character_id = t.from_character_id
  LEFT JOIN game_data.characters ct ON ct.character_id = t.to_character_id
  LEFT JOIN game_data.items_master im ON im.item_id = t.item_id`;

export interface TransactionQuery extends TransactionFilter {
  /** Either side is one of these characters (the player page). */
  characterIds?: number[];
}

/** Newest first by transaction_id (the keyset: ids grow with time); `beforeId` continues after the previous page. */
export async function listReviewTransactions(pool: PgPool, filter: TransactionQuery, beforeId: number | null, limit: number): Promise<ReviewTransaction[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.type) add((p) => `t.transaction_type = ${p}`, filter.type);
  if (filter.status) add((p) => `t.transaction_status = ${p}`, filter.status);
  if (filter.characterId) add((p) => `(t.from_character_id = ${p} OR t.to_character_id = ${p})`, filter.characterId);
  if (filter.characterIds) add((p) => `(t.from_character_id = ANY(${p}::bigint[]) OR t.to_character_id = ANY(${p}::bigint[]))`, filter.characterIds);
  if (filter.itemId !== undefined) add((p) => `t.item_id = ${p}`, filter.itemId);
  if (filter.currencyType) add((p) => `t.currency_type = ${p}`, filter.currencyType);
  if (filter.minAmount !== undefined) add((p) => `t.currency_amount >= ${p}`, filter.minAmount);
  if (filter.maxAmount !== undefined) add((p) => `t.currency_amount <= ${p}`, filter.maxAmount);
  if (filter.from) add((p) => `t.created_at >= ${p}`, filter.from);
  if (filter.to) add((p) => `t.created_at < ${p}`, filter.to);
  if (beforeId) add((p) => `t.transaction_id < ${p}`, beforeId);
  params.push(limit);
  const { rows } = await pool.query<ReviewTransaction>(
    `SELECT ${reviewColumns} FROM game_data.transactions t ${reviewJoins}
      ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY t.transaction_id DESC LIMIT $${params.length}`,
    params,
  );
  return rows;
}

export async function findReviewTransactions(pool: PgPool | PoolClient, ids: number[]): Promise<ReviewTransaction[]> {
  const { rows } = await pool.query<ReviewTransaction>(
    `SELECT ${reviewColumns} FROM game_data.transactions t ${reviewJoins} WHERE t.transaction_id = ANY($1::bigint[]) ORDER BY t.transaction_id`,
    [ids],
  );
  return rows;
}

/** Fees recorded for these transactions (the market records the fee against the sale row). */
export async function feesOf(client: PgPool | PoolClient, transactionIds: number[]): Promise<number> {
  const { rows } = await client.query<{ total: number }>(
    `SELECT COALESCE(sum(amount), 0)::bigint AS total FROM game_data.market_fees WHERE transaction_id = ANY($1::bigint[])`,
    [transactionIds],
  );
  return rows[0]!.total;
}

export interface LockedTransaction {
  transactionId: number;
  transactionType: string;
  transactionStatus: string;
  fromCharacterId: number | null;
  toCharacterId: number | null;
  currencyType: string | null;
  currencyAmount: number | null;
  itemId: number | null;
  itemQuantity: number | null;
  metadata: Record<string, unknown> | null;
}

const lockedColumns = `transaction_id AS "transactionId", transaction_type AS "transactionType", transaction_status AS "transactionStatus",
  from_character_id AS "fromCharacterId", to_character_id AS "toCharacterId", currency_type AS "currencyType",
  currency_amount AS "currencyAmount", item_id AS "itemId", item_quantity AS "itemQuantity", metadata`;

export async function lockTransaction(client: PoolClient, transactionId: number): Promise<LockedTransaction | null> {
  const { rows } = await client.query<LockedTransaction>(
    `SELECT ${lockedColumns} FROM game_data.transactions WHERE transaction_id = $1 FOR UPDATE`,
    [transactionId],
  );
  return rows[0] ?? null;
}

/**
 * The other half of a market purchase: the market writes a 'purchase' row (buyer → seller) and a 'sale' row
 * (seller → buyer) in one statement with the same metadata (listing_id, idempotency_key). Locked too.
 */
export async function lockMarketCounterpart(client: PoolClient, original: LockedTransaction, counterpartType: "purchase" | "sale"): Promise<LockedTransaction | null> {
  const listingId = original.metadata?.listing_id;
  if (listingId === undefined || listingId === null) return null;
  const { rows } = await client.query<LockedTransaction>(
    `SELECT ${lockedColumns} FROM game_data.transactions
      WHERE transaction_type = $1 AND from_character_id = $2 AND to_character_id = $3
        AND metadata ->> 'listing_id' = $4
        AND metadata ->> 'idempotency_key' IS NOT DISTINCT FROM $5
        AND transaction_id <> $6
      ORDER BY abs(transaction_id - $6) LIMIT 1
      FOR UPDATE`,
    [
      counterpartType,
      original.toCharacterId,
      original.fromCharacterId,
      String(listingId),
      (original.metadata?.idempotency_key as string | undefined) ?? null,
      original.transactionId,
    ],
  );
  return rows[0] ?? null;
}

/** Sets status 'cancelled' only if still pending (a conditional UPDATE: safe against a concurrent completion). */
export async function cancelPendingTransaction(client: PoolClient, transactionId: number, note: Record<string, unknown>): Promise<boolean> {
  const { rowCount } = await client.query(
    `UPDATE game_data.transactions
        SET transaction_status = 'cancelled', metadata = COALESCE(metadata, '{}'::jsonb) || $2::jsonb
      WHERE transaction_id = $1 AND transaction_status = 'pending'`,
    [transactionId, JSON.stringify(note)],
  );
  return rowCount === 1;
}

export async function markReversed(client: PoolClient, transactionId: number, note: Record<string, unknown>): Promise<void> {
  await client.query(`UPDATE game_data.transactions SET metadata = COALESCE(metadata, '{}'::jsonb) || $2::jsonb WHERE transaction_id = $1`, [
    transactionId,
    JSON.stringify(note),
  ]);
}

export interface CompensatingRow {
  type: string;
  fromCharacterId: number;
  toCharacterId: number;
  currencyType: string | null;
  currencyAmount: number | null;
  itemId: number | null;
  itemQuantity: number | null;
  metadata: Record<string, unknown>;
}

/** Inserts a completed compensating row; unique_transaction_reversal refuses a second reversal of the same original. */
export async function insertCompensatingRow(client: PoolClient, row: CompensatingRow): Promise<number> {
  const { rows } = await client.query<{ transactionId: number }>(
    `INSERT INTO game_data.transactions
       (transaction_type, from_character_id, to_character_id, currency_type, currency_amount, item_id, item_quantity,
        transaction_status, completed_at, metadata)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'completed', now(), $8)
     RETURNING transaction_id AS "transactionId"`,
    [row.type, row.fromCharacterId, row.toCharacterId, row.currencyType, row.currencyAmount, row.itemId, row.itemQuantity, JSON.stringify(row.metadata)],
  );
  return rows[0]!.transactionId;
}

// ------------------------------------------------------------------ characters, balances, bags

export interface LockedCharacter {
  characterId: number;
  name: string;
  deleted: boolean;
}

export async function lockCharacters(client: PoolClient, characterIds: number[]): Promise<Map<number, LockedCharacter>> {
  const { rows } = await client.query<LockedCharacter>(
    `SELECT character_id AS "characterId", name, deleted_at IS NOT NULL AS deleted FROM game_data.characters
      WHERE character_id = ANY($1::bigint[]) ORDER BY character_id FOR NO KEY UPDATE`,
    [characterIds],
  );
  return new Map(rows.map((row) => [row.characterId, row]));
}

/** Locks the balance rows of these characters in one currency (missing rows read as 0), by character_id. */
export async function lockBalances(client: PoolClient, characterIds: number[], currency: string): Promise<Map<number, number>> {
  const { rows } = await client.query<{ characterId: number; amount: number }>(
    `SELECT character_id AS "characterId", amount FROM game_data.character_currencies
      WHERE character_id = ANY($1::bigint[]) AND currency_type = $2 ORDER BY character_id FOR UPDATE`,
    [characterIds, currency],
  );
  return new Map(rows.map((row) => [row.characterId, row.amount]));
}

/**
 * Adds `delta` (may be negative) to a balance; the positive_currency CHECK is the last line of defence.
 * A debit is a plain UPDATE: an upsert would check its proposed (negative) row against the CHECK before the conflict.
 */
export async function adjustBalance(client: PoolClient, characterId: number, currency: string, delta: number): Promise<number> {
  if (delta < 0) {
    const { rows } = await client.query<{ amount: number }>(
      `UPDATE game_data.character_currencies SET amount = amount + $3 WHERE character_id = $1 AND currency_type = $2 RETURNING amount`,
      [characterId, currency, delta],
    );
    if (!rows[0]) throw new Error(`balance of character ${characterId} in ${currency} vanished under its lock`);
    return rows[0].amount;
  }
  const { rows } = await client.query<{ amount: number }>(
    `INSERT INTO game_data.character_currencies (character_id, currency_type, amount) VALUES ($1, $2, $3)
     ON CONFLICT (character_id, currency_type) DO UPDATE SET amount = game_data.character_currencies.amount + EXCLUDED.amount
     RETURNING amount`,
    [characterId, currency, delta],
  );
  return rows[0]!.amount;
}

export interface BagRow {
  inventorySlotId: number;
  slotPosition: number;
  itemId: number;
  quantity: number;
  /** A plain, unequipped stack: the units a purchase delivered, which a reversal may take back or top up. */
  plain: boolean;
}

/** The whole bag, locked in slot order. The caller holds the character lock. */
export async function lockBag(client: PoolClient, characterId: number): Promise<BagRow[]> {
  const { rows } = await client.query<BagRow>(
    `SELECT ci.inventory_slot_id AS "inventorySlotId", ci.slot_position AS "slotPosition", ci.item_id AS "itemId", ci.quantity,
            NOT (COALESCE(ci.is_equipped, FALSE) OR COALESCE(ci.enchantment_level, 0) <> 0 OR ci.custom_properties IS NOT NULL
                 OR (ci.durability_current IS NOT NULL AND ci.durability_max IS NOT NULL AND ci.durability_current < ci.durability_max)
                 OR EXISTS (SELECT 1 FROM game_data.character_equipment ce WHERE ce.inventory_slot_id = ci.inventory_slot_id)) AS plain
       FROM game_data.character_inventory ci
      WHERE ci.character_id = $1
      ORDER BY ci.slot_position
      FOR UPDATE OF ci`,
    [characterId],
  );
  return rows;
}

export async function itemStackSize(client: PoolClient, itemId: number): Promise<{ itemName: string; maxStackSize: number } | null> {
  const { rows } = await client.query<{ itemName: string; maxStackSize: number }>(
    `SELECT item_name AS "itemName", GREATEST(COALESCE(max_stack_size, 1), 1) AS "maxStackSize" FROM game_data.items_master WHERE item_id = $1`,
    [itemId],
  );
  return rows[0] ?? null;
}

/** Takes units out of a locked slot: the row shrinks, or disappears when emptied. */
export async function takeFromSlot(client: PoolClient, inventorySlotId: number, held: number, quantity: number): Promise<void> {
  if (quantity === held) {
    await client.query("DELETE FROM game_data.character_inventory WHERE inventory_slot_id = $1", [inventorySlotId]);
    return;
  }
  const { rowCount } = await client.query("UPDATE game_data.character_inventory SET quantity = quantity - $2 WHERE inventory_slot_id = $1 AND quantity > $2", [
    inventorySlotId,
    quantity,
  ]);
  if (rowCount !== 1) throw new Error(`slot ${inventorySlotId} changed under its lock`);
}
