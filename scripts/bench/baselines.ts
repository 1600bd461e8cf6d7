/**
 * `npm run bench:baselines [-- --clients 16 --seconds 15 --contend]`: what the engines do on their own on this machine,
 * measured beside our figures so that ratios compare like with like (a figure from another machine, or another hour
 * on this one, does not: docs/benchmarks.md). Each under 16 concurrent clients:
 *   - PostgreSQL: pgbench's built-in TPC-B-like script (bluemarble_pgbench, scale 10) → tps, latency average;
 *   - Redis: `redis-benchmark` GET on BENCH_REDIS_URL's db (keys written first by its SET test) → p50/p95/p99, rps;
 *   - Elasticsearch: a bare `term` query on item_id against the scale listings index, through the plain client;
 *   - Cassandra: a bare prepared point read of octree_nodes by its primary key, through the plain driver.
 * The last two run their own closed loops here (no portal code in the path), warmed until steady.
 */
import { execFileSync } from "node:child_process";
import { Client as ElasticsearchClient } from "@elastic/elasticsearch";
import cassandra from "cassandra-driver";
import { Redis } from "ioredis";
import { loadEnv } from "../lib/env";
import { closedLoop, contendIfAsked, loadAverage, ms, numberOption, recordLatency, recordValue, runPgbench, sleep, summarize, warmUntilSteady } from "./lib";
import { scaleNames } from "./portal";

loadEnv();
const clients = numberOption("clients", 16);
const seconds = numberOption("seconds", 15);
const names = scaleNames();
const bench = "bench:baselines";

function line(label: string, samples: number[], throughput: number): string {
  const s = summarize(samples);
  return `${label.padEnd(44)} p50 ${ms(s.p50).padStart(9)}  p95 ${ms(s.p95).padStart(9)}  p99 ${ms(s.p99).padStart(9)}  ${throughput.toFixed(0).padStart(7)}/s`;
}

/** Warm the op until its rate levels off (JVM engines compile under load), then measure `seconds` of it. */
async function steady(op: (client: number, i: number) => Promise<unknown>) {
  await warmUntilSteady(
    async () => {
      const pass = await closedLoop(clients, 2, op);
      await sleep(1_000);
      return pass.latencies.length / pass.wall;
    },
    { minPasses: 4, maxPasses: 20 },
  );
  return closedLoop(clients, seconds, op);
}

