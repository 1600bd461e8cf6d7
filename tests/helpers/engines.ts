import { createPostgresClients } from "@/server/clients/postgres";
import { createRedis } from "@/server/clients/redis";
import { createCassandra } from "@/server/clients/cassandra";
import { createElasticsearch } from "@/server/clients/elasticsearch";
import type { Engines } from "@/server/engines";

/** Real clients against the test database, Redis db, keyspace and index prefix. Call close() in afterAll. */
export function createTestEngines(): Engines & { close: () => Promise<void> } {
  const env = process.env;
  const postgres = createPostgresClients(env.TEST_DATABASE_URL!, 8);
  const redis = createRedis(env.TEST_REDIS_URL!);
  const cassandra = createCassandra({
    contactPoints: env.CASSANDRA_CONTACT_POINTS!.split(","),
    localDataCenter: env.CASSANDRA_LOCAL_DC!,
  });
  const elasticsearch = createElasticsearch(env.ELASTICSEARCH_URL!.split(","));
  return {
    postgres,
    redis,
    cassandra,
    elasticsearch,
    searchPrefix: env.TEST_ELASTICSEARCH_INDEX_PREFIX!,
    searchReads: env.SEARCH_READS === "elasticsearch" ? "elasticsearch" : "postgres",
    async close() {
      await Promise.allSettled([postgres.prisma.$disconnect(), postgres.pool.end(), redis.quit(), cassandra.shutdown(), elasticsearch.close()]);
    },
  };
}

/** A short random suffix so every test writes rows of its own. */
export function unique(prefix = "t"): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
}
