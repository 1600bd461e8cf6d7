import { z } from "zod";
import { characterIdSchema } from "@/server/character/character.schema";

/** Bag size: character_inventory's valid_slot CHECK (slot_position >= 0 AND slot_position < 200). */
export const inventoryCapacity = 200;

export const slotPositionSchema = z
  .number()
  .int("Slots are whole numbers.")
  .min(0, `Slots are numbered 0 to ${inventoryCapacity - 1}.`)
  .max(inventoryCapacity - 1, `Slots are numbered 0 to ${inventoryCapacity - 1}.`);

/** character_inventory.quantity is INT with positive_quantity (> 0). */
export const itemQuantitySchema = z.number().int("Quantities are whole numbers.").min(1, "Quantities must be at least 1.").max(2_147_483_647);

const differentSlots = <T extends { fromSlot: number; toSlot: number }>(value: T) => value.fromSlot !== value.toSlot;
const differentSlotsMessage = { message: "Pick two different slots.", path: ["toSlot"] };

/** Move an item to an empty slot, or swap it with whatever occupies the target slot. */
export const moveItemInput = z
  .object({ characterId: characterIdSchema, fromSlot: slotPositionSchema, toSlot: slotPositionSchema })
  .refine(differentSlots, differentSlotsMessage);
export type MoveItemInput = z.infer<typeof moveItemInput>;

/** Take `quantity` off a stack into an empty slot; the source keeps at least one. */
export const splitStackInput = z
  .object({ characterId: characterIdSchema, fromSlot: slotPositionSchema, toSlot: slotPositionSchema, quantity: itemQuantitySchema })
  .refine(differentSlots, differentSlotsMessage);
export type SplitStackInput = z.infer<typeof splitStackInput>;

/** Move as much of the source stack onto the target stack (same item) as max_stack_size allows. */
export const mergeStacksInput = z
  .object({ characterId: characterIdSchema, fromSlot: slotPositionSchema, toSlot: slotPositionSchema })
  .refine(differentSlots, differentSlotsMessage);
export type MergeStacksInput = z.infer<typeof mergeStacksInput>;

/** Destroy a whole stack, or `quantity` of it. Irreversible, hence the explicit confirmation. */
export const dropItemInput = z.object({
  characterId: characterIdSchema,
  slot: slotPositionSchema,
  quantity: itemQuantitySchema.optional(),
  confirm: z.literal(true, { error: "Confirm that you want to destroy this item." }),
});
export type DropItemInput = z.infer<typeof dropItemInput>;
