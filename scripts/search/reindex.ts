/**
 * `npm run search:reindex [items|guilds|players|listings ...]`: rebuilds the named indices (all by default) of
 * ELASTICSEARCH_INDEX_PREFIX from DATABASE_URL behind their aliases, with a progress bar and a count check.
 * Searches keep working throughout; changes made meanwhile are replayed from the outbox before the swap.
 */
import { loadEnv } from "../lib/env";
import { progressBars, scriptEngines } from "./engines";

loadEnv();
const { ensureIndex } = await import("@/server/search/indices.es");
const { isSearchIndex, searchIndices } = await import("@/server/search/index-names.rules");
const { reindex } = await import("@/server/search/reindex.service");

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
const unknown = requested.filter((name) => !isSearchIndex(name));
if (unknown.length) {
  console.error(`unknown index ${unknown.join(", ")}; choose from ${searchIndices.join(", ")}`);
  process.exit(2);
}
const indices = requested.length ? requested.filter(isSearchIndex) : [...searchIndices];
const engines = await scriptEngines();
const bars = progressBars();
const reports = [];
try {
  for (const index of indices) {
    await ensureIndex(engines.elasticsearch, engines.searchPrefix, index);
    reports.push(await reindex(engines, index, { onProgress: bars.onProgress }));
  }
  bars.stop();
  for (const r of reports) {
    console.log(
      `${engines.searchPrefix}_${r.index} → ${r.concreteIndex}: count check OK (PostgreSQL snapshot ${r.snapshotCount} = index ${r.indexedCount}), ` +
        `${r.replayed} replayed from the outbox, ${r.finalCount} now searchable, ${r.seconds} s` +
        (r.droppedIndices.length ? `; dropped ${r.droppedIndices.join(", ")}` : ""),
    );
  }
} catch (error) {
  bars.stop();
  const path = (error as { meta?: { meta?: { request?: { params?: { method?: string; path?: string } } } } }).meta?.meta?.request?.params;
  console.error("search:reindex failed:", error instanceof Error ? error.message : error, path ? `(${path.method} ${path.path})` : "");
  process.exitCode = 1;
} finally {
  await engines.close();
}
