import "server-only";
import cassandra, { type Client } from "cassandra-driver";

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

/** Runs `work` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  });
  await Promise.all(runners);
  return results;
}
