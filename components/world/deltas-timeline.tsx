"use client";

import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { nodeKey } from "@/components/world/viewer-geometry";
import { fromDecimal } from "@/lib/world/morton";
import type { RouterOutputs } from "@/components/providers/api-types";

type DeltaView = RouterOutputs["world"]["deltas"][number];

/** A delta as the world router returns it. */
export type TimelineDelta = DeltaView;

/**
 * The materials of the loaded nodes as they were after the first `position` deltas (oldest first): later deltas are
 * undone newest-first, each putting back its old material on the node it touched (when that node is loaded).
 */
export function materialsAsOf(current: Uint8Array, deltas: readonly TimelineDelta[], position: number, keyIndex: Map<string, number>): Uint8Array {
  const shown = current.slice();
  for (let d = deltas.length - 1; d >= position; d--) {
    const delta = deltas[d]!;
    const { hi, lo } = fromDecimal(delta.mortonCode);
    const index = keyIndex.get(nodeKey(delta.level, hi, lo));
    if (index !== undefined) shown[index] = delta.oldMaterialId;
  }
  return shown;
}

const when = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 16) + " UTC";

export function DeltasTimeline(props: {
  deltas: TimelineDelta[];
  loading: boolean;
  materialNames: Map<number, string>;
  position: number;
  onPosition: (position: number) => void;
  canAct: boolean;
  onReverted: () => void;
}) {
  const { deltas, materialNames, position, onPosition, canAct } = props;
  const trpc = useTRPC();
  const revert = useMutation(trpc.world.revertDelta.mutationOptions({ onSuccess: () => props.onReverted() }));
  const name = (id: number) => materialNames.get(id) ?? `#${id}`;
  const asOf = position >= deltas.length ? "now" : position === 0 ? `before ${when(deltas[0]!.timestamp)}` : `just after ${when(deltas[position - 1]!.timestamp)}`;

  return (
    <section className="rounded-lg bg-white p-5 shadow" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading" className="font-semibold">Changes in this region</h2>
      {props.loading ? (
        <p className="mt-2 text-sm text-slate-500">Loading changes…</p>
      ) : deltas.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">No player changes recorded here.</p>
      ) : (
        <>
          <label htmlFor="timeline-scrub" className="mt-3 block text-sm">
            Showing the region <strong data-testid="timeline-as-of">{asOf}</strong> ({position} of {deltas.length} changes applied)
          </label>
          <input id="timeline-scrub" type="range" min={0} max={deltas.length} value={position} onChange={(e) => onPosition(Number(e.target.value))} className="w-full" />
          {revert.error && <p role="alert" className="mt-2 text-sm text-red-700">{revert.error.message}</p>}
          <div className="mt-3 max-h-72 overflow-y-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Player changes, oldest first</caption>
              <thead className="sticky top-0 bg-white text-xs text-slate-500">
                <tr>
                  <th scope="col" className="py-1">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">Node</th>
                  {canAct && <th scope="col"><span className="sr-only">Actions</span></th>}
                </tr>
              </thead>
              <tbody>
                {deltas.map((d, i) => (
                  <tr key={`${d.sessionId}:${d.timestamp}:${d.mortonCode}`} className={i < position ? "" : "text-slate-400"}>
                    <td className="py-1 tabular-nums">{when(d.timestamp)}</td>
                    <td>{d.changeType === "revert" ? `staff ${d.revertedBy ?? ""}` : (d.characterName ?? (d.characterId !== null ? `character #${d.characterId}` : "–"))}</td>
                    <td>
                      {d.changeType}: {name(d.oldMaterialId)} → {name(d.newMaterialId)}
                      {!d.isCommitted && <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-800">reverted</span>}
                    </td>
                    <td className="font-mono text-xs">L{d.level}:{d.mortonCode}</td>
                    {canAct && (
                      <td>
                        {d.isCommitted && d.changeType !== "revert" && (
                          <button
                            type="button"
                            className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-50 disabled:opacity-50"
                            disabled={revert.isPending}
                            onClick={() => revert.mutate({ sessionId: d.sessionId, timestamp: d.timestamp, mortonCode: d.mortonCode, level: d.level })}
                          >
                            Revert
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
