/** Clients for the search scripts: DATABASE_URL, ELASTICSEARCH_URL and ELASTICSEARCH_INDEX_PREFIX of this environment. */
import cliProgress from "cli-progress";
import type { ReindexProgress } from "@/server/search/reindex.service";
import type { SearchEngines } from "@/server/search/outbox-worker.service";

export async function scriptEngines(): Promise<SearchEngines & { close: () => Promise<void> }> {
  const { createPostgresClients } = await import("@/server/clients/postgres");
  const { createElasticsearch } = await import("@/server/clients/elasticsearch");
  const postgres = createPostgresClients(process.env.DATABASE_URL!, 4);
  const elasticsearch = createElasticsearch(process.env.ELASTICSEARCH_URL!.split(",").map((url) => url.trim()));
  return {
    postgres,
    elasticsearch,
    searchPrefix: process.env.ELASTICSEARCH_INDEX_PREFIX || "bluemarble",
    async close() {
      await Promise.allSettled([postgres.prisma.$disconnect(), postgres.pool.end(), elasticsearch.close()]);
    },
  };
}

/** One progress bar per index, for reindex and setup. */
export function progressBars(): { onProgress: (progress: ReindexProgress) => void; stop: () => void } {
  const bars = new cliProgress.MultiBar(
    { format: "{index} |{bar}| {value}/{total} documents  {eta_formatted} left", hideCursor: true, clearOnComplete: false, noTTYOutput: true, notTTYSchedule: 5_000 },
    cliProgress.Presets.shades_classic,
  );
  const byIndex = new Map<string, cliProgress.SingleBar>();
  return {
    onProgress({ index, done, total }) {
      let bar = byIndex.get(index);
      if (!bar) {
        bar = bars.create(Math.max(total, 1), 0, { index: index.padEnd(9) });
        byIndex.set(index, bar);
      }
      bar.setTotal(Math.max(total, 1));
      bar.update(total === 0 ? 1 : done, { index: index.padEnd(9) });
    },
    stop: () => bars.stop(),
  };
}
