/**
 * `npm run cql:migrate`: applies pending CQL migrations (cql/*.cql) to the keyspace named by CASSANDRA_KEYSPACE.
 * Replication for a new keyspace comes from CASSANDRA_REPLICATION (see scripts/cql/migrator.ts and docs/world.md).
 */
import { createCassandra } from "@/server/clients/cassandra";
import { loadEnv } from "../lib/env";
import { migrateCql } from "./migrator";

loadEnv();
const keyspace = process.env.CASSANDRA_KEYSPACE ?? "bluemarble";
const client = createCassandra({
  contactPoints: (process.env.CASSANDRA_CONTACT_POINTS ?? "127.0.0.1:9042").split(",").map((p) => p.trim()),
  localDataCenter: process.env.CASSANDRA_LOCAL_DC ?? "datacenter1",
  // No keyspace: the first migration creates it.
});

try {
  const result = await migrateCql(client, keyspace, (line) => console.log(line));
  console.log(`cql migrations: ${result.applied.length} applied, ${result.skipped.length} already applied (keyspace ${keyspace})`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await client.shutdown();
}
