import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "@/server/app.router";
import { createInnerContext } from "@/server/context";
import type { SessionUser } from "@/server/session";
import { createTestEngines } from "@/tests/helpers/engines";
import { newCharacter, newPlayer } from "@/tests/helpers/accounts";
import { migrateCql } from "@/scripts/cql/migrator";
import { generateTerrain } from "@/scripts/world/terrain";
import { buildOctree, type NodeColumns } from "@/scripts/world/octree-builder";
import { writeWorldNodes } from "@/scripts/world/writer";
import { hotNodeKey, hotNodeTtlSeconds, readHotSummaries } from "@/server/world/node-cache.redis";
import { writeMaterials } from "@/server/world/catalog.cql";
import { MATERIALS } from "@/lib/world/materials";
import { MAX_LEVEL, decode, toDecimal } from "@/lib/world/morton";
import { decodeNodeColumns } from "@/lib/world/nodes";

/**
 * The world router against the real test keyspace and Redis db. Each run builds a small world (edge 16) at a random
 * aligned spot of the planet, so runs never share nodes.
 */
const edge = 16;
const rootLevel = MAX_LEVEL - Math.log2(edge);
const keyspace = process.env.TEST_CASSANDRA_KEYSPACE ?? "bluemarble_test";
const engines = createTestEngines();
const origin = {
  x: (1 + Math.floor(Math.random() * 100_000)) * edge,
  y: (1 + Math.floor(Math.random() * 100_000)) * edge,
  z: (1 + Math.floor(Math.random() * 100_000)) * edge,
};
const box = { minX: origin.x, minY: origin.y, minZ: origin.z, maxX: origin.x + edge - 1, maxY: origin.y + edge - 1, maxZ: origin.z + edge - 1 };
let world: NodeColumns;

const staff = (roles: SessionUser["roles"], playerId = 900_000_000 + Math.floor(Math.random() * 1000)) =>
  createCaller(createInnerContext({ engines, session: { playerId, username: `staff${playerId}`, roles } }));
const analyst = staff(["analyst"]);
const gameMaster = staff(["game_master"]);

/** The nodes a region read at `level` must return: stored nodes in the box at that level, plus leaves above it. */
function expectedCut(level: number): string[] {
  const keys: string[] = [];
  for (let i = 0; i < world.count; i++) {
    const l = world.level[i]!;
    if (l > level || l < rootLevel) continue;
    if (l !== level && world.mask[i] !== 0) continue;
    keys.push(`${l}:${toDecimal(world.hi[i]!, world.lo[i]!)}`);
  }
  return keys.sort();
}

function keysOf(read: { count: number; nodes: Parameters<typeof decodeNodeColumns>[0] }): string[] {
  const columns = decodeNodeColumns(read.nodes, read.count);
  return Array.from({ length: read.count }, (_, i) => `${columns.level[i]}:${toDecimal(columns.mortonHi[i]!, columns.mortonLo[i]!)}`).sort();
}

/** A leaf at the finest level whose material is `material` (or any non-air leaf). */
function findLeaf(predicate: (material: number) => boolean): { mortonCode: string; level: number; material: number } {
  for (let i = 0; i < world.count; i++) {
    if (world.level[i] === MAX_LEVEL && world.mask[i] === 0 && predicate(world.material[i]!)) {
      return { mortonCode: toDecimal(world.hi[i]!, world.lo[i]!), level: MAX_LEVEL, material: world.material[i]! };
    }
  }
  throw new Error("no such leaf in the test world");
}

async function expectCode(promise: Promise<unknown>, code: TRPCError["code"]): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code });
}

beforeAll(async () => {
  // The harness client has no keyspace: exactly what the migration runner needs.
  await migrateCql(engines.cassandra, keyspace);
  const store = { cassandra: engines.cassandra, keyspace };
  await writeMaterials(store, MATERIALS.map((m) => ({ ...m, shader: "voxel_lit", createdAt: new Date() })));
  const voxels = generateTerrain({ edge, seed: 7, originX: origin.x, originY: origin.y });
  world = buildOctree({ voxels, edge, originX: origin.x, originY: origin.y, originZ: origin.z, generatedAt: Date.UTC(2026, 0, 1) });
  await writeWorldNodes(store, world, rootLevel, { redis: engines.redis });
}, 120_000);

