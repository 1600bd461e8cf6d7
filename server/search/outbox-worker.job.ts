/**
 * Starts the outbox worker inside the Next.js server process (from instrumentation.ts), once per process.
 * SEARCH_WORKER=off disables it (e.g. when `npm run search:worker` runs separately; both together are safe too).
 */
import "server-only";
import { appConfig } from "@/server/config";
import { processEngines } from "@/server/engines";
import { startWorkerLoop, type WorkerHandle } from "@/server/search/outbox-worker.service";

const globalForWorker = globalThis as unknown as { bluemarbleSearchWorker?: WorkerHandle };

export function startSearchWorker(): void {
  if (appConfig().SEARCH_WORKER === "off" || globalForWorker.bluemarbleSearchWorker) return;
  globalForWorker.bluemarbleSearchWorker = startWorkerLoop(processEngines());
}
