import "server-only";
import type { types } from "cassandra-driver";
import type { OctreeNode } from "@/lib/world/nodes";
import { maskFromTinyint, maskToTinyint } from "@/lib/world/nodes";
import { consistencyFor, longFromBigInt, longFromBits, type LongValue, type WorldStore } from "@/server/clients/cassandra";
import { mapLimit } from "@/lib/map-limit";

/**
 * Octree nodes in Cassandra: `octree_nodes` (the seed's table, one partition per node) for point look-ups and
 * `octree_nodes_by_region` (partition (level, morton_code >> 15), clustered by morton_code) for region range reads.
 * Both are written together: a logged batch for live changes, idempotent unlogged writes for bulk loads.
 */

/** Bits of morton_code below the region bucket: a bucket is the node's ancestor 5 levels up (≤ 8^5 = 32,768 rows). */
export const BUCKET_SHIFT = 15n;
export const BUCKET_SHIFT_BITS = 15;

export function bucketOf(hi: number, lo: number): LongValue {
  // (hi:lo) >> 15 without BigInt: the low word takes hi's low 15 bits.
  return longFromBits(hi >>> BUCKET_SHIFT_BITS, ((lo >>> BUCKET_SHIFT_BITS) | (hi << (32 - BUCKET_SHIFT_BITS))) >>> 0);
}

const nodeColumns = "material_id, homogeneity, children_mask, compressed_data, last_modified";

const cql = (ks: string) => ({
  point: `SELECT ${nodeColumns} FROM ${ks}.octree_nodes WHERE morton_code = ? AND level = ?`,
  range: `SELECT morton_code, ${nodeColumns} FROM ${ks}.octree_nodes_by_region WHERE level = ? AND bucket = ? AND morton_code >= ? AND morton_code <= ?`,
  insertNode: `INSERT INTO ${ks}.octree_nodes (morton_code, level, ${nodeColumns}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  insertRegion: `INSERT INTO ${ks}.octree_nodes_by_region (level, bucket, morton_code, ${nodeColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  updateMaterial: `UPDATE ${ks}.octree_nodes SET material_id = ?, homogeneity = ?, last_modified = ? WHERE morton_code = ? AND level = ?`,
  updateRegionMaterial: `UPDATE ${ks}.octree_nodes_by_region SET material_id = ?, homogeneity = ?, last_modified = ? WHERE level = ? AND bucket = ? AND morton_code = ?`,
});

export const nodeStatements = cql;

function rowToNode(row: types.Row, hi: number, lo: number, level: number): OctreeNode {
  const data = row.get("compressed_data") as Buffer | null;
  const modified = row.get("last_modified") as Date | null;
  return {
    hi,
    lo,
    level,
    materialId: (row.get("material_id") as number | null) ?? 0,
    homogeneity: (row.get("homogeneity") as number | null) ?? 0,
    childrenMask: maskFromTinyint(row.get("children_mask") as number | null),
    compressedData: data ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null,
    lastModified: modified ? modified.getTime() : 0,
  };
}

export async function readNode(store: WorldStore, hi: number, lo: number, level: number): Promise<OctreeNode | null> {
  const result = await store.cassandra.execute(cql(store.keyspace).point, [longFromBits(hi, lo), level], { prepare: true, consistency: consistencyFor(store.cassandra) });
  const row = result.first();
  return row ? rowToNode(row, hi, lo, level) : null;
}

export interface CodeRange {
  start: bigint;
  end: bigint;
}

/** Splits ranges of one level into per-bucket slices: each slice is one single-partition clustering-range query. */
export function bucketSlices(ranges: readonly CodeRange[]): { bucket: bigint; start: bigint; end: bigint }[] {
  const slices: { bucket: bigint; start: bigint; end: bigint }[] = [];
  for (const range of ranges) {
    for (let bucket = range.start >> BUCKET_SHIFT; bucket <= range.end >> BUCKET_SHIFT; bucket++) {
      const first = bucket << BUCKET_SHIFT;
      const last = ((bucket + 1n) << BUCKET_SHIFT) - 1n;
      slices.push({ bucket, start: range.start > first ? range.start : first, end: range.end < last ? range.end : last });
    }
  }
  return slices;
}

/**
 * Reads every node of `level` whose code falls in `ranges` (range reads over octree_nodes_by_region, at most
 * `concurrency` queries in flight, each paged). `keep` filters rows exactly (the ranges over-fetch at box edges).
 */
export async function readNodeRanges(
  store: WorldStore,
  level: number,
  ranges: readonly CodeRange[],
  keep: (hi: number, lo: number) => boolean,
  concurrency = 16,
): Promise<OctreeNode[]> {
  const statement = cql(store.keyspace).range;
  const consistency = consistencyFor(store.cassandra);
  const slices = bucketSlices(ranges);
  const perSlice = await mapLimit(slices, concurrency, async (slice) => {
    const found: OctreeNode[] = [];
    let pageState: string | undefined;
    do {
      const result = await store.cassandra.execute(statement, [level, longFromBigInt(slice.bucket), longFromBigInt(slice.start), longFromBigInt(slice.end)], {
        prepare: true,
        consistency,
        fetchSize: 5000,
        pageState,
      });
      for (const row of result.rows) {
        const code = row.get("morton_code") as LongValue;
        const hi = code.getHighBitsUnsigned();
        const lo = code.getLowBitsUnsigned();
        if (keep(hi, lo)) found.push(rowToNode(row, hi, lo, level));
      }
      pageState = result.pageState ?? undefined;
    } while (pageState);
    return found;
  });
  return perSlice.flat();
}

/** The two inserts that store one node in both tables, for a batch or for concurrent bulk execution. */
export function nodeInsertQueries(store: WorldStore, node: OctreeNode): { query: string; params: unknown[] }[] {
  const statements = cql(store.keyspace);
  const code = longFromBits(node.hi, node.lo);
  const data = node.compressedData ? Buffer.from(node.compressedData.buffer, node.compressedData.byteOffset, node.compressedData.byteLength) : null;
  const modified = new Date(node.lastModified);
  const mask = maskToTinyint(node.childrenMask);
  return [
    { query: statements.insertNode, params: [code, node.level, node.materialId, node.homogeneity, mask, data, modified] },
    { query: statements.insertRegion, params: [node.level, bucketOf(node.hi, node.lo), code, node.materialId, node.homogeneity, mask, data, modified] },
  ];
}

/** The updates that change one node's material in both tables (for a logged batch with its delta row). */
export function materialUpdateQueries(store: WorldStore, node: { hi: number; lo: number; level: number }, materialId: number, at: Date): { query: string; params: unknown[] }[] {
  const statements = cql(store.keyspace);
  const code = longFromBits(node.hi, node.lo);
  return [
    { query: statements.updateMaterial, params: [materialId, 1, at, code, node.level] },
    { query: statements.updateRegionMaterial, params: [materialId, 1, at, node.level, bucketOf(node.hi, node.lo), code] },
  ];
}

export async function writeNodes(store: WorldStore, nodes: readonly OctreeNode[]): Promise<void> {
  await store.cassandra.batch(
    nodes.flatMap((node) => nodeInsertQueries(store, node)),
    { prepare: true, logged: true, consistency: consistencyFor(store.cassandra) },
  );
}
