import "server-only";
import type { Client } from "@elastic/elasticsearch";

/**
 * Degraded mode switch. Every search asks Elasticsearch first with a short timeout; when that fails, the caller
 * answers from PostgreSQL and marks the answer degraded. After a failure Elasticsearch is skipped for
 * BREAKER_OPEN_MS, so while it is down each search costs one PostgreSQL query, not a timeout plus a query.
 */

/** Per-request timeout for search queries (ms); SEARCH_TIMEOUT_MS overrides. */
export function searchTimeoutMs(): number {
  const configured = Number(process.env.SEARCH_TIMEOUT_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : 1000;
}

/**
 * Whether the market, guild directory and staff look-up read from Elasticsearch first. SEARCH_READS=postgres turns
 * that off: the integration tests of those domains set it, because they search for rows they wrote a moment ago and
 * no outbox worker runs there (the search tests switch it back on and drain explicitly).
 */
export function elasticsearchReadsEnabled(): boolean {
  return process.env.SEARCH_READS !== "postgres";
}

const BREAKER_OPEN_MS = 5_000;
const openUntil = new WeakMap<Client, number>();

export function isBreakerOpen(es: Client): boolean {
  return (openUntil.get(es) ?? 0) > Date.now();
}

/** Runs `work` against Elasticsearch; returns null (and opens the breaker) when it fails or the breaker is open. */
export async function tryElasticsearch<T>(es: Client, work: () => Promise<T>, label: string): Promise<T | null> {
  if (isBreakerOpen(es)) return null;
  try {
    const result = await work();
    openUntil.delete(es);
    return result;
  } catch (error) {
    // A missing index (404) is "not set up yet": degrade the same way, the data is in PostgreSQL.
    openUntil.set(es, Date.now() + BREAKER_OPEN_MS);
    console.warn(`[search] ${label}: Elasticsearch failed, answering from PostgreSQL (${error instanceof Error ? error.message : String(error)})`);
    return null;
  }
}

/** Test helper: forget recorded failures of `es`. */
export function resetBreaker(es: Client): void {
  openUntil.delete(es);
}
