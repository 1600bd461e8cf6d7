"use client";

import dynamic from "next/dynamic";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc-provider";
import { RegionPicker, type PickedRegion } from "@/components/world/region-picker";
import { DeltasTimeline, materialsAsOf } from "@/components/world/deltas-timeline";
import { NodeTooltip, type TooltipNode } from "@/components/world/node-tooltip";
import { buildDrawGroups, finestUsefulLevel, nodeKey, placeNodes, type PlacedNodes } from "@/components/world/viewer-geometry";
import { hexToRgb } from "@/lib/world/materials";
import { MAX_LEVEL, toDecimal } from "@/lib/world/morton";
import { decodeNodeColumns } from "@/lib/world/nodes";
import type { WorldBox } from "@/server/world/world.schema";

// deck.gl needs the browser (WebGL): load the scene on the client only.
const VoxelScene = dynamic(() => import("@/components/world/voxel-scene"), { ssr: false, loading: () => <p className="p-4 text-sm text-slate-500">Starting the 3D view…</p> });

export interface ViewerMaterial {
  materialId: number;
  name: string;
  color: string;
}

export interface ViewerRegion {
  regionId: string;
  name: string;
  zoneId: number | null;
  isProtected: boolean;
  ownerGuildName: string | null;
  ownerGuildId: number | null;
  box: WorldBox;
}

interface LoadState {
  box: WorldBox;
  placed: PlacedNodes | null;
  level: number;
  targetLevel: number;
  step: number;
  steps: number;
  loading: boolean;
  limitedByBudget: boolean;
  source: string;
  serverMs: number;
  error: string | null;
}

const budgets = [10_000, 50_000, 100_000, 200_000];

