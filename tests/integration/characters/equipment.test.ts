import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEngines, unique } from "@/tests/helpers/engines";
import { bagOf, callerFor, createItem, createPlayer, equipmentIsConsistent, equipmentOf, errorCodeOf, putItem } from "@/tests/integration/characters/fixtures";

describe("equipment router", () => {
  const engines = createTestEngines();
  const pool = engines.postgres.pool;
  const items: Record<string, number> = {};
  afterAll(() => engines.close());
  beforeAll(async () => {
    items.sword = await createItem(pool, { itemType: "weapon", name: "Sword" });
    items.dagger = await createItem(pool, { itemType: "weapon", name: "Dagger", properties: { slot: "off_hand" } });
    items.greatsword = await createItem(pool, { itemType: "weapon", name: "Greatsword", requiredLevel: 20 });
    items.helm = await createItem(pool, { itemType: "armor", name: "Helm", properties: { slot: "head" } });
    items.ring = await createItem(pool, { itemType: "misc", name: "Ring", properties: { slot: "ring" } });
    items.amulet = await createItem(pool, { itemType: "armor", name: "Amulet", properties: { slot: "amulet" } });
    items.ore = await createItem(pool, { itemType: "material", name: "Ore", maxStackSize: 50 });
    items.arrows = await createItem(pool, { itemType: "weapon", name: "Arrows", maxStackSize: 99 });
  });

  async function setup() {
    const caller = callerFor(engines, await createPlayer(pool));
    const character = await caller.character.create({ name: unique("Eq"), characterClass: "ranger" });
    return { caller, characterId: character.characterId };
  }

  it("equips into a compatible slot, replaces the occupant and unequips, keeping is_equipped consistent", async () => {
    const { caller, characterId } = await setup();
    await putItem(pool, characterId, items.sword!, 0);
    await putItem(pool, characterId, items.sword!, 1);
    await caller.equipment.equip({ characterId, slot: 0, equipmentSlot: "main_hand" });
    let sheet = await caller.character.get({ characterId });
    expect(sheet.equipment.find((e) => e.equipmentSlot === "main_hand")?.slotPosition).toBe(0);
    expect(sheet.inventory.slots.find((s) => s.slotPosition === 0)?.equippedIn).toBe("main_hand");

    // Replacing: the old sword becomes a plain bag item.
    await caller.equipment.equip({ characterId, slot: 1, equipmentSlot: "main_hand" });
    expect((await bagOf(pool, characterId)).map((s) => [s.slotPosition, s.isEquipped])).toEqual([
      [0, false],
      [1, true],
    ]);
    // The same item into the other hand: its old slot empties.
    await caller.equipment.equip({ characterId, slot: 1, equipmentSlot: "off_hand" });
    sheet = await caller.character.get({ characterId });
    expect(sheet.equipment.filter((e) => e.slotPosition !== null)).toEqual([{ equipmentSlot: "off_hand", slotPosition: 1 }]);
    expect(await equipmentIsConsistent(pool, characterId)).toBe(true);

    await caller.equipment.unequip({ characterId, equipmentSlot: "off_hand" });
    expect(await equipmentOf(pool, characterId)).toEqual([]);
    expect((await bagOf(pool, characterId)).every((s) => !s.isEquipped)).toBe(true);
    expect(await errorCodeOf(caller.equipment.unequip({ characterId, equipmentSlot: "off_hand" }))).toBe("PRECONDITION_FAILED");
  });

  it("applies the slot rules: weapons in hands, armour by its slot property, rings in either ring slot, amulets in amulet", async () => {
    const { caller, characterId } = await setup();
    await putItem(pool, characterId, items.sword!, 0);
    await putItem(pool, characterId, items.helm!, 1);
    await putItem(pool, characterId, items.ring!, 2);
    await putItem(pool, characterId, items.amulet!, 3);
    await putItem(pool, characterId, items.dagger!, 4);
    await putItem(pool, characterId, items.ore!, 5, 10);

    expect(await errorCodeOf(caller.equipment.equip({ characterId, slot: 0, equipmentSlot: "head" }))).toBe("PRECONDITION_FAILED");
    expect(await errorCodeOf(caller.equipment.equip({ characterId, slot: 1, equipmentSlot: "chest" }))).toBe("PRECONDITION_FAILED");
    expect(await errorCodeOf(caller.equipment.equip({ characterId, slot: 2, equipmentSlot: "amulet" }))).toBe("PRECONDITION_FAILED");
    expect(await errorCodeOf(caller.equipment.equip({ characterId, slot: 4, equipmentSlot: "main_hand" }))).toBe("PRECONDITION_FAILED");
    expect(await errorCodeOf(caller.equipment.equip({ characterId, slot: 5, equipmentSlot: "main_hand" }))).toBe("PRECONDITION_FAILED");
    expect(await errorCodeOf(caller.equipment.equip({ characterId, slot: 9, equipmentSlot: "main_hand" }))).toBe("PRECONDITION_FAILED");
    expect(await errorCodeOf(caller.equipment.equip({ characterId, slot: 0, equipmentSlot: "pocket" as never }))).toBe("BAD_REQUEST");
    expect(await equipmentOf(pool, characterId)).toEqual([]);

    await caller.equipment.equip({ characterId, slot: 0, equipmentSlot: "main_hand" });
    await caller.equipment.equip({ characterId, slot: 1, equipmentSlot: "head" });
    await caller.equipment.equip({ characterId, slot: 2, equipmentSlot: "ring_2" });
    await caller.equipment.equip({ characterId, slot: 3, equipmentSlot: "amulet" });
    await caller.equipment.equip({ characterId, slot: 4, equipmentSlot: "off_hand" });
    expect((await equipmentOf(pool, characterId)).map((e) => e.equipmentSlot)).toEqual(["amulet", "head", "main_hand", "off_hand", "ring_2"]);
    expect(await equipmentIsConsistent(pool, characterId)).toBe(true);
  });

  it("refuses an item above the character's level, and a stack of more than one", async () => {
    const { caller, characterId } = await setup();
    await putItem(pool, characterId, items.greatsword!, 0);
    await putItem(pool, characterId, items.arrows!, 1, 30);
    const tooHigh = await caller.equipment.equip({ characterId, slot: 0, equipmentSlot: "main_hand" }).catch((e: unknown) => e);
    expect(tooHigh).toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("level 20") });
    expect(await errorCodeOf(caller.equipment.equip({ characterId, slot: 1, equipmentSlot: "main_hand" }))).toBe("PRECONDITION_FAILED");

    await pool.query("UPDATE game_data.characters SET level = 20 WHERE character_id = $1", [characterId]);
    await caller.equipment.equip({ characterId, slot: 0, equipmentSlot: "main_hand" });
    expect(await equipmentOf(pool, characterId)).toHaveLength(1);
  });
});
