import "server-only";
import type { PoolClient } from "pg";

/**
 * SQL for game_data.character_equipment. A slot is empty when it has no row or its inventory_slot_id is NULL
 * (fk_equipment_inventory is ON DELETE SET NULL). Unequipping sets NULL rather than deleting the row.
 * Invariant kept by every writer: character_inventory.is_equipped is TRUE exactly for rows some equipment slot points at.
 * Callers hold the character's bag lock (inventory.sql.ts lockOwnedCharacter) first.
 */
export interface EquipmentRow {
  equipmentSlot: string;
  inventorySlotId: number | null;
}

/** The character's equipment rows, locked in slot-name order. */
export async function lockEquipment(client: PoolClient, characterId: number): Promise<EquipmentRow[]> {
  const { rows } = await client.query<EquipmentRow>(
    `SELECT equipment_slot AS "equipmentSlot", inventory_slot_id AS "inventorySlotId"
       FROM game_data.character_equipment WHERE character_id = $1
      ORDER BY equipment_slot FOR UPDATE`,
    [characterId],
  );
  return rows;
}

export async function setEquipmentSlot(client: PoolClient, characterId: number, equipmentSlot: string, inventorySlotId: number | null): Promise<void> {
  await client.query(
    `INSERT INTO game_data.character_equipment (character_id, equipment_slot, inventory_slot_id, equipped_at)
     VALUES ($1, $2, $3, now())
     ON CONFLICT (character_id, equipment_slot) DO UPDATE SET inventory_slot_id = EXCLUDED.inventory_slot_id, equipped_at = EXCLUDED.equipped_at`,
    [characterId, equipmentSlot, inventorySlotId],
  );
}

export async function setEquippedFlag(client: PoolClient, inventorySlotIds: number[], isEquipped: boolean): Promise<void> {
  if (inventorySlotIds.length === 0) return;
  await client.query("UPDATE game_data.character_inventory SET is_equipped = $2 WHERE inventory_slot_id = ANY($1::bigint[])", [inventorySlotIds, isEquipped]);
}
