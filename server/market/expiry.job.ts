/**
 * Runs the market expiry job every MARKET_EXPIRY_INTERVAL_SECONDS (default 60; 0 disables) inside the server process.
 * Started from instrumentation.ts. Several processes may run it: expireListingsExclusively takes an advisory lock and
 * the job itself is safe to run concurrently anyway.
 */
import "server-only";
import { appConfig } from "@/server/config";
import { processEngines } from "@/server/engines";
import { expireListingsExclusively } from "@/server/market/expiry.service";

const globalForScheduler = globalThis as unknown as { bluemarbleMarketExpiry?: ReturnType<typeof setInterval> };

export function startMarketExpiryScheduler(): void {
  const seconds = appConfig().MARKET_EXPIRY_INTERVAL_SECONDS;
  if (seconds <= 0 || globalForScheduler.bluemarbleMarketExpiry) return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const report = await expireListingsExclusively(processEngines().postgres.pool);
      if (report && report.expired > 0) {
        console.log(`[market] expired ${report.expired} listing(s): ${report.unitsToBags} unit(s) back in bags, ${report.unitsToMailbox} to mailboxes`);
      }
    } catch (error) {
      console.error("[market] expiry run failed:", error instanceof Error ? error.message : error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, seconds * 1000);
  timer.unref?.();
  globalForScheduler.bluemarbleMarketExpiry = timer;
  void tick();
}
