import "server-only";
import type { PoolClient } from "pg";
import type { Engines } from "@/server/engines";
import { AppError } from "@/server/errors";
import { withActorSql, type Actor } from "@/server/db/actor-transaction";
import {
  deleteSlot,
  insertSplitStack,
  lockOwnedCharacter,
  lockSlots,
  moveSlot,
  setQuantity,
  swapSlotContents,
  type LockedCharacter,
  type SlotRow,
} from "@/server/character/inventory.pg";
import type { DropItemInput, MergeStacksInput, MoveItemInput, SplitStackInput } from "@/server/character/inventory.schema";
import { characterNotFound } from "@/server/character/character.service";

/**
 * Bag operations. Each is ONE transaction: lock the character's bag (its row), lock the slot rows involved in
 * slot order, check the rules against what is locked, write. Two tabs racing on the same slots queue up behind the
 * bag lock, so the second sees the first's result: items are never duplicated or lost.
 */
type Postgres = Pick<Engines, "postgres">;

export interface InventoryChange {
  characterId: number;
  /** Slot positions whose contents changed (including ones now empty). */
  changedSlots: number[];
}

interface BagWork<T> {
  character: LockedCharacter;
  slots: Map<number, SlotRow>;
  client: PoolClient;
  input: T;
}

async function inBag<T extends { characterId: number }>(
  engines: Postgres,
  actor: Actor,
  playerId: number,
  input: T,
  positions: number[],
  work: (bag: BagWork<T>) => Promise<number[]>,
): Promise<InventoryChange> {
  try {
    return await withActorSql(engines.postgres.pool, actor, async (client) => {
      const character = await lockOwnedCharacter(client, playerId, input.characterId);
      if (!character) throw characterNotFound();
      const slots = await lockSlots(client, character.characterId, positions);
      const changedSlots = await work({ character, slots, client, input });
      return { characterId: character.characterId, changedSlots };
    });
  } catch (error) {
    // Belt and braces: writers that skip the bag lock could still collide on a slot.
    const pg = error as { code?: string; constraint?: string };
    if (pg?.code === "23505" && pg.constraint === "unique_equipped_slot") {
      throw new AppError("CONFLICT", "That inventory slot was just taken. Please try again.");
    }
    throw error;
  }
}

function emptySlot(position: number): AppError {
  return new AppError("PRECONDITION_FAILED", `Slot ${position} is empty.`);
}

function occupiedSlot(position: number): AppError {
  return new AppError("PRECONDITION_FAILED", `Slot ${position} is taken. Pick an empty slot.`, { fieldErrors: { toSlot: ["That slot is taken."] } });
}

/** Moves an item to an empty slot, or swaps it with the item in the target slot. Equipped items keep their equipment slot. */
export async function moveItem(engines: Postgres, actor: Actor, playerId: number, input: MoveItemInput): Promise<InventoryChange> {
  return inBag(engines, actor, playerId, input, [input.fromSlot, input.toSlot], async ({ slots, client, character }) => {
    const source = slots.get(input.fromSlot);
    if (!source) throw emptySlot(input.fromSlot);
    const target = slots.get(input.toSlot);
    if (target) await swapSlotContents(client, character.characterId, source.inventorySlotId, target.inventorySlotId);
    else await moveSlot(client, source.inventorySlotId, input.toSlot);
    return [input.fromSlot, input.toSlot];
  });
}

/** Takes `quantity` off a stack into an empty slot; the source keeps at least one. */
export async function splitStack(engines: Postgres, actor: Actor, playerId: number, input: SplitStackInput): Promise<InventoryChange> {
  return inBag(engines, actor, playerId, input, [input.fromSlot, input.toSlot], async ({ slots, client, character }) => {
    const source = slots.get(input.fromSlot);
    if (!source) throw emptySlot(input.fromSlot);
    if (slots.has(input.toSlot)) throw occupiedSlot(input.toSlot);
    if (source.isEquipped) throw new AppError("PRECONDITION_FAILED", "Unequip the item before splitting it.");
    if (input.quantity >= source.quantity) {
      throw new AppError("BAD_INPUT", `Split off fewer than ${source.quantity}: the stack keeps at least one.`, {
        fieldErrors: { quantity: [`At most ${source.quantity - 1}.`] },
      });
    }
    await setQuantity(client, source.inventorySlotId, source.quantity - input.quantity);
    await insertSplitStack(client, character.characterId, source.inventorySlotId, input.toSlot, input.quantity);
    return [input.fromSlot, input.toSlot];
  });
}

/**
 * Moves as much of the source stack onto the target stack of the same item as items_master.max_stack_size allows;
 * the rest stays in the source (which disappears when emptied). Refused when nothing can move.
 */
export async function mergeStacks(engines: Postgres, actor: Actor, playerId: number, input: MergeStacksInput): Promise<InventoryChange> {
  return inBag(engines, actor, playerId, input, [input.fromSlot, input.toSlot], async ({ slots, client }) => {
    const source = slots.get(input.fromSlot);
    const target = slots.get(input.toSlot);
    if (!source) throw emptySlot(input.fromSlot);
    if (!target) throw emptySlot(input.toSlot);
    if (source.itemId !== target.itemId) throw new AppError("PRECONDITION_FAILED", "Only stacks of the same item can be merged.");
    if (source.maxStackSize <= 1) throw new AppError("PRECONDITION_FAILED", `${source.itemName} does not stack.`);
    if (source.isEquipped || target.isEquipped) throw new AppError("PRECONDITION_FAILED", "Unequip the item before merging it.");
    const room = target.maxStackSize - target.quantity;
    if (room <= 0) throw new AppError("PRECONDITION_FAILED", `That stack is full (${target.maxStackSize} is the most per slot).`);
    const moved = Math.min(room, source.quantity);
    await setQuantity(client, target.inventorySlotId, target.quantity + moved);
    if (moved === source.quantity) await deleteSlot(client, source.inventorySlotId);
    else await setQuantity(client, source.inventorySlotId, source.quantity - moved);
    return [input.fromSlot, input.toSlot];
  });
}

/** Destroys a stack or part of it. Equipped items must be unequipped first. */
export async function dropItem(engines: Postgres, actor: Actor, playerId: number, input: DropItemInput): Promise<InventoryChange> {
  return inBag(engines, actor, playerId, input, [input.slot], async ({ slots, client }) => {
    const slot = slots.get(input.slot);
    if (!slot) throw emptySlot(input.slot);
    if (slot.isEquipped) throw new AppError("PRECONDITION_FAILED", "Unequip the item before destroying it.");
    const quantity = input.quantity ?? slot.quantity;
    if (quantity > slot.quantity) {
      throw new AppError("BAD_INPUT", `The stack holds only ${slot.quantity}.`, { fieldErrors: { quantity: [`At most ${slot.quantity}.`] } });
    }
    if (quantity === slot.quantity) await deleteSlot(client, slot.inventorySlotId);
    else await setQuantity(client, slot.inventorySlotId, slot.quantity - quantity);
    return [input.slot];
  });
}
