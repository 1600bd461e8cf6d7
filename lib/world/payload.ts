/**
 * `compressed_data` of a mixed (subdivided) node: what its subtree holds, LZ4-framed.
 * Layout before compression: byte 0 = format version (1); bytes 1..8 = each child octant's material
 * (255 = mixed, 0 = air/absent); then per material present: u8 material id, u32 little-endian voxel count.
 * Homogeneous leaves have no payload (their material_id says it all).
 */
import { compress, decompress } from "lz4js";

export const MIXED = 255;
const VERSION = 1;

export interface NodePayload {
  children: number[];
  histogram: { materialId: number; voxels: number }[];
}

export function encodePayload(children: ArrayLike<number>, counts: ArrayLike<number>): Uint8Array {
  let present = 0;
  for (let m = 0; m < counts.length; m++) if (counts[m]! > 0) present++;
  const raw = new Uint8Array(9 + present * 5);
  raw[0] = VERSION;
  for (let i = 0; i < 8; i++) raw[1 + i] = children[i]!;
  const view = new DataView(raw.buffer);
  let offset = 9;
  for (let m = 0; m < counts.length; m++) {
    if (counts[m]! <= 0) continue;
    raw[offset] = m;
    view.setUint32(offset + 1, counts[m]!, true);
    offset += 5;
  }
  return compress(raw);
}

/** The largest raw payload: header + one entry per possible material. Passing it spares lz4js a 4 MB scratch buffer. */
const MAX_RAW = 9 + 5 * 256;

export function decodePayload(data: Uint8Array): NodePayload {
  const raw = decompress(data, MAX_RAW);
  if (raw[0] !== VERSION) throw new Error(`unknown payload version ${raw[0]}`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const histogram: NodePayload["histogram"] = [];
  for (let offset = 9; offset + 5 <= raw.length; offset += 5) histogram.push({ materialId: raw[offset]!, voxels: view.getUint32(offset + 1, true) });
  return { children: Array.from(raw.subarray(1, 9)), histogram };
}
