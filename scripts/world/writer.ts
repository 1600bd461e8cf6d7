/**
 * Writes a built octree to both node tables as a bulk load: idempotent upserts (a re-run rewrites the same rows),
 * not the logged batch of live changes. octree_nodes has one partition per node: single-row writes, many in flight.
 * octree_nodes_by_region rows are grouped into unlogged single-partition batches (one mutation per batch on the replica).
 * Ancestors above the region root may already exist for a neighbouring region: their children_mask is merged.
 */
import cassandra from "cassandra-driver";
import type { OctreeNode } from "@/lib/world/nodes";
import { bucketOf, nodeInsertQueries, readNode } from "@/server/world/nodes.cql";
import { type WorldStore } from "@/server/clients/cassandra";
import { mapLimit } from "@/lib/map-limit";
import type { Redis } from "ioredis";
import { invalidateHotNode } from "@/server/world/node-cache.redis";
import type { NodeColumns } from "./octree-builder";

export function nodeAt(nodes: NodeColumns, i: number): OctreeNode {
  return {
    hi: nodes.hi[i]!,
    lo: nodes.lo[i]!,
    level: nodes.level[i]!,
    materialId: nodes.material[i]!,
    homogeneity: nodes.homogeneity[i]!,
    childrenMask: nodes.mask[i]!,
    compressedData: nodes.payloads[i] ?? null,
    lastModified: nodes.lastModified[i]!,
  };
}

export async function writeWorldNodes(
  store: WorldStore,
  nodes: NodeColumns,
  rootLevel: number,
  options: { onProgress?: (done: number) => void; redis?: Redis } = {},
): Promise<void> {
  const { onProgress, redis } = options;
  const chunk = 4000;
  for (let start = 0; start < nodes.count; start += chunk) {
    const nodeQueries: { query: string; params: unknown[] }[] = [];
    const regionPartitions = new Map<string, { query: string; params: unknown[] }[]>();
    const batch = Array.from({ length: Math.min(nodes.count, start + chunk) - start }, (_, k) => nodeAt(nodes, start + k));
    await mapLimit(batch, 8, async (node, k) => {
      if (node.level >= rootLevel) return;
      const existing = await readNode(store, node.hi, node.lo, node.level);
      if (existing) batch[k] = { ...node, childrenMask: node.childrenMask | existing.childrenMask };
      // The cached copy may carry the old children_mask: drop it (write-through), so cache walks see the new region.
      if (redis) await invalidateHotNode(redis, node.level, node.hi, node.lo);
    });
    for (const node of batch) {
      const [nodeInsert, regionInsert] = nodeInsertQueries(store, node);
      nodeQueries.push(nodeInsert!);
      const partition = `${node.level}:${bucketOf(node.hi, node.lo).toString()}`;
      const rows = regionPartitions.get(partition) ?? [];
      rows.push(regionInsert!);
      regionPartitions.set(partition, rows);
    }
    const regionBatches = [...regionPartitions.values()].flatMap((rows) => Array.from({ length: Math.ceil(rows.length / 64) }, (_, b) => rows.slice(b * 64, b * 64 + 64)));
    await Promise.all([
      cassandra.concurrent.executeConcurrent(store.cassandra, nodeQueries, { concurrencyLevel: 48, raiseOnFirstError: true }),
      mapLimit(regionBatches, 8, (rows) => store.cassandra.batch(rows, { prepare: true, logged: false })),
    ]);
    onProgress?.(start + batch.length);
  }
}
