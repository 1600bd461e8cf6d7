import "server-only";
import type { PgPool } from "@/server/clients/postgres";
import { prefixTsQuery } from "@/server/db/text-match";
import type { CurrencyType } from "@/server/market/market.schema";

/**
 * Browsing and searching active listings on PostgreSQL (price order via idx_marketplace_active_price and
 * idx_marketplace_active_item_price, item names via idx_items_name_fts), and reading the current rows of listings
 * another engine found. `ListingSearchSource` is what server/market/listing-search.service.ts asks: Elasticsearch for
 * item-name text first, this PostgreSQL source whenever that fails.
 */

export interface ListingSearchFilters {
  /** Words of the item name; each matches as a prefix ("iron sw" finds "Iron Sword"). */
  text?: string;
  itemId?: number;
  itemType?: string;
  rarity?: string;
  minLevel?: number;
  maxLevel?: number;
  minPrice?: number;
  maxPrice?: number;
  currencyType?: CurrencyType;
}

/** Keyset position: the last row of the previous page in (price_per_unit, listing_id) order. */
export interface ListingSearchAfter {
  pricePerUnit: number;
  listingId: number;
}

export interface ListingSearchRow {
  listingId: number;
  itemId: number;
  itemName: string;
  itemType: string;
  rarity: string;
  requiredLevel: number;
  iconUrl: string | null;
  quantity: number;
  pricePerUnit: number;
  currencyType: CurrencyType;
  sellerCharacterId: number;
  sellerName: string;
  listedAt: Date | null;
  expiresAt: Date;
}

export interface ListingSearchPage {
  rows: ListingSearchRow[];
  /** Whether another page exists. */
  hasMore: boolean;
  /**
   * Where the next page starts when that is not the last row: an engine that found listings which are gone by the time
   * their rows are read (sold a moment ago) still moves the cursor past them, so a page emptied that way can be left.
   */
  resumeAfter?: ListingSearchAfter;
}

export interface ListingSearchSource {
  readonly name: "postgres" | "elasticsearch";
  /** Up to `limit` rows after `after`, cheapest first (ties by listing id). */
  searchListings(filters: ListingSearchFilters, after: ListingSearchAfter | null, limit: number): Promise<ListingSearchPage>;
}


const rowColumns = `ml.listing_id AS "listingId", ml.item_id AS "itemId", im.item_name AS "itemName", im.item_type AS "itemType",
  im.rarity, COALESCE(im.required_level, 1) AS "requiredLevel", im.icon_url AS "iconUrl",
  ml.quantity, ml.price_per_unit AS "pricePerUnit", ml.currency_type AS "currencyType",
  ml.seller_character_id AS "sellerCharacterId", c.name AS "sellerName", ml.listed_at AS "listedAt", ml.expires_at AS "expiresAt"`;

/** Listing-level conditions, on alias ml; parameters $7…$11 as bound below. */
const listingConditions = `ml.status = 'active' AND ml.expires_at > now()
  AND ($7::bigint IS NULL OR ml.price_per_unit >= $7)
  AND ($8::bigint IS NULL OR ml.price_per_unit <= $8)
  AND ($9::text IS NULL OR ml.currency_type = $9)
  AND ($10::bigint IS NULL OR (ml.price_per_unit, ml.listing_id) > ($10::bigint, $11::bigint))`;

/** Item-level conditions, on alias im; parameters $1…$6. */
const itemConditions = `($1::text IS NULL OR to_tsvector('simple', im.item_name) @@ to_tsquery('simple', $1))
  AND ($2::int IS NULL OR im.item_id = $2)
  AND ($3::text IS NULL OR im.item_type = $3)
  AND ($4::text IS NULL OR im.rarity = $4)
  AND ($5::int IS NULL OR COALESCE(im.required_level, 1) >= $5)
  AND ($6::int IS NULL OR COALESCE(im.required_level, 1) <= $6)`;

/**
 * Two plans for one ordering. With an item filter, the matching items are found first and each one's cheapest
 * listings come from idx_marketplace_active_item_price (at most `limit` per item), then merged by price. Without one,
 * active listings are walked in price order through idx_marketplace_active_price. Both end in (price, listing_id) order.
 */
const byItemsSql = `
  SELECT ${rowColumns}
    FROM game_data.items_master im
   CROSS JOIN LATERAL (
         SELECT * FROM game_data.marketplace_listings ml
          WHERE ml.item_id = im.item_id AND ${listingConditions}
          ORDER BY ml.price_per_unit, ml.listing_id
          LIMIT $12) ml
    JOIN game_data.characters c ON c.character_id = ml.seller_character_id
   WHERE ${itemConditions}
   ORDER BY ml.price_per_unit, ml.listing_id
   LIMIT $12`;

const byPriceSql = `
  SELECT ${rowColumns}
    FROM game_data.marketplace_listings ml
    JOIN game_data.items_master im ON im.item_id = ml.item_id
    JOIN game_data.characters c ON c.character_id = ml.seller_character_id
   WHERE ${listingConditions} AND ${itemConditions}
   ORDER BY ml.price_per_unit, ml.listing_id
   LIMIT $12`;

/**
 * The rows of the given listings that are still active and unexpired, in the order of `listingIds` (the page another
 * engine found); a listing sold, cancelled or expired since is left out. Named: prepared once per connection.
 */
export async function currentListingRows(pool: PgPool, listingIds: number[]): Promise<ListingSearchRow[]> {
  if (!listingIds.length) return [];
  const { rows } = await pool.query<ListingSearchRow>({
    name: "market.current_listing_rows",
    text: `SELECT ${rowColumns}
             FROM game_data.marketplace_listings ml
             JOIN game_data.items_master im ON im.item_id = ml.item_id
             JOIN game_data.characters c ON c.character_id = ml.seller_character_id
            WHERE ml.listing_id = ANY($1::bigint[]) AND ml.status = 'active' AND ml.expires_at > now()`,
    values: [listingIds],
  });
  const byId = new Map(rows.map((row) => [Number(row.listingId), row]));
  return listingIds.flatMap((id) => byId.get(id) ?? []);
}

export function postgresListingSearch(pool: PgPool): ListingSearchSource {
  return {
    name: "postgres",
    async searchListings(filters, after, limit) {
      const tsQuery = filters.text ? prefixTsQuery(filters.text) : null;
      const narrowsItems =
        tsQuery !== null || filters.itemId !== undefined || filters.itemType !== undefined || filters.rarity !== undefined || filters.minLevel !== undefined || filters.maxLevel !== undefined;
      // Named: parsed and analysed once per connection (PostgreSQL's CPU per market search −6 %, docs/benchmarks.md).
      // Each call is still planned for its values: with the optional filters a generic plan is estimated dearer, and
      // pg_prepared_statements shows custom plans only, which is what these queries need (which index depends on them).
      const { rows } = await pool.query<ListingSearchRow>({
        name: narrowsItems ? "market.search_by_items" : "market.search_by_price",
        text: narrowsItems ? byItemsSql : byPriceSql,
        values: [
          tsQuery,
          filters.itemId ?? null,
          filters.itemType ?? null,
          filters.rarity ?? null,
          filters.minLevel ?? null,
          filters.maxLevel ?? null,
          filters.minPrice ?? null,
          filters.maxPrice ?? null,
          filters.currencyType ?? null,
          after?.pricePerUnit ?? null,
          after?.listingId ?? null,
          limit + 1,
        ],
      });
      return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
    },
  };
}
