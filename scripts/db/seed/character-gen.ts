/**
 * Per-character generation shared by the demo world and the scale loader: stats, position, currencies,
 * and an inventory whose equipped rows and character_equipment rows agree.
 */
import { CHARACTER_CLASSES, ITEMS, ZONES, type EquipmentSlot, type ItemDef } from "./catalogue";
import type { Random } from "./random";
import type { Row } from "./tables";

export type CharacterClass = (typeof CHARACTER_CLASSES)[number];
const DAY = 86_400_000;

export const iso = (ms: number): string => new Date(ms).toISOString();
export const json = (value: unknown): string => JSON.stringify(value);

const primary: Record<CharacterClass, [str: number, agi: number, int: number, vit: number]> = {
  warrior: [3, 1.5, 0.5, 2.5], rogue: [1.5, 3, 0.8, 1.5], ranger: [1.5, 3, 1, 1.5],
  mage: [0.5, 1, 3.5, 1.2], cleric: [1, 1, 3, 2], engineer: [1.5, 1.2, 2.5, 1.6],
};

/** Level distribution of a live game: many low and mid levels, a long tail to 100. */
export function drawLevel(rng: Random): number {
  const bucket = rng.weighted([[[1, 10], 25], [[11, 30], 30], [[31, 60], 28], [[61, 90], 13], [[91, 100], 4]] as const);
  return rng.int(bucket[0], bucket[1]);
}

export function experienceFor(rng: Random, level: number): number {
  return 100 * level * level + rng.int(0, level * 150);
}

export function statsRow(rng: Random, characterId: number, cls: CharacterClass, level: number, updatedAt: string): Row {
  const [str, agi, int, vit] = primary[cls];
  const attr = (weight: number) => Math.max(1, Math.round(8 + weight * level * 0.9 + rng.int(0, 6)));
  const strength = attr(str);
  const agility = attr(agi);
  const intelligence = attr(int);
  const vitality = attr(vit);
  const luck = Math.max(1, rng.int(5, 15) + Math.floor(level / 8));
  const healthMax = 100 + level * 18 + vitality * 6;
  const manaMax = 50 + level * 6 + intelligence * 8;
  const staminaMax = 100 + level * 4 + agility * 2;
  const fill = (max: number) => (rng.chance(0.6) ? max : rng.int(Math.ceil(max * 0.2), max));
  return [characterId, fill(healthMax), healthMax, fill(manaMax), manaMax, fill(staminaMax), staminaMax, strength, agility, intelligence, vitality, luck, updatedAt];
}

/** A zone suited to the level, a point scattered around its hub (σ 150 km) and a terrain altitude. */
export function positionRow(rng: Random, characterId: number, level: number, updatedAt: string): Row {
  const candidates = ZONES.filter((zone) => level >= zone.minLevel && level <= zone.maxLevel);
  const zone = rng.pick(candidates.length > 0 ? candidates : ZONES);
  const clamp = (value: number, limit: number) => Math.max(-limit, Math.min(limit, value));
  const x = Math.round(clamp(zone.hub.x + rng.gaussian() * 150_000, 19_999_000) * 100) / 100;
  const y = Math.round(clamp(zone.hub.y + rng.gaussian() * 150_000, 9_999_000) * 100) / 100;
  const z = Math.round(rng.float(-40, 2_400) * 100) / 100;
  const inDungeon = rng.chance(0.08);
  return [characterId, x, y, z, Math.round(rng.float(0, 360) * 10) / 10, Math.round(rng.float(-20, 20) * 10) / 10, zone.zone_id, inDungeon ? rng.uuid() : null, updatedAt];
}

export function currencyRows(rng: Random, characterId: number, level: number, overrides: Partial<Record<string, number>> = {}): Row[] {
  const gold = Math.round(Math.exp(rng.float(0, 1.6)) * level * level * rng.int(3, 12));
  return [
    [characterId, "gold", overrides.gold ?? gold],
    [characterId, "gems", overrides.gems ?? (rng.chance(0.4) ? 0 : rng.int(1, 40) * 5)],
    [characterId, "pvp_tokens", overrides.pvp_tokens ?? (level < 10 ? 0 : rng.int(0, level * 20))],
    [characterId, "event_currency", overrides.event_currency ?? (rng.chance(0.5) ? 0 : rng.int(5, 300))],
  ];
}

