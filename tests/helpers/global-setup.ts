import { loadEnv } from "@/scripts/lib/env";
import { ensureDatabase, migrate } from "@/scripts/db/migrator";

/** Creates and migrates the integration-test database once per run; refuses to touch anything that is not local. */
export default async function setup(): Promise<void> {
  loadEnv();
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set");
  const parsed = new URL(url);
  if (!["127.0.0.1", "localhost", "::1"].includes(parsed.hostname) || !parsed.pathname.endsWith("_test")) {
    throw new Error(`Refusing to run integration tests against ${parsed.host}${parsed.pathname}: tests need a local *_test database.`);
  }
  await ensureDatabase(url);
  await migrate(url);
}
