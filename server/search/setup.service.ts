/**
 * `npm run search:setup`: makes every search index exist at the version of its mapping file.
 *  - no alias yet → create the concrete index and both aliases;
 *  - alias on an older mapping version → reindex (a new index behind the aliases);
 *  - document count differs from PostgreSQL's (first run after a seed, `db:seed --reset`, a scale load without
 *    triggers) → reindex, so search is complete at once (`--no-initial-reindex` skips this);
 *  - concrete indices no alias points at (an interrupted reindex) → deleted.
 */
import "server-only";
import { countDocuments } from "@/server/search/documents.pg";
import { currentMapping, deleteIndices, ensureIndex, indexState, orphanIndices } from "@/server/search/indices.es";
import { indexEntity, searchIndices, type SearchIndex } from "@/server/search/index-names.rules";
import { reindex, type ReindexProgress, type ReindexReport } from "@/server/search/reindex.service";
import type { SearchEngines } from "@/server/search/outbox-worker.service";

export interface SetupLine {
  index: SearchIndex;
  action: "created" | "reindexed" | "up to date";
  reason?: string;
  documents: number;
  report?: ReindexReport;
}

export async function setupSearch(
  engines: SearchEngines,
  options: { reindexWhenEmpty?: boolean; onProgress?: (progress: ReindexProgress) => void } = {},
): Promise<SetupLine[]> {
  const es = engines.elasticsearch;
  const lines: SetupLine[] = [];
  for (const index of searchIndices) {
    const orphans = await orphanIndices(es, engines.searchPrefix, index);
    await deleteIndices(es, orphans);
    const { created } = await ensureIndex(es, engines.searchPrefix, index);
    const state = await indexState(es, engines.searchPrefix, index);
    let reason: string | undefined;
    if (state.version !== null && state.version < currentMapping(index).version) {
      reason = `mapping v${state.version} → v${currentMapping(index).version}`;
    } else if (options.reindexWhenEmpty !== false) {
      const client = await engines.postgres.pool.connect();
      try {
        const inDatabase = await countDocuments(client, indexEntity[index]);
        // Empty after a first seed; different after `db:seed --reset` (TRUNCATE fires no row triggers) or a scale load
        // with triggers off. A pending outbox also makes counts differ for a moment: reindexing then is merely early.
        if (state.documents !== inDatabase) reason = `index has ${state.documents} document(s), PostgreSQL ${inDatabase}`;
      } finally {
        client.release();
      }
    }
    if (reason) {
      const report = await reindex(engines, index, { onProgress: options.onProgress });
      lines.push({ index, action: "reindexed", reason, documents: report.finalCount, report });
    } else {
      lines.push({ index, action: created ? "created" : "up to date", documents: state.documents });
    }
  }
  return lines;
}
