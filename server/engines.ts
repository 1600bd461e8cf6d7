import "server-only";
import type { PostgresClients } from "@/server/clients/postgres";
import { createPostgresClients } from "@/server/clients/postgres";
import type { RedisClient } from "@/server/clients/redis";
import { createRedis } from "@/server/clients/redis";
import type { CassandraClient } from "@/server/clients/cassandra";
import { createCassandra } from "@/server/clients/cassandra";
import type { ElasticsearchClient } from "@/server/clients/elasticsearch";
import { createElasticsearch } from "@/server/clients/elasticsearch";
import { appConfig, type SearchReads } from "@/server/config";

/** Every engine a service may use. Tests build one against their own databases; requests use the process's own. */
export interface Engines {
  postgres: PostgresClients;
  redis: RedisClient;
  cassandra: CassandraClient;
  elasticsearch: ElasticsearchClient;
  /** Prefix of Elasticsearch index and alias names, so tests can share a node with the demo. */
  searchPrefix: string;
  /**
   * Whether the market, guild directory and staff look-up ask Elasticsearch first ("elasticsearch", production) or
   * read PostgreSQL only ("postgres"): tests that search rows written a moment ago, with no outbox worker running,
   * build their engines with "postgres"; the same tests run again with "elasticsearch" after draining the outbox.
   */
  searchReads: SearchReads;
}

const globalForEngines = globalThis as unknown as { bluemarbleEngines?: Engines };

/** The process-wide clients for the configured environment (kept across Next.js dev reloads). */
export function processEngines(): Engines {
  if (globalForEngines.bluemarbleEngines) return globalForEngines.bluemarbleEngines;
  const config = appConfig();
  globalForEngines.bluemarbleEngines = {
    postgres: createPostgresClients(config.DATABASE_URL),
    redis: createRedis(config.REDIS_URL),
    cassandra: createCassandra({
      contactPoints: config.CASSANDRA_CONTACT_POINTS,
      localDataCenter: config.CASSANDRA_LOCAL_DC,
      keyspace: config.CASSANDRA_KEYSPACE,
    }),
    elasticsearch: createElasticsearch(config.ELASTICSEARCH_URL),
    searchPrefix: config.ELASTICSEARCH_INDEX_PREFIX,
    searchReads: config.SEARCH_READS,
  };
  return globalForEngines.bluemarbleEngines;
}
