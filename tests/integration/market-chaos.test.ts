/**
 * A randomized concurrent mix of list, buy (with retried keys), cancel, expire, claim and direct trades across many
 * characters. Afterwards money (balances + fees) and item units (bags + active listings + mailbox) must equal the start,
 * no balance may be negative, and every failure must have been a clear 4xx, never a 500.
 * The seed is printed on failure; set MARKET_CHAOS_SEED to replay one.
 */
import { TRPCError } from "@trpc/server";
import { afterAll, describe, expect, it } from "vitest";
import { createPostgresClients } from "@/server/clients/postgres";
import { measureEconomyTotals } from "@/server/ledger/conservation.service";
import { expireListings } from "@/server/market/expiry.service";
import { createTestEngines } from "@/tests/helpers/engines";
import { giveItem, key, makeCharacter, makePlayer, makeItem, type TestCharacter } from "@/tests/integration/market-fixtures";

const base = createTestEngines();
const wide = createPostgresClients(process.env.TEST_DATABASE_URL!, 16);
const engines = { ...base, postgres: wide };
const pool = wide.pool;
afterAll(async () => {
  await Promise.allSettled([wide.prisma.$disconnect(), wide.pool.end()]);
  await base.close();
});

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("randomized concurrent economy", () => {
  it("conserves every currency and every item unit", { timeout: 120_000 }, async () => {
    const seed = Number(process.env.MARKET_CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const random = prng(seed);
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

    const players = await Promise.all(Array.from({ length: 4 }, () => makePlayer(pool)));
    const characters: TestCharacter[] = [];
    for (const player of players)
      for (let i = 0; i < 2; i++) characters.push(await makeCharacter(engines, { player, balances: { gold: 5_000, gems: 300 } }));
    const items = [await makeItem(pool, { maxStack: 20 }), await makeItem(pool, { maxStack: 1 }), await makeItem(pool, { maxStack: 99 })];
    for (const c of characters) {
      await giveItem(pool, c.characterId, items[0]!.itemId, 20, 0);
      await giveItem(pool, c.characterId, items[0]!.itemId, 7, 1);
      await giveItem(pool, c.characterId, items[1]!.itemId, 1, 2);
      await giveItem(pool, c.characterId, items[1]!.itemId, 1, 3);
      await giveItem(pool, c.characterId, items[2]!.itemId, 60, 4);
    }
    const ids = characters.map((c) => c.characterId);
    const byId = new Map(characters.map((c) => [c.characterId, c]));
    const before = await measureEconomyTotals(pool, ids);

    const counts: Record<string, number> = {};
    const unexpected: unknown[] = [];
    const usedKeys: { buyer: TestCharacter; listingId: number; quantity: number; idempotencyKey: string }[] = [];

    async function run(name: string, op: () => Promise<unknown>): Promise<void> {
      try {
        await op();
        counts[`${name}:ok`] = (counts[`${name}:ok`] ?? 0) + 1;
      } catch (error) {
        if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") counts[`${name}:refused`] = (counts[`${name}:refused`] ?? 0) + 1;
        else unexpected.push({ name, error });
      }
    }

    const activeListings = async () =>
      (
        await pool.query<{ listingId: number; seller: number; quantity: number }>(
          `SELECT listing_id AS "listingId", seller_character_id AS seller, quantity FROM game_data.marketplace_listings
            WHERE status = 'active' AND seller_character_id = ANY($1::bigint[])`,
          [ids],
        )
      ).rows;
    const occupiedSlots = async (characterId: number) =>
      (
        await pool.query<{ slot: number; quantity: number }>(
          "SELECT slot_position AS slot, quantity FROM game_data.character_inventory WHERE character_id = $1",
          [characterId],
        )
      ).rows;

    async function randomOp(): Promise<void> {
      const roll = random();
      const me = pick(characters);
      if (roll < 0.25) {
        const slots = await occupiedSlots(me.characterId);
        if (!slots.length) return;
        const slot = pick(slots);
        await run("list", () =>
          me.caller.market.create({
            characterId: me.characterId,
            slotPosition: slot.slot,
            quantity: int(1, slot.quantity + (random() < 0.1 ? 1 : 0)),
            pricePerUnit: int(1, 40),
            currencyType: random() < 0.7 ? "gold" : "gems",
            durationHours: pick([12, 24, 48] as const),
          }),
        );
      } else if (roll < 0.55) {
        const listings = await activeListings();
        if (random() < 0.2 && usedKeys.length) {
          const retry = pick(usedKeys);
          await run("buy-retry", () => retry.buyer.caller.market.buy({ listingId: retry.listingId, buyerCharacterId: retry.buyer.characterId, quantity: retry.quantity, idempotencyKey: retry.idempotencyKey }));
          return;
        }
        if (!listings.length) return;
        const listing = pick(listings);
        const request = { buyer: me, listingId: listing.listingId, quantity: int(1, listing.quantity), idempotencyKey: key() };
        usedKeys.push(request);
        await run("buy", () => me.caller.market.buy({ listingId: request.listingId, buyerCharacterId: me.characterId, quantity: request.quantity, idempotencyKey: request.idempotencyKey }));
      } else if (roll < 0.65) {
        const listings = await activeListings();
        if (!listings.length) return;
        const listing = pick(listings);
        const who = random() < 0.85 ? byId.get(listing.seller)! : me;
        await run("cancel", () => who.caller.market.cancel({ listingId: listing.listingId }));
      } else if (roll < 0.75) {
        const listings = await activeListings();
        if (listings.length) {
          await pool.query("UPDATE game_data.marketplace_listings SET expires_at = now() - interval '1 second' WHERE listing_id = $1", [pick(listings).listingId]);
        }
        await run("expire", () => expireListings(pool, { batchSize: 3 }));
      } else if (roll < 0.8) {
        await run("claim", () => me.caller.market.claimMailbox({ characterId: me.characterId }));
      } else {
        const other = pick(characters.filter((c) => c.characterId !== me.characterId));
        await run("trade", async () => {
          const opened = await me.caller.trade.open({ characterId: me.characterId, partnerName: other.name });
          const ref = { tradeId: opened.tradeId };
          const mySlots = await occupiedSlots(me.characterId);
          const theirSlots = await occupiedSlots(other.characterId);
          if (mySlots.length) {
            const s = pick(mySlots);
            await me.caller.trade.offerItem({ ...ref, characterId: me.characterId, slotPosition: s.slot, quantity: int(1, s.quantity) });
          }
          await me.caller.trade.offerCurrency({ ...ref, characterId: me.characterId, currencyType: "gold", amount: int(1, 300) });
          if (theirSlots.length && random() < 0.7) {
            const s = pick(theirSlots);
            await other.caller.trade.offerItem({ ...ref, characterId: other.characterId, slotPosition: s.slot, quantity: int(1, s.quantity) });
          }
          if (random() < 0.5) await other.caller.trade.offerCurrency({ ...ref, characterId: other.characterId, currencyType: "gems", amount: int(1, 30) });
          const seen = await other.caller.trade.get({ ...ref, characterId: other.characterId });
          await Promise.all([
            me.caller.trade.confirm({ ...ref, characterId: me.characterId, version: seen.version }),
            other.caller.trade.confirm({ ...ref, characterId: other.characterId, version: seen.version }),
          ]).catch(async (error) => {
            await me.caller.trade.cancel({ ...ref, characterId: me.characterId }).catch(() => undefined);
            throw error;
          });
        });
      }
    }

    for (let round = 0; round < 14; round++) {
      await Promise.all(Array.from({ length: 10 }, () => randomOp()));
    }
    // Collect whatever is still due, so nothing sits half-way.
    await expireListings(pool);

    const after = await measureEconomyTotals(pool, ids);
    const context = `seed ${seed}; outcomes ${JSON.stringify(counts)}`;
    if (process.env.MARKET_CHAOS_VERBOSE) console.log(context);
    expect(unexpected, context).toEqual([]);
    for (const currency of ["gold", "gems"]) {
      const start = before.currencies[currency]!;
      const end = after.currencies[currency]!;
      expect(end.balances + end.fees, `${currency}: ${context}`).toBe(start.balances + start.fees);
    }
    for (const item of items) {
      const start = before.items[String(item.itemId)]!;
      const end = after.items[String(item.itemId)]!;
      expect(end.inventory + end.activeListings + end.mailbox, `item ${item.itemId}: ${context}`).toBe(start.inventory + start.activeListings + start.mailbox);
    }
    expect(after.negativeBalances).toEqual([]);
    // The mix really exercised the paths it claims to.
    expect(counts["list:ok"] ?? 0, context).toBeGreaterThan(5);
    expect(counts["buy:ok"] ?? 0, context).toBeGreaterThan(3);
    expect((counts["trade:ok"] ?? 0) + (counts["trade:refused"] ?? 0), context).toBeGreaterThan(3);
  });
});
