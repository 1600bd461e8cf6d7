/**
 * `npm run leaderboards:rebuild`: rebuilds the Redis leaderboards (leaderboard:level, leaderboard:achievement_points)
 * from PostgreSQL, with a progress bar per board. Each board is swapped in atomically when complete.
 */
import cliProgress from "cli-progress";
import { loadEnv } from "./lib/env";

loadEnv();
const { createPostgresClients } = await import("@/server/clients/postgres");
const { createRedis } = await import("@/server/clients/redis");
const { rebuildLeaderboards } = await import("@/server/leaderboard/leaderboard.service");

const postgres = createPostgresClients(process.env.DATABASE_URL!, 2);
const redis = createRedis(process.env.REDIS_URL!);
const bars = new cliProgress.MultiBar({ format: "{board} |{bar}| {value}/{total} characters", hideCursor: true, clearOnComplete: false }, cliProgress.Presets.shades_classic);
const barsByBoard = new Map<string, cliProgress.SingleBar>();
const started = performance.now();
try {
  const written = await rebuildLeaderboards({ postgres, redis }, ({ board, processed, total }) => {
    let bar = barsByBoard.get(board);
    if (!bar) {
      bar = bars.create(Math.max(total, 1), 0, { board: board.padEnd(18) });
      barsByBoard.set(board, bar);
    }
    bar.setTotal(Math.max(total, 1));
    bar.update(total === 0 ? 1 : processed, { board: board.padEnd(18) });
  });
  bars.stop();
  console.log(`leaderboard:level ${written.level} members, leaderboard:achievement_points ${written.achievement_points} members (${Math.round(performance.now() - started)} ms)`);
} catch (error) {
  bars.stop();
  console.error("leaderboard rebuild failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await Promise.allSettled([postgres.pool.end(), redis.quit()]);
}
