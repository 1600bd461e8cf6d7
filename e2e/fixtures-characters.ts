/**
 * Test setup for the character specs: items go straight into the e2e database (E2E_DATABASE_URL), since the portal
 * has no way to create items: they come from the game server and the market.
 */
import { withDb } from "./fixtures";


export interface E2eItem {
  name: string;
  itemType: "weapon" | "armor" | "consumable" | "material" | "misc";
  maxStackSize?: number;
  properties?: Record<string, unknown>;
}

/** The character's id by its (active) name. */
export async function characterIdByName(name: string): Promise<number> {
  return withDb(async (client) => {
    const { rows } = await client.query<{ id: string }>("SELECT character_id AS id FROM game_data.characters WHERE name = $1 AND deleted_at IS NULL", [name]);
    if (!rows[0]) throw new Error(`No active character ${name} in the e2e database`);
    return Number(rows[0].id);
  });
}

/** Creates an items_master row (random id in a range the demo catalogue leaves alone) and puts `quantity` in `slotPosition`. */
export async function giveItem(characterId: number, item: E2eItem, slotPosition: number, quantity = 1, wear?: { current: number; max: number }): Promise<number> {
  return withDb(async (client) => {
    const itemId = 1_000_000_000 + Math.floor(Math.random() * 1_000_000_000);
    await client.query(
      `INSERT INTO game_data.items_master (item_id, item_name, item_type, rarity, max_stack_size, properties) VALUES ($1, $2, $3, 'rare', $4, $5)`,
      [itemId, item.name, item.itemType, item.maxStackSize ?? 1, item.properties ? JSON.stringify(item.properties) : null],
    );
    await client.query(
      `INSERT INTO game_data.character_inventory (character_id, item_id, quantity, slot_position, durability_current, durability_max, enchantment_level)
       VALUES ($1, $2, $3, $4, $5, $6, 2)`,
      [characterId, itemId, quantity, slotPosition, wear?.current ?? null, wear?.max ?? null],
    );
    return itemId;
  });
}
