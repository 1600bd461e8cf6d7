/**
 * 3D Morton (Z-order) codes for the octree: 21 bits per axis, 63 bits in all, bit 3i+0 from x, 3i+1 from y, 3i+2 from z.
 *
 * A node at octree level L (0 = the whole world, 21 = one-unit voxels) has integer coordinates in [0, 2^L) per axis,
 * and its code is the interleaving of those L-bit coordinates: codes at level L lie in [0, 8^L), the parent of a code is
 * `code >> 3` and its children are `code << 3 | octant` (octant bit 0 = +x, bit 1 = +y, bit 2 = +z).
 *
 * Hot paths (encoding a million voxels, decoding every node the viewer draws) work on two unsigned 32-bit halves, `hi`
 * and `lo`, so no BigInt is created per voxel. BigInt appears only where it is per query: range decomposition and the
 * decimal form of codes at levels 18 and finer (which exceed 2^53).
 *
 * Pure module: no server-only imports, used by the browser viewer too.
 */

export const AXIS_BITS = 21;
export const MAX_LEVEL = 21;
export const AXIS_MAX = (1 << AXIS_BITS) - 1;

/** SPREAD[b] = the 8 bits of b spaced two zero bits apart (bit i → bit 3i); fits in 22 bits. */
const SPREAD = new Uint32Array(256);
/** Inverse of three interleaved bits per axis: for 9 code bits, the 3 bits of x, y, z packed as x | y<<3 | z<<6. */
const COMPACT9 = new Uint16Array(512);
for (let b = 0; b < 256; b++) {
  let spread = 0;
  for (let i = 0; i < 8; i++) if (b & (1 << i)) spread |= 1 << (3 * i);
  SPREAD[b] = spread >>> 0;
}
for (let v = 0; v < 512; v++) {
  let x = 0;
  let y = 0;
  let z = 0;
  for (let i = 0; i < 3; i++) {
    if (v & (1 << (3 * i))) x |= 1 << i;
    if (v & (1 << (3 * i + 1))) y |= 1 << i;
    if (v & (1 << (3 * i + 2))) z |= 1 << i;
  }
  COMPACT9[v] = x | (y << 3) | (z << 6);
}

function checkAxis(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0 || value > AXIS_MAX) throw new RangeError(`${name} must be an integer in [0, ${AXIS_MAX}], got ${value}`);
}

// Spread one axis into its 64-bit positions, as hi/lo halves (module scratch: no allocation per call).
let spreadHi = 0;
let spreadLo = 0;
function spreadAxis(v: number): void {
  const s0 = SPREAD[v & 0xff]!; // code bits 0..21
  const s1 = SPREAD[(v >>> 8) & 0xff]!; // code bits 24..45
  const s2 = SPREAD[(v >>> 16) & 0x1f]!; // code bits 48..60
  spreadLo = (s0 | (s1 << 24)) >>> 0;
  spreadHi = ((s1 >>> 8) | (s2 << 16)) >>> 0;
}

/**
 * Encodes (x, y, z) into `out[offset]` (hi) and `out[offset + 1]` (lo). The hot-path form: no allocation.
 * Coordinates are not range-checked here; use `encode` for untrusted input.
 */
export function encodeInto(x: number, y: number, z: number, out: Uint32Array | number[], offset = 0): void {
  spreadAxis(x);
  let hi = spreadHi;
  let lo = spreadLo;
  spreadAxis(y);
  hi |= (spreadHi << 1) | (spreadLo >>> 31);
  lo |= spreadLo << 1;
  spreadAxis(z);
  hi |= (spreadHi << 2) | (spreadLo >>> 30);
  lo |= spreadLo << 2;
  out[offset] = hi >>> 0;
  out[offset + 1] = lo >>> 0;
}

export interface MortonCode {
  hi: number;
  lo: number;
}

export function encode(x: number, y: number, z: number): MortonCode {
  checkAxis(x, "x");
  checkAxis(y, "y");
  checkAxis(z, "z");
  const out = [0, 0];
  encodeInto(x, y, z, out);
  return { hi: out[0]!, lo: out[1]! };
}