const stopContention = contendIfAsked();
try {
  console.log(`engine baselines · ${clients} clients · ${seconds} s each · load ${loadAverage()}`);

  // PostgreSQL
  const pgbench = await runPgbench(names.DATABASE_URL, clients, seconds);
  console.log(`${"pgbench TPC-B-like (scale 10)".padEnd(44)} ${pgbench.tps.toFixed(0)} tps, latency average ${ms(pgbench.latencyAverageMs)}`);
  recordValue(bench, "baseline.pgbench.tps", "pgbench TPC-B-like, 16 clients", pgbench.tps, "tps");
  recordValue(bench, "baseline.pgbench.latency", "pgbench TPC-B-like latency average", pgbench.latencyAverageMs, "ms");

  // Redis: its own load generator; GET of keys its SET test wrote (a GET of a missing key would measure less).
  const redisUrl = new URL(names.REDIS_URL);
  const db = redisUrl.pathname.slice(1) || "0";
  const csv = execFileSync(
    "redis-benchmark",
    ["-h", redisUrl.hostname, "-p", redisUrl.port || "6379", "--dbnum", db, "-c", String(clients), "-n", "200000", "-r", "100000", "-d", "64", "-t", "set,get", "--csv"],
    // Its live progress goes to stderr (a line per tick): not kept, it would fill the output buffer.
    { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 16 * 2 ** 20 },
  );
  const get = csv.split("\n").find((row) => row.startsWith('"GET"'));
  if (!get) throw new Error(`redis-benchmark printed no GET line:\n${csv}`);
  const [, rps, , , p50, p95, p99] = get.split(",").map((cell) => Number(cell.replaceAll('"', "")));
  console.log(`${"redis-benchmark GET".padEnd(44)} p50 ${ms(p50!).padStart(9)}  p95 ${ms(p95!).padStart(9)}  p99 ${ms(p99!).padStart(9)}  ${rps!.toFixed(0).padStart(7)}/s`);
  recordValue(bench, "baseline.redis.p95", "redis-benchmark GET p95", p95!, "ms");
  recordValue(bench, "baseline.redis.p50", "redis-benchmark GET p50", p50!, "ms");
  recordValue(bench, "baseline.redis.rps", "redis-benchmark GET", rps!, "/s");
  // The benchmark's keys ("key:…") go again; the db is the benches' own (BENCH_REDIS_URL).
  const redis = new Redis(names.REDIS_URL);
  for await (const keys of redis.scanStream({ match: "key:*", count: 1000 }) as AsyncIterable<string[]>) if (keys.length) await redis.unlink(...keys);
  redis.disconnect();

  // Elasticsearch: the plain client, one term query on a keyword/numeric field, ids only.
  const elasticsearch = new ElasticsearchClient({ node: (process.env.ELASTICSEARCH_URL ?? "http://127.0.0.1:9200").split(",")[0]! });
  const index = `${names.ELASTICSEARCH_INDEX_PREFIX}_listings`;
  const itemIds = (
    await elasticsearch.search<unknown, { items: { buckets: { key: number }[] } }>({ index, size: 0, aggs: { items: { terms: { field: "item_id", size: 200 } } } })
  ).aggregations!.items.buckets.map((b) => b.key);
  if (!itemIds.length) throw new Error(`${index} is empty: run search:reindex with ELASTICSEARCH_INDEX_PREFIX=${names.ELASTICSEARCH_INDEX_PREFIX}`);
  const es = await steady((_, i) => elasticsearch.search({ index, size: 25, _source: false, query: { term: { item_id: itemIds[i % itemIds.length] } } }));
  console.log(line("Elasticsearch bare term query (size 25)", es.latencies, es.latencies.length / es.wall));
  recordLatency(bench, "baseline.es.term", "Elasticsearch bare term query", es.latencies, { throughput: es.latencies.length / es.wall, errors: es.errors });
  await elasticsearch.close();

  // Cassandra: the plain driver, prepared point reads of nodes that exist.
  const cql = new cassandra.Client({
    contactPoints: (process.env.CASSANDRA_CONTACT_POINTS ?? "127.0.0.1:9042").split(","),
    localDataCenter: process.env.CASSANDRA_LOCAL_DC ?? "datacenter1",
    keyspace: names.CASSANDRA_KEYSPACE,
    queryOptions: { consistency: cassandra.types.consistencies.one, prepare: true },
  });
  try {
    const keys = (await cql.execute("SELECT morton_code, level FROM octree_nodes LIMIT 20000", [], { fetchSize: 20000 })).rows.map((row) => [row.morton_code, row.level]);
    if (!keys.length) throw new Error(`no octree_nodes in ${names.CASSANDRA_KEYSPACE}: run npm run world:seed -- --scale --keyspace ${names.CASSANDRA_KEYSPACE}`);
    const read = "SELECT morton_code, level, material_id, homogeneity, children_mask, compressed_data, last_modified FROM octree_nodes WHERE morton_code = ? AND level = ?";
    const point = await steady((client, i) => cql.execute(read, keys[(client * 7919 + i * 104729) % keys.length]!));
    console.log(line("Cassandra bare point read (octree_nodes)", point.latencies, point.latencies.length / point.wall));
    recordLatency(bench, "baseline.cql.point", "Cassandra bare point read", point.latencies, { throughput: point.latencies.length / point.wall, errors: point.errors });
  } finally {
    await cql.shutdown();
  }
} catch (error) {
  console.error("bench:baselines failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  stopContention();
}
