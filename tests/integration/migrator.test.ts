import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDatabase, migrate, MigrationError } from "@/scripts/db/migrator";
import { unique } from "@/tests/helpers/engines";

const run = promisify(execFile);

function scratchUrl(name: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

function writeMigrations(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "bm-migrations-"));
  for (const [version, sql] of Object.entries(files)) {
    mkdirSync(join(dir, version));
    writeFileSync(join(dir, version, "migration.sql"), sql);
  }
  return dir;
}

describe("the SQL migration runner", () => {
  const name = `${unique("migrator_")}_test`.toLowerCase();
  const url = scratchUrl(name);
  const admin = new pg.Client({ connectionString: scratchUrl("postgres") });

  beforeAll(async () => {
    await admin.connect();
    await ensureDatabase(url);
  });

  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await admin.end();
  });

  async function tables(): Promise<string[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");
    await client.end();
    return rows.rows.map((row) => row.table_name);
  }

  it("applies each migration once, records it, and leaves a failing one without a trace", async () => {
    const good = { "0001_first": "CREATE TABLE first_table (id int);" };
    const dir = writeMigrations({ ...good, "0002_broken": "CREATE TABLE second_table (id int);\nCREATE TABLE third_table (id nonsense_type);" });

    await expect(migrate(url, { dir })).rejects.toSatisfy((error: unknown) => {
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as MigrationError).version).toBe("0002_broken");
      expect((error as MigrationError).statement).toContain("nonsense_type");
      return true;
    });
    // 0001 committed on its own; nothing of 0002 (not even its first statement) remains.
    expect(await tables()).toEqual(["first_table", "schema_migrations"]);

    const fixed = writeMigrations({ ...good, "0002_fixed": "CREATE TABLE second_table (id int);" });
    const result = await migrate(url, { dir: fixed });
    expect(result).toEqual({ applied: ["0002_fixed"], skipped: ["0001_first"] });
    expect(await tables()).toEqual(["first_table", "schema_migrations", "second_table"]);

    const again = await migrate(url, { dir: fixed });
    expect(again.applied).toEqual([]);
  });

  it("refuses a migration whose applied contents were edited", async () => {
    const dir = writeMigrations({ "0001_first": "CREATE TABLE first_table (id int, edited int);" });
    await expect(migrate(url, { dir })).rejects.toThrow(/checksum mismatch/);
  });

  it("the CLI exits non-zero and prints the failing statement", async () => {
    const cliDb = `${unique("migrator_cli_")}_test`.toLowerCase();
    const cliUrl = scratchUrl(cliDb);
    try {
      // The real repository migrations must apply cleanly from empty through the CLI.
      const ok = await run("npx", ["tsx", "--conditions=react-server", "scripts/db/migrate.ts", "--url", cliUrl], { cwd: resolve(import.meta.dirname, "../..") });
      expect(ok.stdout).toMatch(/migrations: \d+ applied, 0 already applied/);
      const brokenClient = new pg.Client({ connectionString: cliUrl });
      await brokenClient.connect();
      // Force the next run to fail by recording a wrong checksum for the first migration.
      await brokenClient.query("UPDATE public.schema_migrations SET checksum = 'edited' WHERE version = (SELECT min(version) FROM public.schema_migrations)");
      await brokenClient.end();
      const failed = await run("npx", ["tsx", "--conditions=react-server", "scripts/db/migrate.ts", "--url", cliUrl], { cwd: resolve(import.meta.dirname, "../..") }).catch((error: { code: number; stderr: string }) => error);
      expect((failed as { code: number }).code).toBe(1);
      expect((failed as { stderr: string }).stderr).toMatch(/checksum mismatch/);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(cliDb)} WITH (FORCE)`);
    }
  }, 120_000);
});
