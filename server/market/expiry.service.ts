/**
 * The expiry job: returns the units of active listings whose time ran out (bag first, mailbox for the rest).
 * Idempotent and safe to run concurrently: each batch locks due listings with FOR UPDATE SKIP LOCKED, re-checks
 * status and expiry under the lock, and closes each listing in the same transaction that returns its units.
 */
import "server-only";
import type { PgPool } from "@/server/clients/postgres";
import { withActorSql } from "@/server/db/actor-transaction";
import { lockExpiredListings } from "@/server/market/listings.pg";
import { expireLockedListing, withRetries } from "@/server/market/market.service";

export interface ExpiryReport {
  expired: number;
  unitsToBags: number;
  unitsToMailbox: number;
  batches: number;
}

/** The system acts here; the audit log records no user for these rows. */
const systemActor = { userId: null, playerId: null, clientIp: null };

export async function expireListings(pool: PgPool, options: { batchSize?: number; maxBatches?: number } = {}): Promise<ExpiryReport> {
  const batchSize = options.batchSize ?? 100;
  const maxBatches = options.maxBatches ?? 1_000;
  const report: ExpiryReport = { expired: 0, unitsToBags: 0, unitsToMailbox: 0, batches: 0 };
  while (report.batches < maxBatches) {
    const done = await withRetries(() =>
      withActorSql(pool, systemActor, async (client) => {
        const ids = await lockExpiredListings(client, batchSize);
        let expired = 0;
        let toBags = 0;
        let toMailbox = 0;
        for (const id of ids) {
          const returned = await expireLockedListing(client, id);
          if (!returned) continue;
          expired += 1;
          toBags += returned.toBag;
          toMailbox += returned.toMailbox;
        }
        return { found: ids.length, expired, toBags, toMailbox };
      }),
    );
    report.batches += 1;
    report.expired += done.expired;
    report.unitsToBags += done.toBags;
    report.unitsToMailbox += done.toMailbox;
    if (done.found < batchSize) break;
  }
  return report;
}

/** Advisory lock key so only one scheduled run per database works at a time (a second run would be safe, just wasted). */
export const expiryLockKey = "bluemarble.market_expiry";

/** The scheduler's entry point: skips (returns null) when another process holds the run lock. */
export async function expireListingsExclusively(pool: PgPool): Promise<ExpiryReport | null> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [expiryLockKey]);
    if (!rows[0]?.locked) return null;
    try {
      return await expireListings(pool);
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [expiryLockKey]);
    }
  } finally {
    client.release();
  }
}
