import "server-only";
import type { Client as ElasticsearchClient } from "@elastic/elasticsearch";
import type { Client as CassandraClient } from "cassandra-driver";
import type { Redis } from "ioredis";
import { postgres, type PostgresClients } from "@/server/clients/postgres";
import { redis } from "@/server/clients/redis";
import { cassandraClient } from "@/server/clients/cassandra";
import { elasticsearch } from "@/server/clients/elasticsearch";
import type { SessionUser } from "@/server/session";
import { appConfig } from "@/server/config";

/** Every engine a service may use. Tests build one against their own databases; requests use the process singletons. */
export interface Engines {
  postgres: PostgresClients;
  redis: Redis;
  cassandra: CassandraClient;
  elasticsearch: ElasticsearchClient;
  /** Prefix of Elasticsearch index and alias names, so tests can share a node with the demo. */
  searchPrefix: string;
}

export interface InnerContext {
  engines: Engines;
  session: SessionUser | null;
  clientIp: string | null;
}

/** The context without a request: what tests pass to createCaller. */
export function createInnerContext(input: { engines: Engines; session?: SessionUser | null; clientIp?: string | null }): InnerContext {
  return { engines: input.engines, session: input.session ?? null, clientIp: input.clientIp ?? null };
}

export function processEngines(): Engines {
  return {
    postgres: postgres(),
    redis: redis(),
    cassandra: cassandraClient(),
    elasticsearch: elasticsearch(),
    searchPrefix: appConfig().ELASTICSEARCH_INDEX_PREFIX,
  };
}

export function clientIpOf(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip") || null;
}
