import { z } from "zod";
import { characterIdSchema } from "@/server/character/character.schema";
import { slotPositionSchema } from "@/server/character/inventory.schema";

/** character_equipment's valid_equipment_slot CHECK, in display order. */
export const equipmentSlots = ["head", "chest", "legs", "feet", "hands", "main_hand", "off_hand", "ring_1", "ring_2", "amulet", "belt", "back"] as const;
export type EquipmentSlot = (typeof equipmentSlots)[number];

export const equipmentSlotSchema = z.enum(equipmentSlots, { error: `Equipment slots are: ${equipmentSlots.join(", ")}.` });

/** Equip the item in inventory slot `slot` into `equipmentSlot` (whatever was there goes back to being a plain bag item). */
export const equipItemInput = z.object({ characterId: characterIdSchema, slot: slotPositionSchema, equipmentSlot: equipmentSlotSchema });
export type EquipItemInput = z.infer<typeof equipItemInput>;

export const unequipItemInput = z.object({ characterId: characterIdSchema, equipmentSlot: equipmentSlotSchema });
export type UnequipItemInput = z.infer<typeof unequipItemInput>;
