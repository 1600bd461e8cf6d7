import "server-only";
import type { PgPool } from "@/server/clients/postgres";
import type { CurrencyType, ListingStatus } from "@/server/market/market.schema";

/** Read-side SQL of the market: a character's listings, purchases and sales; an item's prices. Ownership is in every WHERE. */

export interface SellerCharacter {
  characterId: number;
  name: string;
  level: number;
  balances: Partial<Record<CurrencyType, number>>;
}

/** The player's live characters with their balances (one query). */
export async function ownedCharactersWithBalances(pool: PgPool, playerId: number): Promise<SellerCharacter[]> {
  const { rows } = await pool.query<SellerCharacter>(
    `SELECT c.character_id AS "characterId", c.name, c.level,
            COALESCE((SELECT jsonb_object_agg(cc.currency_type, cc.amount) FROM game_data.character_currencies cc
                       WHERE cc.character_id = c.character_id), '{}'::jsonb) AS balances
       FROM game_data.characters c
      WHERE c.player_id = $1 AND c.deleted_at IS NULL
      ORDER BY c.level DESC, c.name`,
    [playerId],
  );
  return rows;
}

export interface SellableSlot {
  slotPosition: number;
  itemId: number;
  itemName: string;
  rarity: string;
  quantity: number;
  /** Null when the slot can be listed; otherwise why not. */
  blockedReason: string | null;
}

export async function sellableSlots(pool: PgPool, playerId: number, characterId: number): Promise<SellableSlot[] | null> {
  const { rows } = await pool.query<SellableSlot & { owned: boolean }>(
    `SELECT TRUE AS owned, ci.slot_position AS "slotPosition", ci.item_id AS "itemId", im.item_name AS "itemName", im.rarity, ci.quantity,
            CASE WHEN ci.inventory_slot_id IS NULL THEN NULL
                 WHEN NOT COALESCE(im.is_tradeable, TRUE) THEN 'cannot be traded'
                 WHEN COALESCE(ci.is_equipped, FALSE) OR EXISTS (SELECT 1 FROM game_data.character_equipment ce WHERE ce.inventory_slot_id = ci.inventory_slot_id) THEN 'equipped'
                 WHEN COALESCE(ci.enchantment_level, 0) <> 0 OR ci.custom_properties IS NOT NULL
                      OR (ci.durability_current IS NOT NULL AND ci.durability_max IS NOT NULL AND ci.durability_current < ci.durability_max) THEN 'not in mint condition'
            END AS "blockedReason"
       FROM game_data.characters c
       LEFT JOIN game_data.character_inventory ci ON ci.character_id = c.character_id
       LEFT JOIN game_data.items_master im ON im.item_id = ci.item_id
      WHERE c.character_id = $1 AND c.player_id = $2 AND c.deleted_at IS NULL
      ORDER BY ci.slot_position`,
    [characterId, playerId],
  );
  if (rows.length === 0) return null;
  return rows.filter((row) => row.slotPosition !== null).map(({ owned: _owned, ...row }) => row);
}

export interface MyListing {
  listingId: number;
  itemId: number;
  itemName: string;
  rarity: string;
  /** Units still for sale (active), returned (cancelled/expired) or in the last lot (sold). */
  quantity: number;
  soldQuantity: number;
  pricePerUnit: number;
  currencyType: CurrencyType;
  status: ListingStatus;
  listedAt: Date | null;
  expiresAt: Date;
  soldAt: Date | null;
}

export async function listingsOfCharacter(pool: PgPool, playerId: number, characterId: number, limit: number): Promise<MyListing[]> {
  const { rows } = await pool.query<MyListing>(
    `SELECT ml.listing_id AS "listingId", ml.item_id AS "itemId", im.item_name AS "itemName", im.rarity, ml.quantity,
            COALESCE((SELECT sum(t.item_quantity) FROM game_data.transactions t
                       WHERE t.transaction_type = 'sale' AND t.from_character_id = ml.seller_character_id
                         AND (t.metadata ->> 'listing_id')::bigint = ml.listing_id), 0)::int AS "soldQuantity",
            ml.price_per_unit AS "pricePerUnit", ml.currency_type AS "currencyType", COALESCE(ml.status, 'active') AS status,
            ml.listed_at AS "listedAt", ml.expires_at AS "expiresAt", ml.sold_at AS "soldAt"
       FROM game_data.marketplace_listings ml
       JOIN game_data.characters c ON c.character_id = ml.seller_character_id AND c.player_id = $2
       JOIN game_data.items_master im ON im.item_id = ml.item_id
      WHERE ml.seller_character_id = $1
      ORDER BY ml.listed_at DESC, ml.listing_id DESC
      LIMIT $3`,
    [characterId, playerId, limit],
  );
  return rows;
}

export interface TradeLine {
  transactionId: number;
  kind: "purchase" | "sale";
  itemId: number;
  itemName: string;
  quantity: number;
  /** Purchases: what the buyer paid. Sales: what the seller received after the fee. */
  amount: number;
  fee: number;
  currencyType: CurrencyType;
  listingId: number | null;
  counterpartyName: string | null;
  createdAt: Date;
}

