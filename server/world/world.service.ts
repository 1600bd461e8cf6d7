import "server-only";
import { randomUUID } from "node:crypto";
import type { Engines } from "@/server/engines";
import type { Actor } from "@/server/db/actor-transaction";
import { AppError } from "@/server/errors";
import { appConfig } from "@/server/config";
import { AREA_LEVEL, areaCodeOf } from "@/lib/world/areas";
import { AIR, materialById } from "@/lib/world/materials";
import { MAX_LEVEL, boxContains, boxToRanges, coarsenBox, decodeInto, fromDecimal, toBigInt, toDecimal, type CellBox } from "@/lib/world/morton";
import { encodeNodeColumns, type NodeColumnsWire, type OctreeNode } from "@/lib/world/nodes";
import { decodePayload } from "@/lib/world/payload";
import type { ApplyDeltaInput, DeltaListInput, NodeReadInput, RegionReadInput, RevertDeltaInput, WorldBox } from "@/server/world/world.schema";
import type { WorldStore } from "@/server/clients/cassandra";
import { mapLimit } from "@/lib/map-limit";
import { materialUpdateQueries, readNode, readNodeRanges } from "@/server/world/nodes.cql";
import { fillHotNode, invalidateHotNode, readHotNode, readHotSummaries, writeHotNodes } from "@/server/world/node-cache.redis";
import { deltaInsertQuery, markRevertedQuery, readDelta, readDeltasInAreas, writeLoggedBatch, type DeltaRow } from "@/server/world/deltas.cql";
import { listMaterials, listRegions, type MaterialRow, type RegionRow } from "@/server/world/catalog.cql";
import { characterNames, guildNames, playerNames } from "@/server/world/actor-names.pg";

/**
 * The world viewer's rules: region reads (Redis walk first, Cassandra range reads on a miss, filling the cache),
 * node look-ups, the deltas timeline, and staff changes/reverts (logged batch + cache invalidation).
 */

export function worldStore(engines: Engines): WorldStore {
  return { cassandra: engines.cassandra, keyspace: engines.cassandra.keyspace || appConfig().CASSANDRA_KEYSPACE };
}

export async function materialsList(engines: Engines): Promise<MaterialRow[]> {
  return listMaterials(worldStore(engines));
}

export interface RegionListItem extends RegionRow {
  ownerGuildName: string | null;
}

export async function regionsList(engines: Engines): Promise<RegionListItem[]> {
  const regions = await listRegions(worldStore(engines));
  const owners = regions.flatMap((r) => (r.ownerGuildId === null ? [] : [r.ownerGuildId]));
  const names = await guildNames(engines.postgres.pool, owners);
  return regions.map((region) => ({ ...region, ownerGuildName: region.ownerGuildId === null ? null : (names.get(region.ownerGuildId) ?? null) }));
}

export interface RegionRead {
  level: number;
  box: WorldBox;
  count: number;
  /** "cache" when every node came from Redis; "cassandra" when some had to be read there (and were then cached). */
  source: "cache" | "cassandra";
  truncated: boolean;
  elapsedMs: number;
  nodes: NodeColumnsWire;
}

const toCellBox = (box: WorldBox): CellBox => ({ ...box });

/**
 * The LoD cut of a box at `level`: stored nodes at that level plus leaves above it. Walks down from the root one level
 * per pipelined Redis round trip, following children_mask into the box. Where a level has nodes the cache lacks, they
 * come from Cassandra (a few point reads, or the level's range reads over the box) and are written to the cache.
 */
