/**
 * The reference data every world shares: zones, the item catalogue (items_master), quests and achievements.
 * Built from fixed tables (no randomness), so item/quest/achievement ids are stable and other code may rely on them.
 *
 * items_master.properties conventions (documented in docs/data.md):
 *  - equippable items (weapons, armor incl. jewelry) carry `slot` and `equip_slots` (the valid
 *    character_equipment.equipment_slot values the item fits; rings fit ring_1 and ring_2);
 *  - weapons: damage, attack_speed, critical_bonus, two_handed, weapon_type, durability_max;
 *  - armor: armor, armor_type, durability_max (jewelry has none: it does not wear out);
 *  - consumables: effect, amount, duration_seconds?, cooldown_seconds; materials: category, tier.
 */

export type Rarity = "common" | "uncommon" | "rare" | "epic" | "legendary" | "mythic";
export type ItemType = "weapon" | "armor" | "consumable" | "material" | "quest" | "misc";
export type EquipmentSlot =
  | "head" | "chest" | "legs" | "feet" | "hands" | "main_hand" | "off_hand"
  | "ring_1" | "ring_2" | "amulet" | "belt" | "back";

export interface ItemDef {
  item_id: number;
  item_name: string;
  item_type: ItemType;
  rarity: Rarity;
  description: string;
  base_value: number;
  max_stack_size: number;
  is_tradeable: boolean;
  is_consumable: boolean;
  required_level: number;
  weight: number;
  icon_url: string;
  properties: Record<string, unknown>;
}

export const RARITIES: readonly Rarity[] = ["common", "uncommon", "rare", "epic", "legendary", "mythic"];
const rarityValue: Record<Rarity, number> = { common: 1, uncommon: 3, rare: 10, epic: 40, legendary: 150, mythic: 600 };

export interface Zone {
  zone_id: number;
  name: string;
  minLevel: number;
  maxLevel: number;
  /** Hub (main town) coordinates in metres; characters cluster around it. */
  hub: { x: number; y: number };
}

/**
 * Twelve zones: six longitude bands of the planet (x in ±20,000 km) times the two hemispheres (y in ±10,000 km).
 * Levels rise away from the starting zone so a character's zone says something about its level.
 */
export const ZONES: readonly Zone[] = [
  ["Landfall", 1, 15], ["Saltmarsh Coast", 5, 20], ["Thornwood", 10, 30], ["Emberfall Highlands", 20, 40],
  ["Frostmere Reach", 30, 50], ["Sunscar Desert", 35, 55], ["Verdant Deep", 40, 60], ["Stormcrown Peaks", 50, 70],
  ["Sunken Archipelago", 55, 75], ["Ashen Wastes", 65, 85], ["Shattered Isles", 75, 95], ["Abyssal Rift", 85, 100],
].map(([name, minLevel, maxLevel], index) => {
  const band = Math.floor(index / 2);
  const north = index % 2 === 0;
  return {
    zone_id: index + 1,
    name: name as string,
    minLevel: minLevel as number,
    maxLevel: maxLevel as number,
    hub: { x: Math.round(-20_000_000 + (band + 0.5) * (40_000_000 / 6)), y: north ? 4_500_000 : -4_500_000 },
  };
});

// ------------------------------------------------------------------ items
const tiers = [
  { prefix: "Rusty", rarity: "common", level: 1 },
  { prefix: "Iron", rarity: "common", level: 8 },
  { prefix: "Steel", rarity: "uncommon", level: 20 },
  { prefix: "Mithril", rarity: "rare", level: 40 },
  { prefix: "Adamantite", rarity: "epic", level: 60 },
  { prefix: "Dragonbone", rarity: "legendary", level: 80 },
  { prefix: "Starforged", rarity: "mythic", level: 95 },
] as const;

