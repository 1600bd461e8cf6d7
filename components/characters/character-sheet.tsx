"use client";

import { useQuery } from "@tanstack/react-query";
import { useRef, useState, type KeyboardEvent } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { AchievementsTab } from "@/components/characters/achievements-tab";
import { CharacterHeaderCards } from "@/components/characters/character-header";
import { InventoryPanel } from "@/components/characters/inventory-panel";
import { QuestsTab } from "@/components/characters/quests-tab";
import type { RouterOutputs } from "@/components/providers/api-types";

type CharacterSheetData = RouterOutputs["character"]["get"];

const tabs = [
  { id: "inventory", label: "Inventory & equipment" },
  { id: "quests", label: "Quests" },
  { id: "achievements", label: "Achievements" },
] as const;
type TabId = (typeof tabs)[number]["id"];

/** The character page below its title: header cards, then tabs (WAI-ARIA tabs pattern: arrow keys move between tabs). */
export function CharacterSheet({ initialSheet }: { initialSheet: CharacterSheetData }) {
  const trpc = useTRPC();
  const characterId = initialSheet.character.characterId;
  const { data: sheet = initialSheet } = useQuery(trpc.character.get.queryOptions({ characterId }, { initialData: initialSheet }));
  const [active, setActive] = useState<TabId>("inventory");
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = tabs.findIndex((tab) => tab.id === active);
    const next = event.key === "ArrowRight" ? (index + 1) % tabs.length : event.key === "ArrowLeft" ? (index - 1 + tabs.length) % tabs.length : null;
    if (next === null) return;
    event.preventDefault();
    const id = tabs[next]!.id;
    setActive(id);
    tabRefs.current[id]?.focus();
  }

  return (
    <div className="space-y-6">
      <CharacterHeaderCards character={sheet.character} />
      <div>
        <div role="tablist" aria-label="Character details" className="mb-4 flex gap-1 border-b border-slate-200" onKeyDown={onKeyDown}>
          {tabs.map((tab) => (
            <button
              key={tab.id}
              ref={(element) => {
                tabRefs.current[tab.id] = element;
              }}
              type="button"
              role="tab"
              id={`tab-${tab.id}`}
              aria-selected={active === tab.id}
              aria-controls={`panel-${tab.id}`}
              tabIndex={active === tab.id ? 0 : -1}
              onClick={() => setActive(tab.id)}
              className={`-mb-px rounded-t border-b-2 px-4 py-2 text-sm font-medium ${active === tab.id ? "border-ocean-600 text-ocean-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
            >
              {tab.label}
            </button>
          ))}
        </div>
        <div role="tabpanel" id={`panel-${active}`} aria-labelledby={`tab-${active}`}>
          {active === "inventory" ? <InventoryPanel sheet={sheet} /> : null}
          {active === "quests" ? <QuestsTab characterId={characterId} /> : null}
          {active === "achievements" ? <AchievementsTab characterId={characterId} /> : null}
        </div>
      </div>
    </div>
  );
}
