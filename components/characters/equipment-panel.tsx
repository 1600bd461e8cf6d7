"use client";

import type { RouterOutputs } from "@/components/providers/api-types";
import { Panel } from "@/components/ui/panel";

type CharacterSheet = RouterOutputs["character"]["get"];

type EquipmentSlotName = CharacterSheet["equipment"][number]["equipmentSlot"];

/** The 12 equipment slots; each shows the equipped item (its bag slot is one click away) or "Empty". */
export function EquipmentPanel({
  sheet,
  busy,
  onSelect,
  onUnequip,
}: {
  sheet: CharacterSheet;
  busy: boolean;
  onSelect: (slotPosition: number) => void;
  onUnequip: (equipmentSlot: EquipmentSlotName) => void;
}) {
  const bySlot = new Map(sheet.inventory.slots.map((slot) => [slot.slotPosition, slot]));
  return (
    <Panel id="equipment-heading" title="Equipment" headingClassName="mb-3 font-semibold">
      <ul className="grid grid-cols-2 gap-2 text-sm" aria-label="Equipment slots">
        {sheet.equipment.map(({ equipmentSlot, slotPosition }) => {
          const item = slotPosition === null ? undefined : bySlot.get(slotPosition);
          return (
            <li key={equipmentSlot} className="rounded border border-slate-200 p-2" data-testid={`equipment-${equipmentSlot}`}>
              <span className="block text-xs uppercase tracking-wide text-slate-500">{equipmentSlot.replace("_", " ")}</span>
              {item ? (
                <div className="flex items-center justify-between gap-1">
                  <button type="button" className="truncate text-left font-medium text-ocean-700 underline-offset-2 hover:underline" onClick={() => onSelect(item.slotPosition)}>
                    {item.itemName}
                    {item.enchantmentLevel > 0 ? ` +${item.enchantmentLevel}` : ""}
                  </button>
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => onUnequip(equipmentSlot)}
                    aria-label={`Unequip ${item.itemName} from ${equipmentSlot.replace("_", " ")}`}
                    className="rounded px-1 text-xs text-slate-600 hover:bg-slate-100 disabled:opacity-60"
                  >
                    ✕
                  </button>
                </div>
              ) : (
                <span className="text-slate-400">Empty</span>
              )}
              {item && item.durabilityMax !== null ? (
                <span className="block text-xs text-slate-500">
                  Durability {item.durabilityCurrent ?? 0} / {item.durabilityMax}
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
    </Panel>
  );
}
