import { describe, expect, it } from "vitest";
import { listMigrations, statementAt } from "@/scripts/db/migrator";

describe("statementAt", () => {
  const sql = "CREATE TABLE a (id int);\nCREATE TABLE b (\n  id int,\n  bad nonsense_type\n);\nCREATE TABLE c (id int);";

  it("returns the whole statement that contains the error position and its line", () => {
    const position = sql.indexOf("nonsense_type") + 1;
    const found = statementAt(sql, position);
    expect(found.statement).toBe("CREATE TABLE b (\n  id int,\n  bad nonsense_type\n);");
    expect(found.line).toBe(4);
  });

  it("falls back to the start of the file when PostgreSQL gives no position", () => {
    expect(statementAt(sql, undefined)).toEqual({ statement: sql.trim(), line: null });
  });
});

describe("listMigrations", () => {
  it("orders the repository's migrations by version with a checksum each", () => {
    const migrations = listMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    const versions = migrations.map((m) => m.version);
    expect([...versions].sort()).toEqual(versions);
    for (const migration of migrations) expect(migration.checksum).toMatch(/^[0-9a-f]{64}$/);
  });
});
