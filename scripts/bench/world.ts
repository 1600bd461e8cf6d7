/**
 * `npm run bench:world [-- --keyspace bluemarble_scale --concurrency 16 --requests 4000 --regions 30]`
 * Octree read latency on the --scale world (`npm run world:seed -- --scale --keyspace bluemarble_scale` first):
 *   1. cached node read (Redis HGETALL via the service, 5 passes) target p95 < 1 ms
 *   2. uncached node read (octree_nodes point read, cache filled) target p95 < 10 ms
 *   3. region of ~10,000 nodes, warm (every node in Redis)       target < 200 ms
 *   4. region of ~10,000 nodes, cold (nothing cached)            target < 1 s
 * It uses its own Redis db (BENCH_REDIS_URL, default db 3) and flushes it: cache keys carry no keyspace, so the scale
 * world must not share a db with the demo (db 0), tests (db 1) or e2e (db 2).
 */
import os from "node:os";
import { loadEnv } from "../lib/env";
import { contendIfAsked, numberOption, percentile, recordLatency, textOption, warmUntilSteady } from "./lib";
import { findRegionBox } from "./world-region";
import type { Engines } from "@/server/engines";

loadEnv();
const { createCassandra } = await import("@/server/clients/cassandra");
const { createRedis } = await import("@/server/clients/redis");
const { readNodeDetail, readRegion } = await import("@/server/world/world.service");
const { listRegions } = await import("@/server/world/catalog.cql");
const { hotNodeKey } = await import("@/server/world/node-cache.redis");
const { MAX_LEVEL, toDecimal } = await import("@/lib/world/morton");
const { decodeNodeColumns } = await import("@/lib/world/nodes");

const keyspace = textOption("keyspace", "bluemarble_scale");
const concurrency = numberOption("concurrency", 16);
const requests = numberOption("requests", 4000);
const regionRuns = numberOption("regions", 30);
const redisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/3";

const cassandra = createCassandra({
  contactPoints: (process.env.CASSANDRA_CONTACT_POINTS ?? "127.0.0.1:9042").split(","),
  localDataCenter: process.env.CASSANDRA_LOCAL_DC ?? "datacenter1",
  keyspace,
});
const redis = createRedis(redisUrl);
// Only what the world service touches.
const engines = { cassandra, redis } as unknown as Engines;


function report(key: string, name: string, samples: number[], wallMs: number, target: string): void {
  recordLatency("bench:world", key, name, samples, { throughput: (samples.length / wallMs) * 1000 });
  const sorted = [...samples].sort((a, b) => a - b);
  const f = (v: number) => v.toFixed(v < 10 ? 3 : 1);
  console.log(
    `${name.padEnd(34)} n=${String(samples.length).padStart(5)}  p50 ${f(percentile(sorted, 50))} ms  p95 ${f(percentile(sorted, 95))} ms  p99 ${f(percentile(sorted, 99))} ms  ` +
      `throughput ${((samples.length / wallMs) * 1000).toFixed(0)}/s  (target ${target})`,
  );
}

async function run<T>(items: T[], parallel: number, work: (item: T) => Promise<void>): Promise<{ samples: number[]; wallMs: number }> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        const t = performance.now();
        await work(item);
        samples.push(performance.now() - t);
      }
    }),
  );
  return { samples, wallMs: performance.now() - started };
}