async function readCut(engines: Engines, box: CellBox, level: number, budget: number): Promise<{ cut: OctreeNode[]; truncated: boolean; missed: number }> {
  const store = worldStore(engines);
  let frontier: { hi: number; lo: number; level: number }[] = [{ hi: 0, lo: 0, level: 0 }];
  const cut: OctreeNode[] = [];
  const position = new Uint32Array(3);
  let missed = 0;
  for (let depth = 0; depth <= level && frontier.length > 0; depth++) {
    const cached = await readHotSummaries(engines.redis, frontier).catch((error: unknown) => {
      console.warn("[world] cache read failed, reading Cassandra", error);
      return frontier.map(() => null);
    });
    const misses = cached.flatMap((node, i) => (node ? [] : [i]));
    let nodes: (OctreeNode | null)[] = cached;
    if (misses.length > 0) {
      missed += misses.length;
      nodes = await fillFromCassandra(store, engines, box, depth, frontier, cached, misses);
    }
    const next: { hi: number; lo: number; level: number }[] = [];
    const childBox = depth < level ? coarsenBox(box, MAX_LEVEL - depth - 1) : null;
    for (const node of nodes) {
      if (!node) continue; // a parent's mask named a child that is not stored (stale mask): nothing there
      if (depth === level || node.childrenMask === 0 || !childBox) {
        cut.push(node);
        continue;
      }
      decodeInto(node.hi, node.lo, position);
      for (let octant = 0; octant < 8; octant++) {
        if (!(node.childrenMask & (1 << octant))) continue;
        const cx = 2 * position[0]! + (octant & 1);
        const cy = 2 * position[1]! + ((octant >> 1) & 1);
        const cz = 2 * position[2]! + ((octant >> 2) & 1);
        if (!boxContains(childBox, cx, cy, cz)) continue;
        next.push({ hi: ((node.hi << 3) | (node.lo >>> 29)) >>> 0, lo: ((node.lo << 3) | octant) >>> 0, level: depth + 1 });
      }
    }
    if (cut.length > budget) return { cut: cut.slice(0, budget), truncated: true, missed };
    // The next level alone would hold more than the budget: stop rather than read it all.
    if (next.length + cut.length > budget && depth + 1 === level) {
      frontier = next.slice(0, budget - cut.length);
      const last = await readLastLevel(engines, store, box, depth + 1, frontier);
      missed += last.missed;
      return { cut: [...cut, ...last.nodes], truncated: true, missed };
    }
    frontier = next;
  }
  return { cut, truncated: false, missed };
}

/** Point reads for a handful of misses; range reads of the whole level in the box when many are missing. */
async function fillFromCassandra(
  store: WorldStore,
  engines: Engines,
  box: CellBox,
  depth: number,
  frontier: readonly { hi: number; lo: number; level: number }[],
  cached: (OctreeNode | null)[],
  misses: number[],
): Promise<(OctreeNode | null)[]> {
  const nodes = cached.slice();
  let fetched: OctreeNode[];
  if (misses.length <= 32) {
    fetched = (await mapLimit(misses, 16, (i) => readNode(store, frontier[i]!.hi, frontier[i]!.lo, depth))).filter((n): n is OctreeNode => n !== null);
  } else {
    const levelBox = coarsenBox(box, MAX_LEVEL - depth);
    const position = new Uint32Array(3);
    fetched = await readNodeRanges(store, depth, boxToRanges(depth, levelBox, 32), (hi, lo) => {
      decodeInto(hi, lo, position);
      return boxContains(levelBox, position[0]!, position[1]!, position[2]!);
    });
  }
  const byKey = new Map(fetched.map((n) => [`${n.hi}:${n.lo}`, n]));
  for (const i of misses) nodes[i] = byKey.get(`${frontier[i]!.hi}:${frontier[i]!.lo}`) ?? null;
  await writeHotNodes(
    engines.redis,
    misses.flatMap((i) => (nodes[i] ? [nodes[i]!] : [])),
  ).catch((error: unknown) => console.warn("[world] cache fill failed", error));
  return nodes;
}

async function readLastLevel(engines: Engines, store: WorldStore, box: CellBox, depth: number, frontier: { hi: number; lo: number; level: number }[]) {
  const cached = await readHotSummaries(engines.redis, frontier).catch(() => frontier.map(() => null));
  const misses = cached.flatMap((node, i) => (node ? [] : [i]));
  const nodes = misses.length ? await fillFromCassandra(store, engines, box, depth, frontier, cached, misses) : cached;
  return { nodes: nodes.filter((n): n is OctreeNode => n !== null), missed: misses.length };
}

export async function readRegion(engines: Engines, input: RegionReadInput): Promise<RegionRead> {
  const started = performance.now();
  const { cut, truncated, missed } = await readCut(engines, toCellBox(input.box), input.level, input.budget);
  return {
    level: input.level,
    box: input.box,
    count: cut.length,
    source: missed === 0 ? "cache" : "cassandra",
    truncated,
    elapsedMs: Math.round((performance.now() - started) * 100) / 100,
    nodes: encodeNodeColumns(cut),
  };
}

export interface NodeDetail {
  mortonCode: string;
  level: number;
  position: { x: number; y: number; z: number };
  edge: number;
  materialId: number;
  materialName: string;
  homogeneity: number;
  childrenMask: number;
  lastModified: number;
  payloadBytes: number;
  composition: { materialId: number; materialName: string; voxels: number }[];
  source: "cache" | "cassandra";
}

