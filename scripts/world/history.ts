/**
 * A deterministic history of player modifications: characters dig, place planks and cobblestone around a few
 * build sites, session by session. Applied to the built octree in time order (each delta's old material is the
 * node's material just before it), so the stored world is the world after the history.
 */
import { createHash } from "node:crypto";
import { AIR } from "@/lib/world/materials";
import { MAX_LEVEL, decodeInto, toBigInt } from "@/lib/world/morton";
import { areaCodeOf } from "@/lib/world/areas";
import type { DeltaRow } from "@/server/world/deltas.cql";
import type { NodeColumns } from "./octree-builder";
import { MAT } from "./terrain";

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUID (version 5 layout) derived from a name: the same seed gives the same ids, so re-runs overwrite, not duplicate. */
export function stableUuid(name: string): string {
  const hex = createHash("sha1").update(name).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface HistoryOptions {
  nodes: NodeColumns;
  seed: number;
  characterIds: number[];
  deltaCount: number;
  startsAt: number;
  spanMs: number;
}

export interface BuildSite {
  x: number;
  y: number;
  z: number;
}

export function generateHistory({ nodes, seed, characterIds, deltaCount, startsAt, spanMs }: HistoryOptions): { deltas: DeltaRow[]; sites: BuildSite[] } {
  const random = mulberry32(seed ^ 0x5eed);
  const surface = new Set<number>([MAT.grass, MAT.sand, MAT.snow, MAT.dirt]);
  const candidates: number[] = [];
  for (let i = 0; i < nodes.count; i++) if (nodes.level[i] === MAX_LEVEL && nodes.mask[i] === 0 && surface.has(nodes.material[i]!)) candidates.push(i);
  if (candidates.length === 0 || characterIds.length === 0) return { deltas: [], sites: [] };

  const position = new Float64Array(3);
  const positionOf = (i: number) => {
    decodeInto(nodes.hi[i]!, nodes.lo[i]!, position);
    return { x: position[0]!, y: position[1]!, z: position[2]! };
  };
  const siteCount = Math.max(1, Math.min(5, Math.round(deltaCount / 80)));
  const sites: { site: BuildSite; members: number[] }[] = [];
  for (let s = 0; s < siteCount; s++) {
    const center = positionOf(candidates[Math.floor(random() * candidates.length)]!);
    const members = candidates.filter((i) => {
      const p = positionOf(i);
      return Math.abs(p.x - center.x) <= 10 && Math.abs(p.y - center.y) <= 10;
    });
    sites.push({ site: center, members });
  }

  const deltas: DeltaRow[] = [];
  let time = startsAt;
  const step = spanMs / Math.max(1, deltaCount);
  let sessionIndex = 0;
  while (deltas.length < deltaCount) {
    sessionIndex++;
    const sessionId = stableUuid(`world-seed:${seed}:session:${sessionIndex}`);
    const characterId = characterIds[Math.floor(random() * characterIds.length)]!;
    const { members } = sites[Math.floor(random() * sites.length)]!;
    const edits = 3 + Math.floor(random() * 10);
    for (let e = 0; e < edits && deltas.length < deltaCount; e++) {
      time += Math.max(1, Math.round(step * (0.5 + random())));
      const index = members[Math.floor(random() * members.length)]!;
      const oldMaterial = nodes.material[index]!;
      const roll = random();
      const [changeType, newMaterial] =
        oldMaterial === AIR ? (["place", roll < 0.5 ? 11 : 12] as const) : roll < 0.45 ? (["dig", AIR] as const) : roll < 0.75 ? (["place", 11] as const) : (["replace", 12] as const);
      if (newMaterial === oldMaterial) continue;
      nodes.material[index] = newMaterial;
      nodes.lastModified[index] = time;
      const code = toBigInt(nodes.hi[index]!, nodes.lo[index]!);
      deltas.push({
        sessionId,
        characterId,
        hi: nodes.hi[index]!,
        lo: nodes.lo[index]!,
        level: MAX_LEVEL,
        changeType,
        oldMaterialId: oldMaterial,
        newMaterialId: newMaterial,
        timestamp: time,
        isCommitted: true,
        areaCode: areaCodeOf(code, MAX_LEVEL),
        revertedByPlayerId: null,
        revertsSessionId: null,
      });
    }
  }
  return { deltas, sites: sites.map((s) => s.site) };
}
