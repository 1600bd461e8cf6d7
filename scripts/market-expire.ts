/** `npm run market:expire [-- --url postgresql://...]`: returns the items of expired listings once, then exits. */
import { loadEnv } from "./lib/env";

loadEnv();
const { createPostgresClients } = await import("@/server/clients/postgres");
const { expireListings } = await import("@/server/market/expiry.service");

const urlFlag = process.argv.indexOf("--url");
const url = urlFlag > -1 ? process.argv[urlFlag + 1] : process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set (copy .env.example to .env).");
  process.exit(2);
}
const { pool, prisma } = createPostgresClients(url, 2);
try {
  const report = await expireListings(pool);
  console.log(
    `market:expire: ${report.expired} listing(s) expired, ${report.unitsToBags} unit(s) back in bags, ${report.unitsToMailbox} unit(s) to mailboxes (${report.batches} batch(es))`,
  );
} catch (error) {
  console.error("market:expire failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
  await pool.end();
}
