import { describe, expect, it } from "vitest";
import { ITEMS, QUESTS, ACHIEVEMENTS, RARITIES } from "@/scripts/db/seed/catalogue";
import { inventoryRows } from "@/scripts/db/seed/character-gen";
import { Random } from "@/scripts/db/seed/random";
import { copyValue, isResettableDatabase } from "@/scripts/db/seed/sql";

describe("seed building blocks", () => {
  it("the PRNG is deterministic per seed and stream, and streams differ", () => {
    const draw = (seed: number, stream: number) => Array.from({ length: 5 }, ((r) => () => r.next())(new Random(seed, stream)));
    expect(draw(1, 0)).toEqual(draw(1, 0));
    expect(draw(1, 0)).not.toEqual(draw(1, 1));
    const r = new Random(7);
    for (let i = 0; i < 1000; i += 1) {
      const n = r.int(3, 5);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(5);
    }
  });

  it("the catalogue covers every item type and rarity, every quest type, hidden achievements, with unique ids", () => {
    expect(new Set(ITEMS.map((i) => i.item_type))).toEqual(new Set(["weapon", "armor", "consumable", "material", "quest", "misc"]));
    expect(new Set(ITEMS.map((i) => i.rarity))).toEqual(new Set(RARITIES));
    expect(new Set(ITEMS.map((i) => i.item_id)).size).toBe(ITEMS.length);
    expect(new Set(QUESTS.map((q) => q.quest_type))).toEqual(new Set(["main", "side", "daily", "weekly", "event"]));
    expect(ACHIEVEMENTS.some((a) => a.is_hidden)).toBe(true);
    for (const item of ITEMS.filter((i) => i.item_type === "armor" || i.item_type === "weapon")) expect(item.properties.slot).toBeTypeOf("string");
  });

  it("inventories respect stack sizes, slot bounds and equip only what they hold", () => {
    const r = new Random(3);
    for (let c = 0; c < 50; c += 1) {
      const bag = inventoryRows(r, { characterId: c, cls: "warrior", level: r.int(1, 100), firstSlotId: 1, extraRows: r.int(0, 60), createdAtMs: 0, nowMs: 1e12 });
      const slots = bag.inventory.map((row) => row[4] as number);
      expect(new Set(slots).size).toBe(slots.length);
      expect(Math.max(...slots)).toBeLessThan(200);
      for (const row of bag.inventory) {
        const item = ITEMS.find((i) => i.item_id === row[2])!;
        expect(row[3] as number).toBeLessThanOrEqual(item.max_stack_size);
      }
      const equippedIds = bag.inventory.filter((row) => row[5] === true).map((row) => row[0]);
      expect(bag.equipment.map((row) => row[2]).sort()).toEqual(equippedIds.sort());
    }
  });

  it("COPY values escape what COPY's text format treats specially", () => {
    expect(copyValue(null)).toBe("\\N");
    expect(copyValue(true)).toBe("t");
    expect(copyValue('a\tb\nc\\d')).toBe("a\\tb\\nc\\\\d");
  });

  it("--reset is only allowed on local demo/test/scale databases", () => {
    expect(isResettableDatabase("bluemarble", "127.0.0.1")).toBe(true);
    expect(isResettableDatabase("bluemarble_scale", null)).toBe(true);
    expect(isResettableDatabase("seed_abc_test", "::1")).toBe(true);
    expect(isResettableDatabase("bluemarble", "10.0.0.5")).toBe(false);
    expect(isResettableDatabase("game", "127.0.0.1")).toBe(false);
    expect(isResettableDatabase("bluemarble_prod", "127.0.0.1")).toBe(false);
  });
});
