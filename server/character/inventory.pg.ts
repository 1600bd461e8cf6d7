import "server-only";
import type { PoolClient } from "pg";
import type { PgPool } from "@/server/clients/postgres";

/**
 * SQL for game_data.character_inventory. Locking protocol for every write to a character's bag
 * (the marketplace follows it too when it delivers items):
 *   1. lockOwnedCharacter: the character row, FOR NO KEY UPDATE. Serialises all bag writes of one character, including
 *      those whose target slot is empty (an empty slot has no row to lock). NO KEY UPDATE rather than UPDATE so it does
 *      not block inserts elsewhere whose foreign keys take KEY SHARE on the character.
 *   2. lockSlots: the slot rows involved, FOR UPDATE, in slot_position order (a stable order: no deadlocks).
 * Everything runs inside one withActorSql transaction. The two locks are deliberately two statements: under READ COMMITTED
 * each statement takes a fresh snapshot, so the slot read after waiting for the bag lock sees rows the previous holder
 * inserted (a split into an empty slot). Folding both into one statement would read slots with the snapshot from before the wait.
 * Hot statements are named (prepared once per connection, planned once): planning cost more than executing these
 * primary-key look-ups. Behind PgBouncer in transaction mode this needs PgBouncer >= 1.21 with max_prepared_statements set.
 */
type Queryable = PgPool | PoolClient;

export interface LockedCharacter {
  characterId: number;
  level: number;
}

/** Ownership and the bag lock in one statement; null when the character is not the player's or is deleted. */
export async function lockOwnedCharacter(client: PoolClient, playerId: number, characterId: number): Promise<LockedCharacter | null> {
  const { rows } = await client.query<LockedCharacter>({
    name: "inventory.lock_character",
    text: `SELECT character_id AS "characterId", level FROM game_data.characters
      WHERE character_id = $1 AND player_id = $2 AND deleted_at IS NULL
      FOR NO KEY UPDATE`,
    values: [characterId, playerId],
  });
  return rows[0] ?? null;
}

export interface SlotRow {
  inventorySlotId: number;
  slotPosition: number;
  itemId: number;
  quantity: number;
  isEquipped: boolean;
  durabilityCurrent: number | null;
  durabilityMax: number | null;
  enchantmentLevel: number;
  itemName: string;
  itemType: string;
  maxStackSize: number;
  requiredLevel: number;
  properties: unknown;
}

const slotColumns = `
  ci.inventory_slot_id AS "inventorySlotId", ci.slot_position AS "slotPosition", ci.item_id AS "itemId", ci.quantity,
  COALESCE(ci.is_equipped, FALSE) AS "isEquipped", ci.durability_current AS "durabilityCurrent", ci.durability_max AS "durabilityMax",
  COALESCE(ci.enchantment_level, 0) AS "enchantmentLevel", im.item_name AS "itemName", im.item_type AS "itemType",
  GREATEST(COALESCE(im.max_stack_size, 1), 1) AS "maxStackSize", COALESCE(im.required_level, 1) AS "requiredLevel", im.properties`;

/** Locks the occupied slots among `positions` in slot order; empty positions simply return no row. */
export async function lockSlots(client: PoolClient, characterId: number, positions: number[]): Promise<Map<number, SlotRow>> {
  const { rows } = await client.query<SlotRow>({
    name: "inventory.lock_slots",
    text: `SELECT ${slotColumns}
       FROM game_data.character_inventory ci
       JOIN game_data.items_master im ON im.item_id = ci.item_id
      WHERE ci.character_id = $1 AND ci.slot_position = ANY($2::int[])
      ORDER BY ci.slot_position
      FOR UPDATE OF ci`,
    values: [characterId, positions],
  });
  return new Map(rows.map((row) => [row.slotPosition, row]));
}

export async function moveSlot(client: PoolClient, inventorySlotId: number, toSlot: number): Promise<void> {
  await client.query({
    name: "inventory.move_slot",
    text: "UPDATE game_data.character_inventory SET slot_position = $2 WHERE inventory_slot_id = $1",
    values: [inventorySlotId, toSlot],
  });
}

