/**
 * `npm run search:setup`: creates the search indices and aliases of ELASTICSEARCH_INDEX_PREFIX from
 * search/mappings/*.json, upgrades indices whose mapping version changed, and fills empty indices from PostgreSQL
 * (`--no-initial-reindex` skips that). Idempotent. Exits 0 with a warning when Elasticsearch is not reachable, so the
 * stack still comes up (search answers from PostgreSQL, marked degraded, until it is).
 */
import { loadEnv } from "../lib/env";
import { progressBars, scriptEngines } from "./engines";

loadEnv();
const { setupSearch } = await import("@/server/search/setup.service");
const engines = await scriptEngines();
const bars = progressBars();
try {
  await engines.elasticsearch.ping({}, { requestTimeout: 5_000, maxRetries: 0 });
} catch (error) {
  console.warn(`search:setup: Elasticsearch is not reachable (${error instanceof Error ? error.message : error}); skipped. Search runs in reduced mode until it is.`);
  await engines.close();
  process.exit(0);
}
try {
  const lines = await setupSearch(engines, { reindexWhenEmpty: !process.argv.includes("--no-initial-reindex"), onProgress: bars.onProgress });
  bars.stop();
  for (const line of lines) {
    console.log(`${engines.searchPrefix}_${line.index}: ${line.action}${line.reason ? ` (${line.reason})` : ""}, ${line.documents} document(s)`);
  }
} catch (error) {
  bars.stop();
  console.error("search:setup failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await engines.close();
}
