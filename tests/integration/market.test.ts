import { afterAll, describe, expect, it } from "vitest";
import { createTestEngines } from "@/tests/helpers/engines";
import {
  bagSlots,
  bagUnits,
  balance,
  expectTrpcError,
  fillBag,
  giveItem,
  key,
  listingRow,
  makeCharacter,
  makeItem,
} from "@/tests/integration/market-fixtures";

const engines = createTestEngines();
const pool = engines.postgres.pool;
afterAll(() => engines.close());

async function snapshot(characterIds: number[], itemId: number) {
  const balances = await Promise.all(characterIds.map((id) => balance(pool, id)));
  const units = await Promise.all(characterIds.map((id) => bagUnits(pool, id, itemId)));
  const listings = await pool.query("SELECT listing_id, status, quantity FROM game_data.marketplace_listings WHERE item_id = $1 ORDER BY listing_id", [itemId]);
  const tx = await pool.query("SELECT count(*)::int AS n FROM game_data.transactions WHERE item_id = $1", [itemId]);
  return { balances, units, listings: listings.rows, transactions: tx.rows[0].n };
}

describe("market.create (list into escrow)", () => {
  it("moves the units out of the slot into an active listing in one step", async () => {
    const seller = await makeCharacter(engines);
    const item = await makeItem(pool, { maxStack: 20 });
    await giveItem(pool, seller.characterId, item.itemId, 12, 3);

    const listing = await seller.caller.market.create({
      characterId: seller.characterId,
      slotPosition: 3,
      quantity: 5,
      pricePerUnit: 40,
      currencyType: "gold",
      durationHours: 24,
    });
    expect(listing).toMatchObject({ itemId: item.itemId, quantity: 5, pricePerUnit: 40, currencyType: "gold" });
    expect(listing.expiresAt.getTime() - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect(await bagSlots(pool, seller.characterId, item.itemId)).toEqual([{ slotPosition: 3, quantity: 7 }]);
    expect(await listingRow(pool, listing.listingId)).toMatchObject({ status: "active", quantity: 5 });

    // Listing the whole rest empties the slot: the row disappears.
    await seller.caller.market.create({ characterId: seller.characterId, slotPosition: 3, quantity: 7, pricePerUnit: 41, currencyType: "gold", durationHours: 12 });
    expect(await bagSlots(pool, seller.characterId, item.itemId)).toEqual([]);
  });

  it("refuses bad input with a specific message and changes nothing", async () => {
    const seller = await makeCharacter(engines);
    const other = await makeCharacter(engines);
    const item = await makeItem(pool);
    const soulbound = await makeItem(pool, { tradeable: false, name: `Soulbound ${Date.now()}` });
    await giveItem(pool, seller.characterId, item.itemId, 4, 0);
    await giveItem(pool, seller.characterId, soulbound.itemId, 1, 1);
    await giveItem(pool, seller.characterId, item.itemId, 1, 2, { enchantmentLevel: 3 });
    await giveItem(pool, seller.characterId, item.itemId, 1, 4, { isEquipped: true });
    const base = { characterId: seller.characterId, slotPosition: 0, quantity: 1, pricePerUnit: 10, currencyType: "gold" as const, durationHours: 24 as const };
    const before = await snapshot([seller.characterId], item.itemId);

    const zero = await expectTrpcError(seller.caller.market.create({ ...base, quantity: 0 }), "BAD_REQUEST");
    expect(JSON.stringify(zero.cause)).toMatch(/at least 1/);
    await expectTrpcError(seller.caller.market.create({ ...base, quantity: -3 }), "BAD_REQUEST");
    await expectTrpcError(seller.caller.market.create({ ...base, pricePerUnit: 0 }), "BAD_REQUEST");
    await expectTrpcError(seller.caller.market.create({ ...base, pricePerUnit: -5 }), "BAD_REQUEST");
    await expectTrpcError(seller.caller.market.create({ ...base, durationHours: 36 as 24 }), "BAD_REQUEST");
    const tooMany = await expectTrpcError(seller.caller.market.create({ ...base, quantity: 5 }), "BAD_REQUEST", /only have 4/);
    expect((tooMany.cause as { fieldErrors?: Record<string, string[]> }).fieldErrors?.quantity).toBeDefined();
    await expectTrpcError(seller.caller.market.create({ ...base, slotPosition: 1 }), "BAD_REQUEST", /cannot be traded/);
    await expectTrpcError(seller.caller.market.create({ ...base, slotPosition: 2 }), "BAD_REQUEST", /mint condition/);
    await expectTrpcError(seller.caller.market.create({ ...base, slotPosition: 4 }), "BAD_REQUEST", /Unequip/);
    await expectTrpcError(seller.caller.market.create({ ...base, slotPosition: 9 }), "NOT_FOUND", /empty/);
    // Someone else's character: not found, as if it did not exist.
    await expectTrpcError(other.caller.market.create(base), "NOT_FOUND", /not one of yours/);

    expect(await snapshot([seller.characterId], item.itemId)).toEqual(before);
  });
});

describe("market.buy", () => {
  it("moves money and items, takes the fee, records both sides and marks the listing sold", async () => {
    const seller = await makeCharacter(engines, { balances: { gold: 100 } });
    const buyer = await makeCharacter(engines, { balances: { gold: 1_000 } });
    const item = await makeItem(pool, { maxStack: 10 });
    await giveItem(pool, seller.characterId, item.itemId, 8, 0);
    await giveItem(pool, buyer.characterId, item.itemId, 7, 5); // an existing stack with room for 3
    const listing = await seller.caller.market.create({ characterId: seller.characterId, slotPosition: 0, quantity: 8, pricePerUnit: 25, currencyType: "gold", durationHours: 48 });

    const result = await buyer.caller.market.buy({ listingId: listing.listingId, buyerCharacterId: buyer.characterId, quantity: 8, idempotencyKey: key() });
    expect(result).toMatchObject({ quantity: 8, total: 200, fee: 10, buyerBalance: 800, listingStatus: "sold", remainingQuantity: 0, replayed: false });
    expect(await balance(pool, buyer.characterId)).toBe(800);
    expect(await balance(pool, seller.characterId)).toBe(100 + 190);
    // Stacking first: 3 onto the existing stack of 7, the other 5 into the lowest empty slot.
    expect(await bagSlots(pool, buyer.characterId, item.itemId)).toEqual([
      { slotPosition: 0, quantity: 5 },
      { slotPosition: 5, quantity: 10 },
    ]);
    expect(await listingRow(pool, listing.listingId)).toMatchObject({ status: "sold", buyerCharacterId: buyer.characterId });

    const tx = await pool.query(
      `SELECT transaction_type AS type, from_character_id AS "from", to_character_id AS "to", currency_amount AS amount, item_quantity AS qty,
              transaction_status AS status, metadata FROM game_data.transactions WHERE item_id = $1 ORDER BY transaction_id`,
      [item.itemId],
    );
    expect(tx.rows).toMatchObject([
      { type: "purchase", from: buyer.characterId, to: seller.characterId, amount: 200, qty: 8, status: "completed", metadata: { listing_id: listing.listingId, fee: 10 } },
      { type: "sale", from: seller.characterId, to: buyer.characterId, amount: 190, qty: 8, status: "completed", metadata: { listing_id: listing.listingId, fee: 10 } },
    ]);
    const fees = await pool.query("SELECT amount, currency_type FROM game_data.market_fees WHERE listing_id = $1", [listing.listingId]);
    expect(fees.rows).toEqual([{ amount: 10, currency_type: "gold" }]);
  });

  it("sells part of a listing and keeps the rest active", async () => {
    const seller = await makeCharacter(engines, { balances: { gems: 0 } });
    const buyer = await makeCharacter(engines, { balances: { gems: 500 } });
    const item = await makeItem(pool, { maxStack: 50 });
    await giveItem(pool, seller.characterId, item.itemId, 30, 0);
    const listing = await seller.caller.market.create({ characterId: seller.characterId, slotPosition: 0, quantity: 30, pricePerUnit: 3, currencyType: "gems", durationHours: 12 });

    const first = await buyer.caller.market.buy({ listingId: listing.listingId, buyerCharacterId: buyer.characterId, quantity: 10, idempotencyKey: key() });
    expect(first).toMatchObject({ total: 30, fee: 1, listingStatus: "active", remainingQuantity: 20, currencyType: "gems" });
    expect(await listingRow(pool, listing.listingId)).toMatchObject({ status: "active", quantity: 20 });
    expect(await balance(pool, seller.characterId, "gems")).toBe(29);
    expect(await balance(pool, buyer.characterId, "gems")).toBe(470);
    expect(await bagUnits(pool, buyer.characterId, item.itemId)).toBe(10);
  });

  it("refuses bad purchases with a specific message and changes nothing", async () => {
    const seller = await makeCharacter(engines, { balances: { gold: 0 } });
    const poor = await makeCharacter(engines, { balances: { gold: 5 } });
    const full = await makeCharacter(engines, { balances: { gold: 10_000 } });
    const rich = await makeCharacter(engines, { balances: { gold: 10_000 } });
    await fillBag(pool, full.characterId);
    const item = await makeItem(pool, { maxStack: 5 });
    await giveItem(pool, seller.characterId, item.itemId, 5, 0);
    await giveItem(pool, seller.characterId, item.itemId, 5, 1);
    await giveItem(pool, seller.characterId, item.itemId, 5, 2);
    const open = await seller.caller.market.create({ characterId: seller.characterId, slotPosition: 0, quantity: 5, pricePerUnit: 10, currencyType: "gold", durationHours: 24 });
    const expired = await seller.caller.market.create({ characterId: seller.characterId, slotPosition: 1, quantity: 5, pricePerUnit: 10, currencyType: "gold", durationHours: 24 });
    await pool.query("UPDATE game_data.marketplace_listings SET expires_at = now() - interval '1 minute' WHERE listing_id = $1", [expired.listingId]);
    const cancelled = await seller.caller.market.create({ characterId: seller.characterId, slotPosition: 2, quantity: 5, pricePerUnit: 10, currencyType: "gold", durationHours: 24 });
    await seller.caller.market.cancel({ listingId: cancelled.listingId });

    const everyone = [seller.characterId, poor.characterId, full.characterId, rich.characterId];
    const before = await snapshot(everyone, item.itemId);
    const buy = (who: typeof rich, listingId: number, quantity = 1) =>
      who.caller.market.buy({ listingId, buyerCharacterId: who.characterId, quantity, idempotencyKey: key() });

    await expectTrpcError(buy(rich, open.listingId, 0), "BAD_REQUEST");
    await expectTrpcError(buy(rich, open.listingId, -1), "BAD_REQUEST");
    await expectTrpcError(buy(rich, open.listingId, 6), "CONFLICT", /Only 5 left/);
    await expectTrpcError(buy(poor, open.listingId, 1), "PRECONDITION_FAILED", /Not enough gold: this costs 10, you have 5/);
    await expectTrpcError(buy(full, open.listingId, 1), "PRECONDITION_FAILED", /inventory is full/);
    await expectTrpcError(buy(seller, open.listingId, 1), "BAD_REQUEST", /your own listing/);
    await expectTrpcError(buy(rich, expired.listingId), "CONFLICT", /expired/);
    await expectTrpcError(buy(rich, cancelled.listingId), "CONFLICT", /cancelled/);
    await expectTrpcError(buy(rich, 9_007_199_254_740_000), "NOT_FOUND", /does not exist/);
    // Buying with someone else's character.
    await expectTrpcError(
      rich.caller.market.buy({ listingId: open.listingId, buyerCharacterId: poor.characterId, quantity: 1, idempotencyKey: key() }),
      "NOT_FOUND",
      /not one of yours/,
    );
    await expectTrpcError(rich.caller.market.buy({ listingId: open.listingId, buyerCharacterId: rich.characterId, quantity: 1, idempotencyKey: "short" }), "BAD_REQUEST");

    expect(await snapshot(everyone, item.itemId)).toEqual(before);
  });

  it("a retried request with the same idempotency key returns the first result and never charges twice", async () => {
    const seller = await makeCharacter(engines, { balances: { gold: 0 } });
    const buyer = await makeCharacter(engines, { balances: { gold: 1_000 } });
    const item = await makeItem(pool, { maxStack: 99 });
    await giveItem(pool, seller.characterId, item.itemId, 50, 0);
    const listing = await seller.caller.market.create({ characterId: seller.characterId, slotPosition: 0, quantity: 50, pricePerUnit: 7, currencyType: "gold", durationHours: 24 });
    const request = { listingId: listing.listingId, buyerCharacterId: buyer.characterId, quantity: 4, idempotencyKey: key() };

    const first = await buyer.caller.market.buy(request);
    const again = await buyer.caller.market.buy(request);
    expect(again).toEqual({ ...first, replayed: true });
    // Retries racing each other (a double-click, a client retry while the first is in flight).
    const racing = { ...request, idempotencyKey: key() };
    const results = await Promise.all(Array.from({ length: 6 }, () => buyer.caller.market.buy(racing)));
    expect(new Set(results.map((r) => r.purchaseTransactionId)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);

    expect(await balance(pool, buyer.characterId)).toBe(1_000 - 2 * 28);
    expect(await bagUnits(pool, buyer.characterId, item.itemId)).toBe(8);
    expect(await listingRow(pool, listing.listingId)).toMatchObject({ quantity: 42 });
    const purchases = await pool.query("SELECT count(*)::int AS n FROM game_data.transactions WHERE item_id = $1 AND transaction_type = 'purchase'", [item.itemId]);
    expect(purchases.rows[0].n).toBe(2);

    // The same key for a different purchase is refused rather than silently replayed.
    await expectTrpcError(buyer.caller.market.buy({ ...request, quantity: 5 }), "CONFLICT", /already used/);
  });
});

describe("market.cancel and the mailbox", () => {
  it("returns the units to the seller, stacking first; a stranger cannot cancel", async () => {
    const seller = await makeCharacter(engines);
    const stranger = await makeCharacter(engines);
    const item = await makeItem(pool, { maxStack: 10 });
    await giveItem(pool, seller.characterId, item.itemId, 10, 0);
    const listing = await seller.caller.market.create({ characterId: seller.characterId, slotPosition: 0, quantity: 6, pricePerUnit: 5, currencyType: "gold", durationHours: 24 });

    await expectTrpcError(stranger.caller.market.cancel({ listingId: listing.listingId }), "NOT_FOUND", /not one of yours/);
    const returned = await seller.caller.market.cancel({ listingId: listing.listingId });
    expect(returned).toMatchObject({ status: "cancelled", quantity: 6, toBag: 6, toMailbox: 0 });
    expect(await bagSlots(pool, seller.characterId, item.itemId)).toEqual([{ slotPosition: 0, quantity: 10 }]);
    expect(await listingRow(pool, listing.listingId)).toMatchObject({ status: "cancelled" });
    await expectTrpcError(seller.caller.market.cancel({ listingId: listing.listingId }), "CONFLICT", /cancelled/);
  });

  it("puts what does not fit into the mailbox, and claiming moves it back once there is room", async () => {
    const seller = await makeCharacter(engines);
    const item = await makeItem(pool, { maxStack: 1 });
    await giveItem(pool, seller.characterId, item.itemId, 1, 0);
    const listing = await seller.caller.market.create({ characterId: seller.characterId, slotPosition: 0, quantity: 1, pricePerUnit: 5, currencyType: "gold", durationHours: 24 });
    await fillBag(pool, seller.characterId);

    const returned = await seller.caller.market.cancel({ listingId: listing.listingId });
    expect(returned).toMatchObject({ toBag: 0, toMailbox: 1 });
    await expectTrpcError(seller.caller.market.claimMailbox({ characterId: seller.characterId }), "PRECONDITION_FAILED", /inventory is full/);

    await pool.query("DELETE FROM game_data.character_inventory WHERE character_id = $1 AND slot_position = 7", [seller.characterId]);
    expect(await seller.caller.market.claimMailbox({ characterId: seller.characterId })).toEqual({ claimed: 1, left: 0 });
    expect(await bagSlots(pool, seller.characterId, item.itemId)).toEqual([{ slotPosition: 7, quantity: 1 }]);
    expect(await seller.caller.market.claimMailbox({ characterId: seller.characterId })).toEqual({ claimed: 0, left: 0 });
  });
});

describe("market.search", () => {
  it("finds listings by name words, filters, sorts by unit price and pages with a stable cursor", async () => {
    const seller = await makeCharacter(engines, { balances: { gold: 0 } });
    const word = `zq${Date.now().toString(36)}`;
    const sword = await makeItem(pool, { name: `Glacier ${word} Sword`, itemType: "weapon", rarity: "epic", requiredLevel: 30, maxStack: 1 });
    const ore = await makeItem(pool, { name: `Glacier ${word} Ore`, itemType: "material", rarity: "common", maxStack: 50 });
    for (let slot = 0; slot < 5; slot++) await giveItem(pool, seller.characterId, sword.itemId, 1, slot);
    await giveItem(pool, seller.characterId, ore.itemId, 50, 10);
    const prices = [500, 120, 900, 120, 300];
    const ids: number[] = [];
    for (const [slot, price] of prices.entries()) {
      const l = await seller.caller.market.create({ characterId: seller.characterId, slotPosition: slot, quantity: 1, pricePerUnit: price, currencyType: "gold", durationHours: 24 });
      ids.push(l.listingId);
    }
    await seller.caller.market.create({ characterId: seller.characterId, slotPosition: 10, quantity: 50, pricePerUnit: 2, currencyType: "gold", durationHours: 24 });

    const all = await seller.caller.market.search({ text: `glac ${word}` });
    expect(all.listings.map((l) => l.pricePerUnit)).toEqual([2, 120, 120, 300, 500, 900]);
    expect(all.listings[0]).toMatchObject({ itemName: ore.itemName, rarity: "common", quantity: 50, sellerName: seller.name });
    expect(all.listings[0]!.secondsLeft).toBeGreaterThan(23 * 3600);

    const weapons = await seller.caller.market.search({ text: word, itemType: "weapon", rarity: "epic", minLevel: 25, minPrice: 100, maxPrice: 600 });
    expect(weapons.listings.map((l) => l.pricePerUnit)).toEqual([120, 120, 300, 500]);

    // Two per page: the tie at 120 is broken by listing id, so pages neither repeat nor skip rows.
    const seen: number[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await seller.caller.market.search({ text: word, itemType: "weapon", limit: 2, cursor });
      seen.push(...page.listings.map((l) => l.listingId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids[1], ids[3], ids[4], ids[0], ids[2]]);

    await expectTrpcError(seller.caller.market.search({ cursor: "not-a-cursor" }), "BAD_REQUEST", /page link/);
    await expectTrpcError(seller.caller.market.search({ minPrice: 10, maxPrice: 5 }), "BAD_REQUEST");
  });
});

describe("market.history and market.item", () => {
  it("shows purchases, sales and listing states, and an item's lowest price and daily median", async () => {
    const seller = await makeCharacter(engines, { balances: { gold: 0 } });
    const buyer = await makeCharacter(engines, { balances: { gold: 10_000 } });
    const item = await makeItem(pool, { maxStack: 100 });
    await giveItem(pool, seller.characterId, item.itemId, 100, 0);
    const a = await seller.caller.market.create({ characterId: seller.characterId, slotPosition: 0, quantity: 10, pricePerUnit: 10, currencyType: "gold", durationHours: 24 });
    const b = await seller.caller.market.create({ characterId: seller.characterId, slotPosition: 0, quantity: 10, pricePerUnit: 30, currencyType: "gold", durationHours: 24 });
    const c = await seller.caller.market.create({ characterId: seller.characterId, slotPosition: 0, quantity: 10, pricePerUnit: 20, currencyType: "gold", durationHours: 24 });
    await buyer.caller.market.buy({ listingId: a.listingId, buyerCharacterId: buyer.characterId, quantity: 10, idempotencyKey: key() });
    await buyer.caller.market.buy({ listingId: b.listingId, buyerCharacterId: buyer.characterId, quantity: 2, idempotencyKey: key() });

    const sellerHistory = await seller.caller.market.history({ characterId: seller.characterId });
    const byId = new Map(sellerHistory.listings.map((l) => [l.listingId, l]));
    expect(byId.get(a.listingId)).toMatchObject({ status: "sold", soldQuantity: 10 });
    expect(byId.get(b.listingId)).toMatchObject({ status: "active", quantity: 8, soldQuantity: 2 });
    expect(byId.get(c.listingId)).toMatchObject({ status: "active", soldQuantity: 0 });
    expect(sellerHistory.trades.map((t) => [t.kind, t.amount, t.fee])).toEqual([
      ["sale", 57, 3],
      ["sale", 95, 5],
    ]);
    const buyerHistory = await buyer.caller.market.history({ characterId: buyer.characterId });
    expect(buyerHistory.trades.map((t) => [t.kind, t.quantity, t.amount, t.counterpartyName])).toEqual([
      ["purchase", 2, 60, seller.name],
      ["purchase", 10, 100, seller.name],
    ]);
    // Someone else's character shows nothing.
    expect(await buyer.caller.market.history({ characterId: seller.characterId })).toEqual({ listings: [], trades: [], mailbox: [] });

    const market = await buyer.caller.market.item({ itemId: item.itemId });
    expect(market.lowest).toMatchObject({ lowestPrice: 20, activeListings: 2, unitsForSale: 18 });
    expect(market.history).toHaveLength(1);
    // 12 units sold today at 10 (×10) and 30 (×2): the median of the two purchases' unit prices is 20.
    expect(market.history[0]).toMatchObject({ median: 20, volume: 12 });
    await expectTrpcError(buyer.caller.market.item({ itemId: 2_147_483_646 }), "NOT_FOUND");
  });
});
