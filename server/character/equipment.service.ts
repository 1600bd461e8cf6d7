import "server-only";
import type { Engines } from "@/server/engines";
import { AppError } from "@/server/errors";
import { withActorSql, type Actor } from "@/server/db/actor-transaction";
import { lockEquipment, setEquipmentSlot, setEquippedFlag } from "@/server/character/equipment.pg";
import { lockOwnedCharacter, lockSlots } from "@/server/character/inventory.pg";
import type { EquipItemInput, UnequipItemInput } from "@/server/character/equipment.schema";
import { characterNotFound } from "@/server/character/character.service";
import { checkEquip, slotLabel } from "@/server/character/equipment.rules";

/**
 * Equip and unequip. An equipped item stays in its bag slot (is_equipped = TRUE) and a character_equipment row points at it.
 * Both tables change in the same transaction, under the character's bag lock, so they never disagree.
 */
type Postgres = Pick<Engines, "postgres">;

export interface EquipmentChange {
  characterId: number;
  equipmentSlot: string;
  /** The bag slot now equipped there, or null after unequipping. */
  slotPosition: number | null;
}

export async function equipItem(engines: Postgres, actor: Actor, playerId: number, input: EquipItemInput): Promise<EquipmentChange> {
  return withActorSql(engines.postgres.pool, actor, async (client) => {
    const character = await lockOwnedCharacter(client, playerId, input.characterId);
    if (!character) throw characterNotFound();
    const item = (await lockSlots(client, character.characterId, [input.slot])).get(input.slot);
    if (!item) throw new AppError("PRECONDITION_FAILED", `Slot ${input.slot} is empty.`);
    const check = checkEquip(item, input.equipmentSlot, character.level);
    if (!check.ok) throw new AppError("PRECONDITION_FAILED", check.reason, { fieldErrors: { equipmentSlot: [check.reason] } });

    const equipment = await lockEquipment(client, character.characterId);
    const occupant = equipment.find((row) => row.equipmentSlot === input.equipmentSlot)?.inventorySlotId ?? null;
    if (occupant === item.inventorySlotId) return { characterId: character.characterId, equipmentSlot: input.equipmentSlot, slotPosition: input.slot };
    // The item may be moving between slots (ring_1 → ring_2): its old slot empties.
    for (const row of equipment) {
      if (row.inventorySlotId === item.inventorySlotId) await setEquipmentSlot(client, character.characterId, row.equipmentSlot, null);
    }
    if (occupant !== null) await setEquippedFlag(client, [occupant], false);
    await setEquipmentSlot(client, character.characterId, input.equipmentSlot, item.inventorySlotId);
    await setEquippedFlag(client, [item.inventorySlotId], true);
    return { characterId: character.characterId, equipmentSlot: input.equipmentSlot, slotPosition: input.slot };
  });
}

export async function unequipItem(engines: Postgres, actor: Actor, playerId: number, input: UnequipItemInput): Promise<EquipmentChange> {
  return withActorSql(engines.postgres.pool, actor, async (client) => {
    const character = await lockOwnedCharacter(client, playerId, input.characterId);
    if (!character) throw characterNotFound();
    const equipment = await lockEquipment(client, character.characterId);
    const occupant = equipment.find((row) => row.equipmentSlot === input.equipmentSlot)?.inventorySlotId ?? null;
    if (occupant === null) throw new AppError("PRECONDITION_FAILED", `Nothing is equipped in ${slotLabel(input.equipmentSlot)}.`);
    await setEquipmentSlot(client, character.characterId, input.equipmentSlot, null);
    // Only clear the flag if no other slot still points at the same item (cannot happen through the portal; cheap to respect).
    if (!equipment.some((row) => row.equipmentSlot !== input.equipmentSlot && row.inventorySlotId === occupant)) {
      await setEquippedFlag(client, [occupant], false);
    }
    return { characterId: character.characterId, equipmentSlot: input.equipmentSlot, slotPosition: null };
  });
}
