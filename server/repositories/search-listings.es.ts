import "server-only";
import type { Engines } from "@/server/context";
import { currentListingRows, type ListingSearchSource } from "@/server/repositories/market.search";
import { elasticsearchReadsEnabled, searchTimeoutMs, tryElasticsearch } from "@/server/repositories/search-breaker.es";
import { searchListingIdsEs } from "@/server/repositories/search-query.es";

/**
 * The market's listing search on Elasticsearch (`<prefix>_listings`), plugged into server/services/market-search.ts
 * as its primary source. It throws when Elasticsearch fails (or failed moments ago: the breaker is open), and the
 * market service then answers from PostgreSQL with `source: "postgres"`, which the market page shows as reduced mode.
 *
 * Elasticsearch finds, PostgreSQL reads: the node returns the page's listing ids in price order, and the rows come from
 * PostgreSQL by primary key, so a listing sold or cancelled a moment ago (not yet drained from the outbox) is dropped
 * and quantities are current. A brand-new listing appears once the worker has drained it (well under a second).
 */
export function elasticsearchListingSearch(engines: Pick<Engines, "elasticsearch" | "searchPrefix" | "postgres">): ListingSearchSource | null {
  if (!elasticsearchReadsEnabled()) return null;
  return {
    name: "elasticsearch",
    async searchListings(filters, after, limit) {
      const found = await tryElasticsearch(
        engines.elasticsearch,
        () => searchListingIdsEs(engines.elasticsearch, engines.searchPrefix, filters, after, limit, { timeoutMs: searchTimeoutMs() }),
        "market search",
      );
      if (!found) throw new Error("Elasticsearch unavailable");
      const rows = await currentListingRows(engines.postgres.pool, found.hits.map((hit) => hit.listingId));
      return { rows, hasMore: found.hasMore, resumeAfter: found.hits.at(-1) };
    },
  };
}