/**
 * Swaps the contents of two slots. unique_equipped_slot (character_id, slot_position) is not deferrable and
 * the valid_slot CHECK leaves no spare position to park a row in, so positions cannot be exchanged; the rows keep
 * their positions and trade everything else. Equipment follows its item: references to the two rows are swapped too.
 */
export async function swapSlotContents(client: PoolClient, characterId: number, firstId: number, secondId: number): Promise<void> {
  await client.query(
    `UPDATE game_data.character_inventory ci
        SET item_id = o.item_id, quantity = o.quantity, is_equipped = o.is_equipped, acquired_at = o.acquired_at,
            durability_current = o.durability_current, durability_max = o.durability_max,
            enchantment_level = o.enchantment_level, custom_properties = o.custom_properties
       FROM game_data.character_inventory o
      WHERE (ci.inventory_slot_id = $1 AND o.inventory_slot_id = $2) OR (ci.inventory_slot_id = $2 AND o.inventory_slot_id = $1)`,
    [firstId, secondId],
  );
  await client.query(
    `UPDATE game_data.character_equipment
        SET inventory_slot_id = CASE inventory_slot_id WHEN $2::bigint THEN $3::bigint ELSE $2::bigint END
      WHERE character_id = $1 AND inventory_slot_id IN ($2, $3)`,
    [characterId, firstId, secondId],
  );
}

export async function setQuantity(client: PoolClient, inventorySlotId: number, quantity: number): Promise<void> {
  await client.query("UPDATE game_data.character_inventory SET quantity = $2 WHERE inventory_slot_id = $1", [inventorySlotId, quantity]);
}

/** A new stack in an empty slot, copying the source stack's wear and enchantment (a split keeps them). */
export async function insertSplitStack(client: PoolClient, characterId: number, source: number, toSlot: number, quantity: number): Promise<void> {
  await client.query(
    `INSERT INTO game_data.character_inventory
       (character_id, item_id, quantity, slot_position, is_equipped, acquired_at, durability_current, durability_max, enchantment_level, custom_properties)
     SELECT character_id, item_id, $3, $4, FALSE, acquired_at, durability_current, durability_max, enchantment_level, custom_properties
       FROM game_data.character_inventory WHERE inventory_slot_id = $2 AND character_id = $1`,
    [characterId, source, quantity, toSlot],
  );
}

export async function deleteSlot(client: PoolClient, inventorySlotId: number): Promise<void> {
  await client.query("DELETE FROM game_data.character_inventory WHERE inventory_slot_id = $1", [inventorySlotId]);
}

export interface InventoryRow {
  inventorySlotId: number;
  slotPosition: number;
  itemId: number;
  quantity: number;
  isEquipped: boolean;
  equippedIn: string | null;
  durabilityCurrent: number | null;
  durabilityMax: number | null;
  enchantmentLevel: number;
  itemName: string;
  itemType: string;
  rarity: string;
  description: string | null;
  iconUrl: string | null;
  maxStackSize: number;
  requiredLevel: number;
  properties: unknown;
}

/**
 * The whole bag with item details and the equipment slot each item sits in, for an owned live character.
 * Returns null when the character is not the player's; an empty bag is [].
 */
export async function loadInventory(db: Queryable, playerId: number, characterId: number): Promise<InventoryRow[] | null> {
  const { rows } = await db.query<InventoryRow & { owned: boolean }>({
    name: "inventory.load",
    text: `SELECT TRUE AS owned, ${slotColumns}, im.rarity, im.description, im.icon_url AS "iconUrl",
            (SELECT ce.equipment_slot FROM game_data.character_equipment ce
              WHERE ce.character_id = c.character_id AND ce.inventory_slot_id = ci.inventory_slot_id
              ORDER BY ce.equipment_slot LIMIT 1) AS "equippedIn"
       FROM game_data.characters c
       LEFT JOIN game_data.character_inventory ci ON ci.character_id = c.character_id
       LEFT JOIN game_data.items_master im ON im.item_id = ci.item_id
      WHERE c.character_id = $1 AND c.player_id = $2 AND c.deleted_at IS NULL
      ORDER BY ci.slot_position`,
    values: [characterId, playerId],
  });
  if (rows.length === 0) return null;
  return rows.filter((row) => row.inventorySlotId !== null).map(({ owned: _owned, ...row }) => row);
}