const weaponKinds = [
  { kind: "sword", name: "Longsword", damage: 12, speed: 1.4, twoHanded: false, weight: 3.5 },
  { kind: "greatsword", name: "Greatsword", damage: 20, speed: 0.9, twoHanded: true, weight: 7 },
  { kind: "axe", name: "Battleaxe", damage: 14, speed: 1.2, twoHanded: false, weight: 4 },
  { kind: "hammer", name: "Warhammer", damage: 22, speed: 0.8, twoHanded: true, weight: 8 },
  { kind: "dagger", name: "Dagger", damage: 7, speed: 2.0, twoHanded: false, weight: 1 },
  { kind: "bow", name: "Longbow", damage: 13, speed: 1.1, twoHanded: true, weight: 2 },
  { kind: "crossbow", name: "Crossbow", damage: 18, speed: 0.7, twoHanded: true, weight: 5 },
  { kind: "staff", name: "Staff", damage: 11, speed: 1.0, twoHanded: true, weight: 3, magic: true },
  { kind: "wand", name: "Wand", damage: 8, speed: 1.5, twoHanded: false, weight: 0.5, magic: true },
  { kind: "spear", name: "Spear", damage: 16, speed: 1.1, twoHanded: true, weight: 4.5 },
] as const;

const armorSets = [
  { type: "cloth", tiers: [["Linen", "common", 1], ["Silk", "uncommon", 20], ["Moonweave", "epic", 60]],
    pieces: { head: "Hood", chest: "Robe", legs: "Leggings", feet: "Slippers", hands: "Gloves" }, armor: 2, weight: 0.5 },
  { type: "leather", tiers: [["Hide", "common", 5], ["Thick Leather", "rare", 35], ["Wyrmhide", "legendary", 80]],
    pieces: { head: "Cap", chest: "Jerkin", legs: "Trousers", feet: "Boots", hands: "Bracers" }, armor: 4, weight: 1.5 },
  { type: "plate", tiers: [["Iron", "common", 10], ["Steel", "uncommon", 25], ["Adamantite", "epic", 65]],
    pieces: { head: "Helm", chest: "Breastplate", legs: "Greaves", feet: "Sabatons", hands: "Gauntlets" }, armor: 8, weight: 4 },
] as const;

const slotArmorFactor: Record<string, number> = { head: 1, chest: 2, legs: 1.6, feet: 0.8, hands: 0.7 };

type Extra = [name: string, rarity: Rarity, level: number, slot: "off_hand" | "ring" | "amulet" | "belt" | "back", stats: Record<string, unknown>];
const accessories: Extra[] = [
  ["Wooden Buckler", "common", 1, "off_hand", { armor: 6, block_chance: 5, armor_type: "shield" }],
  ["Steel Kite Shield", "uncommon", 22, "off_hand", { armor: 18, block_chance: 12, armor_type: "shield" }],
  ["Aegis of the Tides", "legendary", 78, "off_hand", { armor: 60, block_chance: 25, armor_type: "shield" }],
  ["Copper Band", "common", 1, "ring", { luck: 1 }],
  ["Sapphire Ring", "rare", 35, "ring", { intelligence: 6, mana_max: 40 }],
  ["Ring of the Deep Current", "mythic", 95, "ring", { intelligence: 20, luck: 10 }],
  ["Bone Amulet", "uncommon", 12, "amulet", { vitality: 3 }],
  ["Amulet of the Blue Marble", "legendary", 85, "amulet", { vitality: 15, health_max: 300 }],
  ["Leather Belt", "common", 3, "belt", { stamina_max: 10 }],
  ["Girdle of Giants", "epic", 60, "belt", { strength: 12 }],
  ["Traveler's Cloak", "common", 1, "back", { agility: 2 }],
  ["Cloak of Shadows", "epic", 55, "back", { agility: 10, stealth: 15 }],
];

