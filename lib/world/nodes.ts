/**
 * The shapes octree nodes travel in. Pure module (server and browser).
 *
 * `RegionNodes` is the compact, binary-friendly form of a region read: one typed array per column, shipped as base64
 * so the viewer can hand the decoded arrays to deck.gl as binary attributes without touching a node object.
 */
export interface OctreeNode {
  hi: number;
  lo: number;
  level: number;
  materialId: number;
  homogeneity: number;
  /** 0..255: bit o set when child octant o is stored (not air). */
  childrenMask: number;
  compressedData: Uint8Array | null;
  /** Epoch milliseconds. */
  lastModified: number;
}

export interface NodeColumnsWire {
  mortonHi: string;
  mortonLo: string;
  level: string;
  material: string;
  homogeneity: string;
  childrenMask: string;
  lastModified: string;
}

export interface DecodedNodeColumns {
  count: number;
  mortonHi: Uint32Array;
  mortonLo: Uint32Array;
  level: Uint8Array;
  material: Uint8Array;
  homogeneity: Float32Array;
  childrenMask: Uint8Array;
  lastModified: Float64Array;
}

/** Cassandra's TINYINT is signed; children_mask is a bit set 0..255 stored in its two's complement form. */
export function maskToTinyint(mask: number): number {
  return mask > 127 ? mask - 256 : mask;
}

export function maskFromTinyint(value: number | null | undefined): number {
  const v = value ?? 0;
  return v < 0 ? v + 256 : v;
}

function toBase64(bytes: Uint8Array): string {
  if (typeof Buffer !== "undefined") return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  if (typeof Buffer !== "undefined") {
    const buffer = Buffer.from(text, "base64");
    // Copy into a fresh, aligned ArrayBuffer so typed views of any element size can sit on it.
    const copy = new Uint8Array(buffer.length);
    copy.set(buffer);
    return copy;
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const bytesOf = (array: Uint32Array | Uint8Array | Float32Array | Float64Array) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

export function encodeNodeColumns(nodes: readonly OctreeNode[]): NodeColumnsWire {
  const n = nodes.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const level = new Uint8Array(n);
  const material = new Uint8Array(n);
  const homogeneity = new Float32Array(n);
  const mask = new Uint8Array(n);
  const modified = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const node = nodes[i]!;
    hi[i] = node.hi;
    lo[i] = node.lo;
    level[i] = node.level;
    material[i] = node.materialId;
    homogeneity[i] = node.homogeneity;
    mask[i] = node.childrenMask;
    modified[i] = node.lastModified;
  }
  return {
    mortonHi: toBase64(bytesOf(hi)),
    mortonLo: toBase64(bytesOf(lo)),
    level: toBase64(level),
    material: toBase64(material),
    homogeneity: toBase64(bytesOf(homogeneity)),
    childrenMask: toBase64(mask),
    lastModified: toBase64(bytesOf(modified)),
  };
}

export function decodeNodeColumns(wire: NodeColumnsWire, count: number): DecodedNodeColumns {
  const u32 = (text: string) => new Uint32Array(fromBase64(text).buffer, 0, count);
  return {
    count,
    mortonHi: u32(wire.mortonHi),
    mortonLo: u32(wire.mortonLo),
    level: fromBase64(wire.level).subarray(0, count),
    material: fromBase64(wire.material).subarray(0, count),
    homogeneity: new Float32Array(fromBase64(wire.homogeneity).buffer, 0, count),
    childrenMask: fromBase64(wire.childrenMask).subarray(0, count),
    lastModified: new Float64Array(fromBase64(wire.lastModified).buffer, 0, count),
  };
}
