import "server-only";
import { instanceStateSql } from "@/server/ledger/item-state.rules";
import type { PoolClient } from "pg";
import type { CurrencyType, ListingStatus } from "@/server/market/market.schema";

/**
 * SQL for listings, balances, fees, idempotency keys and the returns mailbox. Everything here runs inside one
 * withActorSql transaction opened by server/market/market.service*.ts.
 *
 * Lock order (every money or item path of the market and of trades follows it, so none can deadlock another):
 *   1. the listing (or trade session) row, FOR UPDATE;
 *   2. character rows whose bag changes, FOR NO KEY UPDATE, by character_id (the bag lock of server/character/inventory.pg.ts);
 *   3. character_currencies rows, FOR UPDATE, by character_id;
 *   4. character_inventory rows: the source slot of a listing or trade FOR UPDATE; a bag that receives items is only
 *      read (readBag, lockBalancesAndReadBag). Every writer of a bag holds its bag lock (2) first, so row locks on the
 *      whole bag guarded nothing, and they cost: a buyer with 100 slots wrote 100 row locks (and their WAL) per buy.
 *      The read is a statement after the bag lock, so its snapshot has every earlier holder's writes.
 */

export interface LockedListing {
  listingId: number;
  sellerCharacterId: number;
  sellerPlayerId: number;
  itemId: number;
  itemName: string;
  maxStackSize: number;
  quantity: number;
  pricePerUnit: number;
  currencyType: CurrencyType;
  status: ListingStatus;
  expired: boolean;
  expiresAt: Date;
}

export async function lockListing(client: PoolClient, listingId: number): Promise<LockedListing | null> {
  const { rows } = await client.query<LockedListing>(
    `SELECT ml.listing_id AS "listingId", ml.seller_character_id AS "sellerCharacterId", c.player_id AS "sellerPlayerId",
            ml.item_id AS "itemId", im.item_name AS "itemName", GREATEST(COALESCE(im.max_stack_size, 1), 1) AS "maxStackSize",
            ml.quantity, ml.price_per_unit AS "pricePerUnit", ml.currency_type AS "currencyType",
            COALESCE(ml.status, 'active') AS status, ml.expires_at <= now() AS expired, ml.expires_at AS "expiresAt"
       FROM game_data.marketplace_listings ml
       JOIN game_data.items_master im ON im.item_id = ml.item_id
       JOIN game_data.characters c ON c.character_id = ml.seller_character_id
      WHERE ml.listing_id = $1
      FOR UPDATE OF ml`,
    [listingId],
  );
  return rows[0] ?? null;
}

export interface PurchaseLocks {
  /** False when the idempotency key was already used: the caller reads the stored answer (storedPurchase). */
  claimed: boolean;
  /** The buyer character belongs to the player (and is now bag-locked). */
  buyerOwned: boolean;
  listing: LockedListing | null;
}

/**
 * The first statement of a purchase: claims the idempotency key, locks the listing (lock 1) and the buyer's character
 * row (lock 2, the bag lock, only if the player owns it). One round trip instead of three on the market's hottest path.
 */
export async function claimAndLockPurchase(
  client: PoolClient,
  p: { buyerCharacterId: number; playerId: number | null; idempotencyKey: string; listingId: number; quantity: number },
): Promise<PurchaseLocks> {
  const { rows } = await client.query<{ claimed: boolean; buyerOwned: boolean } & Partial<LockedListing>>({
    name: "market.claim_and_lock_purchase",
    text: `WITH claim AS (
       INSERT INTO game_data.market_idempotency_keys (character_id, idempotency_key, listing_id, quantity)
       VALUES ($1, $2, $3, $4) ON CONFLICT (character_id, idempotency_key) DO NOTHING
       RETURNING 1
     ), listing AS (
       SELECT ml.listing_id, ml.seller_character_id, ml.item_id, ml.quantity, ml.price_per_unit, ml.currency_type, ml.status, ml.expires_at
         FROM game_data.marketplace_listings ml
        WHERE ml.listing_id = $3
        FOR UPDATE
     ), buyer AS (
       SELECT 1 FROM game_data.characters
        WHERE character_id = $1 AND player_id = $5 AND deleted_at IS NULL AND EXISTS (SELECT 1 FROM listing)
        FOR NO KEY UPDATE
     )
     SELECT EXISTS (SELECT 1 FROM claim) AS claimed, EXISTS (SELECT 1 FROM buyer) AS "buyerOwned",
            l.listing_id AS "listingId", l.seller_character_id AS "sellerCharacterId", c.player_id AS "sellerPlayerId",
            l.item_id AS "itemId", im.item_name AS "itemName", GREATEST(COALESCE(im.max_stack_size, 1), 1) AS "maxStackSize",
            l.quantity, l.price_per_unit AS "pricePerUnit", l.currency_type AS "currencyType",
            COALESCE(l.status, 'active') AS status, l.expires_at <= now() AS expired, l.expires_at AS "expiresAt"
       FROM (SELECT 1) AS one
       LEFT JOIN listing l ON TRUE
       LEFT JOIN game_data.items_master im ON im.item_id = l.item_id
       LEFT JOIN game_data.characters c ON c.character_id = l.seller_character_id`,
    values: [p.buyerCharacterId, p.idempotencyKey, p.listingId, p.quantity, p.playerId],
  });
  const { claimed, buyerOwned, ...listing } = rows[0]!;
  return { claimed, buyerOwned, listing: listing.listingId == null ? null : (listing as LockedListing) };
}