function bits9(hi: number, lo: number, offset: number): number {
  if (offset + 9 <= 32) return (lo >>> offset) & 511;
  if (offset >= 32) return (hi >>> (offset - 32)) & 511;
  return ((lo >>> offset) | (hi << (32 - offset))) & 511;
}

/** Decodes into `out[offset..offset+2]` = x, y, z. The hot-path form: no allocation. */
export function decodeInto(hi: number, lo: number, out: Uint32Array | Float32Array | Float64Array | number[], offset = 0): void {
  let x = 0;
  let y = 0;
  let z = 0;
  for (let chunk = 0; chunk < 7; chunk++) {
    const packed = COMPACT9[bits9(hi >>> 0, lo >>> 0, chunk * 9)]!;
    const shift = chunk * 3;
    x |= (packed & 7) << shift;
    y |= ((packed >>> 3) & 7) << shift;
    z |= ((packed >>> 6) & 7) << shift;
  }
  out[offset] = x;
  out[offset + 1] = y;
  out[offset + 2] = z;
}

export function decode(hi: number, lo: number): { x: number; y: number; z: number } {
  const out = [0, 0, 0];
  decodeInto(hi, lo, out);
  return { x: out[0]!, y: out[1]!, z: out[2]! };
}

/** The parent's code (one level coarser): code >> 3. */
export function parentOf(code: MortonCode): MortonCode {
  return { hi: code.hi >>> 3, lo: ((code.lo >>> 3) | (code.hi << 29)) >>> 0 };
}

/** The code of child `octant` (0..7; bit 0 = +x, bit 1 = +y, bit 2 = +z), one level finer: code << 3 | octant. */
export function childOf(code: MortonCode, octant: number): MortonCode {
  if (!Number.isInteger(octant) || octant < 0 || octant > 7) throw new RangeError(`octant must be 0..7, got ${octant}`);
  return { hi: ((code.hi << 3) | (code.lo >>> 29)) >>> 0, lo: ((code.lo << 3) | octant) >>> 0 };
}

/** The ancestor `levels` levels up: code >> 3·levels. */
export function ancestorOf(code: MortonCode, levels: number): MortonCode {
  return fromBigInt(toBigInt(code.hi, code.lo) >> BigInt(3 * levels));
}

