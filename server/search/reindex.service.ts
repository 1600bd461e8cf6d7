/**
 * Rebuilds one search index from PostgreSQL behind its aliases (docs/search.md, "Reindex").
 *
 * 1. Create a new concrete index (refreshes off).
 * 2. Copy every document from one REPEATABLE READ snapshot, remembering the snapshot (pg_current_snapshot()).
 *    Meanwhile the worker keeps updating the old index, so searches stay fresh.
 * 3. Count check: the new index holds exactly the snapshot's documents.
 * 4. Under the drain lock (no worker writes now): replay every outbox row of this entity that the snapshot did not
 *    see, reading current state, into the new index; swap both aliases in one atomic call; mark the outbox rows the
 *    new index already reflects as processed. Writes made during the reindex are therefore never lost.
 * 5. Drop the old concrete index.
 */
import "server-only";
import { applyChanges } from "@/server/search/bulk.es";
import { countDocuments, documentPage, loadDocuments } from "@/server/search/documents.pg";
import { createConcreteIndex, deleteIndices, finishBulkLoad, swapAliases } from "@/server/search/indices.es";
import { indexEntity, readAlias, type SearchIndex } from "@/server/search/index-names.rules";
import { DRAIN_LOCK, markSeenBySnapshot, rowsAfterSnapshot } from "@/server/search/outbox.pg";
import type { SearchEngines } from "@/server/search/outbox-worker.service";

export interface ReindexProgress {
  index: SearchIndex;
  done: number;
  total: number;
}

export interface ReindexReport {
  index: SearchIndex;
  concreteIndex: string;
  /** Documents in the PostgreSQL snapshot, and in the new index after the copy (they must be equal). */
  snapshotCount: number;
  indexedCount: number;
  /** Documents re-read because they changed while the copy ran. */
  replayed: number;
  /** Documents behind the alias right after the swap. */
  finalCount: number;
  droppedIndices: string[];
  seconds: number;
}

export class ReindexCountMismatch extends Error {
  constructor(index: string, expected: number, actual: number) {
    super(`count check failed for ${index}: PostgreSQL snapshot has ${expected} document(s), the new index ${actual}`);
    this.name = "ReindexCountMismatch";
  }
}

/** A bulk page is idempotent (index by id): retry it a few times before giving up the whole reindex. */
async function withRetries<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  }
}

export async function reindex(
  engines: SearchEngines,
  index: SearchIndex,
  options: {
    pageSize?: number;
    onProgress?: (progress: ReindexProgress) => void;
    /** Test seam: runs after the copy, before the replay-and-swap (a change made here must not be lost). */
    afterCopy?: () => Promise<void>;
  } = {},
): Promise<ReindexReport> {
  const started = performance.now();
  const es = engines.elasticsearch;
  const entity = indexEntity[index];
  const pageSize = options.pageSize ?? 2000;
  const concreteIndex = await createConcreteIndex(es, engines.searchPrefix, index, { forBulkLoad: true });
  let swapped = false;
  try {
    // ---- copy from one snapshot
    const reader = await engines.postgres.pool.connect();
    let snapshot: string;
    let snapshotCount: number;
    try {
      await reader.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      snapshot = (await reader.query<{ snap: string }>("SELECT pg_current_snapshot()::text AS snap")).rows[0]!.snap;
      snapshotCount = await countDocuments(reader, entity);
      options.onProgress?.({ index, done: 0, total: snapshotCount });
      let afterId = 0;
      let done = 0;
      for (;;) {
        const page = await documentPage(reader, entity, afterId, pageSize);
        if (!page.length) break;
        await withRetries(() => applyChanges(es, [concreteIndex], page, { timeoutMs: 120_000 }));
        done += page.length;
        afterId = page[page.length - 1]!.id;
        options.onProgress?.({ index, done, total: snapshotCount });
      }
      await reader.query("COMMIT");
    } catch (error) {
      await reader.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      reader.release();
    }

    await finishBulkLoad(es, index, concreteIndex);
    const indexedCount = (await es.count({ index: concreteIndex }, { requestTimeout: 60_000 })).count;
    if (indexedCount !== snapshotCount) throw new ReindexCountMismatch(concreteIndex, snapshotCount, indexedCount);

    await options.afterCopy?.();

    // ---- replay and swap, with drains paused
    const locker = await engines.postgres.pool.connect();
    let replayed = 0;
    let previous: string[] = [];
    try {
      await locker.query("SELECT pg_advisory_lock($1)", [DRAIN_LOCK]);
      const missed = await rowsAfterSnapshot(locker, entity, snapshot);
      if (missed.entityIds.length) {
        const docs = await loadDocuments(locker, entity, missed.entityIds);
        await applyChanges(es, [concreteIndex], missed.entityIds.map((id) => ({ id, doc: docs.get(id) ?? null })), { refresh: true, timeoutMs: 120_000 });
      }
      replayed = missed.entityIds.length;
      previous = await swapAliases(es, engines.searchPrefix, index, concreteIndex);
      swapped = true;
      await markSeenBySnapshot(locker, entity, snapshot, missed.outboxIds);
    } finally {
      await locker.query("SELECT pg_advisory_unlock($1)", [DRAIN_LOCK]).catch(() => undefined);
      locker.release();
    }

    // The swap is done: failing to drop the old index must not fail the reindex (search:setup drops orphans later).
    const dropped = await deleteIndices(es, previous).then(
      () => previous,
      (error: unknown) => {
        console.warn(`[search] could not drop ${previous.join(", ")} yet: ${error instanceof Error ? error.message : error}`);
        return [];
      },
    );
    const finalCount = (await es.count({ index: readAlias(engines.searchPrefix, index) }, { requestTimeout: 60_000 })).count;
    return {
      index,
      concreteIndex,
      snapshotCount,
      indexedCount,
      replayed,
      finalCount,
      droppedIndices: dropped,
      seconds: Math.round((performance.now() - started) / 10) / 100,
    };
  } catch (error) {
    if (!swapped) await deleteIndices(es, [concreteIndex]).catch(() => undefined);
    throw error;
  }
}