/** The bag lock for a character the market acts on without an owning player in the request (expiry). */
export async function lockCharacterBag(client: PoolClient, characterId: number): Promise<boolean> {
  const { rowCount } = await client.query("SELECT 1 FROM game_data.characters WHERE character_id = $1 FOR NO KEY UPDATE", [characterId]);
  return rowCount === 1;
}

export interface SourceSlot {
  inventorySlotId: number;
  itemId: number;
  itemName: string;
  quantity: number;
  isTradeable: boolean;
  equipped: boolean;
  /** Enchanted, worn or customised: the listing row cannot carry that state, so such items are not listed. */
  hasInstanceState: boolean;
}

export async function lockSourceSlot(client: PoolClient, characterId: number, slotPosition: number): Promise<SourceSlot | null> {
  const { rows } = await client.query<SourceSlot>(
    `SELECT ci.inventory_slot_id AS "inventorySlotId", ci.item_id AS "itemId", im.item_name AS "itemName", ci.quantity,
            COALESCE(im.is_tradeable, TRUE) AS "isTradeable",
            (COALESCE(ci.is_equipped, FALSE) OR EXISTS (
               SELECT 1 FROM game_data.character_equipment ce WHERE ce.inventory_slot_id = ci.inventory_slot_id)) AS equipped,
            ${instanceStateSql("ci")} AS "hasInstanceState"
       FROM game_data.character_inventory ci
       JOIN game_data.items_master im ON im.item_id = ci.item_id
      WHERE ci.character_id = $1 AND ci.slot_position = $2
      FOR UPDATE OF ci`,
    [characterId, slotPosition],
  );
  return rows[0] ?? null;
}


/** Takes `quantity` units out of a locked slot: the row shrinks, or disappears when emptied. */
export async function takeFromSlot(client: PoolClient, inventorySlotId: number, held: number, quantity: number): Promise<void> {
  if (quantity === held) {
    // An equipment row pointing here is cleared by fk_equipment_inventory (ON DELETE SET NULL); callers refuse equipped items anyway.
    await client.query("DELETE FROM game_data.character_inventory WHERE inventory_slot_id = $1", [inventorySlotId]);
  } else {
    const { rowCount } = await client.query(
      "UPDATE game_data.character_inventory SET quantity = quantity - $2 WHERE inventory_slot_id = $1 AND quantity > $2",
      [inventorySlotId, quantity],
    );
    if (rowCount !== 1) throw new Error(`slot ${inventorySlotId} changed under its lock`);
  }
}

export async function countActiveListings(client: PoolClient, characterId: number): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM game_data.marketplace_listings WHERE seller_character_id = $1 AND status = 'active'",
    [characterId],
  );
  return rows[0]!.n;
}

export interface NewListing {
  sellerCharacterId: number;
  itemId: number;
  quantity: number;
  pricePerUnit: number;
  currencyType: CurrencyType;
  durationHours: number;
}

export async function insertListing(client: PoolClient, listing: NewListing): Promise<{ listingId: number; expiresAt: Date }> {
  const { rows } = await client.query<{ listingId: number; expiresAt: Date }>(
    `INSERT INTO game_data.marketplace_listings (seller_character_id, item_id, quantity, price_per_unit, currency_type, expires_at, status)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(hours => $6), 'active')
     RETURNING listing_id AS "listingId", expires_at AS "expiresAt"`,
    [listing.sellerCharacterId, listing.itemId, listing.quantity, listing.pricePerUnit, listing.currencyType, listing.durationHours],
  );
  return rows[0]!;
}

