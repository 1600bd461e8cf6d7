"use client";

import { useState } from "react";
import { worldBoxSchema, type WorldBox } from "@/server/world/world.schema";
import type { ViewerRegion } from "@/components/world/world-viewer";

export type PickedRegion = { kind: "region"; regionId: string; box: WorldBox } | { kind: "box"; box: WorldBox };

const axes = ["minX", "minY", "minZ", "maxX", "maxY", "maxZ"] as const;

/** Choose a named region from spatial_regions, or type the corners of a box of your own. */
export function RegionPicker({ regions, picked, onPick }: { regions: ViewerRegion[]; picked: PickedRegion | null; onPick: (picked: PickedRegion) => void }) {
  const current = picked?.kind === "region" ? regions.find((r) => r.regionId === picked.regionId) : undefined;
  const [draft, setDraft] = useState<Record<(typeof axes)[number], string>>(() => {
    const b = picked?.box;
    return Object.fromEntries(axes.map((a) => [a, b ? String(b[a]) : ""])) as Record<(typeof axes)[number], string>;
  });
  const [error, setError] = useState<string | null>(null);

  return (
    <section className="rounded-lg bg-white p-5 shadow" aria-labelledby="region-heading">
      <h2 id="region-heading" className="font-semibold">Region</h2>
      <label htmlFor="region-select" className="mt-3 block text-sm">Named region</label>
      <select
        id="region-select"
        className="mt-1 w-full rounded border border-slate-300 px-2 py-1"
        value={picked?.kind === "region" ? picked.regionId : ""}
        onChange={(e) => {
          const region = regions.find((r) => r.regionId === e.target.value);
          if (!region) return;
          setDraft(Object.fromEntries(axes.map((a) => [a, String(region.box[a])])) as Record<(typeof axes)[number], string>);
          onPick({ kind: "region", regionId: region.regionId, box: region.box });
        }}
      >
        {picked?.kind === "box" && <option value="">Custom box</option>}
        {regions.map((r) => (
          <option key={r.regionId} value={r.regionId}>
            {r.name} · zone {r.zoneId ?? "–"}
            {r.isProtected ? " · protected" : ""}
          </option>
        ))}
      </select>
      {regions.length === 0 && <p className="mt-2 text-sm text-amber-700">No regions yet: run npm run world:seed.</p>}
      {current && (
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm" aria-label="Region details">
          <dt className="text-slate-500">Zone</dt>
          <dd>{current.zoneId ?? "–"}</dd>
          <dt className="text-slate-500">Owner</dt>
          <dd>{current.ownerGuildName ?? (current.ownerGuildId !== null ? `guild #${current.ownerGuildId}` : "nobody")}</dd>
          <dt className="text-slate-500">Protected</dt>
          <dd>{current.isProtected ? "yes" : "no"}</dd>
          <dt className="text-slate-500">Size</dt>
          <dd>
            {current.box.maxX - current.box.minX + 1} × {current.box.maxY - current.box.minY + 1} × {current.box.maxZ - current.box.minZ + 1}
          </dd>
        </dl>
      )}

      <form
        className="mt-4 border-t border-slate-100 pt-3"
        aria-labelledby="box-heading"
        onSubmit={(e) => {
          e.preventDefault();
          const parsed = worldBoxSchema.safeParse(Object.fromEntries(axes.map((a) => [a, Number(draft[a])])));
          if (!parsed.success) {
            setError(parsed.error.issues[0]?.message ?? "That box is not valid.");
            return;
          }
          setError(null);
          onPick({ kind: "box", box: parsed.data });
        }}
      >
        <h3 id="box-heading" className="text-sm font-semibold">Or a box of your own (world units)</h3>
        <div className="mt-2 grid grid-cols-3 gap-2">
          {axes.map((a) => (
            <label key={a} className="text-xs text-slate-600">
              {a}
              <input
                inputMode="numeric"
                className="mt-0.5 w-full rounded border border-slate-300 px-1 py-0.5 text-sm text-slate-900"
                value={draft[a]}
                onChange={(e) => setDraft({ ...draft, [a]: e.target.value })}
                aria-invalid={error ? true : undefined}
              />
            </label>
          ))}
        </div>
        {error && <p role="alert" className="mt-2 text-sm text-red-700">{error}</p>}
        <button type="submit" className="mt-3 rounded bg-ocean-600 px-3 py-2 text-sm text-white hover:bg-ocean-700">Show box</button>
      </form>
    </section>
  );
}
