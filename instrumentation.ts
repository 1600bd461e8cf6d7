/**
 * Next.js calls register() once per server process at start-up. The market's expiry job runs here on a timer
 * (server/market/expiry.job.ts); a PostgreSQL advisory lock keeps several processes from working at once.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  try {
    const { startMarketExpiryScheduler } = await import("./server/market/expiry.job");
    startMarketExpiryScheduler();
  } catch (error) {
    // The portal must start even if the scheduler cannot; `npm run market:expire` remains available.
    console.error("[market] expiry scheduler not started:", error instanceof Error ? error.message : error);
  }
  try {
    // Search outbox worker (docs/search.md): keeps Elasticsearch in step with PostgreSQL.
    const { startSearchWorker } = await import("./server/search/outbox-worker.job");
    startSearchWorker();
  } catch (error) {
    console.error("[search] outbox worker not started:", error instanceof Error ? error.message : error);
  }
}
