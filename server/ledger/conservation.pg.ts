import "server-only";
import type { PoolClient } from "pg";

/**
 * The economy's totals as the conservation check reads them. Call inside one REPEATABLE READ transaction so every
 * total comes from the same snapshot (a purchase committing between two SELECTs would otherwise look like a leak).
 * `characterIds` narrows everything to those characters (tests that share a database with others use it).
 */

export interface EconomyTotals {
  /** Per currency: the sum of balances, and the market fees burned so far. */
  currencies: Record<string, { balances: number; fees: number }>;
  /** Per item id: units in bags, in active listings (escrow) and waiting in the returns mailbox. */
  items: Record<string, { inventory: number; activeListings: number; mailbox: number }>;
  negativeBalances: { characterId: number; currencyType: string; amount: number }[];
}

export async function measureEconomy(client: PoolClient, characterIds: number[] | null): Promise<EconomyTotals> {
  const scope = characterIds;
  // One client runs one query at a time: these go in sequence, inside the caller's snapshot.
  const balances = await client.query<{ currency: string; total: string }>(
    `SELECT currency_type AS currency, sum(amount)::text AS total FROM game_data.character_currencies
      WHERE $1::bigint[] IS NULL OR character_id = ANY($1) GROUP BY currency_type`,
    [scope],
  );
  const fees = await client.query<{ currency: string; total: string }>(
    `SELECT currency_type AS currency, sum(amount)::text AS total FROM game_data.market_fees
      WHERE $1::bigint[] IS NULL OR seller_character_id = ANY($1) GROUP BY currency_type`,
    [scope],
  );
  const items = await client.query<{ itemId: number; inventory: string; listings: string; mailbox: string }>(
    `SELECT item_id AS "itemId", sum(inv)::text AS inventory, sum(lst)::text AS listings, sum(mb)::text AS mailbox FROM (
       SELECT item_id, quantity::bigint AS inv, 0::bigint AS lst, 0::bigint AS mb FROM game_data.character_inventory
        WHERE $1::bigint[] IS NULL OR character_id = ANY($1)
       UNION ALL
       SELECT item_id, 0, quantity, 0 FROM game_data.marketplace_listings
        WHERE status = 'active' AND ($1::bigint[] IS NULL OR seller_character_id = ANY($1))
       UNION ALL
       SELECT item_id, 0, 0, quantity FROM game_data.market_mailbox
        WHERE claimed_at IS NULL AND ($1::bigint[] IS NULL OR character_id = ANY($1))
     ) units GROUP BY item_id`,
    [scope],
  );
  const negative = await client.query<{ characterId: number; currencyType: string; amount: number }>(
    `SELECT character_id AS "characterId", currency_type AS "currencyType", amount FROM game_data.character_currencies
      WHERE amount < 0 AND ($1::bigint[] IS NULL OR character_id = ANY($1))`,
    [scope],
  );
  const totals: EconomyTotals = { currencies: {}, items: {}, negativeBalances: negative.rows };
  for (const row of balances.rows) totals.currencies[row.currency] = { balances: Number(row.total), fees: 0 };
  for (const row of fees.rows) (totals.currencies[row.currency] ??= { balances: 0, fees: 0 }).fees = Number(row.total);
  for (const row of items.rows)
    totals.items[String(row.itemId)] = { inventory: Number(row.inventory), activeListings: Number(row.listings), mailbox: Number(row.mailbox) };
  return totals;
}

export interface SnapshotRow {
  snapshotId: number;
  takenAt: Date;
  lastLedgerEntryId: number;
  totals: { currencies: Record<string, number>; items: Record<string, number> };
}

export async function latestSnapshot(client: PoolClient): Promise<SnapshotRow | null> {
  const { rows } = await client.query<SnapshotRow>(
    `SELECT snapshot_id AS "snapshotId", taken_at AS "takenAt", last_ledger_entry_id AS "lastLedgerEntryId", totals
       FROM game_data.economy_snapshots ORDER BY snapshot_id DESC LIMIT 1`,
  );
  return rows[0] ?? null;
}

export async function lastLedgerEntryId(client: PoolClient): Promise<number> {
  const { rows } = await client.query<{ id: number }>("SELECT COALESCE(max(entry_id), 0)::bigint AS id FROM game_data.economy_ledger");
  return rows[0]!.id;
}

/** Net ledger flows (mints positive, burns negative) in (afterId, uptoId]. */
export async function ledgerFlows(client: PoolClient, afterId: number, uptoId: number): Promise<{ currencies: Record<string, number>; items: Record<string, number> }> {
  const { rows } = await client.query<{ currency: string | null; itemId: number | null; total: string }>(
    `SELECT currency_type AS currency, item_id AS "itemId", sum(amount)::text AS total FROM game_data.economy_ledger
      WHERE entry_id > $1 AND entry_id <= $2 GROUP BY currency_type, item_id`,
    [afterId, uptoId],
  );
  const flows = { currencies: {} as Record<string, number>, items: {} as Record<string, number> };
  for (const row of rows) {
    if (row.currency) flows.currencies[row.currency] = (flows.currencies[row.currency] ?? 0) + Number(row.total);
    else if (row.itemId !== null) flows.items[String(row.itemId)] = (flows.items[String(row.itemId)] ?? 0) + Number(row.total);
  }
  return flows;
}

export async function insertSnapshot(client: PoolClient, snapshot: Omit<SnapshotRow, "snapshotId" | "takenAt">, note: string): Promise<{ snapshotId: number; takenAt: Date }> {
  const { rows } = await client.query<{ snapshotId: number; takenAt: Date }>(
    `INSERT INTO game_data.economy_snapshots (last_ledger_entry_id, totals, note) VALUES ($1, $2, $3)
     RETURNING snapshot_id AS "snapshotId", taken_at AS "takenAt"`,
    [snapshot.lastLedgerEntryId, JSON.stringify(snapshot.totals), note],
  );
  return rows[0]!;
}

export interface LedgerEntry {
  currencyType?: string;
  itemId?: number;
  amount: number;
  source: "seed" | "quest_reward" | "staff_grant" | "drop" | "craft" | "consumed" | "character_created" | "other";
  characterId?: number;
  note?: string;
}

export async function insertLedgerEntries(client: PoolClient, entries: LedgerEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await client.query(
    `INSERT INTO game_data.economy_ledger (currency_type, item_id, amount, source, character_id, note)
     SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::bigint[], $6::text[])`,
    [
      entries.map((e) => e.currencyType ?? null),
      entries.map((e) => e.itemId ?? null),
      entries.map((e) => e.amount),
      entries.map((e) => e.source),
      entries.map((e) => e.characterId ?? null),
      entries.map((e) => e.note ?? null),
    ],
  );
}
