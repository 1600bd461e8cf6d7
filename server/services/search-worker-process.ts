/**
 * Starts the outbox worker inside the Next.js server process (from instrumentation.ts), once per process.
 * SEARCH_WORKER=off disables it (e.g. when `npm run search:worker` runs separately; both together are safe too).
 */
import { elasticsearch } from "@/server/clients/elasticsearch";
import { postgres } from "@/server/clients/postgres";
import { appConfig } from "@/server/config";
import { startWorkerLoop, type WorkerHandle } from "@/server/services/search-worker";

const globalForWorker = globalThis as unknown as { bluemarbleSearchWorker?: WorkerHandle };

export function startSearchWorker(): void {
  if (process.env.SEARCH_WORKER === "off" || globalForWorker.bluemarbleSearchWorker) return;
  globalForWorker.bluemarbleSearchWorker = startWorkerLoop({
    postgres: postgres(),
    elasticsearch: elasticsearch(),
    searchPrefix: appConfig().ELASTICSEARCH_INDEX_PREFIX,
  });
}
