/**
 * A deterministic slab of planet: terrain height from layered value noise, a sea, beaches, grass, dirt, rock,
 * snow on the peaks, ore veins and caves underground, bedrock at the bottom. Same seed and edge → same voxels.
 * Voxels are returned as one byte per cell, index x + E·(y + E·z), z up.
 */
import { AIR } from "@/lib/world/materials";

export const MAT = { air: AIR, water: 1, sand: 2, grass: 3, dirt: 4, rock: 5, snow: 6, coal: 7, iron: 8, gold: 9, bedrock: 10 } as const;

function hash3(x: number, y: number, z: number, seed: number): number {
  let h = Math.imul(x, 0x27d4eb2d) ^ Math.imul(y, 0x165667b1) ^ Math.imul(z, 0x9e3779b1) ^ Math.imul(seed, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return ((h ^ (h >>> 15)) >>> 0) / 4294967296;
}

const smooth = (t: number) => t * t * (3 - 2 * t);
const lerp = (a: number, b: number, t: number) => a + (b - a) * t;

function noise2(x: number, y: number, seed: number): number {
  const xi = Math.floor(x);
  const yi = Math.floor(y);
  const tx = smooth(x - xi);
  const ty = smooth(y - yi);
  const a = lerp(hash3(xi, yi, 0, seed), hash3(xi + 1, yi, 0, seed), tx);
  const b = lerp(hash3(xi, yi + 1, 0, seed), hash3(xi + 1, yi + 1, 0, seed), tx);
  return lerp(a, b, ty);
}

function noise3(x: number, y: number, z: number, seed: number): number {
  const xi = Math.floor(x);
  const yi = Math.floor(y);
  const zi = Math.floor(z);
  const tx = smooth(x - xi);
  const ty = smooth(y - yi);
  const tz = smooth(z - zi);
  const c00 = lerp(hash3(xi, yi, zi, seed), hash3(xi + 1, yi, zi, seed), tx);
  const c10 = lerp(hash3(xi, yi + 1, zi, seed), hash3(xi + 1, yi + 1, zi, seed), tx);
  const c01 = lerp(hash3(xi, yi, zi + 1, seed), hash3(xi + 1, yi, zi + 1, seed), tx);
  const c11 = lerp(hash3(xi, yi + 1, zi + 1, seed), hash3(xi + 1, yi + 1, zi + 1, seed), tx);
  return lerp(lerp(c00, c10, ty), lerp(c01, c11, ty), tz);
}

function fbm2(x: number, y: number, seed: number, octaves: number): number {
  let sum = 0;
  let amplitude = 0.5;
  let frequency = 1;
  let norm = 0;
  for (let o = 0; o < octaves; o++) {
    sum += amplitude * noise2(x * frequency, y * frequency, seed + o * 101);
    norm += amplitude;
    amplitude *= 0.5;
    frequency *= 2;
  }
  return sum / norm;
}

export interface TerrainOptions {
  /** Edge of the cubic region in voxels (a power of two). */
  edge: number;
  seed: number;
  /** World coordinates of the region's corner, so noise continues across neighbouring regions. */
  originX: number;
  originY: number;
}

export function generateTerrain({ edge: E, seed, originX, originY }: TerrainOptions): Uint8Array {
  const voxels = new Uint8Array(E * E * E);
  const sea = Math.floor(E * 0.4);
  const snowLine = Math.floor(E * 0.68);
  const heights = new Float64Array(E * E);
  for (let y = 0; y < E; y++) {
    for (let x = 0; x < E; x++) {
      const wx = originX + x;
      const wy = originY + y;
      const continental = fbm2(wx / 256, wy / 256, seed, 4); // broad hills and valleys, 256-voxel features
      const detail = fbm2(wx / 24, wy / 24, seed + 7, 3);
      const ridge = 1 - Math.abs(2 * noise2(wx / 160, wy / 160, seed + 13) - 1);
      heights[x + E * y] = E * (0.2 + 0.45 * continental + 0.18 * ridge * ridge) + 5 * (detail - 0.5);
    }
  }
  for (let y = 0; y < E; y++) {
    for (let x = 0; x < E; x++) {
      const h = Math.max(2, Math.min(E - 2, Math.floor(heights[x + E * y]!)));
      const slope = Math.max(
        Math.abs(heights[Math.min(x + 1, E - 1) + E * y]! - heights[Math.max(x - 1, 0) + E * y]!),
        Math.abs(heights[x + E * Math.min(y + 1, E - 1)]! - heights[x + E * Math.max(y - 1, 0)]!),
      );
      const wx = originX + x;
      const wy = originY + y;
      for (let z = 0; z < E; z++) {
        const index = x + E * (y + E * z);
        if (z > h) {
          voxels[index] = z <= sea ? MAT.water : MAT.air;
          continue;
        }
        if (z < 2) {
          voxels[index] = MAT.bedrock;
          continue;
        }
        const depth = h - z;
        if (depth > 3) {
          // Caves: worm-like tunnels where two 3D noises are both near their middle.
          const a = noise3(wx / 18, wy / 18, z / 12, seed + 31);
          const b = noise3(wx / 18, wy / 18, z / 12, seed + 47);
          if (Math.abs(a - 0.5) < 0.045 && Math.abs(b - 0.5) < 0.06 && z > 4) {
            voxels[index] = MAT.air;
            continue;
          }
          const vein = noise3(wx / 9, wy / 9, z / 7, seed + 59);
          if (vein > 0.8) {
            voxels[index] = z < E * 0.15 ? MAT.gold : z < E * 0.3 ? MAT.iron : MAT.coal;
            continue;
          }
          voxels[index] = MAT.rock;
          continue;
        }
        if (h <= sea + 1) voxels[index] = MAT.sand;
        else if (slope > 3.2) voxels[index] = MAT.rock;
        else if (depth === 0) voxels[index] = h >= snowLine ? MAT.snow : MAT.grass;
        else voxels[index] = h >= snowLine ? MAT.rock : MAT.dirt;
      }
    }
  }
  return voxels;
}
