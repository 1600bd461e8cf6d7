import "server-only";
import cassandra from "cassandra-driver";
import { appConfig } from "@/server/config";

export type CassandraClient = cassandra.Client;
export const { consistencies } = cassandra.types;

export interface CassandraOptions {
  contactPoints: string[];
  localDataCenter: string;
  keyspace?: string;
}

export function createCassandra(options: CassandraOptions): cassandra.Client {
  return new cassandra.Client({
    contactPoints: options.contactPoints,
    localDataCenter: options.localDataCenter,
    keyspace: options.keyspace,
    // LOCAL_QUORUM is right for a ring with RF 3 per DC; a single local node can only answer ONE.
    queryOptions: { consistency: options.contactPoints.length > 1 ? consistencies.localQuorum : consistencies.one, prepare: true },
    socketOptions: { connectTimeout: 3_000, readTimeout: 10_000 },
    pooling: { coreConnectionsPerHost: { [cassandra.types.distance.local]: 2, [cassandra.types.distance.remote]: 1 } },
  });
}

const globalForCassandra = globalThis as unknown as { bluemarbleCassandra?: cassandra.Client };

export function cassandraClient(): cassandra.Client {
  const config = appConfig();
  globalForCassandra.bluemarbleCassandra ??= createCassandra({
    contactPoints: config.CASSANDRA_CONTACT_POINTS,
    localDataCenter: config.CASSANDRA_LOCAL_DC,
    keyspace: config.CASSANDRA_KEYSPACE,
  });
  return globalForCassandra.bluemarbleCassandra;
}
