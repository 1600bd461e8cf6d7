/**
 * Drains game_data.search_outbox into Elasticsearch (docs/search.md, "Outbox").
 *
 * One drain = one PostgreSQL transaction: take the drain lock (one drainer per database at a time), claim the oldest
 * pending rows, coalesce them per document, read each document's current state from PostgreSQL, send one bulk
 * request to every index behind the write alias, mark the rows processed, commit. If Elasticsearch fails the
 * transaction rolls back, the rows stay pending (attempts and last_error recorded) and the loop backs off
 * exponentially; once Elasticsearch answers again the backlog drains by itself, oldest first.
 */
import "server-only";
import type { Client } from "@elastic/elasticsearch";
import type { PoolClient } from "pg";
import type { Engines } from "@/server/engines";
import { applyChanges, type DocumentChange } from "@/server/search/bulk.es";
import { loadDocuments } from "@/server/search/documents.pg";
import { ensureIndex, indicesBehind } from "@/server/search/indices.es";
import { entityIndex, writeAlias, type SearchEntity } from "@/server/search/index-names.rules";
import { claimBatch, markFailed, markProcessed, purgeProcessed, tryDrainLock, type OutboxRow } from "@/server/search/outbox.pg";

export type SearchEngines = Pick<Engines, "postgres" | "elasticsearch" | "searchPrefix">;

export interface DrainResult {
  /** Outbox rows marked processed. */
  processed: number;
  /** Distinct documents written or deleted. */
  documents: number;
  /** Another process held the drain lock; nothing was done. */
  busy: boolean;
}

const ensured = new WeakMap<Client, Set<string>>();

/** Creates missing indices and aliases once per client and prefix (a fresh test or e2e prefix has none). */
async function ensureIndicesOnce(es: Client, prefix: string, entities: Iterable<SearchEntity>): Promise<void> {
  const done = ensured.get(es) ?? new Set<string>();
  ensured.set(es, done);
  for (const entity of entities) {
    const key = `${prefix}:${entity}`;
    if (done.has(key)) continue;
    await ensureIndex(es, prefix, entityIndex[entity]);
    done.add(key);
  }
}

function groupByEntity(rows: OutboxRow[]): Map<SearchEntity, number[]> {
  const groups = new Map<SearchEntity, Set<number>>();
  for (const row of rows) {
    if (!groups.has(row.entity)) groups.set(row.entity, new Set());
    groups.get(row.entity)!.add(row.entityId);
  }
  return new Map([...groups].map(([entity, ids]) => [entity, [...ids]]));
}

async function writeEntity(client: PoolClient, engines: SearchEngines, entity: SearchEntity, ids: number[], timeoutMs: number): Promise<void> {
  const docs = await loadDocuments(client, entity, ids);
  const changes: DocumentChange[] = ids.map((id) => ({ id, doc: docs.get(id) ?? null }));
  // Resolved after the rows were claimed: a reindex that swapped aliases before this point is already visible here.
  const alias = writeAlias(engines.searchPrefix, entityIndex[entity]);
  let targets = await indicesBehind(engines.elasticsearch, alias);
  if (!targets.length) {
    // Deleted behind our back (a test clean-up, an operator): recreate it empty; a reindex fills it completely.
    await ensureIndex(engines.elasticsearch, engines.searchPrefix, entityIndex[entity]);
    targets = await indicesBehind(engines.elasticsearch, alias);
  }
  if (!targets.length) throw new Error(`no index behind ${alias}`);
  await applyChanges(engines.elasticsearch, targets, changes, { timeoutMs });
}