type Consumable = [name: string, rarity: Rarity, level: number, stack: number, effect: string, amount: number, extra?: Record<string, unknown>];
const consumables: Consumable[] = [
  ["Minor Health Potion", "common", 1, 20, "restore_health", 50],
  ["Lesser Health Potion", "common", 10, 20, "restore_health", 150],
  ["Greater Health Potion", "uncommon", 35, 20, "restore_health", 500],
  ["Superior Health Potion", "rare", 65, 20, "restore_health", 1500],
  ["Minor Mana Potion", "common", 1, 20, "restore_mana", 40],
  ["Lesser Mana Potion", "common", 10, 20, "restore_mana", 120],
  ["Greater Mana Potion", "uncommon", 35, 20, "restore_mana", 400],
  ["Superior Mana Potion", "rare", 65, 20, "restore_mana", 1200],
  ["Stamina Tonic", "common", 5, 20, "restore_stamina", 100],
  ["Greater Stamina Tonic", "uncommon", 40, 20, "restore_stamina", 400],
  ["Loaf of Bread", "common", 1, 50, "regenerate_health", 5, { duration_seconds: 30 }],
  ["Roast Boar", "common", 15, 50, "regenerate_health", 20, { duration_seconds: 30 }],
  ["Fisherman's Stew", "uncommon", 30, 50, "regenerate_mana", 15, { duration_seconds: 30 }],
  ["Elven Waybread", "rare", 50, 50, "regenerate_health", 60, { duration_seconds: 30 }],
  ["Elixir of Giants", "rare", 45, 10, "buff_strength", 15, { duration_seconds: 1800 }],
  ["Elixir of Swiftness", "rare", 45, 10, "buff_agility", 15, { duration_seconds: 1800 }],
  ["Elixir of the Sage", "epic", 70, 10, "buff_intelligence", 25, { duration_seconds: 1800 }],
  ["Antidote", "common", 5, 20, "cure_poison", 1],
  ["Phoenix Feather", "epic", 60, 5, "resurrect", 100],
  ["Scroll of Town Portal", "common", 1, 20, "teleport_hub", 1],
  ["Scroll of Identify", "uncommon", 10, 20, "identify", 1],
  ["Scroll of Enchant Weapon", "rare", 30, 10, "enchant_weapon", 1],
  ["Scroll of Enchant Armor", "rare", 30, 10, "enchant_armor", 1],
  ["Festival Candy", "uncommon", 1, 100, "buff_luck", 5, { duration_seconds: 600, event: "harvest_festival" }],
  ["Tears of the Abyss", "legendary", 90, 5, "restore_all", 100],
];

type Material = [name: string, rarity: Rarity, category: string, tier: number, stack: number];
const materials: Material[] = [
  ["Copper Ore", "common", "ore", 1, 200], ["Iron Ore", "common", "ore", 2, 200], ["Silver Ore", "uncommon", "ore", 3, 200],
  ["Gold Ore", "uncommon", "ore", 4, 100], ["Mithril Ore", "rare", "ore", 5, 100], ["Adamantite Ore", "epic", "ore", 6, 50],
  ["Copper Ingot", "common", "ingot", 1, 100], ["Iron Ingot", "common", "ingot", 2, 100], ["Steel Ingot", "uncommon", "ingot", 3, 100],
  ["Mithril Ingot", "rare", "ingot", 5, 50], ["Adamantite Ingot", "epic", "ingot", 6, 50],
  ["Pine Log", "common", "wood", 1, 200], ["Oak Log", "common", "wood", 2, 200], ["Ironwood Log", "rare", "wood", 4, 100],
  ["Elderwood Log", "epic", "wood", 6, 50],
  ["Rough Hide", "common", "leather", 1, 200], ["Thick Leather", "uncommon", "leather", 3, 100], ["Wyrm Scale", "legendary", "leather", 7, 20],
  ["Linen Cloth", "common", "cloth", 1, 200], ["Silk Cloth", "uncommon", "cloth", 3, 100], ["Moonweave Cloth", "epic", "cloth", 6, 50],
  ["Peacebloom", "common", "herb", 1, 200], ["Silverleaf", "common", "herb", 2, 200], ["Nightshade", "uncommon", "herb", 3, 100],
  ["Dragon's Tongue", "rare", "herb", 5, 100],
  ["Quartz", "common", "gem", 1, 100], ["Amethyst", "uncommon", "gem", 3, 100], ["Sapphire", "rare", "gem", 4, 50],
  ["Ruby", "rare", "gem", 5, 50], ["Diamond", "epic", "gem", 6, 20], ["Star Diamond", "legendary", "gem", 7, 10],
  ["Lesser Arcane Essence", "uncommon", "essence", 2, 100], ["Greater Arcane Essence", "rare", "essence", 4, 50],
  ["Void Essence", "epic", "essence", 6, 20], ["Primordial Essence", "mythic", "essence", 8, 5],
];

type QuestItem = [name: string, rarity: Rarity, stack: number, description: string];
const questItems: QuestItem[] = [
  ["Goblin Ear", "common", 20, "Proof of a goblin slain. The Aldmoor militia pays for these."],
  ["Wolf Pelt", "common", 20, "A matted grey pelt from a Thornwood wolf."],
  ["Sealed Letter", "uncommon", 1, "A letter bearing the wax seal of the Harbourmaster."],
  ["Ancient Map Fragment", "rare", 5, "Part of a map showing coastlines that no longer exist."],
  ["Ember Core", "rare", 10, "Still warm. Taken from an elemental in the Emberfall Highlands."],
  ["Frozen Heart", "epic", 1, "The heart of the Frost Wyrm, cold enough to burn."],
  ["Relic of the First Tide", "legendary", 1, "An artifact from before the oceans rose."],
  ["Cultist Sigil", "uncommon", 10, "A crude iron sigil worn by the Abyssal cult."],
];

