/**
 * The portal code the drill uses, in one place: its writes go through the same tRPC procedures a player or a game
 * master calls (zod validation, tiers, services, transactions), and its checks through the portal's own conservation
 * check and region read.
 */
import { createPostgresClients } from "@/server/clients/postgres";
import { createRedis } from "@/server/clients/redis";
import { createCassandra } from "@/server/clients/cassandra";
import { createElasticsearch } from "@/server/clients/elasticsearch";
import { createInnerContext } from "@/server/context";
import type { Engines } from "@/server/engines";
import { createCaller } from "@/server/app.router";
import type { SessionUser } from "@/server/session";
import { withActorSql } from "@/server/db/actor-transaction";
import { checkConservation, recordEconomyFlows, type ConservationReport } from "@/server/ledger/conservation.service";
import { readRegion, type RegionRead } from "@/server/world/world.service";
import { MATERIALS, AIR } from "@/lib/world/materials";
import { fromDecimal } from "@/lib/world/morton";
import { ensureDatabase, migrate } from "../db/migrator";
import { migrateCql } from "../cql/migrator";

export type { ConservationReport, Engines, RegionRead };
export { checkConservation, createPostgresClients, ensureDatabase, migrate, migrateCql, readRegion, recordEconomyFlows, withActorSql, fromDecimal, MATERIALS, AIR };

export type Caller = ReturnType<typeof createCaller>;

export function callerFor(engines: Engines, session: SessionUser): Caller {
  return createCaller(createInnerContext({ engines, session }));
}

export interface DrillEngines extends Engines {
  close: () => Promise<void>;
}

export function drillEngines(options: {
  databaseUrl: string;
  redisUrl: string;
  cassandra: { contactPoints: string[]; localDataCenter: string; keyspace: string };
  elasticsearchUrls: string[];
  searchPrefix: string;
}): DrillEngines {
  const postgres = createPostgresClients(options.databaseUrl, 4);
  const redis = createRedis(options.redisUrl);
  const cassandra = createCassandra(options.cassandra);
  const elasticsearch = createElasticsearch(options.elasticsearchUrls);
  return {
    postgres,
    redis,
    cassandra,
    elasticsearch,
    searchPrefix: options.searchPrefix,
    // The drill searches nothing, and no outbox worker indexes its database: PostgreSQL reads only.
    searchReads: "postgres",
    async close() {
      await Promise.allSettled([postgres.prisma.$disconnect(), postgres.pool.end(), redis.quit(), cassandra.shutdown(), elasticsearch.close()]);
    },
  };
}

/** Region reads answer from the Redis node cache first, whose keys carry no keyspace: empty it before reading another world. */
export async function dropCachedNodes(engines: Engines): Promise<number> {
  let cursor = "0";
  let dropped = 0;
  do {
    const [next, keys] = await engines.redis.scan(cursor, "MATCH", "octree:hot:*", "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) dropped += await engines.redis.unlink(...keys);
  } while (cursor !== "0");
  return dropped;
}

/** Material id per node of a region read (key `hi:lo:level`), decoded from the wire columns. */
export function regionMaterials(read: RegionRead): Map<string, number> {
  const bytes = (b64: string) => Buffer.from(b64, "base64");
  // A copy: Buffer.from may hand out a slice of its pool at an offset Uint32Array cannot start at.
  const u32 = (b64: string) => new Uint32Array(new Uint8Array(bytes(b64)).buffer);
  const hi = u32(read.nodes.mortonHi);
  const lo = u32(read.nodes.mortonLo);
  const level = bytes(read.nodes.level);
  const material = bytes(read.nodes.material);
  const out = new Map<string, number>();
  for (let i = 0; i < read.count; i++) out.set(`${hi[i]}:${lo[i]}:${level[i]}`, material[i]!);
  return out;
}
