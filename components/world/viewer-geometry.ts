/**
 * Turns a region read (columns of Morton codes, levels, materials) into what deck.gl draws: per-level groups of
 * binary attributes (positions relative to the box corner, RGBA colours) plus, for picking, each drawn point's index
 * in the region's columns. No node objects are created; Morton codes are decoded from their 32-bit halves.
 */
import { MAX_LEVEL, decodeInto } from "@/lib/world/morton";
import type { DecodedNodeColumns } from "@/lib/world/nodes";
import { AIR } from "@/lib/world/materials";

export interface PlacedNodes {
  columns: DecodedNodeColumns;
  /** Centre of each node, relative to the box's minimum corner (world units). */
  centers: Float32Array;
  /** Edge length of each node in world units. */
  edges: Float32Array;
  /** Bottom (minimum z) of each node, relative to the box's corner. */
  bottoms: Float32Array;
}

export function placeNodes(columns: DecodedNodeColumns, origin: { x: number; y: number; z: number }): PlacedNodes {
  const n = columns.count;
  const centers = new Float32Array(n * 3);
  const edges = new Float32Array(n);
  const bottoms = new Float32Array(n);
  const cell = new Float64Array(3);
  for (let i = 0; i < n; i++) {
    decodeInto(columns.mortonHi[i]!, columns.mortonLo[i]!, cell);
    const edge = 2 ** (MAX_LEVEL - columns.level[i]!);
    edges[i] = edge;
    centers[3 * i] = cell[0]! * edge - origin.x + edge / 2;
    centers[3 * i + 1] = cell[1]! * edge - origin.y + edge / 2;
    centers[3 * i + 2] = cell[2]! * edge - origin.z + edge / 2;
    bottoms[i] = cell[2]! * edge - origin.z;
  }
  return { columns, centers, edges, bottoms };
}

export interface DrawGroup {
  level: number;
  edge: number;
  count: number;
  positions: Float32Array;
  colors: Uint8Array;
  /** Per drawn point: its index in the region's columns (how a pick finds its node). */
  indices: Uint32Array;
}

export interface DrawOptions {
  /** Material per node as displayed (the current one, or as of the timeline position). */
  materials: Uint8Array;
  colors: Map<number, [number, number, number]>;
  /** Hide nodes whose bottom is above this height (relative to the box corner); null = no slice. */
  sliceTop: number | null;
}

export function buildDrawGroups(placed: PlacedNodes, options: DrawOptions): DrawGroup[] {
  const { columns } = placed;
  const byLevel = new Map<number, number[]>();
  for (let i = 0; i < columns.count; i++) {
    if (options.materials[i] === AIR) continue;
    if (options.sliceTop !== null && placed.bottoms[i]! > options.sliceTop) continue;
    const level = columns.level[i]!;
    let list = byLevel.get(level);
    if (!list) byLevel.set(level, (list = []));
    list.push(i);
  }
  const groups: DrawGroup[] = [];
  for (const [level, list] of [...byLevel.entries()].sort((a, b) => a[0] - b[0])) {
    const count = list.length;
    const positions = new Float32Array(count * 3);
    const colors = new Uint8Array(count * 4);
    const indices = new Uint32Array(list);
    for (let k = 0; k < count; k++) {
      const i = list[k]!;
      positions[3 * k] = placed.centers[3 * i]!;
      positions[3 * k + 1] = placed.centers[3 * i + 1]!;
      positions[3 * k + 2] = placed.centers[3 * i + 2]!;
      const rgb = options.colors.get(options.materials[i]!) ?? [136, 136, 136];
      colors[4 * k] = rgb[0];
      colors[4 * k + 1] = rgb[1];
      colors[4 * k + 2] = rgb[2];
      colors[4 * k + 3] = 255;
    }
    groups.push({ level, edge: 2 ** (MAX_LEVEL - level), count, positions, colors, indices });
  }
  return groups;
}

/** Key of a node for look-ups by (level, code) without building decimal strings. */
export const nodeKey = (level: number, hi: number, lo: number) => `${level}:${hi}:${lo}`;

/** The finest level whose voxels still cover at least `minPixels` on screen at `pixelsPerUnit`. */
export function finestUsefulLevel(pixelsPerUnit: number, minPixels = 1.5): number {
  const level = Math.floor(MAX_LEVEL + Math.log2(pixelsPerUnit / minPixels));
  return Math.max(0, Math.min(MAX_LEVEL, level));
}
