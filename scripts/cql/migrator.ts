/**
 * CQL migrations: cql/NNNN_name.cql applied in lexical order (the keyspace file first), each statement once per
 * keyspace, recorded with the file's checksum in <keyspace>.schema_migrations. Files use {{keyspace}} and
 * {{replication}}; every statement is IF NOT EXISTS, so a run interrupted half-way can simply be run again.
 * Cassandra has no transactions for DDL: a failing file leaves its earlier statements applied (they are idempotent).
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Client } from "cassandra-driver";

export const cqlDir = resolve(import.meta.dirname, "../../cql");

export interface CqlMigration {
  version: string;
  path: string;
  cql: string;
  checksum: string;
}

export function listCqlMigrations(dir = cqlDir): CqlMigration[] {
  return readdirSync(dir)
    .filter((name) => /^\d{4}_[a-z0-9_]+\.cql$/.test(name))
    .sort()
    .map((name) => {
      const path = join(dir, name);
      const cql = readFileSync(path, "utf8");
      return { version: name.replace(/\.cql$/, ""), path, cql, checksum: createHash("sha256").update(cql).digest("hex") };
    });
}

/** Splits a CQL file into statements: `--` comments dropped, statements end with `;` (our files hold no `;` in strings). */
export function splitStatements(cql: string): string[] {
  return cql
    .split("\n")
    .map((line) => line.replace(/--.*$/, ""))
    .join("\n")
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.trim())
    .filter(Boolean);
}

const keyspacePattern = /^[a-z_][a-z0-9_]{0,47}$/;
const dcNamePattern = /^[A-Za-z0-9_.-]+$/;

/**
 * The replication map for CREATE KEYSPACE. CASSANDRA_REPLICATION takes either the seed's production form as a list of
 * data centres and factors, `datacenter1:3,datacenter2:3` (→ NetworkTopologyStrategy), or `simple:N`
 * (→ SimpleStrategy, replication_factor N). Unset means SimpleStrategy with RF 1: a single local node.
 */
export function replicationFrom(setting: string | undefined): string {
  const value = setting?.trim();
  if (!value) return "{'class': 'SimpleStrategy', 'replication_factor': 1}";
  const simple = /^simple:(\d{1,2})$/i.exec(value);
  if (simple) return `{'class': 'SimpleStrategy', 'replication_factor': ${Number(simple[1])}}`;
  const parts = value.split(",").map((part) => part.trim().split(":"));
  if (parts.some((p) => p.length !== 2 || !dcNamePattern.test(p[0]!) || !/^\d{1,2}$/.test(p[1]!))) {
    throw new Error(`CASSANDRA_REPLICATION must look like "datacenter1:3,datacenter2:3" or "simple:1", got "${value}"`);
  }
  return `{'class': 'NetworkTopologyStrategy', ${parts.map(([dc, rf]) => `'${dc}': ${Number(rf)}`).join(", ")}}`;
}

export function render(cql: string, keyspace: string, replication: string): string {
  return cql.replaceAll("{{keyspace}}", keyspace).replaceAll("{{replication}}", replication);
}

export interface CqlMigrateResult {
  applied: string[];
  skipped: string[];
}

/**
 * Applies pending CQL migrations to `keyspace` through `client`, which must be connected WITHOUT a keyspace
 * (the first file creates it). `log` receives one line per file.
 */
export async function migrateCql(
  client: Client,
  keyspace: string,
  log: (line: string) => void = () => undefined,
  options: { replication?: string; dir?: string } = {},
): Promise<CqlMigrateResult> {
  if (!keyspacePattern.test(keyspace)) throw new Error(`Invalid keyspace name "${keyspace}"`);
  const replication = options.replication ?? replicationFrom(process.env.CASSANDRA_REPLICATION);
  const migrations = listCqlMigrations(options.dir);
  const [first, ...rest] = migrations;
  if (!first || !/keyspace/.test(first.version)) throw new Error("The first CQL migration must create the keyspace (e.g. 0001_keyspace.cql).");

  const result: CqlMigrateResult = { applied: [], skipped: [] };
  const total = migrations.length;
  // The keyspace file runs every time (IF NOT EXISTS): the record table lives inside the keyspace it creates.
  const keyspaceStarted = performance.now();
  await runFile(client, first, keyspace, replication);
  await client.execute(
    `CREATE TABLE IF NOT EXISTS ${keyspace}.schema_migrations (version TEXT PRIMARY KEY, checksum TEXT, applied_at TIMESTAMP, duration_ms INT)
     WITH comment = 'CQL migrations applied by scripts/cql/migrate.ts'`,
  );
  const recorded = new Map(
    (await client.execute(`SELECT version, checksum FROM ${keyspace}.schema_migrations`)).rows.map((row) => [row.get("version") as string, row.get("checksum") as string]),
  );

  let index = 0;
  for (const migration of [first, ...rest]) {
    index += 1;
    const prefix = `[${index}/${total}] ${migration.version}`;
    const checksum = recorded.get(migration.version);
    if (checksum) {
      if (checksum !== migration.checksum) {
        throw new Error(`${migration.version} was applied to ${keyspace} with different contents (checksum mismatch). Add a new file instead of editing an applied one.`);
      }
      result.skipped.push(migration.version);
      log(`${prefix} already applied`);
      continue;
    }
    const started = migration === first ? keyspaceStarted : performance.now();
    if (migration !== first) await runFile(client, migration, keyspace, replication, (done, count) => log(`${prefix} statement ${done}/${count}`));
    const durationMs = Math.round(performance.now() - started);
    await client.execute(`INSERT INTO ${keyspace}.schema_migrations (version, checksum, applied_at, duration_ms) VALUES (?, ?, ?, ?)`, [migration.version, migration.checksum, new Date(), durationMs], {
      prepare: true,
    });
    result.applied.push(migration.version);
    log(`${prefix} applied in ${durationMs} ms`);
  }
  return result;
}

async function runFile(client: Client, migration: CqlMigration, keyspace: string, replication: string, progress?: (done: number, count: number) => void): Promise<void> {
  const statements = splitStatements(render(migration.cql, keyspace, replication));
  let done = 0;
  for (const statement of statements) {
    try {
      // DDL is not prepared; the driver waits for schema agreement after each change.
      await client.execute(statement, [], { prepare: false });
    } catch (error) {
      throw new Error(`${migration.version} failed: ${(error as Error).message}\n--- failing statement ---\n${statement}`, { cause: error });
    }
    done += 1;
    if (statements.length > 1) progress?.(done, statements.length);
  }
}
