"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { FormAlert } from "@/components/ui/field";
import { formMessageOf } from "@/components/ui/form-errors";
import { ConfirmDialog } from "@/components/characters/confirm-dialog";
import { EquipmentPanel } from "@/components/characters/equipment-panel";
import type { RouterOutputs } from "@/components/providers/api-types";
import { Panel } from "@/components/ui/panel";

type CharacterSheet = RouterOutputs["character"]["get"];
type InventorySlotDto = CharacterSheet["inventory"]["slots"][number];

const rarityBorder: Record<string, string> = {
  common: "border-slate-300",
  uncommon: "border-emerald-400",
  rare: "border-ocean-500",
  epic: "border-purple-500",
  legendary: "border-amber-500",
  mythic: "border-red-500",
};

function slotLabel(position: number, item: InventorySlotDto | undefined): string {
  if (!item) return `Slot ${position}: empty`;
  const parts = [`Slot ${position}: ${item.itemName}`];
  if (item.quantity > 1) parts.push(`× ${item.quantity}`);
  if (item.enchantmentLevel > 0) parts.push(`+${item.enchantmentLevel}`);
  if (item.equippedIn) parts.push(`(equipped: ${item.equippedIn.replace("_", " ")})`);
  return parts.join(" ");
}

function firstEmpty(occupied: Set<number>, capacity: number, except?: number): number {
  for (let position = 0; position < capacity; position++) if (!occupied.has(position) && position !== except) return position;
  return 0;
}