export function WorldViewer({ regions, materials, canAct }: { regions: ViewerRegion[]; materials: ViewerMaterial[]; canAct: boolean }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [picked, setPicked] = useState<PickedRegion | null>(regions[0] ? { kind: "region", regionId: regions[0].regionId, box: regions[0].box } : null);
  const [budget, setBudget] = useState(50_000);
  const [slice, setSlice] = useState<{ on: boolean; top: number }>({ on: false, top: 0 });
  const [timelinePosition, setTimelinePosition] = useState<number | null>(null);
  const [hover, setHover] = useState<{ index: number; x: number; y: number } | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [firstFrameMs, setFirstFrameMs] = useState<number | null>(null);
  const [completeMs, setCompleteMs] = useState<number | null>(null);
  const loadingRef = useRef(true);
  const [state, setState] = useState<LoadState | null>(null);
  const [reloadToken, setReloadToken] = useState(0);
  const loadStarted = useRef(0);

  const colors = useMemo(() => new Map(materials.map((m) => [m.materialId, hexToRgb(m.color)] as const)), [materials]);
  const materialNames = useMemo(() => new Map(materials.map((m) => [m.materialId, m.name])), [materials]);
  const box = picked?.box ?? null;

  // Coarse-to-fine streaming: a few levels up to the finest useful one for the screen, stopping at the voxel budget.
  useEffect(() => {
    if (!box) return;
    let cancelled = false;
    const extent = Math.max(box.maxX - box.minX + 1, box.maxY - box.minY + 1, box.maxZ - box.minZ + 1);
    const pixelsPerUnit = 420 / extent;
    const targetLevel = finestUsefulLevel(pixelsPerUnit);
    const fitLevel = Math.max(0, MAX_LEVEL - Math.ceil(Math.log2(extent)));
    const first = Math.min(targetLevel, Math.max(fitLevel + 1, targetLevel - 4));
    const levels = Array.from({ length: targetLevel - first + 1 }, (_, i) => first + i);
    const run = async () => {
      loadStarted.current = performance.now();
      setFirstFrameMs(null);
      setCompleteMs(null);
      loadingRef.current = true;
      setSelected(null);
      setHover(null);
      setState({ box, placed: null, level: first, targetLevel, step: 0, steps: levels.length, loading: true, limitedByBudget: false, source: "", serverMs: 0, error: null });
      for (const [step, level] of levels.entries()) {
        const read = await client.world.region.query({ box, level, budget });
        if (cancelled) return;
        const placed = placeNodes(decodeNodeColumns(read.nodes, read.count), { x: box.minX, y: box.minY, z: box.minZ });
        // Each level of a surface holds about four times the nodes of the one above it.
        const nextWouldExceed = read.count * 4 > budget || read.truncated;
        const done = step === levels.length - 1 || nextWouldExceed;
        setState((previous) => ({
          ...(previous as LoadState),
          placed,
          level,
          step: step + 1,
          loading: !done,
          limitedByBudget: nextWouldExceed && step < levels.length - 1,
          source: read.source,
          serverMs: read.elapsedMs,
        }));
        loadingRef.current = !done;
        if (done) break;
      }
    };
    run().catch((error: unknown) => {
      if (!cancelled) setState((previous) => previous && { ...previous, loading: false, error: error instanceof Error ? error.message : "Could not load the region." });
    });
    return () => {
      cancelled = true;
    };
  }, [box, budget, client, reloadToken]);

  const deltasQuery = useQuery({ ...trpc.world.deltas.queryOptions({ box: box ?? { minX: 0, minY: 0, minZ: 0, maxX: 0, maxY: 0, maxZ: 0 }, limit: 500 }), enabled: Boolean(box) });
  const deltas = useMemo(() => deltasQuery.data ?? [], [deltasQuery.data]);

  const placed = state?.placed ?? null;
  const keyIndex = useMemo(() => {
    const map = new Map<string, number>();
    if (!placed) return map;
    const c = placed.columns;
    for (let i = 0; i < c.count; i++) map.set(nodeKey(c.level[i]!, c.mortonHi[i]!, c.mortonLo[i]!), i);
    return map;
  }, [placed]);

  const shownMaterials = useMemo(() => {
    if (!placed) return new Uint8Array(0);
    if (timelinePosition === null || timelinePosition >= deltas.length) return placed.columns.material;
    return materialsAsOf(placed.columns.material, deltas, timelinePosition, keyIndex);
  }, [placed, deltas, timelinePosition, keyIndex]);

  const extent = useMemo(() => (box ? { x: box.maxX - box.minX + 1, y: box.maxY - box.minY + 1, z: box.maxZ - box.minZ + 1 } : { x: 1, y: 1, z: 1 }), [box]);
  const groups = useMemo(
    () => (placed ? buildDrawGroups(placed, { materials: shownMaterials, colors, sliceTop: slice.on ? slice.top : null }) : []),
    [placed, shownMaterials, colors, slice],
  );
  const drawn = groups.reduce((sum, g) => sum + g.count, 0);

  const legend = useMemo(() => {
    const counts = new Map<number, number>();
    for (const group of groups) for (const index of group.indices) counts.set(shownMaterials[index]!, (counts.get(shownMaterials[index]!) ?? 0) + 1);
    return materials.filter((m) => counts.has(m.materialId)).map((m) => ({ ...m, count: counts.get(m.materialId)! }));
  }, [groups, shownMaterials, materials]);

  const lastChangeOf = useCallback(
    (index: number) => {
      if (!placed) return null;
      const c = placed.columns;
      const code = toDecimal(c.mortonHi[index]!, c.mortonLo[index]!);
      const matching = deltas.filter((d) => d.mortonCode === code && d.level === c.level[index]);
      return matching[matching.length - 1] ?? null;
    },
    [placed, deltas],
  );

  const tooltipNode = (index: number | null): TooltipNode | null => {
    if (index === null || !placed) return null;
    const c = placed.columns;
    const last = lastChangeOf(index);
    return {
      index,
      mortonCode: toDecimal(c.mortonHi[index]!, c.mortonLo[index]!),
      level: c.level[index]!,
      edge: placed.edges[index]!,
      materialName: materialNames.get(shownMaterials[index]!) ?? `#${shownMaterials[index]}`,
      homogeneity: c.homogeneity[index]!,
      childrenMask: c.childrenMask[index]!,
      lastModified: c.lastModified[index]!,
      lastChangeBy: last ? (last.characterName ?? (last.characterId !== null ? `character #${last.characterId}` : (last.revertedBy ?? "staff"))) : null,
      lastChangeType: last?.changeType ?? null,
    };
  };

  const describe = useCallback(
    (index: number) => (placed && index < placed.columns.count ? { mortonCode: toDecimal(placed.columns.mortonHi[index]!, placed.columns.mortonLo[index]!), level: placed.columns.level[index]! } : null),
    [placed],
  );

  const onFirstFrame = useCallback(() => {
    const elapsed = Math.round(performance.now() - loadStarted.current);
    setFirstFrameMs((current) => current ?? elapsed);
    if (!loadingRef.current) setCompleteMs((current) => current ?? elapsed);
  }, []);

  const progress = state ? Math.round((state.step / Math.max(1, state.steps)) * 100) : 0;
  const hovered = tooltipNode(hover?.index ?? null);
  const selectedNode = tooltipNode(selected);

  return (
    <div className="grid gap-4 lg:grid-cols-[18rem_1fr]">
      <aside className="space-y-4" aria-label="Region and display settings">
        <RegionPicker regions={regions} picked={picked} onPick={(next) => { setPicked(next); setTimelinePosition(null); }} />
        <section className="rounded-lg bg-white p-5 shadow" aria-labelledby="display-heading">
          <h2 id="display-heading" className="font-semibold">Display</h2>
          <label className="mt-3 block text-sm" htmlFor="voxel-budget">Voxel budget</label>
          <select id="voxel-budget" className="mt-1 w-full rounded border border-slate-300 px-2 py-1" value={budget} onChange={(e) => setBudget(Number(e.target.value))}>
            {budgets.map((b) => (
              <option key={b} value={b}>{b.toLocaleString("en")} voxels</option>
            ))}
          </select>
          <label className="mt-3 flex items-center gap-2 text-sm">
            <input type="checkbox" checked={slice.on} onChange={(e) => setSlice({ on: e.target.checked, top: slice.on ? slice.top : Math.round(extent.z / 2) })} />
            Slice mode (cut away everything above a height)
          </label>
          {slice.on && (
            <>
              <label className="mt-2 block text-sm" htmlFor="slice-height">Slice height: {slice.top}</label>
              <input id="slice-height" type="range" min={0} max={extent.z} value={slice.top} onChange={(e) => setSlice({ on: true, top: Number(e.target.value) })} className="w-full" />
            </>
          )}
        </section>
        <section className="rounded-lg bg-white p-5 shadow" aria-labelledby="legend-heading">
          <h2 id="legend-heading" className="font-semibold">Materials</h2>
          <ul className="mt-2 space-y-1 text-sm" aria-label="Material legend">
            {legend.map((m) => (
              <li key={m.materialId} className="flex items-center gap-2">
                <span aria-hidden className="inline-block h-3 w-3 rounded-sm border border-slate-300" style={{ backgroundColor: m.color }} />
                <span className="flex-1">{m.name}</span>
                <span className="tabular-nums text-slate-500">{m.count.toLocaleString("en")}</span>
              </li>
            ))}
            {legend.length === 0 && <li className="text-slate-500">Nothing drawn yet.</li>}
          </ul>
        </section>
      </aside>

      <div className="space-y-4">
        <section className="rounded-lg bg-white p-5 shadow" aria-labelledby="view-heading">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="view-heading" className="font-semibold">Region</h2>
            <p className="text-sm text-slate-600" data-testid="view-status">
              {state ? (
                <>
                  Level {state.level} of {state.targetLevel} · <span data-testid="drawn-count">{drawn.toLocaleString("en")}</span> voxels drawn
                  {state.source && <> · from {state.source} in {state.serverMs} ms</>}
                  {firstFrameMs !== null && <> · first frame {firstFrameMs} ms</>}
                  {completeMs !== null && <> · complete in <span data-testid="complete-ms">{completeMs}</span> ms</>}
                  {state.limitedByBudget && <> · finer levels exceed the voxel budget</>}
                </>
              ) : (
                "Pick a region."
              )}
            </p>
          </div>
          <div className="mt-2 h-2 w-full overflow-hidden rounded bg-slate-100" role="progressbar" aria-label="Region loading" aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress}>
            <div className="h-full bg-ocean-500 transition-all" style={{ width: `${progress}%` }} />
          </div>
          {state?.error && <p role="alert" className="mt-2 text-sm text-red-700">{state.error}</p>}
          <div className="relative mt-3 h-[520px] overflow-hidden rounded bg-slate-900" data-testid="world-canvas" data-loading={state?.loading ? "true" : "false"} aria-label="3D view of the region: drag to orbit, right-drag or shift-drag to pan, scroll to zoom">
            {box && <VoxelScene key={`${box.minX}:${box.minY}:${box.minZ}:${box.maxX}:${box.maxY}:${box.maxZ}`} groups={groups} extent={extent} onHover={setHover} onSelect={setSelected} onFirstFrame={onFirstFrame} describe={describe} />}
            {hovered && hover && <NodeTooltip node={hovered} x={hover.x} y={hover.y} />}
          </div>
          {selectedNode && (
            <p className="mt-2 text-sm text-slate-700" data-testid="selected-node">
              Selected node {selectedNode.mortonCode} at level {selectedNode.level}: {selectedNode.materialName}, edge {selectedNode.edge}.
            </p>
          )}
        </section>
        {box && (
          <DeltasTimeline
            deltas={deltas}
            loading={deltasQuery.isLoading}
            materialNames={materialNames}
            position={timelinePosition ?? deltas.length}
            onPosition={(p) => setTimelinePosition(p >= deltas.length ? null : p)}
            canAct={canAct}
            onReverted={() => {
              void deltasQuery.refetch();
              setReloadToken((t) => t + 1);
            }}
          />
        )}
      </div>
    </div>
  );
}
