import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstEmptySlot, planPlacement, type OccupiedSlot } from "@/server/ledger/placement.rules";

const potion = { itemId: 7, maxStackSize: 20 };
const sword = { itemId: 9, maxStackSize: 1 };

describe("planPlacement", () => {
  it("tops up existing stacks first, lowest slot first, then fills empty slots", () => {
    const slots: OccupiedSlot[] = [
      { slotPosition: 4, itemId: 7, quantity: 18 },
      { slotPosition: 1, itemId: 7, quantity: 15 },
      { slotPosition: 0, itemId: 9, quantity: 1 },
      { slotPosition: 3, itemId: 7, quantity: 20 },
    ];
    expect(planPlacement(slots, potion, 30)).toEqual({
      ok: true,
      topUps: [
        { slotPosition: 1, add: 5, newQuantity: 20 },
        { slotPosition: 4, add: 2, newQuantity: 20 },
      ],
      newStacks: [
        { slotPosition: 2, quantity: 20 },
        { slotPosition: 5, quantity: 3 },
      ],
    });
  });

  it("puts each non-stackable unit in its own empty slot and never tops up", () => {
    expect(planPlacement([{ slotPosition: 0, itemId: 9, quantity: 1 }], sword, 2)).toEqual({
      ok: true,
      topUps: [],
      newStacks: [
        { slotPosition: 1, quantity: 1 },
        { slotPosition: 2, quantity: 1 },
      ],
    });
  });

  it("answers no room, planning nothing, when the whole quantity does not fit", () => {
    const full = Array.from({ length: 3 }, (_, slotPosition) => ({ slotPosition, itemId: 7, quantity: 19 }));
    expect(planPlacement(full, potion, 3, 3)).toEqual({ ok: true, topUps: [0, 1, 2].map((slotPosition) => ({ slotPosition, add: 1, newQuantity: 20 })), newStacks: [] });
    expect(planPlacement(full, potion, 4, 3)).toEqual({ ok: false, reason: "no_room" });
    expect(planPlacement([], sword, 201)).toEqual({ ok: false, reason: "no_room" });
    expect(planPlacement([], sword, 200)).toMatchObject({ ok: true });
  });

  it("rejects a non-positive or fractional quantity", () => {
    expect(() => planPlacement([], potion, 0)).toThrow(RangeError);
    expect(() => planPlacement([], potion, 1.5)).toThrow(RangeError);
  });

  it("property: a plan never overfills, never reuses an occupied slot, and places exactly the quantity", () => {
    const slotArb = fc.uniqueArray(
      fc.record({ slotPosition: fc.integer({ min: 0, max: 29 }), itemId: fc.integer({ min: 1, max: 3 }), quantity: fc.integer({ min: 1, max: 10 }) }),
      { selector: (slot) => slot.slotPosition, maxLength: 30 },
    );
    fc.assert(
      fc.property(slotArb, fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 400 }), (slots, maxStackSize, quantity) => {
        const item = { itemId: 1, maxStackSize };
        // Existing stacks never exceed the item's maximum in a consistent bag.
        const bag = slots.map((slot) => (slot.itemId === 1 ? { ...slot, quantity: Math.min(slot.quantity, maxStackSize) } : slot));
        const plan = planPlacement(bag, item, quantity, 30);
        const room =
          bag.filter((s) => s.itemId === 1 && maxStackSize > 1).reduce((sum, s) => sum + (maxStackSize - s.quantity), 0) + (30 - bag.length) * maxStackSize;
        if (!plan.ok) {
          expect(room).toBeLessThan(quantity);
          return;
        }
        const placed = plan.topUps.reduce((s, t) => s + t.add, 0) + plan.newStacks.reduce((s, n) => s + n.quantity, 0);
        expect(placed).toBe(quantity);
        const occupied = new Set(bag.map((s) => s.slotPosition));
        for (const stack of plan.newStacks) {
          expect(occupied.has(stack.slotPosition)).toBe(false);
          expect(stack.quantity).toBeLessThanOrEqual(maxStackSize);
          expect(stack.slotPosition).toBeLessThan(30);
        }
        for (const topUp of plan.topUps) {
          const slot = bag.find((s) => s.slotPosition === topUp.slotPosition)!;
          expect(slot.itemId).toBe(1);
          expect(topUp.newQuantity).toBe(slot.quantity + topUp.add);
          expect(topUp.newQuantity).toBeLessThanOrEqual(maxStackSize);
        }
        expect(new Set(plan.newStacks.map((s) => s.slotPosition)).size).toBe(plan.newStacks.length);
      }),
    );
  });
});

describe("firstEmptySlot", () => {
  it("finds the lowest free position or null", () => {
    expect(firstEmptySlot([0, 1, 3])).toBe(2);
    expect(firstEmptySlot([0, 1], 2)).toBeNull();
  });
});
