import { afterAll, describe, expect, it } from "vitest";
import { expireListings, expireListingsExclusively, expiryLockKey } from "@/server/market/expiry.service";
import { createTestEngines } from "@/tests/helpers/engines";
import { bagSlots, bagUnits, fillBag, giveItem, listingRow, makeCharacter, makeItem } from "@/tests/integration/market-fixtures";

const engines = createTestEngines();
const pool = engines.postgres.pool;
afterAll(() => engines.close());

async function backdate(listingIds: number[]): Promise<void> {
  await pool.query("UPDATE game_data.marketplace_listings SET expires_at = now() - interval '1 second' WHERE listing_id = ANY($1::bigint[])", [listingIds]);
}

describe("expiry job", () => {
  it("returns every unit exactly once, even when two runs race, and a third run changes nothing", async () => {
    const seller = await makeCharacter(engines);
    const item = await makeItem(pool, { maxStack: 10 });
    await giveItem(pool, seller.characterId, item.itemId, 10, 0);
    await giveItem(pool, seller.characterId, item.itemId, 10, 1);
    await giveItem(pool, seller.characterId, item.itemId, 10, 2);
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) {
      const l = await seller.caller.market.create({
        characterId: seller.characterId,
        slotPosition: Math.floor(i / 4),
        quantity: i % 4 === 3 ? 1 : 3,
        pricePerUnit: 5,
        currencyType: "gold",
        durationHours: 12,
      });
      ids.push(l.listingId);
    }
    const fresh = ids.pop()!; // stays active: not yet due
    await backdate(ids);
    const listedUnits = 30 - (await bagUnits(pool, seller.characterId, item.itemId));

    // Small batches so the two runs interleave over several transactions.
    const [a, b] = await Promise.all([expireListings(pool, { batchSize: 2 }), expireListings(pool, { batchSize: 2 })]);
    const mine = await pool.query<{ status: string; n: number }>(
      "SELECT status, count(*)::int AS n FROM game_data.marketplace_listings WHERE listing_id = ANY($1::bigint[]) GROUP BY status",
      [ids],
    );
    expect(mine.rows).toEqual([{ status: "expired", n: 11 }]);
    expect(a.expired + b.expired).toBeGreaterThanOrEqual(11); // other suites' due listings may be collected too
    expect(await listingRow(pool, fresh)).toMatchObject({ status: "active", quantity: 1 });
    // Everything but the fresh listing's unit is back, stacked into full stacks of 10.
    expect(await bagUnits(pool, seller.characterId, item.itemId)).toBe(30 - 1);
    expect(listedUnits).toBe(3 * 9 + 3 - 1 + 1);
    expect((await bagSlots(pool, seller.characterId, item.itemId)).map((s) => s.quantity)).toEqual([10, 10, 9]);

    const again = await expireListings(pool);
    const stillMine = await pool.query("SELECT count(*)::int AS n FROM game_data.audit_log WHERE table_name = 'marketplace_listings' AND operation = 'UPDATE' AND changed_data ->> 'status' = 'expired' AND old_data ->> 'status' = 'active' AND (changed_data ->> 'listing_id')::bigint = ANY($1::bigint[])", [ids]);
    expect(stillMine.rows[0].n).toBe(11); // one status change per listing, never two
    expect(again.expired).toBeGreaterThanOrEqual(0);
    expect(await bagUnits(pool, seller.characterId, item.itemId)).toBe(29);
  });

  it("never loses items: what does not fit the seller's full bag waits in the mailbox", async () => {
    const seller = await makeCharacter(engines);
    const item = await makeItem(pool, { maxStack: 5 });
    await giveItem(pool, seller.characterId, item.itemId, 5, 0);
    const listing = await seller.caller.market.create({ characterId: seller.characterId, slotPosition: 0, quantity: 5, pricePerUnit: 5, currencyType: "gold", durationHours: 12 });
    await fillBag(pool, seller.characterId);
    await backdate([listing.listingId]);

    await expireListings(pool);
    expect(await listingRow(pool, listing.listingId)).toMatchObject({ status: "expired" });
    const parcels = await pool.query("SELECT item_id, quantity, reason FROM game_data.market_mailbox WHERE character_id = $1", [seller.characterId]);
    expect(parcels.rows).toEqual([{ item_id: item.itemId, quantity: 5, reason: "expired" }]);
  });

  it("the scheduled entry point skips while another process holds the run lock", async () => {
    const holder = await pool.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(hashtext($1))", [expiryLockKey]);
      expect(await expireListingsExclusively(pool)).toBeNull();
    } finally {
      await holder.query("SELECT pg_advisory_unlock(hashtext($1))", [expiryLockKey]);
      holder.release();
    }
    expect(await expireListingsExclusively(pool)).not.toBeNull();
  });
});
