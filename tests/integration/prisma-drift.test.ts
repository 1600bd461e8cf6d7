import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { parsePrismaModels } from "@/scripts/db/prisma-models";

/**
 * prisma/schema.prisma models the tables that the SQL migrations create. Nothing generates one from the other,
 * so this test compares them: every model maps to a table with every field's column of a compatible type,
 * and every table and column of game_data is modelled (archive tables and partitions aside).
 */
/** Which PostgreSQL data types a Prisma scalar may stand for. */
const compatible: Record<string, string[]> = {
  String: ["character varying", "text", "uuid", "inet", "character"],
  Int: ["integer", "smallint"],
  BigInt: ["bigint"],
  Float: ["double precision", "real"],
  Decimal: ["numeric"],
  Boolean: ["boolean"],
  DateTime: ["timestamp with time zone", "timestamp without time zone", "date"],
  Json: ["jsonb", "json"],
  Bytes: ["bytea"],
};

/** Tables the client never touches: the retention function's archives and the monthly partitions of game_events. */
function isUnmodelled(table: string): boolean {
  return table.startsWith("archived_") || /^game_events_(\d{4}_\d{2}|default|p\d+)/.test(table);
}

describe("prisma/schema.prisma and the migrated database", () => {
  const pool = new pg.Pool({ connectionString: process.env.TEST_DATABASE_URL, max: 1 });
  afterAll(() => pool.end());
  const models = parsePrismaModels(readFileSync(resolve(import.meta.dirname, "../../prisma/schema.prisma"), "utf8"));

  async function databaseColumns(): Promise<Map<string, Map<string, string>>> {
    const { rows } = await pool.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT c.table_name, c.column_name, c.data_type
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = 'game_data' AND t.table_type = 'BASE TABLE'
          AND NOT EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class k ON k.oid = i.inhrelid
                           JOIN pg_namespace n ON n.oid = k.relnamespace
                          WHERE n.nspname = 'game_data' AND k.relname = c.table_name)`,
    );
    const tables = new Map<string, Map<string, string>>();
    for (const row of rows) {
      if (!tables.has(row.table_name)) tables.set(row.table_name, new Map());
      tables.get(row.table_name)!.set(row.column_name, row.data_type);
    }
    // Partitioned parents are not BASE TABLEs in information_schema; add them explicitly.
    const partitioned = await pool.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
         JOIN pg_class k ON k.relname = c.table_name AND k.relkind = 'p'
         JOIN pg_namespace n ON n.oid = k.relnamespace AND n.nspname = c.table_schema
        WHERE c.table_schema = 'game_data'`,
    );
    for (const row of partitioned.rows) {
      if (!tables.has(row.table_name)) tables.set(row.table_name, new Map());
      tables.get(row.table_name)!.set(row.column_name, row.data_type);
    }
    return tables;
  }

  it("parses a model for each of the seed's core tables", () => {
    const tables = models.map((model) => model.table);
    for (const table of ["players", "characters", "character_inventory", "marketplace_listings", "guild_members", "game_events", "audit_log"]) {
      expect(tables).toContain(table);
    }
  });

  it("every model's table and columns exist with compatible types", async () => {
    const database = await databaseColumns();
    const problems: string[] = [];
    for (const model of models.filter((m) => m.schema === "game_data")) {
      const columns = database.get(model.table);
      if (!columns) {
        problems.push(`model ${model.name}: table game_data.${model.table} does not exist`);
        continue;
      }
      for (const field of model.fields) {
        const dataType = columns.get(field.column);
        if (!dataType) problems.push(`model ${model.name}: column ${model.table}.${field.column} does not exist`);
        else if (field.type !== "Unsupported" && !compatible[field.type]?.includes(dataType))
          problems.push(`model ${model.name}: ${model.table}.${field.column} is ${dataType} but modelled as ${field.type}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("every table and column of game_data is modelled", async () => {
    const database = await databaseColumns();
    const byTable = new Map(models.map((model) => [model.table, model]));
    const problems: string[] = [];
    for (const [table, columns] of database) {
      if (isUnmodelled(table)) continue;
      const model = byTable.get(table);
      if (!model) {
        problems.push(`table game_data.${table} has no model in schema.prisma`);
        continue;
      }
      const modelled = new Set(model.fields.map((field) => field.column));
      for (const column of columns.keys()) if (!modelled.has(column)) problems.push(`column ${table}.${column} is not modelled`);
    }
    expect(problems).toEqual([]);
  });
});