type Misc = [name: string, rarity: Rarity, level: number, stack: number, tradeable: boolean, properties: Record<string, unknown>, description: string];
const miscItems: Misc[] = [
  ["Riding Horse Whistle", "uncommon", 20, 1, true, { mount: "horse", speed_bonus: 60 }, "Summons a sturdy riding horse."],
  ["Frost Sabre Whistle", "epic", 60, 1, true, { mount: "frost_sabre", speed_bonus: 100 }, "Summons a white sabre-toothed cat."],
  ["Tiny Sea Turtle", "rare", 1, 1, true, { pet: "sea_turtle" }, "A companion pet. Slow, but loyal."],
  ["Crimson Dye", "common", 1, 50, true, { dye: "#b91c1c" }, "Colours one armor piece crimson."],
  ["Azure Dye", "uncommon", 1, 50, true, { dye: "#0369a1" }, "Colours one armor piece azure."],
  ["Dungeon Key", "rare", 30, 5, true, { opens: "sunken_vault" }, "Opens the Sunken Vault once."],
  ["Fishing Rod", "common", 1, 1, true, { tool: "fishing", skill_bonus: 5 }, "Catches fish; occasionally boots."],
  ["Hearthstone", "common", 1, 1, false, { teleport: "home", cooldown_seconds: 1800 }, "Returns you to your home inn."],
  ["Dragon Skull Trophy", "legendary", 80, 1, true, { housing: "wall_trophy" }, "Proof you faced a dragon and lived."],
  ["Fireworks Bundle", "common", 1, 20, true, { effect: "fireworks" }, "Lights up the sky. Harmless, mostly."],
];

function icon(type: ItemType, name: string): string {
  return `/icons/items/${type}/${name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/(^-|-$)/g, "")}.png`;
}

