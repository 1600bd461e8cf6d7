/**
 * Loads the deterministic demo world (docs/data.md) into the database behind `pool`: ~300 players, their characters and
 * everything around them, plus the fixed demo logins. One transaction, so a failed or interrupted load leaves nothing;
 * the player `demo_player` marks a loaded world and a second call adds nothing.
 *
 * Audit: the triggers stay on, so every seeded row of an audited table has its INSERT in audit_log with user_id NULL
 * (no acting account: the system) — the audit screens then show the same history a real import would leave.
 */
import type pg from "pg";
import { hashPassword } from "@/server/account/password.rules";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, generateDemoWorld } from "./demo-world";
import { startPhase } from "./progress";
import { SEED_LOCK_SQL, advanceSequences, firstFreeIds, insertRows } from "./sql";
import { INSERT_ORDER, type TableName } from "./tables";

export interface SeedDemoOptions {
  log?: (line: string) => void;
  /** Progress bars on stderr (the CLI turns them on for a terminal). */
  progress?: boolean;
  /** The world's "now"; defaults to the start of the current UTC day so runs on the same day produce identical rows. */
  now?: Date;
}

export interface SeedDemoResult {
  loaded: boolean;
  counts: Partial<Record<TableName, number>>;
  seconds: number;
}

/** Reference tables may already hold rows (another loader, a test); existing ids are kept, not overwritten. */
const REFERENCE_TABLES = new Set<TableName>(["items_master", "quests_master", "achievements_master"]);

export function startOfUtcDay(date = new Date()): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

export async function demoLoaded(client: pg.ClientBase): Promise<boolean> {
  const { rowCount } = await client.query("SELECT 1 FROM game_data.players WHERE username = $1", [DEMO_ACCOUNTS[0]!.username]);
  return (rowCount ?? 0) > 0;
}

export async function seedDemo(pool: pg.Pool, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const client = await pool.connect();
  try {
    if (await demoLoaded(client)) {
      log("demo data already loaded");
      return { loaded: false, counts: {}, seconds: 0 };
    }
    // argon2 is deliberately slow: hash once, outside the transaction, and give every demo account the same hash.
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await client.query("BEGIN");
    await client.query(SEED_LOCK_SQL);
    // Re-check under the lock: a concurrent seeder may have finished while we waited.
    if (await demoLoaded(client)) {
      await client.query("ROLLBACK");
      log("demo data already loaded");
      return { loaded: false, counts: {}, seconds: 0 };
    }
    // No acting account: the audit trigger records user_id NULL for the seed's rows.
    await client.query("SELECT set_config('app.current_user_id', '', true), set_config('app.current_player_id', '', true), set_config('app.client_ip', '', true)");
    const world = generateDemoWorld({ now: options.now ?? startOfUtcDay(), passwordHash, firstIds: await firstFreeIds(client) });

    const counts: Partial<Record<TableName, number>> = {};
    for (const table of INSERT_ORDER) {
      const rows = world[table];
      const phase = startPhase(table, rows.length, options.progress ?? false);
      await insertRows(client, table, rows, { onConflictDoNothing: REFERENCE_TABLES.has(table), onBatch: (n) => phase.increment(n) });
      const { rowsPerSecond } = phase.stop();
      counts[table] = rows.length;
      log(`${table.padEnd(24)} ${String(rows.length).padStart(6)} rows  ${rowsPerSecond.toLocaleString("en-US")} rows/s`);
    }
    await advanceSequences(client);
    await snapshotEconomy(client);
    await client.query("COMMIT");
    const seconds = (performance.now() - started) / 1000;
    const total = Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0);
    log(`demo world loaded: ${total.toLocaleString("en-US")} rows in ${seconds.toFixed(1)} s. Logins (password ${DEMO_PASSWORD}): ${DEMO_ACCOUNTS.map((a) => a.username).join(", ")}`);
    return { loaded: true, counts, seconds };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The market's conservation check (migration 0030) compares totals with the latest economy snapshot plus the ledger
 * entries written since; the seeded world is money and items that did not come through the market, so the seed records
 * a snapshot of what it created. Skipped on a schema without the economy tables.
 */
export async function snapshotEconomy(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ present: boolean }>("SELECT to_regclass('game_data.economy_snapshots') IS NOT NULL AS present");
  if (!rows[0]?.present) return;
  await client.query(`
    INSERT INTO game_data.economy_snapshots (last_ledger_entry_id, totals, note)
    SELECT (SELECT COALESCE(MAX(entry_id), 0) FROM game_data.economy_ledger),
           jsonb_build_object(
             'currencies', (SELECT COALESCE(jsonb_object_agg(currency_type, total), '{}'::jsonb) FROM (
                 SELECT currency_type, SUM(amount) AS total FROM (
                   SELECT currency_type, amount FROM game_data.character_currencies
                   UNION ALL SELECT currency_type, amount FROM game_data.market_fees) c GROUP BY currency_type) t),
             'items', (SELECT COALESCE(jsonb_object_agg(item_id::text, total), '{}'::jsonb) FROM (
                 SELECT item_id, SUM(quantity) AS total FROM (
                   SELECT item_id, quantity FROM game_data.character_inventory
                   UNION ALL SELECT item_id, quantity FROM game_data.marketplace_listings WHERE status = 'active'
                   UNION ALL SELECT item_id, quantity FROM game_data.market_mailbox WHERE claimed_at IS NULL) i GROUP BY item_id) t)),
           'npm run db:seed: demo world'`);
}
