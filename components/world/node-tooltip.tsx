"use client";

export interface TooltipNode {
  index: number;
  mortonCode: string;
  level: number;
  edge: number;
  materialName: string;
  homogeneity: number;
  childrenMask: number;
  lastModified: number;
  lastChangeBy: string | null;
  lastChangeType: string | null;
}

/** The hover card over the 3D view. */
export function NodeTooltip({ node, x, y }: { node: TooltipNode; x: number; y: number }) {
  return (
    <div
      role="tooltip"
      data-testid="node-tooltip"
      className="pointer-events-none absolute z-10 max-w-xs rounded bg-white/95 px-3 py-2 text-xs text-slate-800 shadow-lg"
      style={{ left: Math.min(x + 12, 9999), top: y + 12 }}
    >
      <p className="font-semibold">{node.materialName}</p>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2">
        <dt className="text-slate-500">Morton</dt>
        <dd className="font-mono" data-testid="tooltip-morton">{node.mortonCode}</dd>
        <dt className="text-slate-500">Level</dt>
        <dd data-testid="tooltip-level">{node.level} (edge {node.edge})</dd>
        <dt className="text-slate-500">Homogeneity</dt>
        <dd>{(node.homogeneity * 100).toFixed(1)}%{node.childrenMask ? ` · children ${node.childrenMask.toString(2).padStart(8, "0")}` : " · leaf"}</dd>
        <dt className="text-slate-500">Last change</dt>
        <dd>
          {new Date(node.lastModified).toISOString().replace("T", " ").slice(0, 16)} UTC
          {node.lastChangeBy && ` · ${node.lastChangeType} by ${node.lastChangeBy}`}
        </dd>
      </dl>
    </div>
  );
}
