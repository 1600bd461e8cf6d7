import "server-only";
import { instanceStateSql } from "@/server/ledger/item-state.rules";
import type { PoolClient } from "pg";
import type { PgPool } from "@/server/clients/postgres";

/** SQL of direct trades. Lock order as in market.sql.ts: session → character rows → balances → inventory rows. */

type Queryable = PgPool | PoolClient;

export interface TradeSessionRow {
  tradeId: number;
  initiatorCharacterId: number;
  partnerCharacterId: number;
  initiatorPlayerId: number;
  partnerPlayerId: number;
  initiatorName: string;
  partnerName: string;
  status: "open" | "completed" | "cancelled";
  version: number;
  initiatorConfirmedVersion: number | null;
  partnerConfirmedVersion: number | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

const sessionColumns = `ts.trade_id AS "tradeId", ts.initiator_character_id AS "initiatorCharacterId", ts.partner_character_id AS "partnerCharacterId",
  ci.player_id AS "initiatorPlayerId", cp.player_id AS "partnerPlayerId", ci.name AS "initiatorName", cp.name AS "partnerName",
  ts.status, ts.version, ts.initiator_confirmed_version AS "initiatorConfirmedVersion", ts.partner_confirmed_version AS "partnerConfirmedVersion",
  ts.created_at AS "createdAt", ts.updated_at AS "updatedAt", ts.closed_at AS "closedAt"`;

export async function findSession(db: Queryable, tradeId: number, lock: boolean): Promise<TradeSessionRow | null> {
  const { rows } = await db.query<TradeSessionRow>(
    `SELECT ${sessionColumns}
       FROM game_data.trade_sessions ts
       JOIN game_data.characters ci ON ci.character_id = ts.initiator_character_id
       JOIN game_data.characters cp ON cp.character_id = ts.partner_character_id
      WHERE ts.trade_id = $1 ${lock ? "FOR UPDATE OF ts" : ""}`,
    [tradeId],
  );
  return rows[0] ?? null;
}

export async function sessionsOfCharacter(pool: PgPool, playerId: number, characterId: number): Promise<TradeSessionRow[]> {
  const { rows } = await pool.query<TradeSessionRow>(
    `SELECT ${sessionColumns}
       FROM game_data.trade_sessions ts
       JOIN game_data.characters ci ON ci.character_id = ts.initiator_character_id
       JOIN game_data.characters cp ON cp.character_id = ts.partner_character_id
      WHERE (ts.initiator_character_id = $1 AND ci.player_id = $2) OR (ts.partner_character_id = $1 AND cp.player_id = $2)
      ORDER BY (ts.status = 'open') DESC, ts.updated_at DESC
      LIMIT 50`,
    [characterId, playerId],
  );
  return rows;
}

export async function findLiveCharacterByName(db: Queryable, name: string): Promise<{ characterId: number; name: string } | null> {
  const { rows } = await db.query<{ characterId: number; name: string }>(
    `SELECT character_id AS "characterId", name FROM game_data.characters WHERE name = $1 AND deleted_at IS NULL`,
    [name],
  );
  return rows[0] ?? null;
}

export async function countOpenSessions(client: PoolClient, characterId: number): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM game_data.trade_sessions
      WHERE status = 'open' AND (initiator_character_id = $1 OR partner_character_id = $1)`,
    [characterId],
  );
  return rows[0]!.n;
}

export async function insertSession(client: PoolClient, initiator: number, partner: number): Promise<number> {
  const { rows } = await client.query<{ tradeId: number }>(
    `INSERT INTO game_data.trade_sessions (initiator_character_id, partner_character_id) VALUES ($1, $2) RETURNING trade_id AS "tradeId"`,
    [initiator, partner],
  );
  return rows[0]!.tradeId;
}

/** Any change to an offer: a new version, and both confirmations void. */
export async function bumpVersion(client: PoolClient, tradeId: number): Promise<number> {
  const { rows } = await client.query<{ version: number }>(
    `UPDATE game_data.trade_sessions
        SET version = version + 1, initiator_confirmed_version = NULL, partner_confirmed_version = NULL, updated_at = now()
      WHERE trade_id = $1 AND status = 'open' RETURNING version`,
    [tradeId],
  );
  return rows[0]!.version;
}

export async function setConfirmation(client: PoolClient, tradeId: number, side: "initiator" | "partner", version: number): Promise<void> {
  const column = side === "initiator" ? "initiator_confirmed_version" : "partner_confirmed_version";
  await client.query(`UPDATE game_data.trade_sessions SET ${column} = $2, updated_at = now() WHERE trade_id = $1 AND status = 'open'`, [tradeId, version]);
}

export async function closeSession(client: PoolClient, tradeId: number, status: "completed" | "cancelled"): Promise<void> {
  await client.query(`UPDATE game_data.trade_sessions SET status = $2, closed_at = now(), updated_at = now() WHERE trade_id = $1 AND status = 'open'`, [
    tradeId,
    status,
  ]);
}

export interface OfferedSlot {
  inventorySlotId: number;
  itemId: number;
  itemName: string;
  quantity: number;
  isTradeable: boolean;
  equipped: boolean;
  hasInstanceState: boolean;
}

/** A slot of the character's bag, for validating an offer (no lock: the swap re-checks under lock). */
export async function readSlot(client: PoolClient, characterId: number, slotPosition: number): Promise<OfferedSlot | null> {
  const { rows } = await client.query<OfferedSlot>(
    `SELECT ci.inventory_slot_id AS "inventorySlotId", ci.item_id AS "itemId", im.item_name AS "itemName", ci.quantity,
            COALESCE(im.is_tradeable, TRUE) AS "isTradeable",
            (COALESCE(ci.is_equipped, FALSE) OR EXISTS (SELECT 1 FROM game_data.character_equipment ce WHERE ce.inventory_slot_id = ci.inventory_slot_id)) AS equipped,
            ${instanceStateSql("ci")} AS "hasInstanceState"
       FROM game_data.character_inventory ci JOIN game_data.items_master im ON im.item_id = ci.item_id
      WHERE ci.character_id = $1 AND ci.slot_position = $2`,
    [characterId, slotPosition],
  );
  return rows[0] ?? null;
}

export async function upsertItemOffer(client: PoolClient, offer: { tradeId: number; characterId: number; inventorySlotId: number; itemId: number; quantity: number }): Promise<void> {
  await client.query(
    `INSERT INTO game_data.trade_offer_items (trade_id, character_id, inventory_slot_id, item_id, quantity) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (trade_id, inventory_slot_id) DO UPDATE SET item_id = EXCLUDED.item_id, quantity = EXCLUDED.quantity`,
    [offer.tradeId, offer.characterId, offer.inventorySlotId, offer.itemId, offer.quantity],
  );
}

export async function deleteItemOffer(client: PoolClient, tradeId: number, characterId: number, inventorySlotId: number): Promise<boolean> {
  const { rowCount } = await client.query(
    "DELETE FROM game_data.trade_offer_items WHERE trade_id = $1 AND character_id = $2 AND inventory_slot_id = $3",
    [tradeId, characterId, inventorySlotId],
  );
  return rowCount === 1;
}

export async function setCurrencyOffer(client: PoolClient, tradeId: number, characterId: number, currency: string, amount: number): Promise<boolean> {
  if (amount === 0) {
    const { rowCount } = await client.query(
      "DELETE FROM game_data.trade_offer_currencies WHERE trade_id = $1 AND character_id = $2 AND currency_type = $3",
      [tradeId, characterId, currency],
    );
    return rowCount === 1;
  }
  await client.query(
    `INSERT INTO game_data.trade_offer_currencies (trade_id, character_id, currency_type, amount) VALUES ($1, $2, $3, $4)
     ON CONFLICT (trade_id, character_id, currency_type) DO UPDATE SET amount = EXCLUDED.amount`,
    [tradeId, characterId, currency, amount],
  );
  return true;
}

export interface ItemOffer {
  characterId: number;
  inventorySlotId: number;
  slotPosition: number | null;
  itemId: number;
  itemName: string;
  rarity: string;
  maxStackSize: number;
  quantity: number;
}

export interface CurrencyOffer {
  characterId: number;
  currencyType: string;
  amount: number;
}

export async function offersOf(db: Queryable, tradeId: number): Promise<{ items: ItemOffer[]; currencies: CurrencyOffer[] }> {
  const items = await db.query<ItemOffer>(
    `SELECT o.character_id AS "characterId", o.inventory_slot_id AS "inventorySlotId", ci.slot_position AS "slotPosition",
            o.item_id AS "itemId", im.item_name AS "itemName", im.rarity, GREATEST(COALESCE(im.max_stack_size, 1), 1) AS "maxStackSize", o.quantity
       FROM game_data.trade_offer_items o
       JOIN game_data.items_master im ON im.item_id = o.item_id
       LEFT JOIN game_data.character_inventory ci ON ci.inventory_slot_id = o.inventory_slot_id
      WHERE o.trade_id = $1 ORDER BY o.character_id, o.inventory_slot_id`,
    [tradeId],
  );
  const currencies = await db.query<CurrencyOffer>(
    `SELECT character_id AS "characterId", currency_type AS "currencyType", amount FROM game_data.trade_offer_currencies
      WHERE trade_id = $1 ORDER BY character_id, currency_type`,
    [tradeId],
  );
  return { items: items.rows, currencies: currencies.rows };
}

/** The bag locks of both parties, in character_id order. */
export async function lockBags(client: PoolClient, characterIds: number[]): Promise<void> {
  await client.query("SELECT 1 FROM game_data.characters WHERE character_id = ANY($1::bigint[]) ORDER BY character_id FOR NO KEY UPDATE", [characterIds]);
}

/** Balances for (character, currency) pairs, locked in (character_id, currency_type) order; missing rows are created as 0 first. */
export async function lockTradeBalances(client: PoolClient, pairs: { characterId: number; currencyType: string }[]): Promise<Map<string, number>> {
  const sorted = [...pairs].sort((a, b) => a.characterId - b.characterId || a.currencyType.localeCompare(b.currencyType));
  await client.query(
    `INSERT INTO game_data.character_currencies (character_id, currency_type, amount)
     SELECT c, t, 0 FROM unnest($1::bigint[], $2::text[]) AS p(c, t) ORDER BY c, t
     ON CONFLICT (character_id, currency_type) DO NOTHING`,
    [sorted.map((p) => p.characterId), sorted.map((p) => p.currencyType)],
  );
  const { rows } = await client.query<{ characterId: number; currencyType: string; amount: number }>(
    `SELECT cc.character_id AS "characterId", cc.currency_type AS "currencyType", cc.amount
       FROM game_data.character_currencies cc
       JOIN unnest($1::bigint[], $2::text[]) AS p(c, t) ON cc.character_id = p.c AND cc.currency_type = p.t
      ORDER BY cc.character_id, cc.currency_type
      FOR UPDATE OF cc`,
    [sorted.map((p) => p.characterId), sorted.map((p) => p.currencyType)],
  );
  return new Map(rows.map((row) => [`${row.characterId}:${row.currencyType}`, row.amount]));
}

/** The offered slots, locked in (character_id, slot_position) order, with what they hold now. */
export async function lockOfferedSlots(client: PoolClient, inventorySlotIds: number[]): Promise<Map<number, OfferedSlot & { characterId: number }>> {
  const { rows } = await client.query<OfferedSlot & { characterId: number }>(
    `SELECT ci.inventory_slot_id AS "inventorySlotId", ci.character_id AS "characterId", ci.item_id AS "itemId", im.item_name AS "itemName", ci.quantity,
            COALESCE(im.is_tradeable, TRUE) AS "isTradeable",
            (COALESCE(ci.is_equipped, FALSE) OR EXISTS (SELECT 1 FROM game_data.character_equipment ce WHERE ce.inventory_slot_id = ci.inventory_slot_id)) AS equipped,
            ${instanceStateSql("ci")} AS "hasInstanceState"
       FROM game_data.character_inventory ci JOIN game_data.items_master im ON im.item_id = ci.item_id
      WHERE ci.inventory_slot_id = ANY($1::bigint[])
      ORDER BY ci.character_id, ci.slot_position
      FOR UPDATE OF ci`,
    [inventorySlotIds],
  );
  return new Map(rows.map((row) => [row.inventorySlotId, row]));
}