/** One drain of up to `batchSize` outbox rows. Throws when Elasticsearch failed (the rows stay pending). */
export async function drainOnce(engines: SearchEngines, options: { batchSize?: number; timeoutMs?: number } = {}): Promise<DrainResult> {
  const batchSize = options.batchSize ?? 1000;
  const client = await engines.postgres.pool.connect();
  let claimed: OutboxRow[] = [];
  try {
    await client.query("BEGIN");
    if (!(await tryDrainLock(client))) {
      await client.query("ROLLBACK");
      return { processed: 0, documents: 0, busy: true };
    }
    claimed = await claimBatch(client, batchSize);
    if (!claimed.length) {
      await client.query("COMMIT");
      return { processed: 0, documents: 0, busy: false };
    }
    const groups = groupByEntity(claimed);
    await ensureIndicesOnce(engines.elasticsearch, engines.searchPrefix, groups.keys());
    let documents = 0;
    for (const [entity, ids] of groups) {
      await writeEntity(client, engines, entity, ids, options.timeoutMs ?? 10_000);
      documents += ids.length;
    }
    await markProcessed(client, claimed.map((row) => row.outboxId));
    await client.query("COMMIT");
    return { processed: claimed.length, documents, busy: false };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    await markFailed(engines.postgres.pool, claimed.map((row) => row.outboxId), error instanceof Error ? error.message : String(error)).catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Drains until the outbox is empty (or `maxBatches` were done). For tests and the standalone worker's catch-up. */
export async function drainAll(engines: SearchEngines, options: { batchSize?: number; maxBatches?: number } = {}): Promise<number> {
  let total = 0;
  for (let batch = 0; batch < (options.maxBatches ?? Number.POSITIVE_INFINITY); batch++) {
    const result = await drainOnce(engines, options);
    if (result.busy) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    total += result.processed;
    if (result.processed === 0) break;
  }
  return total;
}

/** Exponential back-off with a cap: 0.5 s, 1 s, 2 s … 30 s. */
export function backoffMs(failures: number): number {
  return failures <= 0 ? 0 : Math.min(30_000, 500 * 2 ** (failures - 1));
}

export interface WorkerHandle {
  stop(): Promise<void>;
  /** Consecutive failed drains (0 = healthy). */
  failures(): number;
}

/**
 * The long-running loop: wakes on NOTIFY search_outbox (sent by the triggers) and at least every `pollMs`, drains
 * until empty, backs off after failures, and purges processed rows older than a day once an hour.
 */
export function startWorkerLoop(engines: SearchEngines, options: { pollMs?: number; log?: (line: string) => void } = {}): WorkerHandle {
  const pollMs = options.pollMs ?? 1000;
  const log = options.log ?? ((line: string) => console.log(`[search] ${line}`));
  let stopped = false;
  let failures = 0;
  let wake: (() => void) | null = null;
  let listener: PoolClient | null = null;
  let lastPurge = 0;

  // A notification that arrives while a drain is running must not be lost until the next poll: remember it.
  let notifiedWhileBusy = false;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (notifiedWhileBusy) {
        notifiedWhileBusy = false;
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });

  async function listen(): Promise<void> {
    try {
      listener = await engines.postgres.pool.connect();
      // During back-off a notification must not cut the wait short.
      listener.on("notification", () => {
        if (failures !== 0) return;
        if (wake) wake();
        else notifiedWhileBusy = true;
      });
      listener.on("error", () => {
        listener = null;
      });
      await listener.query("LISTEN search_outbox");
    } catch (error) {
      log(`LISTEN failed, polling only: ${error instanceof Error ? error.message : error}`);
    }
  }

  const loop = (async () => {
    await listen();
    while (!stopped) {
      try {
        let drained = 0;
        for (;;) {
          const result = await drainOnce(engines);
          if (result.busy || result.processed === 0) break;
          drained += result.processed;
        }
        if (failures > 0) log(`Elasticsearch is back; caught up (${drained} outbox row(s))`);
        failures = 0;
        if (Date.now() - lastPurge > 3_600_000) {
          lastPurge = Date.now();
          await purgeProcessed(engines.postgres.pool, 24).catch(() => undefined);
        }
        if (!listener && !stopped) await listen();
        await sleep(pollMs);
      } catch (error) {
        failures += 1;
        const delay = backoffMs(failures);
        if (failures === 1 || failures % 10 === 0) {
          log(`drain failed (${failures} in a row), retrying in ${delay} ms: ${error instanceof Error ? error.message : error}`);
        }
        // Back-off is not cut short by changes that arrived during the failed drain.
        notifiedWhileBusy = false;
        await sleep(delay);
      }
    }
  })();

  return {
    failures: () => failures,
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      const held = listener as PoolClient | null;
      if (held) {
        await held.query("UNLISTEN search_outbox").catch(() => undefined);
        held.release();
      }
    },
  };
}
