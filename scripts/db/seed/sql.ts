/** Bulk-writing helpers shared by the seeders: multi-row INSERTs, COPY, sequence bookkeeping, the reset guard. */
import type { ClientBase } from "pg";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { COLUMNS, SERIAL_IDS, type Row, type SerialTable, type TableName } from "./tables";

// PostgreSQL accepts at most 65,535 bind parameters per statement; stay well below.
const MAX_PARAMS = 30_000;

/**
 * Inserts rows with multi-row INSERT statements (so triggers and every constraint apply as in normal use).
 * `onConflictDoNothing` is for reference data that may already be present.
 */
export async function insertRows(
  client: ClientBase,
  table: TableName,
  rows: readonly Row[],
  options: { onConflictDoNothing?: boolean; onBatch?: (rows: number) => void } = {},
): Promise<void> {
  const columns = COLUMNS[table];
  const batchSize = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const head = `INSERT INTO game_data.${table} (${columns.join(", ")}) VALUES `;
  const tail = options.onConflictDoNothing ? " ON CONFLICT DO NOTHING" : "";
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const params: unknown[] = [];
    const tuples = batch.map((row) => {
      const placeholders = row.map((value) => {
        params.push(value);
        return `$${params.length}`;
      });
      return `(${placeholders.join(", ")})`;
    });
    await client.query(head + tuples.join(", ") + tail, params);
    options.onBatch?.(batch.length);
  }
}

/** One value in COPY text format: \N for NULL, backslash escapes for the characters COPY treats specially. */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  const text = typeof value === "string" ? value : typeof value === "boolean" ? (value ? "t" : "f") : String(value);
  return text.replace(/[\\\t\n\r]/g, (ch) => (ch === "\\" ? "\\\\" : ch === "\t" ? "\\t" : ch === "\n" ? "\\n" : "\\r"));
}

export function copyLines(rows: readonly Row[]): string {
  let out = "";
  for (const row of rows) out += row.map(copyValue).join("\t") + "\n";
  return out;
}

/** Streams rows into a table with COPY FROM STDIN (text format), in one COPY per call. */
export async function copyRows(client: ClientBase, table: TableName, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  const stream = client.query(copyFrom(`COPY game_data.${table} (${COLUMNS[table].join(", ")}) FROM STDIN`));
  const done = new Promise<void>((resolve, reject) => {
    stream.on("finish", resolve);
    stream.on("error", reject);
  });
  // Write in ~1 MB pieces so a large chunk never builds one giant string and backpressure is honoured.
  const pieceRows = 4_000;
  for (let start = 0; start < rows.length; start += pieceRows) {
    const ok = stream.write(copyLines(rows.slice(start, start + pieceRows)));
    if (!ok) await new Promise((resolve) => stream.once("drain", resolve));
  }
  stream.end();
  await done;
}

const sequenceOf = (table: SerialTable) => `game_data.${table}_${SERIAL_IDS[table]}_seq`;

/**
 * The first free id of each BIGSERIAL table: past both the sequence and any row already there, so explicit ids never
 * collide with rows the application created. Call inside the seeding transaction after taking the seed lock.
 */
export async function firstFreeIds(client: ClientBase): Promise<Record<SerialTable, number>> {
  const result = {} as Record<SerialTable, number>;
  for (const table of Object.keys(SERIAL_IDS) as SerialTable[]) {
    const column = SERIAL_IDS[table];
    const { rows } = await client.query<{ next: string }>(
      `SELECT GREATEST(
         (SELECT COALESCE(MAX(${column}), 0) FROM game_data.${table}),
         (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM ${sequenceOf(table)})
       ) + 1 AS next`,
    );
    result[table] = Number(rows[0]!.next);
  }
  return result;
}

/** Moves every BIGSERIAL sequence past the largest id in its table, so the application's next insert does not collide. */
export async function advanceSequences(client: ClientBase): Promise<void> {
  for (const table of Object.keys(SERIAL_IDS) as SerialTable[]) {
    const column = SERIAL_IDS[table];
    await client.query(
      `SELECT setval('${sequenceOf(table)}', m.max_id)
       FROM (SELECT MAX(${column}) AS max_id FROM game_data.${table}) m, ${sequenceOf(table)} s
       WHERE m.max_id IS NOT NULL AND m.max_id > CASE WHEN s.is_called THEN s.last_value ELSE 0 END`,
    );
  }
}

/** Serialises seeders on one database (the stack, the e2e server and a manual run may start together). */
export const SEED_LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('bluemarble.seed'))";

/** A server on this machine (loopback or a Unix socket) and a database named like a demo/test/scale one. */
export function isResettableDatabase(db: string, serverAddress: string | null): boolean {
  const localServer = serverAddress === null || serverAddress === "127.0.0.1" || serverAddress === "::1";
  const demoName = /(demo|test|e2e|scale|scratch|local|dev)/i.test(db) || /^bluemarble(_[a-z0-9_]+)?$/i.test(db);
  return localServer && demoName && !/prod|live|staging/i.test(db);
}

/**
 * `--reset` empties every game_data table. Refused unless the server is on this machine and the database's name looks like
 * a local/demo/test one: a stray DATABASE_URL must never wipe a real database.
 */
export async function assertResettable(client: ClientBase): Promise<string> {
  const { rows } = await client.query<{ db: string; addr: string | null }>("SELECT current_database() AS db, host(inet_server_addr()) AS addr");
  const { db, addr } = rows[0]!;
  if (!isResettableDatabase(db, addr)) {
    throw new Error(`Refusing to reset database "${db}" on ${addr ?? "a local socket"}: --reset only runs on a local demo/test/scale database.`);
  }
  return db;
}

/** TRUNCATEs every table of game_data (partitions through their parent) and restarts their sequences. */
export async function truncateGameData(client: ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'game_data' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
  );
  const tables = rows.map((row) => row.name);
  if (tables.length > 0) {
    await client.query(`TRUNCATE ${tables.map((t) => `game_data.${pg.escapeIdentifier(t)}`).join(", ")} RESTART IDENTITY CASCADE`);
  }
  return tables;
}
