import "server-only";
import type { PoolClient } from "pg";
import { planPlacement, type OccupiedSlot, type PlacementPlan } from "@/server/ledger/placement.rules";
import { addToStack, insertParcel, insertStacks, readBag, type BagSlot } from "@/server/market/listings.pg";

/** Bag capacity: character_inventory.valid_slot (0 ≤ slot_position < 200). */
const capacity = 200;

export interface DeliveryItem {
  itemId: number;
  maxStackSize: number;
}

/** The planner treats any slot whose itemId differs as occupied; non-plain stacks of the same item must not be topped up. */
function occupiedSlots(bag: BagSlot[]): OccupiedSlot[] {
  return bag.map((slot) => ({ slotPosition: slot.slotPosition, itemId: slot.stackable ? slot.itemId : -1, quantity: slot.quantity }));
}

/** How many units of the item the bag can still take: room on plain stacks of it plus empty slots. */
export function roomFor(bag: readonly OccupiedSlot[], item: DeliveryItem): number {
  const maxStack = Math.max(1, Math.floor(item.maxStackSize));
  const onStacks = maxStack > 1 ? bag.filter((s) => s.itemId === item.itemId).reduce((sum, s) => sum + Math.max(0, maxStack - s.quantity), 0) : 0;
  const emptySlots = capacity - new Set(bag.map((s) => s.slotPosition).filter((p) => p >= 0 && p < capacity)).size;
  return onStacks + emptySlots * maxStack;
}

/** Writes a placement plan: tops up the planned stacks, then fills the planned empty slots. The caller holds the bag lock. */
export async function applyPlacement(
  client: PoolClient,
  characterId: number,
  itemId: number,
  plan: Extract<PlacementPlan, { ok: true }>,
): Promise<void> {
  for (const topUp of plan.topUps) await addToStack(client, characterId, topUp.slotPosition, topUp.add);
  await insertStacks(client, characterId, itemId, plan.newStacks);
}

/**
 * Puts `quantity` units into a character's bag, stacking first (planPlacement). The caller holds the bag lock.
 * All or nothing: returns the room there was when it does not all fit, and changes nothing.
 */
export async function deliverAll(client: PoolClient, characterId: number, item: DeliveryItem, quantity: number): Promise<{ ok: true } | { ok: false; room: number }> {
  const planned = planDelivery(await readBag(client, characterId), item, quantity);
  if (!planned.ok) return planned;
  await applyPlacement(client, characterId, item.itemId, planned.plan);
  return { ok: true };
}

/** Where `quantity` units would go in an already locked bag (stacking first), or the room there is when they do not fit. */
export function planDelivery(
  bag: BagSlot[],
  item: DeliveryItem,
  quantity: number,
): { ok: true; plan: Extract<PlacementPlan, { ok: true }> } | { ok: false; room: number } {
  const slots = occupiedSlots(bag);
  const plan = planPlacement(slots, item, quantity, capacity);
  return plan.ok ? { ok: true, plan } : { ok: false, room: roomFor(slots, item) };
}

/** Puts as many of `quantity` units as fit into the bag (stacking first); returns how many went in. The caller holds the bag lock. */
export async function deliverUpTo(client: PoolClient, characterId: number, item: DeliveryItem, quantity: number): Promise<number> {
  const slots = occupiedSlots(await readBag(client, characterId));
  const fits = Math.min(quantity, roomFor(slots, item));
  if (fits === 0) return 0;
  const plan = planPlacement(slots, item, fits, capacity);
  if (!plan.ok) throw new Error("placement planner disagrees with roomFor");
  await applyPlacement(client, characterId, item.itemId, plan);
  return fits;
}

/**
 * Returns escrowed units to their seller: as many as fit go into the bag (stacking first), the rest into the
 * market mailbox. Never refuses and never loses a unit. The caller holds the listing lock and the bag lock.
 */
export async function returnToSeller(
  client: PoolClient,
  characterId: number,
  item: DeliveryItem,
  quantity: number,
  origin: { listingId: number; reason: "cancelled" | "expired" },
): Promise<{ toBag: number; toMailbox: number }> {
  const toBag = await deliverUpTo(client, characterId, item, quantity);
  const toMailbox = quantity - toBag;
  if (toMailbox > 0) await insertParcel(client, { characterId, itemId: item.itemId, quantity: toMailbox, ...origin });
  return { toBag, toMailbox };
}
