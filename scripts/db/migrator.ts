/**
 * Our own migration runner: Prisma's migrate engine cannot be downloaded on these machines (docs/architecture.md).
 * Each folder prisma/migrations/<version>_<name>/migration.sql is applied once, in lexical order, inside one
 * transaction, and recorded with its checksum in public.schema_migrations.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import pg from "pg";

export const migrationsDir = resolve(import.meta.dirname, "../../prisma/migrations");

export interface Migration {
  version: string;
  path: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d{4}_[a-z0-9_]+$/.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .flatMap((version) => {
      const path = join(dir, version, "migration.sql");
      if (!existsSync(path)) return [];
      const sql = readFileSync(path, "utf8");
      return [{ version, path, sql, checksum: createHash("sha256").update(sql).digest("hex") }];
    });
}

export class MigrationError extends Error {
  constructor(
    readonly version: string,
    readonly statement: string,
    readonly line: number | null,
    cause: unknown,
  ) {
    super(`${version} failed${line ? ` at line ${line}` : ""}: ${(cause as Error).message}\n--- failing statement ---\n${statement}`, { cause });
  }
}

/** The statement around a PostgreSQL error position (1-based character offset), and its line. */
export function statementAt(sql: string, position: number | undefined): { statement: string; line: number | null } {
  if (!position || position < 1) return { statement: sql.trim().slice(0, 2000), line: null };
  const index = position - 1;
  const start = sql.lastIndexOf(";", index - 1) + 1;
  const endSemicolon = sql.indexOf(";", index);
  const end = endSemicolon === -1 ? sql.length : endSemicolon + 1;
  const line = sql.slice(0, index).split("\n").length;
  return { statement: sql.slice(start, end).trim(), line };
}

function adminClientFor(url: string): { client: pg.Client; name: string } {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  return { client: new pg.Client({ connectionString: admin.toString() }), name };
}

/** Drops the database named in `url` (for throw-away test databases only: callers check the name). */
export async function dropDatabase(url: string): Promise<void> {
  const { client, name } = adminClientFor(url);
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Creates the database named in `url` when it does not exist yet (connecting to the `postgres` database to do so). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const { client, name } = adminClientFor(url);
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount) return false;
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    return true;
  } catch (error) {
    // Two processes may race to create it; the loser finds it there.
    if ((error as { code?: string }).code === "42P04") return false;
    throw error;
  } finally {
    await client.end();
  }
}

export interface MigrateResult {
  applied: string[];
  skipped: string[];
}

export async function migrate(url: string, options: { log?: (line: string) => void; dir?: string } = {}): Promise<MigrateResult> {
  const log = options.log ?? (() => undefined);
  const migrations = listMigrations(options.dir);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const result: MigrateResult = { applied: [], skipped: [] };
  try {
    // One runner at a time per database; a second one waits, then finds everything applied.
    await client.query("SELECT pg_advisory_lock(hashtext('bluemarble.schema_migrations'))");
    await client.query(`CREATE TABLE IF NOT EXISTS public.schema_migrations (
      version TEXT PRIMARY KEY,
      checksum TEXT NOT NULL,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      duration_ms INTEGER NOT NULL
    )`);
    const appliedRows = await client.query<{ version: string; checksum: string }>("SELECT version, checksum FROM public.schema_migrations");
    const applied = new Map(appliedRows.rows.map((row) => [row.version, row.checksum]));
    let index = 0;
    for (const migration of migrations) {
      index += 1;
      const prefix = `[${index}/${migrations.length}] ${migration.version}`;
      const recorded = applied.get(migration.version);
      if (recorded) {
        if (recorded !== migration.checksum) {
          throw new Error(`${migration.version} was applied with different contents (checksum mismatch). Add a new migration instead of editing an applied one.`);
        }
        result.skipped.push(migration.version);
        log(`${prefix} already applied`);
        continue;
      }
      const started = performance.now();
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        const durationMs = Math.round(performance.now() - started);
        await client.query("INSERT INTO public.schema_migrations (version, checksum, duration_ms) VALUES ($1, $2, $3)", [migration.version, migration.checksum, durationMs]);
        await client.query("COMMIT");
        result.applied.push(migration.version);
        log(`${prefix} applied in ${durationMs} ms`);
      } catch (error) {
        await client.query("ROLLBACK");
        const { statement, line } = statementAt(migration.sql, Number((error as { position?: string }).position) || undefined);
        throw new MigrationError(migration.version, statement, line, error);
      }
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtext('bluemarble.schema_migrations'))").catch(() => undefined);
    await client.end();
  }
  return result;
}
