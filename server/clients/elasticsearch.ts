import "server-only";
import { Client, type estypes } from "@elastic/elasticsearch";
import { appConfig } from "@/server/config";

export type ElasticsearchClient = Client;

export function createElasticsearch(nodes: string[]): Client {
  return new Client({ nodes, requestTimeout: 5_000, maxRetries: 1, sniffOnStart: false });
}


interface QueuedSearch {
  index: string;
  body: estypes.SearchSearchRequestBody;
  timeoutMs: number;
  resolve: (response: estypes.SearchResponse<unknown>) => void;
  reject: (error: unknown) => void;
}

/** A failed search inside an _msearch: the item's own error, so the caller sees what a single search would have thrown. */
export class BatchedSearchError extends Error {
  constructor(
    readonly index: string,
    readonly status: number | undefined,
    readonly type: string,
    reason: string | undefined,
  ) {
    super(`${index}: ${type}${reason ? `: ${reason}` : ""}`);
    this.name = "BatchedSearchError";
  }
}

export interface SearchBatcher {
  search<T>(index: string, body: estypes.SearchSearchRequestBody, timeoutMs: number): Promise<estypes.SearchResponse<T>>;
}

const batchers = new WeakMap<Client, SearchBatcher>();

/**
 * Searches issued in the same event-loop turn go to Elasticsearch as one `_msearch`; a search alone goes as a plain
 * `_search`. The node's fixed work per HTTP request (REST handling, parsing, the response) is paid once per batch: on two
 * shared cores that fixed work was most of a small search (item searches: ~2,200/s one by one, ~3,000–3,500/s in batches
 * of 4–8). A batch answers when its slowest search has; the node runs the batch's searches in parallel. Like Redis
 * auto-pipelining, it adds no wait when searches come one at a time: the batch leaves at the end of the current turn.
 */
export function searchBatcher(es: Client): SearchBatcher {
  let batcher = batchers.get(es);
  if (batcher) return batcher;
  let queue: QueuedSearch[] = [];

  const flush = () => {
    const batch = queue;
    queue = [];
    const transport = { requestTimeout: Math.max(...batch.map((search) => search.timeoutMs)), maxRetries: 0 };
    if (batch.length === 1) {
      const [only] = batch as [QueuedSearch];
      es.search<unknown>({ index: only.index, ...only.body }, transport).then(only.resolve, only.reject);
      return;
    }
    es.msearch<unknown>({ searches: batch.flatMap((search) => [{ index: search.index }, search.body]) }, transport).then(
      ({ responses }) =>
        batch.forEach((search, i) => {
          const response = responses[i];
          if (!response) search.reject(new Error(`${search.index}: no answer in the _msearch response`));
          else if ("error" in response) search.reject(new BatchedSearchError(search.index, response.status, response.error.type, response.error.reason ?? undefined));
          else search.resolve(response);
        }),
      (error: unknown) => batch.forEach((search) => search.reject(error)),
    );
  };

  batcher = {
    search<T>(index: string, body: estypes.SearchSearchRequestBody, timeoutMs: number): Promise<estypes.SearchResponse<T>> {
      return new Promise<estypes.SearchResponse<T>>((resolve, reject) => {
        if (queue.length === 0) setImmediate(flush);
        queue.push({ index, body, timeoutMs, resolve: resolve as QueuedSearch["resolve"], reject });
      });
    },
  };
  batchers.set(es, batcher);
  return batcher;
}

// ------------------------------------------------------------------ degraded mode

/**
 * Degraded mode switch. Every search asks Elasticsearch first with a short timeout; when that fails, the caller
 * answers from PostgreSQL and marks the answer degraded. After a failure Elasticsearch is skipped for
 * BREAKER_OPEN_MS, so while it is down each search costs one PostgreSQL query, not a timeout plus a query.
 */

/** Per-request timeout for search queries (ms): SEARCH_TIMEOUT_MS, default 1000. */
export function searchTimeoutMs(): number {
  return appConfig().SEARCH_TIMEOUT_MS;
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
