/**
 * `npm run world:seed [-- --scale] [-- --edge 128] [-- --keyspace ks] [-- --force]`
 * Generates a deterministic slab of planet, builds its octree, and writes materials, nodes (octree_nodes +
 * octree_nodes_by_region), named spatial_regions and a history of player deltas to CASSANDRA_KEYSPACE.
 * Runs the CQL migrations first. When the world is already there (its survey-area region exists), it says so and stops:
 * the stack runs this on every start.
 */
import cliProgress from "cli-progress";
import cassandra from "cassandra-driver";
import { createCassandra } from "@/server/clients/cassandra";
import { createPostgresClients } from "@/server/clients/postgres";
import { createRedis } from "@/server/clients/redis";
import { MATERIALS } from "@/lib/world/materials";
import { MAX_LEVEL } from "@/lib/world/morton";
import { deltaInsertQuery } from "@/server/world/deltas.cql";
import { readRegion, writeMaterials, writeRegion, type RegionRow } from "@/server/world/catalog.cql";
import { sampleCharactersAndGuilds } from "@/server/world/actor-names.pg";
import type { WorldStore } from "@/server/clients/cassandra";
import { loadEnv } from "../lib/env";
import { migrateCql } from "../cql/migrator";
import { generateTerrain } from "./terrain";
import { buildOctree } from "./octree-builder";
import { writeWorldNodes } from "./writer";
import { generateHistory } from "./history";
import { WORLD_ORIGIN, WORLD_SEED, namedRegions, surveyRegionId } from "./layout";

loadEnv();
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => {
  const index = args.indexOf(`--${name}`);
  return index > -1 ? args[index + 1] : undefined;
};
const scale = flag("scale");
const edge = Number(option("edge") ?? (scale ? 256 : 64));
const keyspace = option("keyspace") ?? process.env.CASSANDRA_KEYSPACE ?? "bluemarble";
const force = flag("force");
const deltaCount = Number(option("deltas") ?? (scale ? 2000 : 240));
if (!Number.isInteger(Math.log2(edge)) || edge < 16 || edge > 512) {
  console.error("--edge must be a power of two between 16 and 512");
  process.exit(2);
}

const client = createCassandra({
  contactPoints: (process.env.CASSANDRA_CONTACT_POINTS ?? "127.0.0.1:9042").split(",").map((p) => p.trim()),
  localDataCenter: process.env.CASSANDRA_LOCAL_DC ?? "datacenter1",
});
const store: WorldStore = { cassandra: client, keyspace };
const redis = createRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379/0");
const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);

try {
  await migrateCql(client, keyspace);
  const marker = await readRegion(store, surveyRegionId(edge));
  if (marker && !force) {
    console.log(`world:seed: the ${edge}³ world is already in keyspace ${keyspace} (${marker.metadata.nodes ?? "?"} nodes, seeded ${marker.metadata.seeded_at ?? "?"}); nothing to do. Use --force to write it again.`);
  } else {
    await seedWorld();
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await client.shutdown();
  redis.disconnect();
}

async function seedWorld(): Promise<void> {
  const generatedAt = Date.UTC(2026, 9, 1);
  console.log(`world:seed: generating a ${edge}×${edge}×${edge} region (seed ${WORLD_SEED}) into keyspace ${keyspace}`);
  const voxels = generateTerrain({ edge, seed: WORLD_SEED, originX: WORLD_ORIGIN.x, originY: WORLD_ORIGIN.y });
  const nodes = buildOctree({ voxels, edge, originX: WORLD_ORIGIN.x, originY: WORLD_ORIGIN.y, originZ: WORLD_ORIGIN.z, generatedAt });
  console.log(`  terrain and octree: ${nodes.count.toLocaleString("en")} nodes (${seconds()} s)`);

  const { characterIds, guildIds } = await demoOwners();
  const { deltas, sites } = generateHistory({ nodes, seed: WORLD_SEED, characterIds, deltaCount, startsAt: generatedAt + 86_400_000, spanMs: 50 * 86_400_000 });
  console.log(`  history: ${deltas.length} player deltas by ${characterIds.length} characters around ${sites.length} build sites`);

  await writeMaterials(
    store,
    MATERIALS.map((m) => ({ ...m, type: m.type, shader: m.type === "liquid" ? "water" : "voxel_lit", createdAt: new Date(generatedAt) })),
  );

  const bar = new cliProgress.SingleBar({ format: "  nodes   [{bar}] {percentage}% {value}/{total} | {rate}/s | eta {eta}s", hideCursor: true, noTTYOutput: true, notTTYSchedule: 5000 }, cliProgress.Presets.shades_classic);
  bar.start(nodes.count, 0, { rate: 0 });
  const writeStarted = performance.now();
  await writeWorldNodes(store, nodes, MAX_LEVEL - Math.log2(edge), {
    redis,
    onProgress: (done) => bar.update(done, { rate: Math.round(done / ((performance.now() - writeStarted) / 1000)) }),
  });
  if (force) {
    // Re-seeding rewrites nodes in place: drop every cached node of this environment's Redis db.
    let dropped = 0;
    for await (const keys of redis.scanStream({ match: "octree:hot:*", count: 1000 }) as AsyncIterable<string[]>) {
      if (keys.length) dropped += await redis.unlink(...keys);
    }
    console.log(`  cache: dropped ${dropped} cached nodes`);
  }
  bar.stop();

  await cassandra.concurrent.executeConcurrent(
    client,
    deltas.map((delta) => deltaInsertQuery(store, delta)),
    { concurrencyLevel: 32, raiseOnFirstError: true },
  );
  const regions = namedRegions(edge, guildIds, sites);
  for (const region of regions) await writeRegion(store, region);
  // The survey area goes last: its presence means "this world is complete".
  const survey: RegionRow = {
    regionId: surveyRegionId(edge),
    name: `Survey area ${edge}³`,
    min: { x: WORLD_ORIGIN.x, y: WORLD_ORIGIN.y, z: WORLD_ORIGIN.z },
    max: { x: WORLD_ORIGIN.x + edge - 1, y: WORLD_ORIGIN.y + edge - 1, z: WORLD_ORIGIN.z + edge - 1 },
    zoneId: 1,
    isProtected: false,
    ownerGuildId: null,
    metadata: { source: "world:seed", edge: String(edge), nodes: String(nodes.count), deltas: String(deltas.length), seeded_at: new Date().toISOString(), finest_level: String(MAX_LEVEL) },
  };
  await writeRegion(store, survey);
  console.log(`world:seed: wrote ${nodes.count.toLocaleString("en")} nodes, ${deltas.length} deltas, ${regions.length + 1} regions, ${MATERIALS.length} materials in ${seconds()} s`);
}

/** Real characters and guilds from PostgreSQL when db:seed has run; otherwise stand-in ids. */
async function demoOwners(): Promise<{ characterIds: number[]; guildIds: number[] }> {
  const url = process.env.DATABASE_URL;
  const fallback = { characterIds: [1, 2, 3, 4, 5, 6], guildIds: [1, 2] };
  if (!url) return fallback;
  const clients = createPostgresClients(url, 1);
  try {
    const found = await sampleCharactersAndGuilds(clients.pool, 12);
    return { characterIds: found.characterIds.length ? found.characterIds : fallback.characterIds, guildIds: found.guildIds.length ? found.guildIds : fallback.guildIds };
  } catch {
    return fallback;
  } finally {
    await clients.pool.end();
  }
}

