import "server-only";
import type { PgPool } from "@/server/clients/postgres";

/**
 * Read-only SQL of the economy dashboard. Money supply per currency over time is derived, not snapshotted:
 * supply at the end of day d = today's balances − Σ economy_ledger flows after d + Σ market fees after d
 * (the ledger records money entering/leaving other than by the market; fees are money the market destroyed).
 * Reversals (metadata ? 'reverses') and reversed originals are left out of market volume.
 */

export async function currentMoneySupply(pool: PgPool): Promise<{ currencyType: string; total: number }[]> {
  const { rows } = await pool.query<{ currencyType: string; total: number }>(
    `SELECT currency_type AS "currencyType", sum(amount)::bigint AS total FROM game_data.character_currencies GROUP BY 1 ORDER BY 1`,
  );
  return rows;
}

export interface DailyFlow {
  day: string;
  currencyType: string;
  ledger: number;
  fees: number;
}

/** Per UTC day and currency since `from`: net ledger flows and fees taken. */
export async function dailyMoneyFlows(pool: PgPool, from: Date): Promise<DailyFlow[]> {
  const { rows } = await pool.query<DailyFlow>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, currency_type AS "currencyType", sum(ledger)::bigint AS ledger, sum(fees)::bigint AS fees
       FROM (SELECT date_trunc('day', created_at AT TIME ZONE 'UTC') AS day, currency_type, amount AS ledger, 0 AS fees
               FROM game_data.economy_ledger WHERE currency_type IS NOT NULL AND created_at >= $1
             UNION ALL
             SELECT date_trunc('day', created_at AT TIME ZONE 'UTC'), currency_type, 0, amount
               FROM game_data.market_fees WHERE created_at >= $1) f
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [from],
  );
  return rows;
}

export interface DailyVolume {
  day: string;
  currencyType: string;
  purchases: number;
  units: number;
  volume: number;
}

export async function dailyMarketVolume(pool: PgPool, from: Date): Promise<DailyVolume[]> {
  const { rows } = await pool.query<DailyVolume>(
    `SELECT to_char(date_trunc('day', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, currency_type AS "currencyType",
            count(*)::int AS purchases, COALESCE(sum(item_quantity), 0)::bigint AS units, COALESCE(sum(currency_amount), 0)::bigint AS volume
       FROM game_data.transactions
      WHERE transaction_type = 'purchase' AND transaction_status = 'completed' AND created_at >= $1
        AND NOT (COALESCE(metadata, '{}'::jsonb) ?| ARRAY['reverses', 'reversed_by'])
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [from],
  );
  return rows;
}

export interface TopItem {
  itemId: number;
  itemName: string;
  currencyType: string;
  purchases: number;
  units: number;
  volume: number;
}

export async function topTradedItems(pool: PgPool, from: Date, limit: number): Promise<TopItem[]> {
  const { rows } = await pool.query<TopItem>(
    `SELECT t.item_id AS "itemId", im.item_name AS "itemName", t.currency_type AS "currencyType", count(*)::int AS purchases,
            COALESCE(sum(t.item_quantity), 0)::bigint AS units, COALESCE(sum(t.currency_amount), 0)::bigint AS volume
       FROM game_data.transactions t JOIN game_data.items_master im ON im.item_id = t.item_id
      WHERE t.transaction_type = 'purchase' AND t.transaction_status = 'completed' AND t.created_at >= $1
        AND NOT (COALESCE(t.metadata, '{}'::jsonb) ?| ARRAY['reverses', 'reversed_by'])
      GROUP BY 1, 2, 3 ORDER BY units DESC, volume DESC LIMIT $2`,
    [from, limit],
  );
  return rows;
}
