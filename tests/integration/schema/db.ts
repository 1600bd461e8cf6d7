/**
 * Helpers for the schema suites: plain `pg` against the test database (not Prisma), one transaction per test
 * that is always rolled back, so tests leave nothing behind and can run in parallel.
 */
import { randomInt } from "node:crypto";
import pg from "pg";
import { expect } from "vitest";
import { unique } from "@/tests/helpers/engines";

export type Row = Record<string, unknown>;

export function createPool(): pg.Pool {
  return new pg.Pool({ connectionString: process.env.TEST_DATABASE_URL, max: 4 });
}

/** Runs `fn` inside a transaction that is rolled back afterwards, whatever happens. */
export async function inRollback<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    return await fn(client);
  } finally {
    await client.query("ROLLBACK").catch(() => undefined);
    client.release();
  }
}

/** INSERT INTO game_data.<table> (keys of row) VALUES (...) RETURNING *. Undefined values are left to defaults. */
export async function insert(client: pg.ClientBase, table: string, row: Row): Promise<Row> {
  const entries = Object.entries(row).filter(([, value]) => value !== undefined);
  const columns = entries.map(([key]) => pg.escapeIdentifier(key)).join(", ");
  const values = entries.map((_, index) => `$${index + 1}`).join(", ");
  const sql = entries.length
    ? `INSERT INTO game_data.${pg.escapeIdentifier(table)} (${columns}) VALUES (${values}) RETURNING *`
    : `INSERT INTO game_data.${pg.escapeIdentifier(table)} DEFAULT VALUES RETURNING *`;
  const result = await client.query(sql, entries.map(([, value]) => value));
  return result.rows[0];
}

export type Violation =
  | { constraint: string; code: "23514" | "23505" | "23503" }
  | { notNull: string };

/** Runs `action` in a savepoint and asserts PostgreSQL rejected it with exactly this constraint (or NOT NULL column). */
export async function expectViolation(client: pg.ClientBase, action: () => Promise<unknown>, violation: Violation): Promise<void> {
  await client.query("SAVEPOINT expect_violation");
  let caught: (Error & { code?: string; constraint?: string; column?: string }) | undefined;
  try {
    await action();
  } catch (error) {
    caught = error as typeof caught;
  }
  await client.query("ROLLBACK TO SAVEPOINT expect_violation");
  expect(caught, "expected the statement to be rejected").toBeDefined();
  if ("notNull" in violation) {
    expect({ code: caught!.code, column: caught!.column }).toEqual({ code: "23502", column: violation.notNull });
  } else {
    expect({ code: caught!.code, constraint: caught!.constraint }).toEqual({ code: violation.code, constraint: violation.constraint });
  }
}

export const itemId = () => randomInt(100_000_000, 2_000_000_000);
export const guildTag = () => `T${randomInt(0, 36 ** 7).toString(36).toUpperCase().padStart(7, "0")}`;

export async function makePlayer(client: pg.ClientBase, overrides: Row = {}): Promise<Row> {
  const name = unique("p");
  return insert(client, "players", { username: name, email: `${name}@example.com`, password_hash: "$argon2id$test", ...overrides });
}

export async function makeCharacter(client: pg.ClientBase, playerId: unknown, overrides: Row = {}): Promise<Row> {
  return insert(client, "characters", { player_id: playerId, name: unique("c"), class: "warrior", ...overrides });
}

export async function makeItem(client: pg.ClientBase, overrides: Row = {}): Promise<Row> {
  return insert(client, "items_master", { item_id: itemId(), item_name: unique("Item "), item_type: "weapon", rarity: "common", ...overrides });
}

export async function makeGuild(client: pg.ClientBase, leaderId: unknown, overrides: Row = {}): Promise<Row> {
  return insert(client, "guilds", { guild_name: unique("Guild "), guild_tag: guildTag(), leader_character_id: leaderId, ...overrides });
}

export function stats(characterId: unknown, overrides: Row = {}): Row {
  return {
    character_id: characterId,
    health_current: 100, health_max: 100,
    mana_current: 50, mana_max: 50,
    stamina_current: 80, stamina_max: 80,
    ...overrides,
  };
}

/** Sets the "who did it" settings the way the app does: transaction-local. */
export async function actAs(client: pg.ClientBase, userId: string | null, playerId: string | null = userId, ip: string | null = null): Promise<void> {
  await client.query(
    "SELECT set_config('app.current_user_id', coalesce($1, ''), true), set_config('app.current_player_id', coalesce($2, ''), true), set_config('app.client_ip', coalesce($3, ''), true)",
    [userId, playerId, ip],
  );
}
