"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { formatAmount } from "@/components/market/format";

/** A labelled select of the signed-in player's characters, with their gold. */
export function CharacterPicker({
  id,
  label = "Character",
  value,
  onChange,
  errors,
}: {
  id: string;
  label?: string;
  value: number | null;
  onChange: (characterId: number | null) => void;
  errors?: string[];
}) {
  const trpc = useTRPC();
  const characters = useQuery(trpc.market.myCharacters.queryOptions());
  const list = characters.data ?? [];
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select
        id={id}
        value={value ?? ""}
        onChange={(event) => onChange(event.target.value ? Number(event.target.value) : null)}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${id}-error` : undefined}
        className={`w-full rounded border bg-white px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-ocean-500 ${errors?.length ? "border-red-500" : "border-slate-300"}`}
      >
        <option value="">{characters.isLoading ? "Loading…" : list.length ? "Choose a character" : "No characters yet"}</option>
        {list.map((c) => (
          <option key={c.characterId} value={c.characterId}>
            {c.name} (level {c.level}, {formatAmount(c.balances.gold ?? 0, "gold")})
          </option>
        ))}
      </select>
      {errors?.length ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