/** The 200-slot bag and the 12 equipment slots. Select a slot, then act on it; every change refetches the sheet. */
export function InventoryPanel({ sheet }: { sheet: CharacterSheet }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const characterId = sheet.character.characterId;
  const { capacity, slots } = sheet.inventory;
  const bySlot = useMemo(() => new Map(slots.map((slot) => [slot.slotPosition, slot])), [slots]);
  const occupied = useMemo(() => new Set(bySlot.keys()), [bySlot]);
  const [selected, setSelected] = useState<number | null>(null);
  const [message, setMessage] = useState<{ text: string; tone: "error" | "success" } | null>(null);
  const [confirmDrop, setConfirmDrop] = useState<{ slot: number; quantity: number } | null>(null);

  const options = { onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.character.get.queryKey({ characterId }) }) };
  const move = useMutation(trpc.inventory.move.mutationOptions(options));
  const split = useMutation(trpc.inventory.split.mutationOptions(options));
  const merge = useMutation(trpc.inventory.merge.mutationOptions(options));
  const drop = useMutation(trpc.inventory.drop.mutationOptions(options));
  const equip = useMutation(trpc.equipment.equip.mutationOptions(options));
  const unequip = useMutation(trpc.equipment.unequip.mutationOptions(options));
  const busy = move.isPending || split.isPending || merge.isPending || drop.isPending || equip.isPending || unequip.isPending;

  async function run(action: () => Promise<unknown>, success: string, nextSelection?: number | null) {
    setMessage(null);
    try {
      await action();
      setMessage({ text: success, tone: "success" });
      if (nextSelection !== undefined) setSelected(nextSelection);
    } catch (error) {
      setMessage({ text: formMessageOf(error), tone: "error" });
    }
  }

  const item = selected === null ? undefined : bySlot.get(selected);
  const mergeTargets = item ? slots.filter((s) => s.itemId === item.itemId && s.slotPosition !== item.slotPosition && s.quantity < s.maxStackSize) : [];

  function numberFrom(event: FormEvent<HTMLFormElement>, name: string): number {
    return Number(new FormData(event.currentTarget).get(name));
  }

  return (
    <div className="grid gap-4 lg:grid-cols-[3fr_2fr]">
      <Panel id="bag-heading" title={<>Inventory <span className="text-sm font-normal text-slate-500">({slots.length} of {capacity} slots used)</span></>} headingClassName="mb-1 font-semibold">
        <p className="mb-3 text-xs text-slate-500">Choose a slot to see the item and what you can do with it.</p>
        <div role="group" aria-label="Inventory slots" className="grid grid-cols-10 gap-1">
          {Array.from({ length: capacity }, (_, position) => {
            const slot = bySlot.get(position);
            const isSelected = selected === position;
            return (
              <button
                key={position}
                type="button"
                aria-label={slotLabel(position, slot)}
                aria-pressed={isSelected}
                data-slot={position}
                onClick={() => setSelected(isSelected ? null : position)}
                className={`relative aspect-square overflow-hidden rounded border-2 text-[10px] leading-tight focus:outline-none focus:ring-2 focus:ring-ocean-500 ${
                  slot ? `${rarityBorder[slot.rarity] ?? "border-slate-300"} bg-ocean-50` : "border-slate-100 bg-slate-50"
                } ${isSelected ? "ring-2 ring-ocean-600" : ""}`}
              >
                {slot ? (
                  <>
                    <span className="block truncate px-0.5 pr-2 font-medium text-slate-800">{slot.itemName}</span>
                    {slot.quantity > 1 ? <span className="absolute bottom-0 right-0.5 font-semibold">{slot.quantity}</span> : null}
                    {slot.equippedIn ? <span className="absolute right-0 top-0 rounded-bl bg-ocean-600 px-0.5 text-white" aria-hidden="true">E</span> : null}
                    {slot.enchantmentLevel > 0 ? <span className="absolute bottom-0 left-0.5 text-amber-700">+{slot.enchantmentLevel}</span> : null}
                  </>
                ) : null}
              </button>
            );
          })}
        </div>
      </Panel>

      <div className="space-y-4">
        <section aria-labelledby="selected-heading" className="rounded-lg bg-white p-5 shadow" aria-live="polite">
          <h2 id="selected-heading" className="mb-2 font-semibold">
            {selected === null ? "No slot selected" : item ? `Slot ${selected}: ${item.itemName}` : `Slot ${selected} is empty`}
          </h2>
          <FormAlert message={message?.text ?? null} tone={message?.tone} />
          {item ? (
            <div className="mt-2 space-y-4 text-sm">
              <dl className="grid grid-cols-2 gap-x-4 gap-y-1">
                <dt className="text-slate-600">Type</dt>
                <dd className="capitalize">
                  {item.rarity} {item.itemType}
                </dd>
                <dt className="text-slate-600">Quantity</dt>
                <dd data-testid="selected-quantity">
                  {item.quantity} / {item.maxStackSize}
                </dd>
                <dt className="text-slate-600">Required level</dt>
                <dd>{item.requiredLevel}</dd>
                <dt className="text-slate-600">Durability</dt>
                <dd>{item.durabilityMax !== null ? `${item.durabilityCurrent ?? 0} / ${item.durabilityMax}` : "—"}</dd>
                <dt className="text-slate-600">Enchantment</dt>
                <dd>+{item.enchantmentLevel}</dd>
                <dt className="text-slate-600">Equipped</dt>
                <dd>{item.equippedIn ? item.equippedIn.replace("_", " ") : "no"}</dd>
              </dl>
              {item.description ? <p className="text-slate-600">{item.description}</p> : null}

              <form
                className="flex items-end gap-2"
                onSubmit={(event) => {
                  event.preventDefault();
                  const toSlot = numberFrom(event, "moveTo");
                  void run(() => move.mutateAsync({ characterId, fromSlot: item.slotPosition, toSlot }), `Moved to slot ${toSlot}.`, toSlot);
                }}
              >
                <label className="flex-1">
                  <span className="block text-xs font-medium text-slate-700">Move to slot (swaps if taken)</span>
                  <input name="moveTo" type="number" min={0} max={capacity - 1} required defaultValue={firstEmpty(occupied, capacity)} key={`move-${item.slotPosition}`} className="w-full rounded border border-slate-300 px-2 py-1" />
                </label>
                <button type="submit" disabled={busy} className="rounded bg-ocean-600 px-3 py-2 text-white hover:bg-ocean-700 disabled:opacity-60">
                  Move
                </button>
              </form>

              {item.quantity > 1 && !item.equippedIn ? (
                <form
                  className="flex items-end gap-2"
                  onSubmit={(event) => {
                    event.preventDefault();
                    const quantity = numberFrom(event, "splitQuantity");
                    const toSlot = numberFrom(event, "splitTo");
                    void run(() => split.mutateAsync({ characterId, fromSlot: item.slotPosition, toSlot, quantity }), `Split ${quantity} into slot ${toSlot}.`);
                  }}
                >
                  <label className="w-20">
                    <span className="block text-xs font-medium text-slate-700">Split off</span>
                    <input name="splitQuantity" type="number" min={1} max={item.quantity - 1} required defaultValue={Math.floor(item.quantity / 2)} key={`sq-${item.slotPosition}-${item.quantity}`} className="w-full rounded border border-slate-300 px-2 py-1" />
                  </label>
                  <label className="flex-1">
                    <span className="block text-xs font-medium text-slate-700">into empty slot</span>
                    <input name="splitTo" type="number" min={0} max={capacity - 1} required defaultValue={firstEmpty(occupied, capacity)} key={`st-${item.slotPosition}-${slots.length}`} className="w-full rounded border border-slate-300 px-2 py-1" />
                  </label>
                  <button type="submit" disabled={busy} className="rounded bg-ocean-600 px-3 py-2 text-white hover:bg-ocean-700 disabled:opacity-60">
                    Split
                  </button>
                </form>
              ) : null}

              {mergeTargets.length > 0 && !item.equippedIn ? (
                <form
                  className="flex items-end gap-2"
                  onSubmit={(event) => {
                    event.preventDefault();
                    const toSlot = numberFrom(event, "mergeInto");
                    void run(() => merge.mutateAsync({ characterId, fromSlot: item.slotPosition, toSlot }), `Merged into slot ${toSlot}.`, toSlot);
                  }}
                >
                  <label className="flex-1">
                    <span className="block text-xs font-medium text-slate-700">Merge into stack</span>
                    <select name="mergeInto" className="w-full rounded border border-slate-300 px-2 py-1">
                      {mergeTargets.map((target) => (
                        <option key={target.slotPosition} value={target.slotPosition}>
                          Slot {target.slotPosition} ({target.quantity} / {target.maxStackSize})
                        </option>
                      ))}
                    </select>
                  </label>
                  <button type="submit" disabled={busy} className="rounded bg-ocean-600 px-3 py-2 text-white hover:bg-ocean-700 disabled:opacity-60">
                    Merge
                  </button>
                </form>
              ) : null}

              {item.allowedEquipmentSlots.length > 0 ? (
                <form
                  className="flex items-end gap-2"
                  onSubmit={(event) => {
                    event.preventDefault();
                    const equipmentSlot = String(new FormData(event.currentTarget).get("equipTo")) as InventorySlotDto["allowedEquipmentSlots"][number];
                    void run(() => equip.mutateAsync({ characterId, slot: item.slotPosition, equipmentSlot }), `Equipped in ${equipmentSlot.replace("_", " ")}.`);
                  }}
                >
                  <label className="flex-1">
                    <span className="block text-xs font-medium text-slate-700">Equip in</span>
                    <select name="equipTo" className="w-full rounded border border-slate-300 px-2 py-1" defaultValue={item.equippedIn ?? item.allowedEquipmentSlots[0]} key={`eq-${item.slotPosition}-${item.equippedIn}`}>
                      {item.allowedEquipmentSlots.map((slot) => (
                        <option key={slot} value={slot}>
                          {slot.replace("_", " ")}
                        </option>
                      ))}
                    </select>
                  </label>
                  <button type="submit" disabled={busy} className="rounded bg-ocean-600 px-3 py-2 text-white hover:bg-ocean-700 disabled:opacity-60">
                    Equip
                  </button>
                </form>
              ) : null}

              {item.equippedIn ? (
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => void run(() => unequip.mutateAsync({ characterId, equipmentSlot: item.equippedIn! }), "Unequipped.")}
                  className="rounded border border-slate-300 px-3 py-2 hover:bg-slate-50 disabled:opacity-60"
                >
                  Unequip
                </button>
              ) : (
                <form
                  className="flex items-end gap-2"
                  onSubmit={(event) => {
                    event.preventDefault();
                    setConfirmDrop({ slot: item.slotPosition, quantity: numberFrom(event, "dropQuantity") });
                  }}
                >
                  <label className="w-24">
                    <span className="block text-xs font-medium text-slate-700">Destroy how many</span>
                    <input name="dropQuantity" type="number" min={1} max={item.quantity} required defaultValue={item.quantity} key={`dq-${item.slotPosition}-${item.quantity}`} className="w-full rounded border border-slate-300 px-2 py-1" />
                  </label>
                  <button type="submit" disabled={busy} className="rounded border border-red-300 px-3 py-2 font-medium text-red-700 hover:bg-red-50 disabled:opacity-60">
                    Destroy…
                  </button>
                </form>
              )}
            </div>
          ) : null}
        </section>

        <EquipmentPanel
          sheet={sheet}
          busy={busy}
          onSelect={(position) => setSelected(position)}
          onUnequip={(equipmentSlot) => void run(() => unequip.mutateAsync({ characterId, equipmentSlot }), "Unequipped.")}
        />
      </div>

      <ConfirmDialog
        open={confirmDrop !== null}
        title="Destroy this item?"
        confirmLabel="Destroy"
        busy={drop.isPending}
        onCancel={() => setConfirmDrop(null)}
        onConfirm={() => {
          const target = confirmDrop;
          setConfirmDrop(null);
          if (!target) return;
          const name = bySlot.get(target.slot)?.itemName ?? "item";
          void run(() => drop.mutateAsync({ characterId, slot: target.slot, quantity: target.quantity, confirm: true }), `Destroyed ${target.quantity} × ${name}.`);
        }}
      >
        {confirmDrop ? `${confirmDrop.quantity} × ${bySlot.get(confirmDrop.slot)?.itemName ?? "item"} from slot ${confirmDrop.slot} will be gone for good.` : null}
      </ConfirmDialog>
    </div>
  );
}