const stopContention = contendIfAsked();
try {
  const regions = await listRegions({ cassandra, keyspace });
  const survey = regions.find((r) => r.metadata.source === "world:seed");
  if (!survey) throw new Error(`No seeded world in keyspace ${keyspace}: run npm run world:seed -- --scale --keyspace ${keyspace}`);
  console.log(`world bench: keyspace ${keyspace} (${survey.metadata.nodes} nodes, edge ${survey.metadata.edge}), Redis ${redisUrl}, ${concurrency} concurrent clients, ${os.cpus().length} cores`);
  await redis.flushdb();

  // Find a box whose cut holds about 10,000 nodes: grow a square column at level 20 from the survey area's centre.
  const full = { minX: survey.min.x, minY: survey.min.y, minZ: survey.min.z, maxX: survey.max.x, maxY: survey.max.y, maxZ: survey.max.z };
  const level = MAX_LEVEL - 1;
  const { box, count } = await findRegionBox(full, async (candidate) => (await readRegion(engines, { box: candidate, level, budget: 250_000 })).count);
  console.log(`region: ${box.maxX - box.minX + 1}×${box.maxY - box.minY + 1}×${box.maxZ - box.minZ + 1} world units at level ${level} → ${count} nodes`);

  // Node keys to read: the region's nodes (they exist), spread over levels.
  await redis.flushdb();
  const sample = await readRegion(engines, { box: full, level: MAX_LEVEL - 2, budget: 250_000 });
  const columns = decodeNodeColumns(sample.nodes, sample.count);
  const nodeKeys = Array.from({ length: Math.min(requests, columns.count) }, (_, i) => {
    const k = Math.floor((i * columns.count) / Math.min(requests, columns.count));
    return { mortonCode: toDecimal(columns.mortonHi[k]!, columns.mortonLo[k]!), level: columns.level[k]!, hi: columns.mortonHi[k]!, lo: columns.mortonLo[k]! };
  });

  // Warm-up on other nodes (both paths), so the figures are the steady state and not the JIT compiling them.
  // The neighbours of every other measured node: spread the same way, never one of them (the cut has ~10 nodes per key).
  const warmKeys = Array.from({ length: Math.floor(nodeKeys.length / 2) }, (_, i) => {
    const k = Math.floor((2 * i * columns.count) / nodeKeys.length) + 1;
    return { mortonCode: toDecimal(columns.mortonHi[k]!, columns.mortonLo[k]!), level: columns.level[k]!, hi: columns.mortonHi[k]!, lo: columns.mortonLo[k]! };
  }).filter((w) => !nodeKeys.some((n) => n.mortonCode === w.mortonCode && n.level === w.level));
  // Uncached passes (their cache entries dropped before each) until the throughput has levelled off (warmUntilSteady, at
  // least 8 passes, at most 25). After a start Cassandra's JIT needs tens of thousands of reads; a fixed short warm-up
  // measured its compiler instead (uncached p95 20–26 ms in the first runs after a start, 7–9 ms later).
  const readWarm = async (k: (typeof warmKeys)[number]) => void (await readNodeDetail(engines, { mortonCode: k.mortonCode, level: k.level }));
  const warmKeyNames = warmKeys.map((k) => hotNodeKey(k.level, k.hi, k.lo));
  const warmRates = await warmUntilSteady(
    async () => {
      await new Promise((resolve) => setTimeout(resolve, 100)); // let the previous pass's unawaited cache fills land
      await redis.del(...warmKeyNames);
      const warm = await run(warmKeys, concurrency, readWarm);
      return (warmKeys.length / warm.wallMs) * 1000;
    },
    { minPasses: 8, maxPasses: 25 },
  );
  console.log(`warm-up: ${warmRates.length} uncached passes of ${warmKeys.length} other nodes, ${warmRates.map((r) => r.toFixed(0)).join(" → ")} reads/s`);
  await run(warmKeys, concurrency, readWarm); // and the cached path
  await new Promise((resolve) => setTimeout(resolve, 200)); // let the last unawaited cache fills land

  // 2. Uncached point reads: drop each key first (outside the timer).
  await redis.del(...nodeKeys.map((k) => hotNodeKey(k.level, k.hi, k.lo)));
  const uncached = await run(nodeKeys, concurrency, async (k) => {
    const node = await readNodeDetail(engines, { mortonCode: k.mortonCode, level: k.level });
    if (node.source !== "cassandra") throw new Error("expected an uncached read");
  });
  // 1. Cached point reads (the previous pass filled the cache), five passes: one pass of 2,000 reads lasts ~60 ms, so a
  // single GC pause would otherwise decide its p95.
  await new Promise((resolve) => setTimeout(resolve, 200)); // the uncached pass's cache fills are not awaited
  const cached = await run([...nodeKeys, ...nodeKeys, ...nodeKeys, ...nodeKeys, ...nodeKeys], concurrency, async (k) => {
    const node = await readNodeDetail(engines, { mortonCode: k.mortonCode, level: k.level });
    if (node.source !== "cache") throw new Error("expected a cached read");
  });
  report("world.node.cached", "node read, cached (Redis)", cached.samples, cached.wallMs, "p95 < 1 ms");
  report("world.node.uncached", "node read, uncached (Cassandra)", uncached.samples, uncached.wallMs, "p95 < 10 ms");

  // 4. Cold region reads: flush the bench db before each (outside the timer), one at a time.
  const cold: number[] = [];
  for (let i = 0; i < Math.max(5, Math.round(regionRuns / 3)); i++) {
    await redis.flushdb();
    const t = performance.now();
    const read = await readRegion(engines, { box, level, budget: 250_000 });
    cold.push(performance.now() - t);
    if (read.source !== "cassandra") throw new Error("expected a cold read");
  }
  // 3. Warm region reads: sequential (the latency one viewer sees) and with 16 concurrent clients.
  const warm: number[] = [];
  for (let i = 0; i < regionRuns; i++) {
    const t = performance.now();
    const read = await readRegion(engines, { box, level, budget: 250_000 });
    warm.push(performance.now() - t);
    if (read.source !== "cache") throw new Error("expected a warm read");
  }
  const warmParallel = await run(
    Array.from({ length: regionRuns }, (_, i) => i),
    concurrency,
    async () => {
      await readRegion(engines, { box, level, budget: 250_000 });
    },
  );
  report("world.region.warm", `region ${count} nodes, warm (sequential)`, warm, warm.reduce((a, b) => a + b, 0), "< 200 ms");
  report("world.region.warm-parallel", `region ${count} nodes, warm (${concurrency} clients)`, warmParallel.samples, warmParallel.wallMs, "< 200 ms");
  report("world.region.cold", `region ${count} nodes, cold`, cold, cold.reduce((a, b) => a + b, 0), "< 1 s");
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  stopContention();
  await redis.flushdb().catch(() => undefined);
  redis.disconnect();
  await cassandra.shutdown();
}