// ------------------------------------------------------------------ inventory
const armorTypeFor: Record<CharacterClass, "cloth" | "leather" | "plate"> = {
  warrior: "plate", cleric: "plate", rogue: "leather", ranger: "leather", engineer: "leather", mage: "cloth",
};
const weaponsFor: Record<CharacterClass, string[]> = {
  warrior: ["sword", "greatsword", "axe", "hammer", "spear"], cleric: ["hammer", "staff"], rogue: ["dagger", "sword"],
  ranger: ["bow", "spear"], engineer: ["crossbow", "hammer"], mage: ["staff", "wand"],
};
const byType = (type: ItemDef["item_type"]) => ITEMS.filter((item) => item.item_type === type);
const WEAPONS = byType("weapon");
const ARMOR = byType("armor");
const CONSUMABLES = byType("consumable");
const MATERIALS = byType("material");
const QUEST_ITEMS = byType("quest");
const MISC = byType("misc");
const prop = <T>(item: ItemDef, key: string): T | undefined => item.properties[key] as T | undefined;

/** The best-suited items of a list for a level: the highest required level the character meets, with some spread. */
function suited(rng: Random, items: readonly ItemDef[], level: number): ItemDef | undefined {
  const usable = items.filter((item) => item.required_level <= level).sort((a, b) => b.required_level - a.required_level);
  if (usable.length === 0) return undefined;
  return usable[Math.min(usable.length - 1, rng.weighted([[0, 6], [1, 3], [2, 1]] as const))];
}

export interface InventoryResult {
  inventory: Row[];
  equipment: Row[];
  nextSlotId: number;
}

export interface InventoryOptions {
  characterId: number;
  cls: CharacterClass;
  level: number;
  /** First inventory_slot_id to use. */
  firstSlotId: number;
  /** How many unequipped rows to add on top of the equipped ones. */
  extraRows: number;
  createdAtMs: number;
  nowMs: number;
  crafterName?: string;
}

/**
 * Equips a plausible loadout (weapon, armor of the class's type, jewelry, maybe a shield), then fills the bag
 * with spare gear, stacks of consumables and materials (never above max_stack_size), quest items and misc.
 * Slot positions are distinct (unique_equipped_slot) and below 200 (valid_slot).
 */
