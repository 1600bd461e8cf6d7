import type { EquipmentSlot } from "@/server/character/equipment.schema";

/**
 * Which equipment slots an item may go into. Pure: the equip service and the inventory DTO both use it.
 *
 * The rule (docs/characters.md):
 * - `items_master.properties.slot`, when present, names the slot: one of the 12 slots, or `"ring"` (either ring slot;
 *   `"ring_1"`/`"ring_2"` also mean either), or `"hand"`/`"one_hand"` (either hand).
 * - weapon: main_hand or off_hand; a `slot` property can narrow it to one of them (anything else is ignored).
 * - armor: the `slot` property if it names an armour slot (head, chest, legs, feet, hands, belt, back, off_hand for shields),
 *   a ring slot or the amulet; without one, any of the seven body slots (head, chest, legs, feet, hands, belt, back).
 * - misc: only with a `slot` property naming a ring or the amulet (jewellery); otherwise not equippable.
 * - consumable, material, quest: never equippable.
 */
const handSlots: EquipmentSlot[] = ["main_hand", "off_hand"];
const ringSlots: EquipmentSlot[] = ["ring_1", "ring_2"];
const bodySlots: EquipmentSlot[] = ["head", "chest", "legs", "feet", "hands", "belt", "back"];

function slotProperty(properties: unknown): string | null {
  if (properties && typeof properties === "object" && !Array.isArray(properties)) {
    const slot = (properties as Record<string, unknown>).slot;
    if (typeof slot === "string") return slot.trim().toLowerCase();
  }
  return null;
}

function jewellerySlots(slot: string | null): EquipmentSlot[] | null {
  if (slot === "ring" || slot === "ring_1" || slot === "ring_2") return ringSlots;
  if (slot === "amulet" || slot === "neck") return ["amulet"];
  return null;
}

export function allowedEquipmentSlots(item: { itemType: string; properties: unknown }): EquipmentSlot[] {
  const slot = slotProperty(item.properties);
  switch (item.itemType) {
    case "weapon":
      if (slot === "main_hand" || slot === "off_hand") return [slot];
      return handSlots;
    case "armor": {
      const jewellery = jewellerySlots(slot);
      if (jewellery) return jewellery;
      if (slot && (bodySlots as string[]).includes(slot)) return [slot as EquipmentSlot];
      if (slot === "off_hand" || slot === "shield") return ["off_hand"];
      return bodySlots;
    }
    case "misc":
      return jewellerySlots(slot) ?? [];
    default:
      return [];
  }
}

export type EquipCheck = { ok: true } | { ok: false; reason: string };

/** Whether a character of `characterLevel` may put this item into `target`; the reason is written for the player. */
export function checkEquip(
  item: { itemName: string; itemType: string; properties: unknown; requiredLevel: number; quantity: number },
  target: EquipmentSlot,
  characterLevel: number,
): EquipCheck {
  const allowed = allowedEquipmentSlots(item);
  if (allowed.length === 0) return { ok: false, reason: `${item.itemName} cannot be equipped.` };
  if (!allowed.includes(target)) {
    return { ok: false, reason: `${item.itemName} goes in ${allowed.map(slotLabel).join(" or ")}, not ${slotLabel(target)}.` };
  }
  if (item.requiredLevel > characterLevel) {
    return { ok: false, reason: `${item.itemName} needs level ${item.requiredLevel}; this character is level ${characterLevel}.` };
  }
  if (item.quantity !== 1) return { ok: false, reason: "Split off a single item before equipping it." };
  return { ok: true };
}

export function slotLabel(slot: string): string {
  return slot.replace("_", " ");
}
