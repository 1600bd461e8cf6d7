import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { marketFee, timeLeft } from "@/server/market/fees.rules";
import { decodeCursor, encodeCursor } from "@/server/market/listing-search.service";
import { prefixTsQuery } from "@/server/db/text-match";
import { roomFor } from "@/server/ledger/delivery.service";
import { planPlacement } from "@/server/ledger/placement.rules";
import { buyListingInput, createListingInput, searchListingsInput } from "@/server/market/market.schema";
import { AppError } from "@/server/errors";
import { formatAmount } from "@/components/market/format";

describe("marketFee", () => {
  it("is 5 % rounded down, at least 1, never more than the total", () => {
    expect(marketFee(1)).toBe(1);
    expect(marketFee(19)).toBe(1);
    expect(marketFee(20)).toBe(1);
    expect(marketFee(40)).toBe(2);
    expect(marketFee(1_000)).toBe(50);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e15 }), (total) => {
        const fee = marketFee(total);
        return fee >= 1 && fee <= total && fee <= Math.max(1, total * 0.05) && total - fee >= 0;
      }),
    );
  });

  it("rejects totals that are not positive safe integers", () => {
    expect(() => marketFee(0)).toThrow(RangeError);
    expect(() => marketFee(1.5)).toThrow(RangeError);
  });
});

describe("timeLeft", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  it("says hours and minutes, or expired", () => {
    expect(timeLeft(new Date("2026-01-01T02:05:00Z"), now)).toBe("2 h 5 min");
    expect(timeLeft(new Date("2026-01-01T03:00:00Z"), now)).toBe("3 h");
    expect(timeLeft(new Date("2026-01-01T00:00:30Z"), now)).toBe("1 min");
    expect(timeLeft(new Date("2025-12-31T23:00:00Z"), now)).toBe("expired");
  });
});

describe("listing cursor", () => {
  it("round-trips any position and refuses tampered input", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (price, id) => {
        const after = { pricePerUnit: price, listingId: id };
        expect(decodeCursor(encodeCursor(after))).toEqual(after);
      }),
    );
    for (const bad of ["", "abc", Buffer.from("[1]").toString("base64url"), Buffer.from('["1",2]').toString("base64url"), Buffer.from("[0,2]").toString("base64url")]) {
      expect(() => decodeCursor(bad)).toThrow(AppError);
    }
  });
});

describe("prefixTsQuery", () => {
  it("turns words into prefix terms and drops anything that could be tsquery syntax", () => {
    expect(prefixTsQuery("Iron sw")).toBe("iron:* & sw:*");
    expect(prefixTsQuery("a & b | !c:*")).toBe("a:* & b:* & c:*");
    expect(prefixTsQuery("  ()!&  ")).toBeNull();
    expect(prefixTsQuery("épée")).toBe("épée:*");
  });
});

describe("roomFor agrees with planPlacement", () => {
  it("a quantity fits exactly when it is at most the room", () => {
    const slot = fc.record({ slotPosition: fc.integer({ min: 0, max: 199 }), itemId: fc.integer({ min: 1, max: 3 }), quantity: fc.integer({ min: 1, max: 30 }) });
    fc.assert(
      fc.property(
        fc.uniqueArray(slot, { selector: (s) => s.slotPosition, maxLength: 200 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 8_000 }),
        (slots, itemId, maxStackSize, quantity) => {
          const room = roomFor(slots, { itemId, maxStackSize });
          const plan = planPlacement(slots, { itemId, maxStackSize }, quantity);
          expect(plan.ok).toBe(quantity <= room);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("market input schemas mirror the database checks", () => {
  const listing = { characterId: 1, slotPosition: 0, quantity: 1, pricePerUnit: 1, currencyType: "gold", durationHours: 24 };
  it("refuse zero or negative quantities and prices, odd durations and unknown currencies", () => {
    expect(createListingInput.safeParse(listing).success).toBe(true);
    for (const bad of [{ quantity: 0 }, { quantity: -1 }, { pricePerUnit: 0 }, { pricePerUnit: -5 }, { pricePerUnit: 1.5 }, { durationHours: 6 }, { currencyType: "silver" }, { slotPosition: 200 }]) {
      expect(createListingInput.safeParse({ ...listing, ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
  });
  it("require a well-formed idempotency key", () => {
    const buy = { listingId: 1, buyerCharacterId: 1, quantity: 1, idempotencyKey: "abcdefgh" };
    expect(buyListingInput.safeParse(buy).success).toBe(true);
    expect(buyListingInput.safeParse({ ...buy, idempotencyKey: "short" }).success).toBe(false);
    expect(buyListingInput.safeParse({ ...buy, idempotencyKey: "has spaces in it" }).success).toBe(false);
  });
  it("refuse inverted price and level ranges", () => {
    expect(searchListingsInput.safeParse({ minPrice: 5, maxPrice: 4 }).success).toBe(false);
    expect(searchListingsInput.safeParse({ minLevel: 50, maxLevel: 10 }).success).toBe(false);
    expect(searchListingsInput.parse({}).limit).toBe(25);
  });
});

describe("formatAmount", () => {
  it("names one unit in the singular and groups thousands", () => {
    expect(formatAmount(1, "gems")).toBe("1 gem");
    expect(formatAmount(2, "gems")).toBe("2 gems");
    expect(formatAmount(1, "pvp_tokens")).toBe("1 PvP token");
    expect(formatAmount(1_250, "pvp_tokens")).toBe("1,250 PvP tokens");
    expect(formatAmount(1, "gold")).toBe("1 gold");
    expect(formatAmount(0, "gems")).toBe("0 gems");
  });
});