export async function closeListing(client: PoolClient, listingId: number, status: "cancelled" | "expired"): Promise<void> {
  const { rowCount } = await client.query("UPDATE game_data.marketplace_listings SET status = $2 WHERE listing_id = $1 AND status = 'active'", [
    listingId,
    status,
  ]);
  if (rowCount !== 1) throw new Error(`listing ${listingId} changed under its lock`);
}

/** Ids of active listings past their expiry, locked; rows another worker holds are skipped, never waited for. */
export async function lockExpiredListings(client: PoolClient, limit: number): Promise<number[]> {
  const { rows } = await client.query<{ listingId: number }>(
    `SELECT listing_id AS "listingId" FROM game_data.marketplace_listings
      WHERE status = 'active' AND expires_at <= now()
      ORDER BY expires_at, listing_id
      LIMIT $1
      FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows.map((row) => row.listingId);
}

// ------------------------------------------------------------------ balances

/** Creates missing balance rows (amount 0) so they can be locked; a concurrent creator is tolerated. */
export async function ensureBalanceRows(client: PoolClient, characterIds: number[], currency: CurrencyType): Promise<void> {
  await client.query(
    `INSERT INTO game_data.character_currencies (character_id, currency_type, amount)
     SELECT id, $2, 0 FROM unnest($1::bigint[]) AS id ORDER BY id
     ON CONFLICT (character_id, currency_type) DO NOTHING`,
    [characterIds, currency],
  );
}

/** Locks the balances of the given characters in character_id order; characters without a row are absent from the map. */
export async function lockBalances(client: PoolClient, characterIds: number[], currency: CurrencyType): Promise<Map<number, number>> {
  const { rows } = await client.query<{ characterId: number; amount: number }>(
    `SELECT character_id AS "characterId", amount FROM game_data.character_currencies
      WHERE character_id = ANY($1::bigint[]) AND currency_type = $2
      ORDER BY character_id
      FOR UPDATE`,
    [characterIds, currency],
  );
  return new Map(rows.map((row) => [row.characterId, row.amount]));
}

/** Debits only if the balance covers it (a second guard behind the lock; positive_currency is the last). Returns the new balance or null. */
export async function debit(client: PoolClient, characterId: number, currency: CurrencyType, amount: number): Promise<number | null> {
  const { rows } = await client.query<{ amount: number }>(
    `UPDATE game_data.character_currencies SET amount = amount - $3
      WHERE character_id = $1 AND currency_type = $2 AND amount >= $3
      RETURNING amount`,
    [characterId, currency, amount],
  );
  return rows[0]?.amount ?? null;
}

export async function credit(client: PoolClient, characterId: number, currency: CurrencyType, amount: number): Promise<number> {
  const { rows } = await client.query<{ amount: number }>(
    `INSERT INTO game_data.character_currencies (character_id, currency_type, amount) VALUES ($1, $2, $3)
     ON CONFLICT (character_id, currency_type) DO UPDATE SET amount = game_data.character_currencies.amount + EXCLUDED.amount
     RETURNING amount`,
    [characterId, currency, amount],
  );
  return rows[0]!.amount;
}

// ------------------------------------------------------------------ ledger rows

export interface TransactionRow {
  type: "purchase" | "sale" | "trade";
  fromCharacterId: number | null;
  toCharacterId: number | null;
  currencyType: CurrencyType | null;
  currencyAmount: number | null;
  itemId: number | null;
  itemQuantity: number | null;
  metadata: Record<string, unknown>;
}

/** Inserts completed transactions rows in one statement; returns their ids in input order. */
export async function insertTransactions(client: PoolClient, rows: TransactionRow[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const { rows: ids } = await client.query<{ transactionId: number; ord: number }>(
    `INSERT INTO game_data.transactions
       (transaction_type, from_character_id, to_character_id, currency_type, currency_amount, item_id, item_quantity,
        transaction_status, completed_at, metadata)
     SELECT t.type, t.from_id, t.to_id, t.currency, t.amount, t.item_id, t.qty, 'completed', now(), t.meta
       FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::bigint[], $6::int[], $7::int[], $8::jsonb[])
            WITH ORDINALITY AS t(type, from_id, to_id, currency, amount, item_id, qty, meta, ord)
      ORDER BY t.ord
     RETURNING transaction_id AS "transactionId"`,
    [
      rows.map((r) => r.type),
      rows.map((r) => r.fromCharacterId),
      rows.map((r) => r.toCharacterId),
      rows.map((r) => r.currencyType),
      rows.map((r) => r.currencyAmount),
      rows.map((r) => r.itemId),
      rows.map((r) => r.itemQuantity),
      rows.map((r) => JSON.stringify(r.metadata)),
    ],
  );
  return ids.map((row) => row.transactionId);
}

// ------------------------------------------------------------------ idempotency

export interface StoredKey {
  listingId: number;
  quantity: number;
  result: unknown;
}

/** The stored request and answer under an idempotency key that claimAndLockPurchase found already used. */
export async function storedPurchase(client: PoolClient, characterId: number, key: string): Promise<StoredKey | null> {
  const { rows } = await client.query<StoredKey>(
    `SELECT listing_id AS "listingId", quantity, result FROM game_data.market_idempotency_keys
      WHERE character_id = $1 AND idempotency_key = $2`,
    [characterId, key],
  );
  return rows[0] ?? null;
}

// ------------------------------------------------------------------ bags

export interface BagSlot {
  inventorySlotId: number;
  slotPosition: number;
  itemId: number;
  quantity: number;
  /** Only plain stacks take more units; an enchanted or worn stack of the same item is left alone. */
  stackable: boolean;
}

/** The whole bag. Call under the bag lock (lockOwnedCharacter / lockCharacterBag), which keeps it from changing. */
export async function readBag(client: PoolClient, characterId: number): Promise<BagSlot[]> {
  const { rows } = await client.query<BagSlot>(
    `SELECT ci.inventory_slot_id AS "inventorySlotId", ci.slot_position AS "slotPosition", ci.item_id AS "itemId", ci.quantity,
            NOT ${instanceStateSql("ci")} AND NOT COALESCE(ci.is_equipped, FALSE) AS stackable
       FROM game_data.character_inventory ci
      WHERE ci.character_id = $1
      ORDER BY ci.slot_position`,
    [characterId],
  );
  return rows;
}

/**
 * Lock 3 of a purchase and the buyer's bag in one round trip: the parties' balances, locked by character_id, and the
 * bag's slots (read, not locked: the caller holds the buyer's bag lock, see the lock order above).
 */
export async function lockBalancesAndReadBag(
  client: PoolClient,
  characterIds: number[],
  currency: CurrencyType,
  bagOf: number,
): Promise<{ balances: Map<number, number>; bag: BagSlot[] }> {
  const { rows } = await client.query<{ balances: [number, number][]; bag: BagSlot[] }>({
    name: "market.lock_balances_and_read_bag",
    text: `SELECT
       (SELECT COALESCE(json_agg(json_build_array(b.character_id, b.amount) ORDER BY b.character_id), '[]')
          FROM (SELECT character_id, amount FROM game_data.character_currencies
                 WHERE character_id = ANY($1::bigint[]) AND currency_type = $2
                 ORDER BY character_id FOR UPDATE) b) AS balances,
       (SELECT COALESCE(json_agg(json_build_object('inventorySlotId', s.inventory_slot_id, 'slotPosition', s.slot_position,
                                                   'itemId', s.item_id, 'quantity', s.quantity, 'stackable', s.stackable)
                                 ORDER BY s.slot_position), '[]')
          FROM (SELECT ci.inventory_slot_id, ci.slot_position, ci.item_id, ci.quantity,
                       NOT ${instanceStateSql("ci")} AND NOT COALESCE(ci.is_equipped, FALSE) AS stackable
                  FROM game_data.character_inventory ci
                 WHERE ci.character_id = $3) s) AS bag`,
    values: [characterIds, currency, bagOf],
  });
  return { balances: new Map(rows[0]!.balances.map(([id, amount]) => [Number(id), Number(amount)])), bag: rows[0]!.bag };
}

export async function addToStack(client: PoolClient, characterId: number, slotPosition: number, add: number): Promise<void> {
  const { rowCount } = await client.query(
    "UPDATE game_data.character_inventory SET quantity = quantity + $3 WHERE character_id = $1 AND slot_position = $2",
    [characterId, slotPosition, add],
  );
  if (rowCount !== 1) throw new Error(`slot ${slotPosition} of character ${characterId} vanished under its lock`);
}

export async function insertStacks(client: PoolClient, characterId: number, itemId: number, stacks: { slotPosition: number; quantity: number }[]): Promise<void> {
  if (stacks.length === 0) return;
  await client.query(
    `INSERT INTO game_data.character_inventory (character_id, item_id, quantity, slot_position)
     SELECT $1, $2, s.quantity, s.position FROM unnest($3::int[], $4::int[]) AS s(position, quantity)`,
    [characterId, itemId, stacks.map((s) => s.slotPosition), stacks.map((s) => s.quantity)],
  );
}

// ------------------------------------------------------------------ mailbox

export async function insertParcel(
  client: PoolClient,
  parcel: { characterId: number; itemId: number; quantity: number; listingId: number; reason: "cancelled" | "expired" },
): Promise<void> {
  await client.query(
    `INSERT INTO game_data.market_mailbox (character_id, item_id, quantity, listing_id, reason) VALUES ($1, $2, $3, $4, $5)`,
    [parcel.characterId, parcel.itemId, parcel.quantity, parcel.listingId, parcel.reason],
  );
}

export interface Parcel {
  parcelId: number;
  itemId: number;
  itemName: string;
  maxStackSize: number;
  quantity: number;
  listingId: number | null;
  reason: string;
  createdAt: Date;
}

const parcelColumns = `mb.parcel_id AS "parcelId", mb.item_id AS "itemId", im.item_name AS "itemName",
  GREATEST(COALESCE(im.max_stack_size, 1), 1) AS "maxStackSize", mb.quantity, mb.listing_id AS "listingId", mb.reason, mb.created_at AS "createdAt"`;

export async function lockUnclaimedParcels(client: PoolClient, characterId: number): Promise<Parcel[]> {
  const { rows } = await client.query<Parcel>(
    `SELECT ${parcelColumns} FROM game_data.market_mailbox mb JOIN game_data.items_master im ON im.item_id = mb.item_id
      WHERE mb.character_id = $1 AND mb.claimed_at IS NULL ORDER BY mb.parcel_id FOR UPDATE OF mb`,
    [characterId],
  );
  return rows;
}

export async function markParcelClaimed(client: PoolClient, parcelId: number, remaining: number): Promise<void> {
  if (remaining > 0) {
    // Part of the parcel fitted: the rest stays unclaimed.
    await client.query("UPDATE game_data.market_mailbox SET quantity = $2 WHERE parcel_id = $1", [parcelId, remaining]);
  } else {
    await client.query("UPDATE game_data.market_mailbox SET claimed_at = now() WHERE parcel_id = $1", [parcelId]);
  }
}

// ------------------------------------------------------------------ the purchase's writes, in one statement

export interface PurchaseWrites {
  listingId: number;
  buyerCharacterId: number;
  sellerCharacterId: number;
  currencyType: CurrencyType;
  itemId: number;
  quantity: number;
  total: number;
  fee: number;
  remaining: number;
  idempotencyKey: string;
  metadata: Record<string, unknown>;
  /** The answer stored under the idempotency key; ids and the balance are filled in by the statement. */
  result: Record<string, unknown>;
  /** Where the units go in the buyer's (locked) bag: planPlacement's plan. */
  placement: { topUps: { slotPosition: number; add: number }[]; newStacks: { slotPosition: number; quantity: number }[] };
}

export interface PurchaseWritten {
  /** Null when the buyer's balance did not cover the total (the conditional UPDATE matched nothing). */
  buyerBalance: number | null;
  sellerCredited: boolean;
  purchaseTransactionId: number;
  saleTransactionId: number;
}

/**
 * Debit (only if amount >= total), credit, listing update, both transactions rows, the fee row, the units into the
 * buyer's bag and the stored idempotent answer, as one statement: one round trip instead of eight while every row
 * involved is already locked.
 * The caller rolls back when buyerBalance is null or the seller was not credited.
 */
export async function writePurchase(client: PoolClient, w: PurchaseWrites): Promise<PurchaseWritten> {
  const { topUps, newStacks } = w.placement;
  const { rows } = await client.query<PurchaseWritten & { writes: number; placed: number }>({
    name: "market.write_purchase",
    text: `WITH balances AS (
       UPDATE game_data.character_currencies cc SET amount = cc.amount + d.delta
         FROM (VALUES ($2::bigint, -$6::bigint), ($3::bigint, $6::bigint - $7::bigint)) AS d(character_id, delta)
        WHERE cc.character_id = d.character_id AND cc.currency_type = $4 AND cc.amount + d.delta >= 0
       RETURNING cc.character_id, cc.amount
     ), listing AS (
       UPDATE game_data.marketplace_listings
          SET quantity = CASE WHEN $8::int > 0 THEN $8::int ELSE quantity END,
              status = CASE WHEN $8::int > 0 THEN 'active' ELSE 'sold' END,
              buyer_character_id = CASE WHEN $8::int > 0 THEN buyer_character_id ELSE $2::bigint END,
              sold_at = CASE WHEN $8::int > 0 THEN sold_at ELSE now() END
        WHERE listing_id = $1 AND status = 'active'
       RETURNING listing_id
     ), tx AS (
       INSERT INTO game_data.transactions
         (transaction_type, from_character_id, to_character_id, currency_type, currency_amount, item_id, item_quantity,
          transaction_status, completed_at, metadata)
       VALUES ('purchase', $2, $3, $4, $6, $5, $9, 'completed', now(), $10::jsonb),
              ('sale', $3, $2, $4, $6::bigint - $7::bigint, $5, $9, 'completed', now(), $10::jsonb)
       RETURNING transaction_id, transaction_type
     ), fee AS (
       INSERT INTO game_data.market_fees (listing_id, transaction_id, seller_character_id, currency_type, amount)
       SELECT $1, transaction_id, $3, $4, $7 FROM tx WHERE transaction_type = 'sale'
       RETURNING fee_id
     ), answer AS (
       UPDATE game_data.market_idempotency_keys
          SET result = $12::jsonb || jsonb_build_object(
                'buyerBalance', (SELECT amount FROM balances WHERE character_id = $2),
                'purchaseTransactionId', (SELECT transaction_id FROM tx WHERE transaction_type = 'purchase'),
                'saleTransactionId', (SELECT transaction_id FROM tx WHERE transaction_type = 'sale'))
        WHERE character_id = $2 AND idempotency_key = $11
       RETURNING 1
     ), topped AS (
       UPDATE game_data.character_inventory ci SET quantity = ci.quantity + t.add
         FROM unnest($13::int[], $14::int[]) AS t(position, add)
        WHERE ci.character_id = $2 AND ci.slot_position = t.position
       RETURNING 1
     ), stacked AS (
       INSERT INTO game_data.character_inventory (character_id, item_id, quantity, slot_position)
       SELECT $2, $5, s.quantity, s.position FROM unnest($15::int[], $16::int[]) AS s(position, quantity)
       RETURNING 1
     )
     SELECT (SELECT amount FROM balances WHERE character_id = $2) AS "buyerBalance",
            EXISTS (SELECT 1 FROM balances WHERE character_id = $3) AS "sellerCredited",
            (SELECT transaction_id FROM tx WHERE transaction_type = 'purchase') AS "purchaseTransactionId",
            (SELECT transaction_id FROM tx WHERE transaction_type = 'sale') AS "saleTransactionId",
            (SELECT count(*) FROM listing) + (SELECT count(*) FROM fee) + (SELECT count(*) FROM answer) AS writes,
            (SELECT count(*) FROM topped) + (SELECT count(*) FROM stacked) AS placed`,
    values: [
      w.listingId,
      w.buyerCharacterId,
      w.sellerCharacterId,
      w.currencyType,
      w.itemId,
      w.total,
      w.fee,
      w.remaining,
      w.quantity,
      JSON.stringify(w.metadata),
      w.idempotencyKey,
      JSON.stringify(w.result),
      topUps.map((t) => t.slotPosition),
      topUps.map((t) => t.add),
      newStacks.map((n) => n.slotPosition),
      newStacks.map((n) => n.quantity),
    ],
  });
  const { writes, placed, ...row } = rows[0]!;
  if (Number(writes) !== 3) throw new Error(`purchase of listing ${w.listingId} wrote ${writes} of 3 rows under its locks`);
  if (Number(placed) !== topUps.length + newStacks.length)
    throw new Error(`purchase of listing ${w.listingId} placed ${placed} of ${topUps.length + newStacks.length} stacks under the bag lock`);
  return row;
}