export function inventoryRows(rng: Random, options: InventoryOptions): InventoryResult {
  const { characterId, cls, level, createdAtMs, nowMs } = options;
  const inventory: Row[] = [];
  const equipment: Row[] = [];
  let nextSlotId = options.firstSlotId;
  const totalRows = Math.min(199, 14 + options.extraRows);
  const positions = rng.sample(Array.from({ length: Math.max(40, Math.min(200, totalRows * 2)) }, (_, i) => i), 200);
  let positionIndex = 0;
  const acquired = () => iso(createdAtMs + Math.floor(rng.next() * Math.max(1, nowMs - createdAtMs)));

  const add = (item: ItemDef, equipped: boolean, quantity = 1): number | undefined => {
    const slot = positions[positionIndex];
    if (slot === undefined) return undefined;
    positionIndex += 1;
    const durabilityMax = prop<number>(item, "durability_max") ?? null;
    const durabilityCurrent = durabilityMax === null ? null : rng.int(Math.ceil(durabilityMax * (equipped ? 0.35 : 0.6)), durabilityMax);
    const gear = item.item_type === "weapon" || item.item_type === "armor";
    const enchantment = gear ? rng.weighted([[0, 70], [rng.int(1, 3), 20], [rng.int(4, 7), 8], [rng.int(8, 10), level >= 60 ? 4 : 0.5]] as const) : 0;
    const custom = gear && rng.chance(0.12)
      ? json(rng.chance(0.5) && options.crafterName ? { crafted_by: options.crafterName } : { soulbound: true })
      : null;
    const id = nextSlotId++;
    inventory.push([id, characterId, item.item_id, quantity, slot, equipped, acquired(), durabilityCurrent, durabilityMax, enchantment, custom]);
    return id;
  };
  const equip = (slot: EquipmentSlot, item: ItemDef | undefined) => {
    if (!item) return;
    const id = add(item, true);
    if (id !== undefined) equipment.push([characterId, slot, id, acquired()]);
  };

  const kinds = weaponsFor[cls];
  const weapon = suited(rng, WEAPONS.filter((item) => kinds.includes(prop<string>(item, "weapon_type") ?? "")), level);
  equip("main_hand", weapon);
  const armorType = armorTypeFor[cls];
  for (const slot of ["head", "chest", "legs", "feet", "hands"] as const) {
    if (rng.chance(0.85)) {
      equip(slot, suited(rng, ARMOR.filter((item) => prop<string>(item, "slot") === slot && prop<string>(item, "armor_type") === armorType), level));
    }
  }
  if (weapon && !prop<boolean>(weapon, "two_handed") && armorType === "plate") {
    equip("off_hand", suited(rng, ARMOR.filter((item) => prop<string>(item, "slot") === "off_hand"), level));
  }
  const jewelry = (slot: string) => ARMOR.filter((item) => prop<string>(item, "slot") === slot);
  if (rng.chance(0.7)) equip("ring_1", suited(rng, jewelry("ring"), level));
  if (rng.chance(0.4)) equip("ring_2", suited(rng, jewelry("ring"), level));
  if (rng.chance(0.5)) equip("amulet", suited(rng, jewelry("amulet"), level));
  if (rng.chance(0.5)) equip("belt", suited(rng, jewelry("belt"), level));
  if (rng.chance(0.6)) equip("back", suited(rng, jewelry("back"), level));

  const stackOf = (item: ItemDef) => {
    const max = item.max_stack_size;
    if (max <= 1) return 1;
    return rng.chance(0.2) ? max : rng.int(1, max);
  };
  const usable = (items: readonly ItemDef[]) => items.filter((item) => item.required_level <= level + 5);
  const spareGear = usable([...WEAPONS, ...ARMOR]);
  const consumables = usable(CONSUMABLES);
  for (let i = 0; i < options.extraRows; i += 1) {
    const kind = rng.weighted([["gear", 18], ["consumable", 25], ["material", 42], ["quest", 7], ["misc", 8]] as const);
    const pool = kind === "gear" ? spareGear : kind === "consumable" ? consumables : kind === "material" ? MATERIALS : kind === "quest" ? QUEST_ITEMS : MISC;
    const item = rng.pick(pool.length > 0 ? pool : MATERIALS);
    if (add(item, false, stackOf(item)) === undefined) break;
  }
  return { inventory, equipment, nextSlotId };
}

// ------------------------------------------------------------------ names
const nameStarts = ["Ael", "Bran", "Cor", "Dra", "El", "Fen", "Gar", "Hal", "Is", "Jor", "Kael", "Lir", "Mor", "Nym", "Or", "Pyr", "Quin", "Ror", "Syl", "Tor", "Ul", "Vor", "Wyn", "Xan", "Yr", "Zeph", "Bel", "Cael", "Dun", "Ith"];
const nameEnds = ["a", "ric", "wyn", "dor", "is", "mir", "eth", "ana", "orn", "ith", "ra", "ius", "elle", "gar", "oth", "en", "ys", "ander"];
const epithets = ["Bold", "Grey", "Swift", "Red", "Wise", "Stout", "Quiet", "Bright", "Storm", "Tide", "Ash", "Frost", "Vale", "Wolf", "Raven"];

/** A fantasy name like "Kaelwyn" or "Morith_Frost"; `taken` guarantees uniqueness (unique_active_character_name). */
export function characterName(rng: Random, taken: Set<string>): string {
  for (let attempt = 0; ; attempt += 1) {
    const base = rng.pick(nameStarts) + rng.pick(nameEnds);
    const name = attempt < 3 ? base : attempt < 12 ? `${base}_${rng.pick(epithets)}` : `${base}_${rng.pick(epithets)}${rng.int(2, 999)}`;
    if (!taken.has(name.toLowerCase())) {
      taken.add(name.toLowerCase());
      return name;
    }
  }
}

export const randomClass = (rng: Random): CharacterClass => rng.pick(CHARACTER_CLASSES);
export const daysAgo = (nowMs: number, days: number): number => nowMs - days * DAY;
export { DAY };
