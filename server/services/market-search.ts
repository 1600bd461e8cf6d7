/**
 * Browse and search active listings, cheapest first, with a stable keyset cursor over (price_per_unit, listing_id).
 * Searches by item name go to Elasticsearch first (search issue) and PostgreSQL answers whenever it fails, so the market
 * keeps working while Elasticsearch is down; browsing without text goes to PostgreSQL directly.
 */
import type { Engines } from "@/server/context";
import { AppError } from "@/server/errors";
import {
  postgresListingSearch,
  type ListingSearchAfter,
  type ListingSearchPage,
  type ListingSearchRow,
  type ListingSearchSource,
} from "@/server/repositories/market.search";
import type { SearchListingsQuery } from "@/server/schemas/market";
import { elasticsearchListingSearch } from "@/server/repositories/search-listings.es";

export interface ListingView extends ListingSearchRow {
  /** Seconds until the listing expires, at the moment of the query. */
  secondsLeft: number;
}

export interface ListingPage {
  listings: ListingView[];
  nextCursor: string | null;
  /** Which engine found the page. */
  source: ListingSearchSource["name"];
  /** True when Elasticsearch should have answered and PostgreSQL stood in (the page says search runs in reduced mode). */
  degraded: boolean;
}

export function encodeCursor(after: ListingSearchAfter): string {
  return Buffer.from(JSON.stringify([after.pricePerUnit, after.listingId])).toString("base64url");
}

export function decodeCursor(cursor: string): ListingSearchAfter {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && value.length === 2 && value.every((n) => Number.isSafeInteger(n) && n > 0)) {
      return { pricePerUnit: value[0] as number, listingId: value[1] as number };
    }
  } catch {
    // fall through
  }
  throw new AppError("BAD_INPUT", "That page link is not valid any more; start from the first page.", { fieldErrors: { cursor: ["Invalid cursor."] } });
}

/** Hook for the search engineer: return an Elasticsearch-backed source here; null means PostgreSQL only. */
export type PrimarySearchFactory = (engines: Engines) => ListingSearchSource | null;
// Elasticsearch first (search issue 8: server/repositories/search-listings.es.ts); PostgreSQL whenever it fails.
let primarySearch: PrimarySearchFactory = elasticsearchListingSearch;
export function setPrimaryListingSearch(factory: PrimarySearchFactory): void {
  primarySearch = factory;
}

export async function searchListings(engines: Engines, query: SearchListingsQuery): Promise<ListingPage> {
  const { cursor, limit, ...filters } = query;
  const after = cursor ? decodeCursor(cursor) : null;
  const fallback = postgresListingSearch(engines.postgres.pool);
  // Elasticsearch is asked for item-name text only. A browse without text (the seed's "one item by price" query, type,
  // rarity, level and price filters) is one statement on PostgreSQL's own indexes: cheaper than an Elasticsearch page
  // plus the PostgreSQL read of its rows, and never behind the outbox. (bench:market, 16 clients:
  // PostgreSQL 727 searches/s against Elasticsearch's 306–511 for the same mix.)
  const primary = filters.text ? primarySearch(engines) : null;
  let source: ListingSearchSource = primary ?? fallback;
  let degraded = false;
  let page: ListingSearchPage;
  try {
    page = await source.searchListings(filters, after, limit);
  } catch (error) {
    if (!primary) throw error;
    // The search repository already logged why (once per outage, not per request).
    source = fallback;
    degraded = true;
    page = await fallback.searchListings(filters, after, limit);
  }
  const now = Date.now();
  const lastRow = page.rows.at(-1);
  const resumeAfter = page.resumeAfter ?? (lastRow ? { pricePerUnit: lastRow.pricePerUnit, listingId: lastRow.listingId } : null);
  return {
    listings: page.rows.map((row) => ({ ...row, secondsLeft: Math.max(0, Math.floor((new Date(row.expiresAt).getTime() - now) / 1000)) })),
    nextCursor: page.hasMore && resumeAfter ? encodeCursor(resumeAfter) : null,
    source: source.name,
    degraded,
  };
}