function buildItems(): ItemDef[] {
  const items: ItemDef[] = [];
  let next = 1001;
  weaponKinds.forEach((kind, kindIndex) => {
    tiers.forEach((tier, tierIndex) => {
      // Half of the kind/tier grid (alternating), so every kind spans the levels without 70 near-identical weapons.
      if ((kindIndex + tierIndex) % 2 !== 0 && tierIndex !== 6) return;
      if (tierIndex === 6 && kindIndex % 3 !== 0) return;
      const damage = Math.round(kind.damage * (1 + tierIndex * 0.9 + tier.level / 12));
      const name = `${tier.prefix} ${kind.name}`;
      items.push({
        item_id: next++,
        item_name: name,
        item_type: "weapon",
        rarity: tier.rarity,
        description: `A ${tier.rarity} ${kind.name.toLowerCase()}${kind.twoHanded ? ", wielded with both hands" : ""}.`,
        base_value: Math.round((20 + tier.level * 15) * rarityValue[tier.rarity]),
        max_stack_size: 1,
        is_tradeable: true,
        is_consumable: false,
        required_level: tier.level,
        weight: kind.weight,
        icon_url: icon("weapon", name),
        properties: {
          slot: "main_hand",
          equip_slots: ["main_hand"],
          weapon_type: kind.kind,
          two_handed: kind.twoHanded,
          damage,
          ...("magic" in kind ? { spell_power: Math.round(damage * 1.2) } : {}),
          attack_speed: kind.speed,
          critical_bonus: tierIndex * 2 + (kind.kind === "dagger" ? 5 : 0),
          durability_max: 80 + tierIndex * 20,
        },
      });
    });
  });

  next = 2001;
  for (const set of armorSets) {
    set.tiers.forEach(([material, rarity, level], tierIndex) => {
      for (const [slot, piece] of Object.entries(set.pieces)) {
        const name = `${material} ${piece}`;
        items.push({
          item_id: next++,
          item_name: name,
          item_type: "armor",
          rarity,
          description: `${set.type[0]!.toUpperCase()}${set.type.slice(1)} ${slot} armor.`,
          base_value: Math.round((15 + level * 10) * rarityValue[rarity]),
          max_stack_size: 1,
          is_tradeable: true,
          is_consumable: false,
          required_level: level,
          weight: Math.round(set.weight * (slotArmorFactor[slot] ?? 1) * 10) / 10,
          icon_url: icon("armor", name),
          properties: {
            slot,
            equip_slots: [slot],
            armor_type: set.type,
            armor: Math.round(set.armor * (slotArmorFactor[slot] ?? 1) * (1 + tierIndex * 1.5 + level / 10)),
            durability_max: 60 + tierIndex * 30,
          },
        });
      }
    });
  }
  for (const [name, rarity, level, slot, stats] of accessories) {
    const isShield = slot === "off_hand";
    items.push({
      item_id: next++,
      item_name: name,
      item_type: "armor",
      rarity,
      description: isShield ? "A shield for the off hand." : `Worn as ${slot === "back" ? "a cloak" : `a${slot === "amulet" ? "n" : ""} ${slot}`}.`,
      base_value: Math.round((25 + level * 12) * rarityValue[rarity]),
      max_stack_size: 1,
      is_tradeable: true,
      is_consumable: false,
      required_level: level,
      weight: isShield ? 5 : slot === "ring" ? 0.1 : 0.5,
      icon_url: icon("armor", name),
      properties: {
        slot,
        equip_slots: slot === "ring" ? ["ring_1", "ring_2"] : [slot],
        ...stats,
        ...(isShield || slot === "belt" || slot === "back" ? { durability_max: 80 } : {}),
      },
    });
  }

  next = 3001;
  for (const [name, rarity, level, stack, effect, amount, extra] of consumables) {
    items.push({
      item_id: next++,
      item_name: name,
      item_type: "consumable",
      rarity,
      description: `Use: ${effect.replace(/_/g, " ")} (${amount}).`,
      base_value: Math.round((2 + level) * rarityValue[rarity]),
      max_stack_size: stack,
      is_tradeable: true,
      is_consumable: true,
      required_level: level,
      weight: 0.2,
      icon_url: icon("consumable", name),
      properties: { effect, amount, cooldown_seconds: effect.startsWith("buff") ? 0 : 30, ...extra },
    });
  }

  next = 4001;
  for (const [name, rarity, category, tier, stack] of materials) {
    items.push({
      item_id: next++,
      item_name: name,
      item_type: "material",
      rarity,
      description: `Crafting material (${category}, tier ${tier}).`,
      base_value: Math.round(tier * 2 * rarityValue[rarity]),
      max_stack_size: stack,
      is_tradeable: true,
      is_consumable: false,
      required_level: 1,
      weight: category === "gem" || category === "essence" ? 0.1 : 0.5,
      icon_url: icon("material", name),
      properties: { category, tier },
    });
  }

  next = 5001;
  for (const [name, rarity, stack, description] of questItems) {
    items.push({
      item_id: next++,
      item_name: name,
      item_type: "quest",
      rarity,
      description,
      base_value: 0,
      max_stack_size: stack,
      is_tradeable: false,
      is_consumable: false,
      required_level: 1,
      weight: 0.1,
      icon_url: icon("quest", name),
      properties: { quest_item: true },
    });
  }

  next = 6001;
  for (const [name, rarity, level, stack, tradeable, properties, description] of miscItems) {
    items.push({
      item_id: next++,
      item_name: name,
      item_type: "misc",
      rarity,
      description,
      base_value: Math.round((5 + level * 8) * rarityValue[rarity]),
      max_stack_size: stack,
      is_tradeable: tradeable,
      is_consumable: false,
      required_level: level,
      weight: 0.5,
      icon_url: icon("misc", name),
      properties,
    });
  }
  return items;
}

export const ITEMS: readonly ItemDef[] = buildItems();
export const ITEMS_BY_ID: ReadonlyMap<number, ItemDef> = new Map(ITEMS.map((item) => [item.item_id, item]));
const itemId = (name: string): number => {
  const found = ITEMS.find((item) => item.item_name === name);
  if (!found) throw new Error(`catalogue: no item named ${name}`);
  return found.item_id;
};

// ------------------------------------------------------------------ quests
export interface QuestDef {
  quest_id: number;
  quest_name: string;
  description: string;
  quest_type: "main" | "side" | "daily" | "weekly" | "event";
  required_level: number;
  prerequisites: Record<string, unknown> | null;
  rewards: Record<string, unknown>;
  objectives: Record<string, unknown>[];
  is_repeatable: boolean;
  cooldown_seconds: number | null;
}

