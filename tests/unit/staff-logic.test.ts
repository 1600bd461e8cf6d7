import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { diffRows } from "@/components/staff/audit-diff";
import { banInput, composeBanReason, splitPlayerList } from "@/server/staff/ban.schema";
import { csvField } from "@/server/staff/audit-log.service";
import { reconstructSupply } from "@/server/staff/economy-dashboard.service";
import { planPurchaseReversal, planTakeBack, planTradeReversal, type TransactionFacts } from "@/server/staff/reversal-plan.rules";

const purchase = (overrides: Partial<TransactionFacts> = {}): TransactionFacts => ({
  transactionId: 10, transactionType: "purchase", transactionStatus: "completed", fromCharacterId: 1, toCharacterId: 2,
  currencyType: "gold", currencyAmount: 300, itemId: 77, itemQuantity: 3, metadata: { listing_id: 5, fee: 15 }, ...overrides,
});

describe("reversal plans", () => {
  it("a purchase: buyer refunded the price, seller debited what they received, units back to the seller, fee to the ledger", () => {
    const sale = purchase({ transactionId: 11, transactionType: "sale", fromCharacterId: 2, toCharacterId: 1, currencyAmount: 285 });
    const outcome = planPurchaseReversal(purchase(), sale, 15);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.plan.currency!.changes).toEqual([
      { characterId: 1, delta: 300, role: "buyer" },
      { characterId: 2, delta: -285, role: "seller" },
    ]);
    expect(outcome.plan.items).toMatchObject({ itemId: 77, quantity: 3, fromCharacterId: 1, toCharacterId: 2 });
    expect(outcome.plan.feeRefund).toBe(15);
    expect(outcome.plan.rows.map((r) => [r.type, r.fromCharacterId, r.toCharacterId, r.reverses])).toEqual([["purchase", 2, 1, 10], ["sale", 1, 2, 11]]);
  });

  it("without a sale row, the fee comes from metadata", () => {
    const outcome = planPurchaseReversal(purchase(), null, 0);
    expect(outcome.ok && outcome.plan.currency!.changes[1]!.delta).toBe(-285);
  });

  it("money is conserved: refund − debit = fee refund, whatever the amounts", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 0, max: 100 }), (price, percent) => {
        const fee = Math.floor((price * percent) / 1000);
        const outcome = planPurchaseReversal(purchase({ currencyAmount: price, metadata: { fee } }), null, 0);
        if (!outcome.ok) return false;
        const net = outcome.plan.currency!.changes.reduce((sum, c) => sum + c.delta, 0);
        return net === outcome.plan.feeRefund && outcome.plan.feeRefund === fee;
      }),
    );
  });

  it("refuses reversals of reversals, double reversals, pending and non-transfer rows", () => {
    const message = (facts: TransactionFacts) => {
      const outcome = planTradeReversal(facts);
      return outcome.ok ? "ok" : outcome.message;
    };
    const trade = purchase({ transactionType: "trade" });
    expect(message({ ...trade, metadata: { reverses: "9" } })).toMatch(/itself the reversal of #9/);
    expect(message({ ...trade, metadata: { reversed_by: 12 } })).toMatch(/already reversed by #12/);
    expect(message({ ...trade, transactionStatus: "pending" })).toMatch(/cancel it instead/);
    expect(message({ ...trade, transactionStatus: "failed" })).toMatch(/nothing to reverse/);
    expect(message({ ...trade, transactionType: "quest_reward" })).toMatch(/Only trades and market purchases/);
    expect(message({ ...trade, toCharacterId: null })).toMatch(/both characters/);
    expect(message({ ...trade, currencyAmount: null, itemQuantity: null })).toMatch(/no currency and no items/);
    expect(message(trade)).toBe("ok");
  });

  it("takes units back from plain stacks, highest slot first, or says how many are held", () => {
    const bag = [
      { inventorySlotId: 1, slotPosition: 0, itemId: 77, quantity: 2, plain: true },
      { inventorySlotId: 2, slotPosition: 5, itemId: 77, quantity: 2, plain: true },
      { inventorySlotId: 3, slotPosition: 6, itemId: 77, quantity: 9, plain: false },
    ];
    expect(planTakeBack(bag, 77, 3)).toEqual({ held: 4, take: [{ inventorySlotId: 2, held: 2, quantity: 2 }, { inventorySlotId: 1, held: 2, quantity: 1 }] });
    expect(planTakeBack(bag, 77, 5)).toEqual({ held: 4, take: null });
  });
});

describe("ban input", () => {
  const later = new Date(Date.now() + 3_600_000);
  it("composes template and details", () => {
    expect(composeBanReason("botting", " farming ")).toBe("Botting or automation: farming");
    expect(composeBanReason("botting", "")).toBe("Botting or automation");
    expect(composeBanReason("other", "custom")).toBe("custom");
    expect(composeBanReason(undefined, "")).toBe("");
  });
  it("refuses a missing reason, an empty 'Other' and an expiry in the past", () => {
    expect(banInput.safeParse({ playerId: 1, expiresAt: later }).success).toBe(false);
    expect(banInput.safeParse({ playerId: 1, template: "other", expiresAt: null }).success).toBe(false);
    expect(banInput.safeParse({ playerId: 1, template: "scam", expiresAt: new Date(Date.now() - 1) }).success).toBe(false);
    expect(banInput.safeParse({ playerId: 1, template: "scam", expiresAt: null }).success).toBe(true);
  });
  it("splits a pasted list", () => {
    expect(splitPlayerList("alice, bob\n42;alice  x@y.io")).toEqual(["alice", "bob", "42", "x@y.io"]);
  });
});

describe("CSV fields", () => {
  it("quotes commas, quotes and new lines; defuses formulas; serialises JSON", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField("line\nbreak")).toBe('"line\nbreak"');
    expect(csvField("=HYPERLINK()")).toBe("'=HYPERLINK()");
    expect(csvField(null)).toBe("");
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvField(-5)).toBe("-5");
  });
});

describe("money supply reconstruction", () => {
  it("walks back from today's balances by ledger flows and fees", () => {
    const days = ["2026-01-01", "2026-01-02", "2026-01-03"];
    const points = reconstructSupply({ gold: 1_000 }, [
      { day: "2026-01-03", currencyType: "gold", ledger: 100, fees: 10 },
      { day: "2026-01-02", currencyType: "gold", ledger: 0, fees: 50 },
    ], days);
    expect(points.map((p) => p.supply.gold)).toEqual([960, 910, 1_000]);
  });
});

describe("audit diff", () => {
  it("lines up keys and marks the changed ones", () => {
    expect(diffRows({ a: 1, b: { x: 1 } }, { a: 1, b: { x: 2 }, c: null })).toEqual([
      { key: "a", before: 1, after: 1, changed: false },
      { key: "b", before: { x: 1 }, after: { x: 2 }, changed: true },
      { key: "c", before: undefined, after: null, changed: true },
    ]);
    expect(diffRows(null, { a: 1 })[0]!.changed).toBe(true);
  });
});
