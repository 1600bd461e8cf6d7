/**
 * Rows for the staff suites, written with plain SQL (unique names per call) so the files run in parallel with
 * everyone else's tests. Staff accounts are players with a staff_roles row.
 */
import { randomInt } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import type { PgPool } from "@/server/clients/postgres";
import { createInnerContext } from "@/server/context";
import type { Engines } from "@/server/engines";
import type { Actor } from "@/server/db/actor-transaction";
import { createCaller } from "@/server/app.router";
import type { SessionUser, StaffRole } from "@/server/session";
import { unique } from "@/tests/helpers/engines";

export interface TestAccount {
  playerId: number;
  username: string;
  email: string;
  session: SessionUser;
  actor: Actor;
  caller: ReturnType<typeof createCaller>;
}

export async function makeAccount(engines: Engines, role: StaffRole | null = null): Promise<TestAccount> {
  const pool = engines.postgres.pool;
  const username = unique(role ? `st${role.slice(0, 2)}` : "sp");
  const email = `${username}@example.com`;
  const { rows } = await pool.query<{ playerId: number }>(
    `INSERT INTO game_data.players (username, email, password_hash, is_banned) VALUES ($1, $2, '$argon2id$test', FALSE) RETURNING player_id AS "playerId"`,
    [username, email],
  );
  const playerId = rows[0]!.playerId;
  if (role) await pool.query("INSERT INTO game_data.staff_roles (player_id, role) VALUES ($1, $2)", [playerId, role]);
  const session: SessionUser = { playerId, username, roles: role ? [role] : [] };
  return { playerId, username, email, session, actor: { userId: playerId, playerId, clientIp: null }, caller: createCaller(createInnerContext({ engines, session })) };
}

export function anonymousCaller(engines: Engines) {
  return createCaller(createInnerContext({ engines, session: null }));
}

export async function makeCharacter(pool: PgPool, playerId: number, balances: Record<string, number> = { gold: 1_000 }): Promise<{ characterId: number; name: string }> {
  const name = unique("sc");
  const { rows } = await pool.query<{ characterId: number }>(
    `INSERT INTO game_data.characters (player_id, name, class, level) VALUES ($1, $2, 'warrior', 10) RETURNING character_id AS "characterId"`,
    [playerId, name],
  );
  const characterId = rows[0]!.characterId;
  for (const [currency, amount] of Object.entries(balances)) {
    await pool.query("INSERT INTO game_data.character_currencies (character_id, currency_type, amount) VALUES ($1, $2, $3)", [characterId, currency, amount]);
  }
  return { characterId, name };
}

export async function makeItem(pool: PgPool, maxStack = 20): Promise<{ itemId: number; itemName: string }> {
  const itemId = randomInt(100_000_000, 2_000_000_000);
  const itemName = `Staff ${unique("Item")}`;
  await pool.query(
    `INSERT INTO game_data.items_master (item_id, item_name, item_type, rarity, max_stack_size, is_tradeable) VALUES ($1, $2, 'material', 'common', $3, TRUE)`,
    [itemId, itemName, maxStack],
  );
  return { itemId, itemName };
}

export async function giveItem(pool: PgPool, characterId: number, itemId: number, quantity: number, slotPosition: number): Promise<void> {
  await pool.query("INSERT INTO game_data.character_inventory (character_id, item_id, quantity, slot_position) VALUES ($1, $2, $3, $4)", [
    characterId,
    itemId,
    quantity,
    slotPosition,
  ]);
}

export async function balance(pool: PgPool, characterId: number, currency = "gold"): Promise<number> {
  const { rows } = await pool.query<{ amount: number }>("SELECT amount FROM game_data.character_currencies WHERE character_id = $1 AND currency_type = $2", [characterId, currency]);
  return rows[0]?.amount ?? 0;
}

export async function unitsHeld(pool: PgPool, characterId: number, itemId: number): Promise<number> {
  const { rows } = await pool.query<{ units: number }>(
    "SELECT COALESCE(sum(quantity), 0)::int AS units FROM game_data.character_inventory WHERE character_id = $1 AND item_id = $2",
    [characterId, itemId],
  );
  return rows[0]!.units;
}

/**
 * A completed market purchase written the way server/market/market.service.ts writes one: balances and bags moved,
 * a 'purchase' row (buyer → seller, the price) and a 'sale' row (seller → buyer, price − fee), a market_fees row.
 */
export async function recordPurchase(
  pool: PgPool,
  deal: { buyer: number; seller: number; itemId: number; quantity: number; price: number; fee: number; buyerSlot: number },
): Promise<{ purchaseId: number; saleId: number; listingId: number }> {
  const listingId = randomInt(1_000_000_000, 2_000_000_000);
  await pool.query("UPDATE game_data.character_currencies SET amount = amount - $2 WHERE character_id = $1 AND currency_type = 'gold'", [deal.buyer, deal.price]);
  await pool.query("UPDATE game_data.character_currencies SET amount = amount + $2 WHERE character_id = $1 AND currency_type = 'gold'", [deal.seller, deal.price - deal.fee]);
  await giveItem(pool, deal.buyer, deal.itemId, deal.quantity, deal.buyerSlot);
  const metadata = JSON.stringify({ listing_id: listingId, fee: deal.fee, idempotency_key: unique("key"), unit_price: deal.price / deal.quantity });
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO game_data.transactions (transaction_type, from_character_id, to_character_id, currency_type, currency_amount, item_id, item_quantity, transaction_status, completed_at, metadata)
     VALUES ('purchase', $1, $2, 'gold', $3, $5, $6, 'completed', now(), $7), ('sale', $2, $1, 'gold', $4, $5, $6, 'completed', now(), $7)
     RETURNING transaction_id AS id`,
    [deal.buyer, deal.seller, deal.price, deal.price - deal.fee, deal.itemId, deal.quantity, metadata],
  );
  const [purchaseId, saleId] = rows.map((row) => row.id).sort((a, b) => a - b) as [number, number];
  await pool.query("INSERT INTO game_data.market_fees (listing_id, transaction_id, seller_character_id, currency_type, amount) VALUES ($1, $2, $3, 'gold', $4)", [
    listingId,
    saleId,
    deal.seller,
    deal.fee,
  ]);
  return { purchaseId, saleId, listingId };
}

export async function insertTransaction(pool: PgPool, row: Record<string, unknown>): Promise<number> {
  const columns = Object.keys(row);
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO game_data.transactions (${columns.join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")}) RETURNING transaction_id AS id`,
    columns.map((c) => (c === "metadata" && row[c] !== null ? JSON.stringify(row[c]) : row[c])),
  );
  return rows[0]!.id;
}

/** Awaits a call and returns the tRPC error code it failed with (or "OK"). */
export async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

export async function expectCode(call: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe(code);
    if (message) expect((error as TRPCError).message).toMatch(message);
    return;
  }
  expect.fail(`expected ${code}, but the call succeeded`);
}
