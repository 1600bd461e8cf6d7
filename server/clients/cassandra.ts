import "server-only";
import cassandra, { type Client } from "cassandra-driver";

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


/**
 * Where the octree lives: a Cassandra client plus the keyspace its tables are in. Statements name the keyspace
 * explicitly because test and migration clients connect without one.
 */
export interface WorldStore {
  cassandra: Client;
  keyspace: string;
}

/** Local single node: ONE; a ring with several contact points: LOCAL_QUORUM (the seed's read/write level). */
export function consistencyFor(client: Client): number {
  // The driver keeps its options on the instance but does not declare them in its typings.
  const points = (client as unknown as { options?: { contactPoints?: string[] } }).options?.contactPoints ?? [];
  return points.length > 1 ? cassandra.types.consistencies.localQuorum : cassandra.types.consistencies.one;
}

export const Long = cassandra.types.Long;
export type LongValue = InstanceType<typeof cassandra.types.Long>;

export function longFromBits(hi: number, lo: number): LongValue {
  return Long.fromBits(lo | 0, hi | 0, false);
}

export function longFromBigInt(value: bigint): LongValue {
  return Long.fromString(value.toString());
}
