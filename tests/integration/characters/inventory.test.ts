import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEngines, unique } from "@/tests/helpers/engines";
import { bagOf, callerFor, createItem, createPlayer, equipmentIsConsistent, equipmentOf, errorCodeOf, putItem } from "@/tests/integration/characters/fixtures";

describe("inventory router", () => {
  const engines = createTestEngines();
  const pool = engines.postgres.pool;
  let potion: number;
  let sword: number;
  afterAll(() => engines.close());
  beforeAll(async () => {
    potion = await createItem(pool, { itemType: "consumable", maxStackSize: 20, name: "Potion" });
    sword = await createItem(pool, { itemType: "weapon", maxStackSize: 1, name: "Sword" });
  });

  async function setup() {
    const player = await createPlayer(pool);
    const caller = callerFor(engines, player);
    const character = await caller.character.create({ name: unique("Inv"), characterClass: "warrior" });
    return { caller, characterId: character.characterId, player };
  }

  it("moves an item to an empty slot and shows it on the sheet with durability and enchantment", async () => {
    const { caller, characterId } = await setup();
    await putItem(pool, characterId, sword, 0, 1, { durabilityCurrent: 70, durabilityMax: 100, enchantmentLevel: 3 });
    const change = await caller.inventory.move({ characterId, fromSlot: 0, toSlot: 57 });
    expect(change.changedSlots).toEqual([0, 57]);
    const sheet = await caller.character.get({ characterId });
    expect(sheet.inventory.slots).toEqual([
      expect.objectContaining({ slotPosition: 57, itemId: sword, itemName: "Sword", durabilityCurrent: 70, durabilityMax: 100, enchantmentLevel: 3, allowedEquipmentSlots: ["main_hand", "off_hand"] }),
    ]);
  });

  it("swaps with an occupied slot, and equipment follows its item", async () => {
    const { caller, characterId } = await setup();
    await putItem(pool, characterId, sword, 1);
    await putItem(pool, characterId, potion, 2, 5);
    await caller.equipment.equip({ characterId, slot: 1, equipmentSlot: "main_hand" });
    await caller.inventory.move({ characterId, fromSlot: 1, toSlot: 2 });
    const bag = await bagOf(pool, characterId);
    expect(bag.map(({ slotPosition, itemId, quantity, isEquipped }) => ({ slotPosition, itemId, quantity, isEquipped }))).toEqual([
      { slotPosition: 1, itemId: potion, quantity: 5, isEquipped: false },
      { slotPosition: 2, itemId: sword, quantity: 1, isEquipped: true },
    ]);
    const sheet = await caller.character.get({ characterId });
    expect(sheet.equipment.find((e) => e.equipmentSlot === "main_hand")?.slotPosition).toBe(2);
    expect(await equipmentIsConsistent(pool, characterId)).toBe(true);
  });

  it("refuses moving from an empty slot, to the same slot, or outside the bag", async () => {
    const { caller, characterId } = await setup();
    await putItem(pool, characterId, potion, 3, 4);
    expect(await errorCodeOf(caller.inventory.move({ characterId, fromSlot: 9, toSlot: 10 }))).toBe("PRECONDITION_FAILED");
    expect(await errorCodeOf(caller.inventory.move({ characterId, fromSlot: 3, toSlot: 3 }))).toBe("BAD_REQUEST");
    expect(await errorCodeOf(caller.inventory.move({ characterId, fromSlot: 3, toSlot: 200 }))).toBe("BAD_REQUEST");
    expect(await errorCodeOf(caller.inventory.move({ characterId, fromSlot: -1, toSlot: 2 }))).toBe("BAD_REQUEST");
    expect((await bagOf(pool, characterId)).map((s) => [s.slotPosition, s.quantity])).toEqual([[3, 4]]);
  });

  it("splits a stack into an empty slot, refusing a quantity ≥ the stack or an occupied target", async () => {
    const { caller, characterId } = await setup();
    await putItem(pool, characterId, potion, 0, 10);
    await putItem(pool, characterId, sword, 1);
    expect(await errorCodeOf(caller.inventory.split({ characterId, fromSlot: 0, toSlot: 5, quantity: 10 }))).toBe("BAD_REQUEST");
    expect(await errorCodeOf(caller.inventory.split({ characterId, fromSlot: 0, toSlot: 5, quantity: 11 }))).toBe("BAD_REQUEST");
    expect(await errorCodeOf(caller.inventory.split({ characterId, fromSlot: 0, toSlot: 5, quantity: 0 }))).toBe("BAD_REQUEST");
    expect(await errorCodeOf(caller.inventory.split({ characterId, fromSlot: 0, toSlot: 1, quantity: 3 }))).toBe("PRECONDITION_FAILED");
    expect(await errorCodeOf(caller.inventory.split({ characterId, fromSlot: 4, toSlot: 5, quantity: 1 }))).toBe("PRECONDITION_FAILED");
    await caller.inventory.split({ characterId, fromSlot: 0, toSlot: 5, quantity: 3 });
    expect((await bagOf(pool, characterId)).map((s) => [s.slotPosition, s.itemId, s.quantity])).toEqual([
      [0, potion, 7],
      [1, sword, 1],
      [5, potion, 3],
    ]);
  });

  it("merges stacks up to max_stack_size, leaving the rest in the source", async () => {
    const { caller, characterId } = await setup();
    await putItem(pool, characterId, potion, 0, 15);
    await putItem(pool, characterId, potion, 1, 12);
    await caller.inventory.merge({ characterId, fromSlot: 1, toSlot: 0 });
    expect((await bagOf(pool, characterId)).map((s) => [s.slotPosition, s.quantity])).toEqual([
      [0, 20],
      [1, 7],
    ]);
    // Target full now: nothing can move.
    expect(await errorCodeOf(caller.inventory.merge({ characterId, fromSlot: 1, toSlot: 0 }))).toBe("PRECONDITION_FAILED");
    // The other way round the whole source fits and its slot empties.
    await caller.inventory.split({ characterId, fromSlot: 0, toSlot: 2, quantity: 10 });
    await caller.inventory.merge({ characterId, fromSlot: 1, toSlot: 2 });
    expect((await bagOf(pool, characterId)).map((s) => [s.slotPosition, s.quantity])).toEqual([
      [0, 10],
      [2, 17],
    ]);
  });

  it("refuses merging different items, non-stackable items or an empty slot", async () => {
    const { caller, characterId } = await setup();
    await putItem(pool, characterId, potion, 0, 2);
    await putItem(pool, characterId, sword, 1);
    await putItem(pool, characterId, sword, 2);
    expect(await errorCodeOf(caller.inventory.merge({ characterId, fromSlot: 0, toSlot: 1 }))).toBe("PRECONDITION_FAILED");
    expect(await errorCodeOf(caller.inventory.merge({ characterId, fromSlot: 1, toSlot: 2 }))).toBe("PRECONDITION_FAILED");
    expect(await errorCodeOf(caller.inventory.merge({ characterId, fromSlot: 0, toSlot: 3 }))).toBe("PRECONDITION_FAILED");
    expect((await bagOf(pool, characterId)).map((s) => [s.slotPosition, s.quantity])).toEqual([
      [0, 2],
      [1, 1],
      [2, 1],
    ]);
  });

  it("destroys a stack or part of it only with confirm: true, and never an equipped item", async () => {
    const { caller, characterId } = await setup();
    await putItem(pool, characterId, potion, 0, 6);
    await putItem(pool, characterId, sword, 1);
    expect(await errorCodeOf(caller.inventory.drop({ characterId, slot: 0, confirm: false as never }))).toBe("BAD_REQUEST");
    expect(await errorCodeOf(caller.inventory.drop({ characterId, slot: 0 } as never))).toBe("BAD_REQUEST");
    expect(await errorCodeOf(caller.inventory.drop({ characterId, slot: 0, quantity: 7, confirm: true }))).toBe("BAD_REQUEST");
    await caller.inventory.drop({ characterId, slot: 0, quantity: 2, confirm: true });
    expect((await bagOf(pool, characterId)).find((s) => s.slotPosition === 0)?.quantity).toBe(4);
    await caller.inventory.drop({ characterId, slot: 0, confirm: true });
    expect((await bagOf(pool, characterId)).map((s) => s.slotPosition)).toEqual([1]);

    await caller.equipment.equip({ characterId, slot: 1, equipmentSlot: "main_hand" });
    expect(await errorCodeOf(caller.inventory.drop({ characterId, slot: 1, confirm: true }))).toBe("PRECONDITION_FAILED");
    expect(await equipmentOf(pool, characterId)).toHaveLength(1);
    expect(await errorCodeOf(caller.inventory.drop({ characterId, slot: 9, confirm: true }))).toBe("PRECONDITION_FAILED");
  });

  it("answers NOT_FOUND for another player's or a deleted character, for every procedure, and changes nothing", async () => {
    const { caller: owner, characterId } = await setup();
    const stranger = callerFor(engines, await createPlayer(pool));
    await putItem(pool, characterId, potion, 0, 10);
    await putItem(pool, characterId, sword, 1);
    const before = await bagOf(pool, characterId);
    // Thunks, so each call starts only when awaited (no rejection sits unhandled meanwhile).
    const attempts = (c: typeof owner) => [
      () => c.inventory.move({ characterId, fromSlot: 0, toSlot: 2 }),
      () => c.inventory.split({ characterId, fromSlot: 0, toSlot: 2, quantity: 1 }),
      () => c.inventory.merge({ characterId, fromSlot: 0, toSlot: 1 }),
      () => c.inventory.drop({ characterId, slot: 0, confirm: true }),
      () => c.equipment.equip({ characterId, slot: 1, equipmentSlot: "main_hand" }),
      () => c.equipment.unequip({ characterId, equipmentSlot: "main_hand" }),
    ];
    for (const attempt of attempts(stranger)) expect(await errorCodeOf(attempt())).toBe("NOT_FOUND");
    expect(await bagOf(pool, characterId)).toEqual(before);

    await owner.character.delete({ characterId, confirm: true });
    for (const attempt of attempts(owner)) expect(await errorCodeOf(attempt())).toBe("NOT_FOUND");
    expect(await bagOf(pool, characterId)).toEqual(before);
  });
});