type Objective = Record<string, unknown> & { type: "kill" | "collect" | "visit" | "talk" | "deliver" | "craft" | "win_pvp" };
type QuestSpec = [name: string, type: QuestDef["quest_type"], level: number, objectives: Objective[], description: string];

const kill = (target: string, count: number): Objective => ({ type: "kill", target, count });
const collect = (name: string, count: number): Objective => ({ type: "collect", item_id: itemId(name), count });
const visit = (zone: number): Objective => ({ type: "visit", zone_id: zone, count: 1 });
const talk = (npc: string): Objective => ({ type: "talk", npc, count: 1 });

const questSpecs: QuestSpec[] = [
  ["A Marble Adrift", "main", 1, [talk("Captain Maren"), visit(1)], "Wake on the shores of Aldmoor and find your bearings."],
  ["Goblins at the Gate", "main", 3, [kill("goblin", 10), collect("Goblin Ear", 10)], "The militia needs proof the goblin raids are over."],
  ["The Harbourmaster's Letter", "main", 8, [talk("Harbourmaster Quill"), { type: "deliver", item_id: itemId("Sealed Letter"), npc: "Lady Veyra", count: 1 }], "Carry a sealed letter to the Saltmarsh Coast."],
  ["Wolves of Thornwood", "main", 12, [kill("thornwood_wolf", 15), collect("Wolf Pelt", 8), visit(3)], "Something drives the wolves out of the forest."],
  ["Embers Rising", "main", 22, [visit(4), kill("ember_elemental", 12), collect("Ember Core", 3)], "The highlands burn; find out why."],
  ["Heart of the Frost Wyrm", "main", 35, [visit(5), kill("frost_wyrm", 1), collect("Frozen Heart", 1)], "Slay the wyrm that freezes the Reach."],
  ["Maps of a Drowned World", "main", 55, [collect("Ancient Map Fragment", 5), visit(9)], "Piece together a map of the world before the flood."],
  ["Into the Abyssal Rift", "main", 85, [visit(12), kill("abyssal_herald", 1), collect("Relic of the First Tide", 1)], "Close the rift, if it can be closed."],
  ["Copper for the Smith", "side", 2, [collect("Copper Ore", 20)], "The Aldmoor smith is out of copper."],
  ["Herbal Remedies", "side", 6, [collect("Peacebloom", 10), collect("Silverleaf", 5)], "The healer needs herbs for the sick."],
  ["Lost in the Marsh", "side", 10, [visit(2), talk("Old Tobiah")], "A fisherman has not come home."],
  ["Cult of the Deep", "side", 28, [kill("abyssal_cultist", 20), collect("Cultist Sigil", 10)], "Strange sigils appear along the coast."],
  ["Sands of Sunscar", "side", 36, [visit(6), kill("sand_wurm", 5)], "Caravans vanish in the dunes."],
  ["The Verdant Hunt", "side", 42, [visit(7), kill("jungle_stalker", 12)], "The druids ask for a culling."],
  ["A Smith's Masterwork", "side", 45, [collect("Mithril Ingot", 10), { type: "craft", item_id: itemId("Mithril Greatsword"), count: 1 }], "Forge a blade worthy of the guild hall."],
  ["Storm Over the Peaks", "side", 52, [visit(8), kill("storm_giant", 3)], "The giants of Stormcrown have grown bold."],
  ["Salvage Rights", "side", 58, [visit(9), collect("Adamantite Ore", 15)], "Claim the wrecks of the archipelago."],
  ["Ashes to Ashes", "side", 68, [visit(10), kill("ash_revenant", 25)], "Lay the dead of the Ashen Wastes to rest."],
  ["Daily: Fresh Catch", "daily", 5, [collect("Loaf of Bread", 5), talk("Cook Bellamy")], "The tavern needs supplies every day."],
  ["Daily: Patrol the Roads", "daily", 10, [kill("bandit", 8)], "Keep the trade roads safe."],
  ["Daily: Ore Run", "daily", 15, [collect("Iron Ore", 25)], "The foundry always needs iron."],
  ["Daily: Arena Practice", "daily", 20, [{ type: "win_pvp", count: 3 }], "Win three arena matches."],
  ["Daily: Essence Gathering", "daily", 40, [collect("Lesser Arcane Essence", 10)], "The enchanters pay well for essence."],
  ["Weekly: The Vault Run", "weekly", 30, [visit(9), kill("vault_guardian", 1), collect("Dungeon Key", 1)], "Clear the Sunken Vault."],
  ["Weekly: Giant Slayer", "weekly", 50, [kill("storm_giant", 10)], "Thin the giants' ranks."],
  ["Weekly: Guild Supply", "weekly", 25, [collect("Steel Ingot", 40), collect("Thick Leather", 20)], "Stock the guild armory."],
  ["Weekly: Champion of the Arena", "weekly", 45, [{ type: "win_pvp", count: 15 }], "Prove yourself in the arena."],
  ["Harvest Festival", "event", 1, [collect("Festival Candy", 20), talk("Festival Master Pim")], "Seasonal: share candy at the festival."],
  ["The Tide Eclipse", "event", 30, [visit(11), kill("eclipse_leviathan", 1)], "Seasonal: the leviathan rises at the eclipse."],
  ["Fireworks over Aldmoor", "event", 1, [collect("Fireworks Bundle", 5), visit(1)], "Seasonal: light up the sky for the anniversary."],
];

