import "server-only";
import type { Redis } from "ioredis";
import { pipelinedRedis } from "@/server/clients/redis";
import { toDecimal } from "@/lib/world/morton";
import type { OctreeNode } from "@/lib/world/nodes";

/**
 * The seed's hot-node cache: HASH `octree:hot:{level}:{morton_code}` (code in decimal), TTL 3600 s, fields
 * material_id, homogeneity, children_mask, compressed_data (raw bytes; empty for leaves) plus our last_modified
 * (epoch ms, for the viewer's "last change"). Write-through + TTL: a change deletes the key; the next read refills it.
 */
export const hotNodeTtlSeconds = 3600;

export function hotNodeKey(level: number, hi: number, lo: number): string {
  return `octree:hot:${level}:${toDecimal(hi, lo)}`;
}

const summaryFields = ["material_id", "homogeneity", "children_mask", "last_modified"] as const;

/**
 * HMGET of the summary fields for every key in KEYS, as one flat reply (four values per key, nil for a miss).
 * One script call replaces thousands of pipelined HMGETs: Redis does the same work, but the client builds one command
 * instead of one per node. A region read was bound by that client work (ioredis command objects and the garbage they
 * leave: ~60 % of a warm 10,000-node read's CPU in a profile), not by Redis. Keys are passed as KEYS, as scripts must;
 * a Redis Cluster would need them in one hash slot, which the seed's key names do not give (we run a single primary).
 */
const readSummariesScript = `
local out = {}
local n = 0
for i = 1, #KEYS do
  local values = redis.call('HMGET', KEYS[i], ${summaryFields.map((field) => `'${field}'`).join(", ")})
  for j = 1, ${summaryFields.length} do
    n = n + 1
    out[n] = values[j]
  end
end
return out`;

/**
 * HSET of the five fields + EXPIRE for every key in KEYS; ARGV is the TTL, then five values per key in `nodeFields`
 * order (payload bytes pass through unchanged: Lua strings are binary-safe). The fill's counterpart of the summary read.
 */
const nodeFields = ["material_id", "homogeneity", "children_mask", "compressed_data", "last_modified"] as const;
const writeNodesScript = `
local ttl = ARGV[1]
for i = 1, #KEYS do
  local at = 1 + (i - 1) * ${nodeFields.length}
  redis.call('HSET', KEYS[i], ${nodeFields.map((field, j) => `'${field}', ARGV[at + ${j + 1}]`).join(", ")})
  redis.call('EXPIRE', KEYS[i], ttl)
end
return #KEYS`;

interface HotNodeScripts extends Redis {
  /** The key count first (the scripts take any number of keys), then the keys (and, for writes, the TTL and values). */
  readHotSummaries(keyCount: number, ...keys: string[]): Promise<(string | null)[]>;
  writeHotNodes(keyCount: number, ...keysAndArgs: (string | Buffer)[]): Promise<number>;
}

const scriptedConnections = new WeakSet<Redis>();

function hotNodeScripts(redis: Redis): HotNodeScripts {
  if (!scriptedConnections.has(redis)) {
    // defineCommand sends EVALSHA and falls back to EVAL once when the server does not hold the script yet.
    redis.defineCommand("readHotSummaries", { lua: readSummariesScript });
    redis.defineCommand("writeHotNodes", { lua: writeNodesScript });
    scriptedConnections.add(redis);
  }
  return redis as HotNodeScripts;
}

/**
 * The summary fields of each wanted node, in chunks of `chunk` keys per script call (a call runs alone on the server:
 * chunks keep each one to a few milliseconds); null where the cache has no entry.
 */
export async function readHotSummaries(redis: Redis, wanted: readonly { hi: number; lo: number; level: number }[], chunk = 2000): Promise<(OctreeNode | null)[]> {
  const scripts = hotNodeScripts(redis);
  const out: (OctreeNode | null)[] = [];
  for (let start = 0; start < wanted.length; start += chunk) {
    const part = wanted.slice(start, start + chunk);
    const keys = part.map((node) => hotNodeKey(node.level, node.hi, node.lo));
    const values = await scripts.readHotSummaries(keys.length, ...keys);
    part.forEach((node, index) => {
      const at = index * summaryFields.length;
      const material = values[at];
      if (material === null || material === undefined) {
        out.push(null);
        return;
      }
      out.push({
        hi: node.hi,
        lo: node.lo,
        level: node.level,
        materialId: Number(material),
        homogeneity: Number(values[at + 1] ?? 0),
        childrenMask: Number(values[at + 2] ?? 0),
        compressedData: null,
        lastModified: Number(values[at + 3] ?? 0),
      });
    });
  }
  return out;
}

/** A cached number: ASCII digits, so latin1 decodes them without UTF-8's checks. */
const numberField = (value: Buffer | null | undefined): number => (value ? Number(value.toString("latin1")) : 0);

/**
 * The whole hash of one node (with its payload bytes), or null on a miss. Concurrent reads share writes (pipelinedRedis).
 * HMGET of the known fields rather than HGETALL: HGETALL's reply becomes an object keyed by each field's name, decoded
 * per read (~10 % of a cached read's CPU in a profile of bench:world).
 */
export async function readHotNode(redis: Redis, level: number, hi: number, lo: number): Promise<OctreeNode | null> {
  const [material, homogeneity, mask, payload, modified] = await pipelinedRedis(redis).hmgetBuffer(hotNodeKey(level, hi, lo), ...nodeFields);
  if (!material) return null;
  return {
    hi,
    lo,
    level,
    materialId: numberField(material),
    homogeneity: numberField(homogeneity),
    childrenMask: numberField(mask),
    compressedData: payload && payload.length > 0 ? new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength) : null,
    lastModified: numberField(modified),
  };
}

/** Fills the cache for these nodes, one script call per chunk: HSET all fields + EXPIRE 3600 each. */
export async function writeHotNodes(redis: Redis, nodes: readonly OctreeNode[], chunk = 1000): Promise<void> {
  const scripts = hotNodeScripts(redis);
  for (let start = 0; start < nodes.length; start += chunk) {
    const part = nodes.slice(start, start + chunk);
    const values: (string | Buffer)[] = [String(hotNodeTtlSeconds)];
    for (const node of part) {
      values.push(
        String(node.materialId),
        String(node.homogeneity),
        String(node.childrenMask),
        node.compressedData ? Buffer.from(node.compressedData.buffer, node.compressedData.byteOffset, node.compressedData.byteLength) : "",
        String(node.lastModified),
      );
    }
    await scripts.writeHotNodes(part.length, ...part.map((node) => hotNodeKey(node.level, node.hi, node.lo)), ...values);
  }
}

/**
 * Caches one node that was just read from Cassandra, over the auto-pipelined connection `readHotNode` reads from:
 * commands on one connection run in order, so this process's next read of the node finds it cached.
 */
export function fillHotNode(redis: Redis, node: OctreeNode): Promise<void> {
  return writeHotNodes(pipelinedRedis(redis), [node]);
}

export async function invalidateHotNode(redis: Redis, level: number, hi: number, lo: number): Promise<void> {
  await redis.del(hotNodeKey(level, hi, lo));
}
