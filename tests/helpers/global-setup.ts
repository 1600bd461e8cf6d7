import { loadEnv } from "@/scripts/lib/env";
import { Redis } from "ioredis";
import { dropDatabase, ensureDatabase, migrate } from "@/scripts/db/migrator";

/**
 * Creates and migrates the integration-test database once per run; refuses to touch anything that is not local.
 * In CI the database is rebuilt from empty, so a run proves the migrations apply from scratch; locally it is kept
 * (several developers' runs may share it) and only pending migrations are applied.
 */
export default async function setup(): Promise<void> {
  loadEnv();
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set");
  const parsed = new URL(url);
  if (!["127.0.0.1", "localhost", "::1"].includes(parsed.hostname) || !parsed.pathname.endsWith("_test")) {
    throw new Error(`Refusing to run integration tests against ${parsed.host}${parsed.pathname}: tests need a local *_test database.`);
  }
  if (process.env.CI) {
    await dropDatabase(url);
    const redis = new Redis(process.env.TEST_REDIS_URL!);
    await redis.flushdb();
    await redis.quit();
  }
  await ensureDatabase(url);
  await migrate(url);
}
