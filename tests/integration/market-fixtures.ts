/**
 * Rows for the market and trade suites, written with plain SQL (unique names per call) so the files run in parallel
 * with everyone else's tests and do not depend on the character service.
 */
import { randomInt } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import type { PgPool } from "@/server/clients/postgres";
import { createInnerContext } from "@/server/context";
import type { Engines } from "@/server/engines";
import { createCaller } from "@/server/app.router";
import type { Actor } from "@/server/db/actor-transaction";
import type { SessionUser } from "@/server/session";
import { unique } from "@/tests/helpers/engines";

export interface TestCharacter {
  playerId: number;
  characterId: number;
  name: string;
  session: SessionUser;
  actor: Actor;
  caller: ReturnType<typeof createCaller>;
}

export async function makePlayer(pool: PgPool): Promise<{ playerId: number; username: string }> {
  const username = unique("mk");
  const { rows } = await pool.query<{ playerId: number }>(
    `INSERT INTO game_data.players (username, email, password_hash) VALUES ($1, $2, '$argon2id$test') RETURNING player_id AS "playerId"`,
    [username, `${username}@example.com`],
  );
  return { playerId: rows[0]!.playerId, username };
}

/** A player with one character and the given balances. Pass `player` to add another character to the same player. */
export async function makeCharacter(
  engines: Engines,
  options: { balances?: Partial<Record<string, number>>; player?: { playerId: number; username: string }; level?: number } = {},
): Promise<TestCharacter> {
  const pool = engines.postgres.pool;
  const player = options.player ?? (await makePlayer(pool));
  const name = unique("mc");
  const { rows } = await pool.query<{ characterId: number }>(
    `INSERT INTO game_data.characters (player_id, name, class, level) VALUES ($1, $2, 'warrior', $3) RETURNING character_id AS "characterId"`,
    [player.playerId, name, options.level ?? 10],
  );
  const characterId = rows[0]!.characterId;
  for (const [currency, amount] of Object.entries(options.balances ?? { gold: 1_000 })) {
    await pool.query("INSERT INTO game_data.character_currencies (character_id, currency_type, amount) VALUES ($1, $2, $3)", [characterId, currency, amount]);
  }
  const session: SessionUser = { playerId: player.playerId, username: player.username, roles: [] };
  return {
    playerId: player.playerId,
    characterId,
    name,
    session,
    actor: { userId: player.playerId, playerId: player.playerId, clientIp: null },
    caller: createCaller(createInnerContext({ engines, session })),
  };
}

export interface TestItem {
  itemId: number;
  itemName: string;
}

export async function makeItem(
  pool: PgPool,
  options: { maxStack?: number; tradeable?: boolean; name?: string; itemType?: string; rarity?: string; requiredLevel?: number } = {},
): Promise<TestItem> {
  const itemId = randomInt(100_000_000, 2_000_000_000);
  const itemName = options.name ?? `Market ${unique("Item")}`;
  await pool.query(
    `INSERT INTO game_data.items_master (item_id, item_name, item_type, rarity, max_stack_size, is_tradeable, required_level)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [itemId, itemName, options.itemType ?? "material", options.rarity ?? "common", options.maxStack ?? 20, options.tradeable ?? true, options.requiredLevel ?? 1],
  );
  return { itemId, itemName };
}

export async function giveItem(
  pool: PgPool,
  characterId: number,
  itemId: number,
  quantity: number,
  slotPosition: number,
  extra: { enchantmentLevel?: number; isEquipped?: boolean } = {},
): Promise<void> {
  await pool.query(
    `INSERT INTO game_data.character_inventory (character_id, item_id, quantity, slot_position, enchantment_level, is_equipped)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [characterId, itemId, quantity, slotPosition, extra.enchantmentLevel ?? 0, extra.isEquipped ?? false],
  );
}

/** Fills every free slot of a bag with single units of a non-stacking filler item. */
export async function fillBag(pool: PgPool, characterId: number): Promise<void> {
  const filler = await makeItem(pool, { maxStack: 1, name: `Filler ${unique()}` });
  await pool.query(
    `INSERT INTO game_data.character_inventory (character_id, item_id, quantity, slot_position)
     SELECT $1, $2, 1, p FROM generate_series(0, 199) AS p
      WHERE NOT EXISTS (SELECT 1 FROM game_data.character_inventory ci WHERE ci.character_id = $1 AND ci.slot_position = p)`,
    [characterId, filler.itemId],
  );
}

export async function balance(pool: PgPool, characterId: number, currency = "gold"): Promise<number> {
  const { rows } = await pool.query<{ amount: number }>(
    "SELECT amount FROM game_data.character_currencies WHERE character_id = $1 AND currency_type = $2",
    [characterId, currency],
  );
  return rows[0]?.amount ?? 0;
}

export async function bagUnits(pool: PgPool, characterId: number, itemId: number): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    "SELECT COALESCE(sum(quantity), 0)::int AS n FROM game_data.character_inventory WHERE character_id = $1 AND item_id = $2",
    [characterId, itemId],
  );
  return rows[0]!.n;
}

export async function bagSlots(pool: PgPool, characterId: number, itemId: number): Promise<{ slotPosition: number; quantity: number }[]> {
  const { rows } = await pool.query<{ slotPosition: number; quantity: number }>(
    `SELECT slot_position AS "slotPosition", quantity FROM game_data.character_inventory
      WHERE character_id = $1 AND item_id = $2 ORDER BY slot_position`,
    [characterId, itemId],
  );
  return rows;
}

export async function listingRow(pool: PgPool, listingId: number): Promise<{ status: string; quantity: number; buyerCharacterId: number | null }> {
  const { rows } = await pool.query<{ status: string; quantity: number; buyerCharacterId: number | null }>(
    `SELECT status, quantity, buyer_character_id AS "buyerCharacterId" FROM game_data.marketplace_listings WHERE listing_id = $1`,
    [listingId],
  );
  return rows[0]!;
}

/** Expects a tRPC error with this code and a message matching `message`; returns the error for field checks. */
export async function expectTrpcError(promise: Promise<unknown>, code: TRPCError["code"], message?: RegExp): Promise<TRPCError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, "expected the call to fail").toBeInstanceOf(TRPCError);
  const trpc = error as TRPCError;
  expect(trpc.code).toBe(code);
  if (message) expect(trpc.message).toMatch(message);
  return trpc;
}

export const key = () => `k-${unique()}-${randomInt(1e9)}`;