afterAll(() => engines.close());

describe("cql:migrate", () => {
  it("is idempotent and records every file with its checksum", async () => {
    const again = await migrateCql(engines.cassandra, keyspace);
    expect(again.applied).toEqual([]);
    expect(again.skipped).toEqual(["0001_keyspace", "0002_octree_tables", "0003_octree_indexes"]);
    const rows = await engines.cassandra.execute(`SELECT version, checksum, applied_at FROM ${keyspace}.schema_migrations`);
    const versions = rows.rows.map((r) => r.get("version") as string).sort();
    expect(versions).toEqual(["0001_keyspace", "0002_octree_tables", "0003_octree_indexes"]);
    for (const row of rows.rows) expect(row.get("checksum")).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("world.region", () => {
  it("reads a region from Cassandra first, fills the cache with TTL 3600, then serves the same nodes from Redis", async () => {
    const level = MAX_LEVEL - 1;
    await engines.redis.del(hotNodeKey(0, 0, 0)); // force the cold path even if an earlier run cached the root
    const cold = await analyst.world.region({ box, level });
    expect(cold.source).toBe("cassandra");
    expect(cold.count).toBeGreaterThan(10);
    expect(keysOf(cold)).toEqual(expectedCut(level));

    const columns = decodeNodeColumns(cold.nodes, cold.count);
    const key = hotNodeKey(columns.level[0]!, columns.mortonHi[0]!, columns.mortonLo[0]!);
    expect(key).toMatch(/^octree:hot:\d+:\d+$/);
    const ttl = await engines.redis.ttl(key);
    expect(ttl).toBeGreaterThan(hotNodeTtlSeconds - 60);
    expect(ttl).toBeLessThanOrEqual(hotNodeTtlSeconds);
    const hash = await engines.redis.hgetall(key);
    expect(Number(hash.material_id)).toBe(columns.material[0]);
    expect(Object.keys(hash).sort()).toEqual(["children_mask", "compressed_data", "homogeneity", "last_modified", "material_id"]);

    const warm = await analyst.world.region({ box, level });
    expect(warm.source).toBe("cache");
    expect(keysOf(warm)).toEqual(keysOf(cold));
  });

  it("reads cached summaries in script chunks: hits carry the node's values, misses are null, a flushed script reloads", async () => {
    await analyst.world.region({ box, level: MAX_LEVEL }); // every node of the box is now cached
    const stored = Array.from({ length: Math.min(world.count, 40) }, (_, i) => i);
    const absent = { hi: world.hi[0]!, lo: world.lo[0]!, level: 0 }; // level 0 has only code 0: this key never exists
    const wanted = stored.flatMap((i) => [{ hi: world.hi[i]!, lo: world.lo[i]!, level: world.level[i]! }, ...(i % 7 === 0 ? [absent] : [])]);
    await engines.redis.script("FLUSH"); // the server forgot the script: the read must load it again, not fail
    const read = await readHotSummaries(engines.redis, wanted, 6); // chunks of 6 keys, so several script calls
    expect(read).toHaveLength(wanted.length);
    let at = 0;
    for (const i of stored) {
      expect(read[at++]).toMatchObject({ hi: world.hi[i], lo: world.lo[i], level: world.level[i], materialId: world.material[i], childrenMask: world.mask[i] });
      if (i % 7 === 0) expect(read[at++]).toBeNull();
    }
  });

  it("returns leaves of coarser levels in a coarse cut, and respects the budget", async () => {
    const level = rootLevel + 2;
    const read = await analyst.world.region({ box, level });
    expect(keysOf(read)).toEqual(expectedCut(level));
    const fine = await analyst.world.region({ box, level: MAX_LEVEL, budget: 5 });
    expect(fine.truncated).toBe(true);
    expect(fine.count).toBe(5);
  });

  it("refuses boxes whose minimum exceeds the maximum, with a 400", async () => {
    await expectCode(analyst.world.region({ box: { ...box, minX: box.maxX + 1 }, level: 10 }), "BAD_REQUEST");
  });
});

describe("world.node", () => {
  it("reads a node from Cassandra, then from the cache, with its decoded composition", async () => {
    const mixedIndex = Array.from({ length: world.count }, (_, i) => i).find((i) => world.level[i] === rootLevel + 1 && world.mask[i] !== 0)!;
    const mortonCode = toDecimal(world.hi[mixedIndex]!, world.lo[mixedIndex]!);
    await engines.redis.del(hotNodeKey(rootLevel + 1, world.hi[mixedIndex]!, world.lo[mixedIndex]!));
    const cold = await analyst.world.node({ mortonCode, level: rootLevel + 1 });
    expect(cold.source).toBe("cassandra");
    expect(cold.materialId).toBe(world.material[mixedIndex]);
    expect(cold.childrenMask).toBe(world.mask[mixedIndex]);
    expect(cold.composition.reduce((sum, c) => sum + c.voxels, 0)).toBeLessThanOrEqual(cold.edge ** 3);
    expect(cold.composition.length).toBeGreaterThan(0);
    const warm = await analyst.world.node({ mortonCode, level: rootLevel + 1 });
    expect(warm.source).toBe("cache");
    expect(warm.payloadBytes).toBe(cold.payloadBytes);
    const position = decode(world.hi[mixedIndex]!, world.lo[mixedIndex]!);
    expect(warm.position).toEqual({ x: position.x * cold.edge, y: position.y * cold.edge, z: position.z * cold.edge });
  });

  it("says 404 for an absent node and 400 for a code too large for its level", async () => {
    await expectCode(analyst.world.node({ mortonCode: "511", level: 3 }), "NOT_FOUND");
    await expectCode(analyst.world.node({ mortonCode: "512", level: 3 }), "BAD_REQUEST");
  });
});

describe("world deltas", () => {
  it("applies a change as a delta + node update and drops the cached node; a game master can revert it", async () => {
    const player = await newPlayer(engines, "wd");
    const character = await newCharacter(engines, player.session.playerId);
    const leaf = findLeaf((m) => m !== 0 && m !== 12);
    const [hiLo] = [decodeCode(leaf.mortonCode)];
    const key = hotNodeKey(leaf.level, hiLo.hi, hiLo.lo);

    await analyst.world.node({ mortonCode: leaf.mortonCode, level: leaf.level }); // caches it
    expect(await engines.redis.exists(key)).toBe(1);

    const { delta } = await gameMaster.world.applyDelta({ mortonCode: leaf.mortonCode, level: leaf.level, newMaterialId: 12, changeType: "replace", characterId: character.characterId });
    expect(delta.oldMaterialId).toBe(leaf.material);
    expect(delta.newMaterialId).toBe(12);
    expect(delta.characterName).toBe(character.name);
    expect(await engines.redis.exists(key)).toBe(0);

    const after = await analyst.world.node({ mortonCode: leaf.mortonCode, level: leaf.level });
    expect(after.source).toBe("cassandra");
    expect(after.materialId).toBe(12);
    // The region table changed in the same batch: a cold region read sees the new material too.
    await engines.redis.del(hotNodeKey(0, 0, 0));
    const region = await analyst.world.region({ box, level: MAX_LEVEL });
    const columns = decodeNodeColumns(region.nodes, region.count);
    const index = Array.from({ length: region.count }, (_, i) => i).find((i) => columns.mortonHi[i] === hiLo.hi && columns.mortonLo[i] === hiLo.lo && columns.level[i] === MAX_LEVEL);
    expect(index).toBeDefined();
    expect(columns.material[index!]).toBe(12);

    const timeline = await analyst.world.deltas({ box });
    const listed = timeline.find((d) => d.sessionId === delta.sessionId && d.mortonCode === leaf.mortonCode);
    expect(listed).toMatchObject({ changeType: "replace", oldMaterialId: leaf.material, newMaterialId: 12, isCommitted: true, characterName: character.name });

    await expectCode(analyst.world.revertDelta({ sessionId: delta.sessionId, timestamp: delta.timestamp, mortonCode: leaf.mortonCode, level: leaf.level }), "FORBIDDEN");
    const reverted = await gameMaster.world.revertDelta({ sessionId: delta.sessionId, timestamp: delta.timestamp, mortonCode: leaf.mortonCode, level: leaf.level });
    expect(reverted.delta).toMatchObject({ changeType: "revert", oldMaterialId: 12, newMaterialId: leaf.material, revertsSessionId: delta.sessionId });
    expect(await engines.redis.exists(key)).toBe(0);
    expect((await analyst.world.node({ mortonCode: leaf.mortonCode, level: leaf.level })).materialId).toBe(leaf.material);

    const timelineAfter = await analyst.world.deltas({ box });
    expect(timelineAfter.find((d) => d.sessionId === delta.sessionId)?.isCommitted).toBe(false);
    await expectCode(gameMaster.world.revertDelta({ sessionId: delta.sessionId, timestamp: delta.timestamp, mortonCode: leaf.mortonCode, level: leaf.level }), "CONFLICT");
  });

  it("refuses to revert a change the node has moved on from", async () => {
    const leaf = findLeaf((m) => m !== 0 && m !== 11 && m !== 12);
    const first = await gameMaster.world.applyDelta({ mortonCode: leaf.mortonCode, level: leaf.level, newMaterialId: 11, changeType: "place" });
    await gameMaster.world.applyDelta({ mortonCode: leaf.mortonCode, level: leaf.level, newMaterialId: 12, changeType: "replace" });
    await expectCode(gameMaster.world.revertDelta({ sessionId: first.delta.sessionId, timestamp: first.delta.timestamp, mortonCode: leaf.mortonCode, level: leaf.level }), "CONFLICT");
  });

  it("refuses changes to mixed nodes and digs that are not air", async () => {
    const mixed = Array.from({ length: world.count }, (_, i) => i).find((i) => world.mask[i] !== 0 && world.level[i]! >= rootLevel)!;
    await expectCode(gameMaster.world.applyDelta({ mortonCode: toDecimal(world.hi[mixed]!, world.lo[mixed]!), level: world.level[mixed]!, newMaterialId: 5, changeType: "replace" }), "BAD_REQUEST");
    const leaf = findLeaf((m) => m !== 0);
    await expectCode(gameMaster.world.applyDelta({ mortonCode: leaf.mortonCode, level: leaf.level, newMaterialId: 5, changeType: "dig" }), "BAD_REQUEST");
  });
});

describe("access", () => {
  it("refuses players and anonymous callers; analysts cannot change nodes", async () => {
    const player = staff([]);
    await expectCode(player.world.region({ box, level: 10 }), "FORBIDDEN");
    await expectCode(player.world.regions(), "FORBIDDEN");
    await expectCode(createCaller(createInnerContext({ engines })).world.materials(), "UNAUTHORIZED");
    const leaf = findLeaf((m) => m !== 0);
    await expectCode(analyst.world.applyDelta({ mortonCode: leaf.mortonCode, level: leaf.level, newMaterialId: 0, changeType: "dig" }), "FORBIDDEN");
  });

  it("lists materials and regions for staff", async () => {
    const materials = await analyst.world.materials();
    expect(materials.map((m) => m.name)).toContain("Rock");
    expect(Array.isArray(await analyst.world.regions())).toBe(true);
  });
});

function decodeCode(text: string): { hi: number; lo: number } {
  const value = BigInt(text);
  return { hi: Number(value >> 32n), lo: Number(value & 0xffffffffn) };
}
