import { afterAll, describe, expect, it } from "vitest";
import { createTestEngines, unique } from "@/tests/helpers/engines";
import { bagOf, callerFor, createItem, createPlayer, equipmentIsConsistent, putItem } from "@/tests/integration/characters/fixtures";

/**
 * Two tabs hammering the same slots: whatever the interleaving, no item is duplicated or lost,
 * no slot holds two rows, no stack exceeds max_stack_size, and equipment stays consistent with is_equipped.
 */
describe("inventory under concurrent operations", () => {
  const engines = createTestEngines();
  const pool = engines.postgres.pool;
  afterAll(() => engines.close());

  it("conserves quantities and slot uniqueness across 3 rounds of 20 concurrent split/merge/move/equip calls", async () => {
    const player = await createPlayer(pool);
    const tabA = callerFor(engines, player);
    const tabB = callerFor(engines, player);
    const { characterId } = await tabA.character.create({ name: unique("Race"), characterClass: "rogue" });
    const potion = await createItem(pool, { itemType: "consumable", maxStackSize: 20 });
    const sword = await createItem(pool, { itemType: "weapon" });
    await putItem(pool, characterId, potion, 0, 15);
    await putItem(pool, characterId, potion, 1, 12);
    await putItem(pool, characterId, sword, 3);

    const operations = [
      (tab: typeof tabA) => tab.inventory.split({ characterId, fromSlot: 0, toSlot: 2, quantity: 1 }),
      (tab: typeof tabA) => tab.inventory.merge({ characterId, fromSlot: 2, toSlot: 0 }),
      (tab: typeof tabA) => tab.inventory.move({ characterId, fromSlot: 0, toSlot: 1 }),
      (tab: typeof tabA) => tab.inventory.split({ characterId, fromSlot: 1, toSlot: 2, quantity: 2 }),
      (tab: typeof tabA) => tab.inventory.merge({ characterId, fromSlot: 1, toSlot: 0 }),
      (tab: typeof tabA) => tab.inventory.move({ characterId, fromSlot: 2, toSlot: 3 }),
      (tab: typeof tabA) => tab.inventory.merge({ characterId, fromSlot: 0, toSlot: 2 }),
      (tab: typeof tabA) => tab.inventory.move({ characterId, fromSlot: 3, toSlot: 0 }),
      (tab: typeof tabA) => tab.equipment.equip({ characterId, slot: 3, equipmentSlot: "main_hand" }),
      (tab: typeof tabA) => tab.inventory.split({ characterId, fromSlot: 0, toSlot: 4, quantity: 3 }),
      (tab: typeof tabA) => tab.inventory.merge({ characterId, fromSlot: 4, toSlot: 1 }),
      (tab: typeof tabA) => tab.equipment.unequip({ characterId, equipmentSlot: "main_hand" }),
    ];

    for (let round = 0; round < 3; round++) {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, index) => operations[(index * 7 + round * 5) % operations.length]!(index % 2 ? tabA : tabB)),
      );
      // Refusals are expected (a slot emptied or filled meanwhile); they must be clean 4xx refusals, never a 500.
      for (const result of results) {
        if (result.status === "rejected") expect(["PRECONDITION_FAILED", "BAD_REQUEST", "CONFLICT"]).toContain((result.reason as { code?: string }).code);
      }
      expect(results.some((r) => r.status === "fulfilled")).toBe(true);

      const bag = await bagOf(pool, characterId);
      const total = (itemId: number) => bag.filter((s) => s.itemId === itemId).reduce((sum, s) => sum + s.quantity, 0);
      expect(total(potion)).toBe(27);
      expect(total(sword)).toBe(1);
      const positions = bag.map((s) => s.slotPosition);
      expect(new Set(positions).size).toBe(positions.length);
      for (const slot of bag) {
        expect(slot.quantity).toBeGreaterThan(0);
        if (slot.itemId === potion) expect(slot.quantity).toBeLessThanOrEqual(20);
      }
      expect(await equipmentIsConsistent(pool, characterId)).toBe(true);
    }
  });
});
