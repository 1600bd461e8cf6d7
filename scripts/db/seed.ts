/**
 * `npm run db:seed [-- --reset] [-- --scale N]`: loads the demo world into DATABASE_URL (docs/data.md).
 *   --reset    empty every game_data table first (local demo/test/scale databases only)
 *   --scale N  then add benchmark volumes through COPY (N=1: 100k players, 250k characters, 2M inventory rows, …)
 */
import pg from "pg";
import { loadEnv } from "../lib/env";
import { seedDemo } from "./seed/demo";
import { seedScale } from "./seed/scale";
import { assertResettable, truncateGameData } from "./seed/sql";

loadEnv();

function argValue(flag: string): string | undefined {
  const index = process.argv.indexOf(flag);
  return index > -1 ? process.argv[index + 1] : undefined;
}

const url = argValue("--url") ?? process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set (copy .env.example to .env).");
  process.exit(2);
}
const scaleArg = argValue("--scale");
const scale = scaleArg === undefined ? null : Number(scaleArg);
if (scale !== null && (!Number.isFinite(scale) || scale <= 0 || scale > 20)) {
  console.error(`--scale wants a number above 0 and at most 20 (got ${scaleArg}).`);
  process.exit(2);
}

const pool = new pg.Pool({ connectionString: url, max: 2 });
const log = (line: string) => console.log(line);
const progress = Boolean(process.stderr.isTTY);
try {
  const where = new URL(url);
  console.log(`seeding ${where.host}${where.pathname}`);
  if (process.argv.includes("--reset")) {
    const client = await pool.connect();
    try {
      const db = await assertResettable(client);
      const tables = await truncateGameData(client);
      console.log(`reset: emptied ${tables.length} game_data tables of ${db}`);
    } finally {
      client.release();
    }
  }
  await seedDemo(pool, { log, progress });
  if (scale !== null) await seedScale(pool, { scale, log, progress });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await pool.end();
}
