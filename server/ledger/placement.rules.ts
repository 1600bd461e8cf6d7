/**
 * Where to put `quantity` units of an item in a bag: a pure planner, free of any framework or database,
 * shared by the inventory service and the marketplace (purchases deliver items with it).
 *
 * Rules:
 * - Existing stacks of the same item are topped up first (up to `maxStackSize`), lowest slot position first.
 * - The rest goes into empty slots, lowest position first, at most `maxStackSize` per slot.
 * - Items with `maxStackSize` 1 (or less, treated as 1) never stack: each unit takes an empty slot.
 * - Slots are 0 … capacity-1 (character_inventory.valid_slot: 0 ≤ slot_position < 200). A slot listed in `slots`
 *   is occupied, whatever its item; positions outside the bag are ignored.
 * - All or nothing: if the whole quantity does not fit, the answer is `{ ok: false, reason: "no_room" }` and nothing is planned.
 *
 * The caller applies the plan inside one transaction after locking the bag (see lockOwnedCharacter in
 * server/character/inventory.pg.ts), so the slots it planned against cannot change underneath it.
 */
export interface OccupiedSlot {
  slotPosition: number;
  itemId: number;
  quantity: number;
}

export interface PlacementItem {
  itemId: number;
  maxStackSize: number;
}

export interface StackTopUp {
  slotPosition: number;
  /** Units added to the existing stack. */
  add: number;
  /** The stack's quantity afterwards. */
  newQuantity: number;
}

export interface NewStack {
  slotPosition: number;
  quantity: number;
}

export type PlacementPlan = { ok: true; topUps: StackTopUp[]; newStacks: NewStack[] } | { ok: false; reason: "no_room" };

export function planPlacement(slots: readonly OccupiedSlot[], item: PlacementItem, quantity: number, capacity = 200): PlacementPlan {
  if (!Number.isInteger(quantity) || quantity < 1) throw new RangeError("quantity must be a positive integer");
  if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError("capacity must be a non-negative integer");
  const maxStack = Math.max(1, Math.floor(item.maxStackSize));
  let remaining = quantity;

  const topUps: StackTopUp[] = [];
  if (maxStack > 1) {
    const sameItem = slots
      .filter((slot) => slot.itemId === item.itemId && slot.slotPosition >= 0 && slot.slotPosition < capacity && slot.quantity < maxStack)
      .sort((a, b) => a.slotPosition - b.slotPosition);
    for (const slot of sameItem) {
      if (remaining === 0) break;
      const add = Math.min(maxStack - slot.quantity, remaining);
      topUps.push({ slotPosition: slot.slotPosition, add, newQuantity: slot.quantity + add });
      remaining -= add;
    }
  }

  const newStacks: NewStack[] = [];
  if (remaining > 0) {
    const occupied = new Set(slots.map((slot) => slot.slotPosition));
    const neededSlots = Math.ceil(remaining / maxStack);
    for (let position = 0; position < capacity && newStacks.length < neededSlots; position++) {
      if (occupied.has(position)) continue;
      const units = Math.min(maxStack, remaining);
      newStacks.push({ slotPosition: position, quantity: units });
      remaining -= units;
    }
    if (remaining > 0) return { ok: false, reason: "no_room" };
  }
  return { ok: true, topUps, newStacks };
}

/** The lowest empty slot position, or null when the bag is full. */
export function firstEmptySlot(occupiedPositions: Iterable<number>, capacity = 200): number | null {
  const occupied = new Set(occupiedPositions);
  for (let position = 0; position < capacity; position++) if (!occupied.has(position)) return position;
  return null;
}