export function toBigInt(hi: number, lo: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

export function fromBigInt(value: bigint): MortonCode {
  if (value < 0n || value >= 1n << 63n) throw new RangeError(`Morton code out of range: ${value}`);
  return { hi: Number(value >> 32n), lo: Number(value & 0xffffffffn) };
}

const TWO_32 = 4294967296;

/** The code as a decimal string (the form in Redis keys and APIs). Number arithmetic below 2^53, BigInt above. */
export function toDecimal(hi: number, lo: number): string {
  if (hi < 0x200000) return String(hi * TWO_32 + (lo >>> 0));
  return toBigInt(hi, lo).toString();
}

export function fromDecimal(text: string): MortonCode {
  if (!/^\d{1,19}$/.test(text)) throw new RangeError(`not a Morton code: ${text}`);
  return fromBigInt(BigInt(text));
}

/** Compares two codes as unsigned 64-bit values. */
export function compare(aHi: number, aLo: number, bHi: number, bLo: number): number {
  if (aHi !== bHi) return aHi < bHi ? -1 : 1;
  if (aLo !== bLo) return aLo < bLo ? -1 : 1;
  return 0;
}

/** An axis-aligned box of cells at one level, bounds inclusive, in that level's integer coordinates. */
export interface CellBox {
  minX: number;
  minY: number;
  minZ: number;
  maxX: number;
  maxY: number;
  maxZ: number;
}

/** An inclusive range of codes at one level. */
export interface MortonRange {
  start: bigint;
  end: bigint;
}

export function boxContains(box: CellBox, x: number, y: number, z: number): boolean {
  return x >= box.minX && x <= box.maxX && y >= box.minY && y <= box.maxY && z >= box.minZ && z <= box.maxZ;
}

/** The box at a coarser level that covers `box` (each bound shifted right). */
export function coarsenBox(box: CellBox, levels: number): CellBox {
  const s = levels;
  return { minX: box.minX >>> s, minY: box.minY >>> s, minZ: box.minZ >>> s, maxX: box.maxX >>> s, maxY: box.maxY >>> s, maxZ: box.maxZ >>> s };
}

/**
 * Decomposes a box of cells at `level` into at most `maxRanges` inclusive Morton ranges, sorted and merged, whose union
 * contains every cell of the box. Splitting runs breadth-first from the root: an octree cell wholly inside the box
 * becomes one exact range; a cell straddling the edge is split further while the budget allows and otherwise emitted
 * whole, so the ranges may over-fetch at the edges. Callers filter the rows exactly (decode + boxContains).
 */
export function boxToRanges(level: number, box: CellBox, maxRanges = 32): MortonRange[] {
  if (!Number.isInteger(level) || level < 0 || level > MAX_LEVEL) throw new RangeError(`level must be 0..${MAX_LEVEL}`);
  const size = 2 ** level;
  for (const [name, value] of Object.entries(box)) {
    if (!Number.isInteger(value) || value < 0 || value >= size) throw new RangeError(`${name}=${value} is outside level ${level}'s grid [0, ${size})`);
  }
  if (box.minX > box.maxX || box.minY > box.maxY || box.minZ > box.maxZ) return [];
  if (maxRanges < 1) throw new RangeError("maxRanges must be at least 1");

  interface Cell {
    x: number;
    y: number;
    z: number;
    depth: number;
    code: bigint;
  }
  const full: Cell[] = [];
  let partial: Cell[] = [{ x: 0, y: 0, z: 0, depth: 0, code: 0n }];
  const rangeOf = (cell: Cell): MortonRange => {
    const shift = BigInt(3 * (level - cell.depth));
    return { start: cell.code << shift, end: ((cell.code + 1n) << shift) - 1n };
  };

  while (partial.length > 0 && partial[0]!.depth < level) {
    const next: Cell[] = [];
    const nextFull: Cell[] = [];
    for (const cell of partial) {
      const childDepth = cell.depth + 1;
      const span = 2 ** (level - childDepth);
      for (let octant = 0; octant < 8; octant++) {
        const x = cell.x * 2 + (octant & 1);
        const y = cell.y * 2 + ((octant >> 1) & 1);
        const z = cell.z * 2 + ((octant >> 2) & 1);
        const x0 = x * span;
        const y0 = y * span;
        const z0 = z * span;
        const x1 = x0 + span - 1;
        const y1 = y0 + span - 1;
        const z1 = z0 + span - 1;
        if (x1 < box.minX || x0 > box.maxX || y1 < box.minY || y0 > box.maxY || z1 < box.minZ || z0 > box.maxZ) continue;
        const child = { x, y, z, depth: childDepth, code: (cell.code << 3n) | BigInt(octant) };
        const inside = x0 >= box.minX && x1 <= box.maxX && y0 >= box.minY && y1 <= box.maxY && z0 >= box.minZ && z1 <= box.maxZ;
        (inside ? nextFull : next).push(child);
      }
    }
    // Stop refining when the finer split would not fit the budget (counted after merging adjacent ranges).
    const candidate = mergeRanges([...full, ...nextFull, ...next].map(rangeOf));
    if (candidate.length > maxRanges) break;
    full.push(...nextFull);
    partial = next;
  }
  return mergeRanges([...full, ...partial].map(rangeOf));
}

function mergeRanges(ranges: MortonRange[]): MortonRange[] {
  ranges.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const merged: MortonRange[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end + 1n) {
      if (range.end > last.end) last.end = range.end;
    } else {
      merged.push({ start: range.start, end: range.end });
    }
  }
  return merged;
}

/** How many cells a box holds. */
export function boxVolume(box: CellBox): number {
  return (box.maxX - box.minX + 1) * (box.maxY - box.minY + 1) * (box.maxZ - box.minZ + 1);
}