/** A character's purchases and sales, newest first. Both row kinds have from_character_id = the acting side. */
export async function tradesOfCharacter(pool: PgPool, playerId: number, characterId: number, limit: number): Promise<TradeLine[]> {
  const { rows } = await pool.query<TradeLine>(
    `SELECT t.transaction_id AS "transactionId", t.transaction_type AS kind, t.item_id AS "itemId", im.item_name AS "itemName",
            t.item_quantity AS quantity, t.currency_amount AS amount, COALESCE((t.metadata ->> 'fee')::bigint, 0) AS fee,
            t.currency_type AS "currencyType", (t.metadata ->> 'listing_id')::bigint AS "listingId",
            other.name AS "counterpartyName", t.created_at AS "createdAt"
       FROM game_data.transactions t
       JOIN game_data.characters c ON c.character_id = t.from_character_id AND c.player_id = $2
       JOIN game_data.items_master im ON im.item_id = t.item_id
       LEFT JOIN game_data.characters other ON other.character_id = t.to_character_id
      WHERE t.from_character_id = $1 AND t.transaction_type IN ('purchase', 'sale')
      ORDER BY t.created_at DESC, t.transaction_id DESC
      LIMIT $3`,
    [characterId, playerId, limit],
  );
  return rows;
}

export interface ItemSummary {
  itemId: number;
  itemName: string;
  itemType: string;
  rarity: string;
  description: string | null;
  requiredLevel: number;
  maxStackSize: number;
  isTradeable: boolean;
  iconUrl: string | null;
}

export async function findItem(pool: PgPool, itemId: number): Promise<ItemSummary | null> {
  const { rows } = await pool.query<ItemSummary>(
    `SELECT item_id AS "itemId", item_name AS "itemName", item_type AS "itemType", rarity, description,
            COALESCE(required_level, 1) AS "requiredLevel", GREATEST(COALESCE(max_stack_size, 1), 1) AS "maxStackSize",
            COALESCE(is_tradeable, TRUE) AS "isTradeable", icon_url AS "iconUrl"
       FROM game_data.items_master WHERE item_id = $1`,
    [itemId],
  );
  return rows[0] ?? null;
}

export interface LowestPrice {
  lowestPrice: number | null;
  activeListings: number;
  unitsForSale: number;
}

export async function lowestPrice(pool: PgPool, itemId: number, currency: CurrencyType): Promise<LowestPrice> {
  const { rows } = await pool.query<LowestPrice>(
    `SELECT min(price_per_unit) AS "lowestPrice", count(*)::int AS "activeListings", COALESCE(sum(quantity), 0)::bigint AS "unitsForSale"
       FROM game_data.marketplace_listings
      WHERE item_id = $1 AND status = 'active' AND expires_at > now() AND currency_type = $2`,
    [itemId, currency],
  );
  return rows[0]!;
}

export interface PricePoint {
  day: string;
  median: number;
  volume: number;
}

/** Median unit price and units sold per UTC day, from completed, unreversed purchases (idx_transactions_item_purchases). */
export async function priceHistory(pool: PgPool, itemId: number, currency: CurrencyType, days: number): Promise<PricePoint[]> {
  const { rows } = await pool.query<{ day: string; median: string; volume: number }>(
    `SELECT to_char(date_trunc('day', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY currency_amount::numeric / item_quantity) AS median,
            sum(item_quantity)::bigint AS volume
       FROM game_data.transactions
      WHERE transaction_type = 'purchase' AND transaction_status = 'completed'
        AND item_id = $1 AND currency_type = $2 AND item_quantity > 0
        AND created_at >= now() - make_interval(days => $3)
        -- Staff reversals (docs/staff.md) undo a purchase: neither the original nor its compensation is a market price.
        AND NOT (metadata ? 'reverses') AND NOT (metadata ? 'reversed_by')
      GROUP BY 1 ORDER BY 1`,
    [itemId, currency, days],
  );
  return rows.map((row) => ({ day: row.day, median: Math.round(Number(row.median) * 100) / 100, volume: row.volume }));
}

export interface MailboxParcel {
  parcelId: number;
  itemId: number;
  itemName: string;
  quantity: number;
  reason: string;
  createdAt: Date;
}

export async function unclaimedParcels(pool: PgPool, playerId: number, characterId: number): Promise<MailboxParcel[]> {
  const { rows } = await pool.query<MailboxParcel>(
    `SELECT mb.parcel_id AS "parcelId", mb.item_id AS "itemId", im.item_name AS "itemName", mb.quantity, mb.reason, mb.created_at AS "createdAt"
       FROM game_data.market_mailbox mb
       JOIN game_data.characters c ON c.character_id = mb.character_id AND c.player_id = $2
       JOIN game_data.items_master im ON im.item_id = mb.item_id
      WHERE mb.character_id = $1 AND mb.claimed_at IS NULL
      ORDER BY mb.parcel_id`,
    [characterId, playerId],
  );
  return rows;
}
