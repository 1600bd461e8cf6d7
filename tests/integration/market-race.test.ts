import { TRPCError } from "@trpc/server";
import { afterAll, describe, expect, it } from "vitest";
import { createPostgresClients } from "@/server/clients/postgres";
import { measureEconomyTotals } from "@/server/ledger/conservation.service";
import { createTestEngines } from "@/tests/helpers/engines";
import { bagUnits, balance, giveItem, key, listingRow, makeCharacter, makeItem } from "@/tests/integration/market-fixtures";

// 50 buyers need real parallelism in PostgreSQL, so this file gets a larger pool than the default test engines.
const base = createTestEngines();
const wide = createPostgresClients(process.env.TEST_DATABASE_URL!, 24);
const engines = { ...base, postgres: wide };
const pool = wide.pool;
afterAll(async () => {
  await Promise.allSettled([wide.prisma.$disconnect(), wide.pool.end()]);
  await base.close();
});

describe("50 concurrent buyers on one listing", () => {
  it("sells exactly the available quantity; every loser gets a clear message; nothing is created or lost", async () => {
    const available = 30;
    const seller = await makeCharacter(engines, { balances: { gold: 0 } });
    const item = await makeItem(pool, { maxStack: 99 });
    await giveItem(pool, seller.characterId, item.itemId, available, 0);
    const listing = await seller.caller.market.create({
      characterId: seller.characterId,
      slotPosition: 0,
      quantity: available,
      pricePerUnit: 10,
      currencyType: "gold",
      durationHours: 24,
    });
    const buyers = await Promise.all(Array.from({ length: 50 }, () => makeCharacter(engines, { balances: { gold: 100 } })));
    const everyone = [seller.characterId, ...buyers.map((b) => b.characterId)];
    const before = await measureEconomyTotals(pool, everyone);

    const outcomes = await Promise.allSettled(
      buyers.map((buyer) => buyer.caller.market.buy({ listingId: listing.listingId, buyerCharacterId: buyer.characterId, quantity: 1, idempotencyKey: key() })),
    );

    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(won).toHaveLength(available);
    expect(lost).toHaveLength(50 - available);
    for (const loss of lost) {
      expect(loss.reason).toBeInstanceOf(TRPCError);
      expect((loss.reason as TRPCError).code).toBe("CONFLICT");
      expect((loss.reason as TRPCError).message).toBe("This listing has already been sold.");
    }

    expect(await listingRow(pool, listing.listingId)).toMatchObject({ status: "sold" });
    const units = await Promise.all(buyers.map((b) => bagUnits(pool, b.characterId, item.itemId)));
    expect(units.reduce((a, b) => a + b, 0)).toBe(available);
    expect(units.every((u) => u === 0 || u === 1)).toBe(true);
    const gold = await Promise.all(buyers.map((b) => balance(pool, b.characterId)));
    expect(gold.filter((g) => g === 90)).toHaveLength(available);
    expect(gold.filter((g) => g === 100)).toHaveLength(50 - available);
    // 30 sales of 10 gold, fee 1 each.
    expect(await balance(pool, seller.characterId)).toBe(available * 9);

    const after = await measureEconomyTotals(pool, everyone);
    expect(after.currencies.gold!.balances + after.currencies.gold!.fees).toBe(before.currencies.gold!.balances + before.currencies.gold!.fees);
    expect(after.currencies.gold!.fees).toBe(available);
    expect(after.items[String(item.itemId)]).toEqual({ inventory: available, activeListings: 0, mailbox: 0 });
    expect(after.negativeBalances).toEqual([]);
  });

  it("partial buyers racing for more than is left: the total sold never exceeds the listing", async () => {
    const seller = await makeCharacter(engines, { balances: { gold: 0 } });
    const item = await makeItem(pool, { maxStack: 99 });
    await giveItem(pool, seller.characterId, item.itemId, 25, 0);
    const listing = await seller.caller.market.create({ characterId: seller.characterId, slotPosition: 0, quantity: 25, pricePerUnit: 3, currencyType: "gold", durationHours: 24 });
    const buyers = await Promise.all(Array.from({ length: 20 }, () => makeCharacter(engines, { balances: { gold: 1_000 } })));

    const outcomes = await Promise.allSettled(
      buyers.map((buyer, index) =>
        buyer.caller.market.buy({ listingId: listing.listingId, buyerCharacterId: buyer.characterId, quantity: 1 + (index % 4), idempotencyKey: key() }),
      ),
    );
    const sold = outcomes.reduce((sum, o) => sum + (o.status === "fulfilled" ? o.value.quantity : 0), 0);
    for (const o of outcomes) {
      if (o.status === "rejected") expect((o.reason as TRPCError).message).toMatch(/^(Only \d+ left on this listing\.|This listing has already been sold\.)$/);
    }
    const row = await listingRow(pool, listing.listingId);
    const remaining = row.status === "sold" ? 0 : row.quantity;
    expect(sold + remaining).toBe(25);
    const delivered = (await Promise.all(buyers.map((b) => bagUnits(pool, b.characterId, item.itemId)))).reduce((a, b) => a + b, 0);
    expect(delivered).toBe(sold);
  });
});