function parseCode(mortonCode: string, level: number): { hi: number; lo: number; code: bigint } {
  const code = BigInt(mortonCode);
  if (code >= 1n << BigInt(3 * level)) throw new AppError("BAD_INPUT", `Morton code ${mortonCode} does not exist at level ${level} (codes there are below 8^${level}).`, { fieldErrors: { mortonCode: ["Too large for this level."] } });
  const { hi, lo } = fromDecimal(mortonCode);
  return { hi, lo, code };
}

/** One node: the seed's point look-up, Redis first, then octree_nodes (filling the cache). */
export async function readNodeDetail(engines: Engines, input: NodeReadInput): Promise<NodeDetail> {
  const { hi, lo } = parseCode(input.mortonCode, input.level);
  let source: NodeDetail["source"] = "cache";
  let node = await readHotNode(engines.redis, input.level, hi, lo).catch(() => null);
  if (!node) {
    source = "cassandra";
    node = await readNode(worldStore(engines), hi, lo, input.level);
    if (!node) throw new AppError("NOT_FOUND", "No node is stored there (absent nodes are air).");
    // Not awaited: the reader has its node; the fill (HSET + EXPIRE) must not add a Redis round trip to its latency.
    void fillHotNode(engines.redis, node).catch(() => undefined);
  }
  const position = new Uint32Array(3);
  decodeInto(hi, lo, position);
  const edge = 2 ** (MAX_LEVEL - input.level);
  const composition = node.compressedData
    ? decodePayload(node.compressedData).histogram.map((h) => ({ ...h, materialName: materialById(h.materialId)?.name ?? `#${h.materialId}` }))
    : [{ materialId: node.materialId, materialName: materialById(node.materialId)?.name ?? `#${node.materialId}`, voxels: edge ** 3 }];
  return {
    mortonCode: toDecimal(hi, lo),
    level: input.level,
    position: { x: position[0]! * edge, y: position[1]! * edge, z: position[2]! * edge },
    edge,
    materialId: node.materialId,
    materialName: materialById(node.materialId)?.name ?? `#${node.materialId}`,
    homogeneity: node.homogeneity,
    childrenMask: node.childrenMask,
    lastModified: node.lastModified,
    payloadBytes: node.compressedData?.byteLength ?? 0,
    composition,
    source,
  };
}

export interface DeltaView {
  sessionId: string;
  characterId: number | null;
  characterName: string | null;
  mortonCode: string;
  level: number;
  changeType: string;
  oldMaterialId: number;
  newMaterialId: number;
  timestamp: number;
  isCommitted: boolean;
  revertedBy: string | null;
  revertsSessionId: string | null;
}

/** A box's deltas, oldest first: SAI range reads on area_code, then an exact box filter. */
export async function listDeltas(engines: Engines, input: DeltaListInput): Promise<DeltaView[]> {
  const box = toCellBox(input.box);
  const ranges = boxToRanges(AREA_LEVEL, coarsenBox(box, MAX_LEVEL - AREA_LEVEL), 16);
  const rows = await readDeltasInAreas(worldStore(engines), ranges, input.limit);
  const position = new Uint32Array(3);
  const inBox = rows.filter((row) => {
    decodeInto(row.hi, row.lo, position);
    const edge = 2 ** (MAX_LEVEL - row.level);
    const [x, y, z] = [position[0]! * edge, position[1]! * edge, position[2]! * edge];
    return x <= box.maxX && x + edge - 1 >= box.minX && y <= box.maxY && y + edge - 1 >= box.minY && z <= box.maxZ && z + edge - 1 >= box.minZ;
  });
  inBox.sort((a, b) => a.timestamp - b.timestamp);
  return viewsOf(engines, inBox.slice(-input.limit));
}

async function writeChange(engines: Engines, queries: { query: string; params: unknown[] }[], node: { hi: number; lo: number; level: number }): Promise<void> {
  const store = worldStore(engines);
  await writeLoggedBatch(store, queries);
  // Write-through + TTL (seed): drop the cached copy now; if Redis is unreachable, the TTL bounds the staleness.
  await invalidateHotNode(engines.redis, node.level, node.hi, node.lo).catch((error: unknown) => console.warn("[world] cache invalidation failed", error));
}

export interface ChangeResult {
  delta: DeltaView;
}

/**
 * A modification of one leaf node: becomes an octree_deltas row and the node's new material in both node tables,
 * in one logged batch, then the cached node is dropped. Mixed nodes are refused (their material is a summary).
 */
