import "server-only";
import type { Engines } from "@/server/context";
import type { ListingSearchRow, ListingSearchSource } from "@/server/repositories/market.search";
import { elasticsearchReadsEnabled, searchTimeoutMs, tryElasticsearch } from "@/server/repositories/search-breaker.es";
import { searchListingsEs } from "@/server/repositories/search-query.es";

/**
 * The market's listing search on Elasticsearch (`<prefix>_listings`), plugged into server/services/market-search.ts
 * as its primary source. It throws when Elasticsearch fails (or failed moments ago: the breaker is open), and the
 * market service then answers from PostgreSQL with `source: "postgres"`, which the market page shows as reduced mode.
 *
 * Elasticsearch finds, PostgreSQL confirms: the page's listings are re-read by primary key, so a listing sold or
 * cancelled a moment ago (not yet drained from the outbox) is dropped and quantities are current. A brand-new listing
 * appears once the worker has drained it (well under a second).
 */
export function elasticsearchListingSearch(engines: Pick<Engines, "elasticsearch" | "searchPrefix" | "postgres">): ListingSearchSource | null {
  if (!elasticsearchReadsEnabled()) return null;
  return {
    name: "elasticsearch",
    async searchListings(filters, after, limit) {
      const result = await tryElasticsearch(
        engines.elasticsearch,
        () => searchListingsEs(engines.elasticsearch, engines.searchPrefix, filters, after, limit, { timeoutMs: searchTimeoutMs() }),
        "market search",
      );
      if (!result) throw new Error("Elasticsearch unavailable");
      const current = await currentListings(engines, result.rows.map((row) => row.listingId));
      const rows: ListingSearchRow[] = [];
      for (const row of result.rows) {
        const now = current.get(row.listingId);
        if (now) rows.push({ ...row, quantity: now.quantity, pricePerUnit: now.pricePerUnit });
      }
      return { rows, hasMore: result.hasMore };
    },
  };
}

async function currentListings(engines: Pick<Engines, "postgres">, ids: number[]): Promise<Map<number, { quantity: number; pricePerUnit: number }>> {
  if (!ids.length) return new Map();
  // Named: a prepared statement per connection, planned once (every market search runs it).
  const { rows } = await engines.postgres.pool.query<{ listing_id: number; quantity: number; price_per_unit: number }>({
    name: "market.current_listings",
    text: `SELECT listing_id, quantity, price_per_unit FROM game_data.marketplace_listings
            WHERE listing_id = ANY($1::bigint[]) AND status = 'active' AND expires_at > now()`,
    values: [ids],
  });
  return new Map(rows.map((row) => [Number(row.listing_id), { quantity: row.quantity, pricePerUnit: Number(row.price_per_unit) }]));
}
