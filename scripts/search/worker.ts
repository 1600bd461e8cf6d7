/**
 * `npm run search:worker`: the outbox worker as its own process (the Next.js server also runs one; several are
 * safe: one drains at a time). Stops cleanly on SIGINT/SIGTERM. `--once` drains until empty and exits.
 */
import { loadEnv } from "../lib/env";
import { scriptEngines } from "./engines";

loadEnv();
const { drainAll, startWorkerLoop } = await import("@/server/search/outbox-worker.service");
const engines = await scriptEngines();

if (process.argv.includes("--once")) {
  try {
    const processed = await drainAll(engines);
    console.log(`search:worker: drained ${processed} outbox row(s) into ${engines.searchPrefix}_*`);
  } catch (error) {
    console.error("search:worker failed:", error instanceof Error ? error.message : error);
    process.exitCode = 1;
  } finally {
    await engines.close();
  }
} else {
  console.log(`search:worker: draining game_data.search_outbox into ${engines.searchPrefix}_* (Ctrl-C to stop)`);
  const worker = startWorkerLoop(engines);
  const stop = async () => {
    await worker.stop();
    await engines.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}
