/**
 * Builds the sparse octree of a voxel region bottom-up: a node whose eight children are homogeneous in the same
 * material collapses into one homogeneous leaf; otherwise it is stored as a mixed node (dominant non-air material,
 * homogeneity = that material's share of its voxels, children_mask = non-air children, LZ4 payload) and its
 * homogeneous non-air children are stored as leaves. Air is never stored: an absent child is air.
 * The region's ancestors up to the world root are stored too, so any read can walk down from level 0.
 */
import { encodeInto, MAX_LEVEL } from "@/lib/world/morton";
import { AIR, MATERIAL_COUNT } from "@/lib/world/materials";
import { encodePayload, MIXED } from "@/lib/world/payload";

/** Nodes in columns (struct of arrays): one entry per stored node. */
export class NodeColumns {
  count = 0;
  hi = new Uint32Array(1024);
  lo = new Uint32Array(1024);
  level = new Uint8Array(1024);
  material = new Uint8Array(1024);
  homogeneity = new Float32Array(1024);
  mask = new Uint8Array(1024);
  lastModified = new Float64Array(1024);
  payloads: (Uint8Array | null)[] = [];
  private scratch = new Uint32Array(2);

  push(level: number, x: number, y: number, z: number, material: number, homogeneity: number, mask: number, payload: Uint8Array | null, lastModified: number): void {
    if (this.count === this.hi.length) this.grow();
    const i = this.count++;
    encodeInto(x, y, z, this.scratch);
    this.hi[i] = this.scratch[0]!;
    this.lo[i] = this.scratch[1]!;
    this.level[i] = level;
    this.material[i] = material;
    this.homogeneity[i] = homogeneity;
    this.mask[i] = mask;
    this.lastModified[i] = lastModified;
    this.payloads[i] = payload;
  }

  private grow(): void {
    const size = this.hi.length * 2;
    const grow = <T extends Uint32Array | Uint8Array | Float32Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.hi = grow(this.hi, (n) => new Uint32Array(n));
    this.lo = grow(this.lo, (n) => new Uint32Array(n));
    this.level = grow(this.level, (n) => new Uint8Array(n));
    this.material = grow(this.material, (n) => new Uint8Array(n));
    this.homogeneity = grow(this.homogeneity, (n) => new Float32Array(n));
    this.mask = grow(this.mask, (n) => new Uint8Array(n));
    this.lastModified = grow(this.lastModified, (n) => new Float64Array(n));
  }
}

export interface BuildOptions {
  voxels: Uint8Array;
  edge: number;
  /** World coordinates (level 21) of the region's corner; multiples of edge. */
  originX: number;
  originY: number;
  originZ: number;
  generatedAt: number;
}

export function buildOctree({ voxels, edge: E, originX, originY, originZ, generatedAt }: BuildOptions): NodeColumns {
  const depthCount = Math.log2(E);
  if (!Number.isInteger(depthCount)) throw new Error("edge must be a power of two");
  if (originX % E || originY % E || originZ % E) throw new Error("origin must be aligned to the edge");
  const rootLevel = MAX_LEVEL - depthCount;
  const nodes = new NodeColumns();
  const counts = Array.from({ length: depthCount + 1 }, () => new Uint32Array(MATERIAL_COUNT));
  const childMaterials = Array.from({ length: depthCount + 1 }, () => new Uint8Array(8));

  const dominantNonAir = (c: Uint32Array): number => {
    let best = AIR;
    let bestCount = 0;
    for (let m = 1; m < c.length; m++) {
      if (c[m]! > bestCount) {
        best = m;
        bestCount = c[m]!;
      }
    }
    return best;
  };

  /** Visits the node at depth d (0 = region root) with cell coordinates (x, y, z) at that depth; fills counts[d]. */
  const visit = (d: number, x: number, y: number, z: number): number => {
    const own = counts[d]!;
    own.fill(0);
    const kids = childMaterials[d]!;
    const childDepth = d + 1;
    if (childDepth === depthCount) {
      for (let octant = 0; octant < 8; octant++) {
        const vx = 2 * x + (octant & 1);
        const vy = 2 * y + ((octant >> 1) & 1);
        const vz = 2 * z + ((octant >> 2) & 1);
        const m = voxels[vx + E * (vy + E * vz)]!;
        kids[octant] = m;
        own[m]! += 1;
      }
    } else {
      const below = counts[childDepth]!;
      for (let octant = 0; octant < 8; octant++) {
        kids[octant] = visit(childDepth, 2 * x + (octant & 1), 2 * y + ((octant >> 1) & 1), 2 * z + ((octant >> 2) & 1));
        for (let m = 0; m < MATERIAL_COUNT; m++) own[m]! += below[m]!;
      }
    }
    const first = kids[0]!;
    let same = first !== MIXED;
    for (let octant = 1; same && octant < 8; octant++) same = kids[octant] === first;
    if (same) return first;

    // Mixed: store this node and its homogeneous non-air children (mixed children stored themselves).
    const level = rootLevel + d;
    const shift = depthCount - d;
    const voxelsInNode = 8 ** shift;
    const dominant = dominantNonAir(own);
    let mask = 0;
    for (let octant = 0; octant < 8; octant++) if (kids[octant] !== AIR) mask |= 1 << octant;
    nodes.push(level, (originX >> shift) + x, (originY >> shift) + y, (originZ >> shift) + z, dominant, own[dominant]! / voxelsInNode, mask, encodePayload(kids, own), generatedAt);
    const childShift = shift - 1;
    for (let octant = 0; octant < 8; octant++) {
      const m = kids[octant]!;
      if (m === AIR || m === MIXED) continue;
      nodes.push(
        level + 1,
        (originX >> childShift) + 2 * x + (octant & 1),
        (originY >> childShift) + 2 * y + ((octant >> 1) & 1),
        (originZ >> childShift) + 2 * z + ((octant >> 2) & 1),
        m,
        1,
        0,
        null,
        generatedAt,
      );
    }
    return MIXED;
  };

  const rootResult = visit(0, 0, 0, 0);
  const rootCounts = counts[0]!;
  if (rootResult !== MIXED && rootResult !== AIR) {
    nodes.push(rootLevel, originX >> depthCount, originY >> depthCount, originZ >> depthCount, rootResult, 1, 0, null, generatedAt);
  }
  // Ancestors of the region root up to level 0: each has one non-air child on the path down.
  if (rootResult !== AIR) {
    const dominant = dominantNonAir(rootCounts);
    let share = rootCounts[dominant]! / 8 ** depthCount;
    for (let level = rootLevel - 1; level >= 0; level--) {
      const shift = MAX_LEVEL - level;
      const childShift = shift - 1;
      const octant = ((originX >> childShift) & 1) | (((originY >> childShift) & 1) << 1) | (((originZ >> childShift) & 1) << 2);
      share /= 8;
      const children = [0, 0, 0, 0, 0, 0, 0, 0];
      children[octant] = MIXED;
      nodes.push(level, originX / 2 ** shift, originY / 2 ** shift, originZ / 2 ** shift, dominant, share, 1 << octant, encodePayload(children, rootCounts), generatedAt);
    }
  }
  return nodes;
}