function buildQuests(): QuestDef[] {
  let previousMain: number | null = null;
  return questSpecs.map(([name, type, level, objectives, description], index) => {
    const quest_id = 101 + index;
    const repeatable = type === "daily" || type === "weekly" || type === "event";
    const prerequisites = type === "main" && previousMain !== null ? { quests: [previousMain], level } : level > 1 ? { level } : null;
    if (type === "main") previousMain = quest_id;
    const gold = Math.round(10 + level * level * (type === "weekly" ? 4 : type === "daily" ? 0.6 : 1.5));
    const rewardItem = type === "daily" ? null : ITEMS.find((item) => item.item_type === "consumable" && item.required_level <= level + 5 && item.required_level >= level - 30);
    return {
      quest_id,
      quest_name: name,
      description,
      quest_type: type,
      required_level: level,
      prerequisites,
      rewards: {
        experience: Math.round(100 * level * (type === "main" ? 3 : type === "weekly" ? 4 : 1)),
        gold,
        ...(rewardItem ? { items: [{ item_id: rewardItem.item_id, quantity: type === "weekly" ? 5 : 2 }] } : {}),
        ...(type === "event" ? { event_currency: 50 } : {}),
      },
      objectives,
      is_repeatable: repeatable,
      cooldown_seconds: type === "daily" ? 86_400 : type === "weekly" ? 604_800 : type === "event" ? 3_600 : null,
    };
  });
}

export const QUESTS: readonly QuestDef[] = buildQuests();

// ------------------------------------------------------------------ achievements
export interface AchievementDef {
  achievement_id: number;
  achievement_name: string;
  description: string;
  category: string;
  points: number;
  icon_url: string;
  criteria: Record<string, unknown>;
  is_hidden: boolean;
}

