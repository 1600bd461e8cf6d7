/** `npm run db:migrate [-- --url postgresql://...]`: applies pending SQL migrations to DATABASE_URL. */
import { loadEnv } from "../lib/env";
import { ensureDatabase, migrate, MigrationError } from "./migrator";

loadEnv();
const urlFlag = process.argv.indexOf("--url");
const url = urlFlag > -1 ? process.argv[urlFlag + 1] : process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set (copy .env.example to .env).");
  process.exit(2);
}

try {
  const where = new URL(url);
  if (await ensureDatabase(url)) console.log(`created database ${where.pathname.slice(1)}`);
  const result = await migrate(url, { log: (line) => console.log(line) });
  console.log(`migrations: ${result.applied.length} applied, ${result.skipped.length} already applied (${where.host}${where.pathname})`);
} catch (error) {
  if (error instanceof MigrationError) {
    console.error(error.message);
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exit(1);
}