export async function applyDelta(engines: Engines, _actor: Actor, input: ApplyDeltaInput): Promise<ChangeResult> {
  const { hi, lo, code } = parseCode(input.mortonCode, input.level);
  const store = worldStore(engines);
  const node = await readNode(store, hi, lo, input.level);
  if (!node) throw new AppError("NOT_FOUND", "No node is stored there: only existing nodes can be changed.");
  if (node.childrenMask !== 0) throw new AppError("BAD_INPUT", "That node has children; change one of its leaves instead.", { fieldErrors: { level: ["Pick a leaf node."] } });
  if (node.materialId === input.newMaterialId) throw new AppError("BAD_INPUT", "The node already has that material.", { fieldErrors: { newMaterialId: ["Already this material."] } });
  if (input.changeType === "dig" && input.newMaterialId !== AIR) throw new AppError("BAD_INPUT", "Digging turns a node into air.", { fieldErrors: { newMaterialId: ["Dig means air."] } });
  const now = Date.now();
  const delta: DeltaRow = {
    sessionId: input.sessionId ?? randomUUID(),
    characterId: input.characterId,
    hi,
    lo,
    level: input.level,
    changeType: input.changeType,
    oldMaterialId: node.materialId,
    newMaterialId: input.newMaterialId,
    timestamp: now,
    isCommitted: true,
    areaCode: areaCodeOf(code, input.level),
    revertedByPlayerId: null,
    revertsSessionId: null,
  };
  await writeChange(engines, [deltaInsertQuery(store, delta), ...materialUpdateQueries(store, node, input.newMaterialId, new Date(now))], node);
  return { delta: (await viewsOf(engines, [delta]))[0]! };
}

/** Staff undo of one delta: the node goes back to the delta's old material, the delta is marked uncommitted, and a 'revert' row records who did it. */
export async function revertDelta(engines: Engines, actor: Actor, input: RevertDeltaInput): Promise<ChangeResult> {
  const { hi, lo, code } = parseCode(input.mortonCode, input.level);
  const store = worldStore(engines);
  const key = { sessionId: input.sessionId, timestamp: input.timestamp, hi, lo, level: input.level };
  const delta = await readDelta(store, key);
  if (!delta) throw new AppError("NOT_FOUND", "That change does not exist.");
  if (delta.changeType === "revert") throw new AppError("BAD_INPUT", "A revert cannot itself be reverted; make a new change instead.");
  if (!delta.isCommitted) throw new AppError("CONFLICT", "That change has already been reverted.");
  const node = await readNode(store, hi, lo, input.level);
  if (!node) throw new AppError("NOT_FOUND", "The changed node no longer exists.");
  if (node.materialId !== delta.newMaterialId) {
    const now = materialById(node.materialId)?.name ?? `#${node.materialId}`;
    throw new AppError("CONFLICT", `The node changed again after this change (it is now ${now}). Revert the later change first.`);
  }
  const at = Date.now();
  const revert: DeltaRow = {
    sessionId: randomUUID(),
    characterId: null,
    hi,
    lo,
    level: input.level,
    changeType: "revert",
    oldMaterialId: delta.newMaterialId,
    newMaterialId: delta.oldMaterialId,
    timestamp: at,
    isCommitted: true,
    areaCode: areaCodeOf(code, input.level),
    revertedByPlayerId: actor.playerId,
    revertsSessionId: delta.sessionId,
  };
  await writeChange(engines, [markRevertedQuery(store, key), deltaInsertQuery(store, revert), ...materialUpdateQueries(store, node, delta.oldMaterialId, new Date(at))], node);
  return { delta: (await viewsOf(engines, [revert]))[0]! };
}

async function viewsOf(engines: Engines, deltas: DeltaRow[]): Promise<DeltaView[]> {
  const [characters, players] = await Promise.all([
    characterNames(engines.postgres.pool, deltas.flatMap((d) => (d.characterId === null ? [] : [d.characterId]))),
    playerNames(engines.postgres.pool, deltas.flatMap((d) => (d.revertedByPlayerId === null ? [] : [d.revertedByPlayerId]))),
  ]);
  return deltas.map((d) => ({
    sessionId: d.sessionId,
    characterId: d.characterId,
    characterName: d.characterId === null ? null : (characters.get(d.characterId) ?? null),
    mortonCode: toBigInt(d.hi, d.lo).toString(),
    level: d.level,
    changeType: d.changeType,
    oldMaterialId: d.oldMaterialId,
    newMaterialId: d.newMaterialId,
    timestamp: d.timestamp,
    isCommitted: d.isCommitted,
    revertedBy: d.revertedByPlayerId === null ? null : (players.get(d.revertedByPlayerId) ?? `staff #${d.revertedByPlayerId}`),
    revertsSessionId: d.revertsSessionId,
  }));
}