type AchievementSpec = [name: string, category: string, points: number, criteria: Record<string, unknown>, description: string, hidden?: boolean];
const achievementSpecs: AchievementSpec[] = [
  ["First Steps", "progression", 5, { type: "level", value: 5 }, "Reach level 5."],
  ["Adventurer", "progression", 10, { type: "level", value: 20 }, "Reach level 20."],
  ["Veteran", "progression", 20, { type: "level", value: 50 }, "Reach level 50."],
  ["Legend of the Blue Marble", "progression", 50, { type: "level", value: 100 }, "Reach level 100."],
  ["Storyteller", "progression", 25, { type: "quests_completed", quest_type: "main", count: 8 }, "Complete the main story."],
  ["Goblin Bane", "combat", 10, { type: "kill_count", target: "goblin", count: 100 }, "Defeat 100 goblins."],
  ["Monster Hunter", "combat", 15, { type: "kill_count", target: "any", count: 1000 }, "Defeat 1,000 monsters."],
  ["Exterminator", "combat", 30, { type: "kill_count", target: "any", count: 10000 }, "Defeat 10,000 monsters."],
  ["Wyrmslayer", "combat", 30, { type: "boss_kill", target: "frost_wyrm" }, "Defeat the Frost Wyrm."],
  ["Giant Killer", "combat", 20, { type: "kill_count", target: "storm_giant", count: 50 }, "Defeat 50 storm giants."],
  ["Untouchable", "combat", 40, { type: "boss_kill_no_damage", target: "any" }, "Defeat a boss without taking damage.", true],
  ["Explorer of Landfall", "exploration", 5, { type: "visit_zone", zone_id: 1 }, "Discover Landfall."],
  ["Frostbitten", "exploration", 10, { type: "visit_zone", zone_id: 5 }, "Discover the Frostmere Reach."],
  ["Desert Wanderer", "exploration", 10, { type: "visit_zone", zone_id: 6 }, "Discover the Sunscar Desert."],
  ["Island Hopper", "exploration", 15, { type: "visit_zone", zone_id: 9 }, "Discover the Sunken Archipelago."],
  ["Edge of the World", "exploration", 25, { type: "visit_zone", zone_id: 12 }, "Stand at the Abyssal Rift."],
  ["Cartographer", "exploration", 50, { type: "visit_zones", count: 12 }, "Discover every zone."],
  ["Circumnavigator", "exploration", 40, { type: "travel_distance", metres: 40_000_000 }, "Travel once around the planet.", true],
  ["First Coin", "economy", 5, { type: "gold_earned", amount: 100 }, "Earn 100 gold."],
  ["Merchant", "economy", 15, { type: "market_sales", count: 50 }, "Sell 50 items on the marketplace."],
  ["Tycoon", "economy", 40, { type: "gold_held", amount: 1_000_000 }, "Hold 1,000,000 gold at once."],
  ["Bargain Hunter", "economy", 10, { type: "market_purchases", count: 25 }, "Buy 25 items on the marketplace."],
  ["Master Crafter", "economy", 25, { type: "items_crafted", count: 500 }, "Craft 500 items."],
  ["Friendly", "social", 5, { type: "friends", count: 1 }, "Make a friend."],
  ["Popular", "social", 15, { type: "friends", count: 25 }, "Have 25 friends."],
  ["Guild Member", "social", 5, { type: "join_guild" }, "Join a guild."],
  ["Guild Founder", "social", 20, { type: "lead_guild" }, "Found a guild."],
  ["Generous Soul", "social", 10, { type: "trades_completed", count: 20 }, "Complete 20 trades with other players."],
  ["Collector", "collection", 10, { type: "unique_items", count: 50 }, "Own 50 different items."],
  ["Hoarder", "collection", 20, { type: "unique_items", count: 120 }, "Own 120 different items."],
  ["Epic Taste", "collection", 20, { type: "rarity_owned", rarity: "epic" }, "Own an epic item."],
  ["Touched by Legend", "collection", 35, { type: "rarity_owned", rarity: "legendary" }, "Own a legendary item."],
  ["Mythmaker", "collection", 75, { type: "rarity_owned", rarity: "mythic" }, "Own a mythic item.", true],
  ["Arena Novice", "pvp", 10, { type: "pvp_wins", count: 10 }, "Win 10 arena matches."],
  ["Arena Champion", "pvp", 40, { type: "pvp_wins", count: 500 }, "Win 500 arena matches."],
  ["Sore Loser", "pvp", 5, { type: "pvp_losses", count: 100 }, "Lose 100 arena matches.", true],
  ["Festival Spirit", "events", 10, { type: "quest_completed", quest_id: 128 }, "Complete the Harvest Festival."],
  ["Eclipse Witness", "events", 25, { type: "quest_completed", quest_id: 129 }, "Survive the Tide Eclipse."],
  ["Anniversary", "events", 10, { type: "quest_completed", quest_id: 130 }, "Celebrate BlueMarble's anniversary."],
  ["Who Turned Off the Lights?", "events", 15, { type: "secret", key: "lighthouse_lamp" }, "Found something in the old lighthouse.", true],
];

export const ACHIEVEMENTS: readonly AchievementDef[] = achievementSpecs.map(([name, category, points, criteria, description, hidden], index) => ({
  achievement_id: 1 + index,
  achievement_name: name,
  description,
  category,
  points,
  icon_url: `/icons/achievements/${name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/(^-|-$)/g, "")}.png`,
  criteria,
  is_hidden: hidden ?? false,
}));

/** The portal's playable classes (server/character/character.schema.ts characterClasses). */
export const CHARACTER_CLASSES = ["warrior", "ranger", "mage", "cleric", "rogue", "engineer"] as const;
export const CURRENCY_TYPES = ["gold", "gems", "pvp_tokens", "event_currency"] as const;
