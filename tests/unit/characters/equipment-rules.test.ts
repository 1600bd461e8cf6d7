import { describe, expect, it } from "vitest";
import { allowedEquipmentSlots, checkEquip } from "@/server/character/equipment.rules";

describe("allowedEquipmentSlots", () => {
  it.each([
    [{ itemType: "weapon", properties: null }, ["main_hand", "off_hand"]],
    [{ itemType: "weapon", properties: { slot: "off_hand" } }, ["off_hand"]],
    [{ itemType: "weapon", properties: { slot: "head" } }, ["main_hand", "off_hand"]],
    [{ itemType: "armor", properties: { slot: "head" } }, ["head"]],
    [{ itemType: "armor", properties: { slot: "Ring" } }, ["ring_1", "ring_2"]],
    [{ itemType: "armor", properties: { slot: "ring_2" } }, ["ring_1", "ring_2"]],
    [{ itemType: "armor", properties: { slot: "amulet" } }, ["amulet"]],
    [{ itemType: "armor", properties: { slot: "shield" } }, ["off_hand"]],
    [{ itemType: "armor", properties: { damage: 5 } }, ["head", "chest", "legs", "feet", "hands", "belt", "back"]],
    [{ itemType: "misc", properties: { slot: "ring" } }, ["ring_1", "ring_2"]],
    [{ itemType: "misc", properties: null }, []],
    [{ itemType: "consumable", properties: { slot: "head" } }, []],
    [{ itemType: "material", properties: null }, []],
    [{ itemType: "quest", properties: null }, []],
  ])("%o → %o", (item, expected) => {
    expect(allowedEquipmentSlots(item)).toEqual(expected);
  });
});

describe("checkEquip", () => {
  const helm = { itemName: "Helm", itemType: "armor", properties: { slot: "head" }, requiredLevel: 5, quantity: 1 };
  it("accepts a compatible slot at the required level", () => {
    expect(checkEquip(helm, "head", 5)).toEqual({ ok: true });
  });
  it("explains a wrong slot, a too-low level, a stack, and a non-equippable item", () => {
    expect(checkEquip(helm, "chest", 50)).toEqual({ ok: false, reason: "Helm goes in head, not chest." });
    expect(checkEquip(helm, "head", 4)).toEqual({ ok: false, reason: "Helm needs level 5; this character is level 4." });
    expect(checkEquip({ ...helm, quantity: 2 }, "head", 9)).toMatchObject({ ok: false });
    expect(checkEquip({ ...helm, itemType: "material" }, "head", 9)).toEqual({ ok: false, reason: "Helm cannot be equipped." });
  });
});
