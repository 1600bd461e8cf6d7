/**
 * Where `npm run cluster:start` puts every member on this machine. The shell scripts next to this file start the
 * members at these addresses (they are bash, so they spell the same numbers out; change both together), and
 * `.env.cluster.example` points the portal at them.
 */
import { createHash } from "node:crypto";
import { resolve } from "node:path";

export const REPO_ROOT = resolve(import.meta.dirname, "../..");
export const CLUSTER_DIR = resolve(REPO_ROOT, ".data/cluster");

/** Ring members on their own loopback addresses, standard ports (the single node keeps 127.0.0.1). */
export const CASSANDRA_NODES = [1, 2, 3].map((n) => ({
  node: n,
  host: `127.0.0.${n + 1}`,
  port: 9042,
  pidFile: resolve(CLUSTER_DIR, `run/cassandra-node${n}.pid`),
}));
export const CASSANDRA_LOCAL_DC = "datacenter1";

/** 3 masters + 3 replicas; which instance replicates which master is decided by `redis-cli --cluster create`. */
export const REDIS_NODES = [7001, 7002, 7003, 7004, 7005, 7006].map((port) => ({
  host: "127.0.0.1",
  port,
  pidFile: resolve(CLUSTER_DIR, `redis/${port}/redis.pid`),
}));

export const ELASTICSEARCH_NODES = [1, 2, 3].map((n) => ({
  node: n,
  url: `http://127.0.0.1:920${n}`,
  pidFile: resolve(CLUSTER_DIR, `run/elasticsearch-node${n}.pid`),
}));

export const POSTGRES = {
  primary: "postgresql://postgres@127.0.0.1:5432/postgres",
  standby: "postgresql://postgres@127.0.0.1:5433/postgres",
  pgbouncer: "postgresql://postgres@127.0.0.1:6432/postgres",
  standbyDataDir: resolve(CLUSTER_DIR, "postgres/standby"),
  pgbouncerPidFile: resolve(CLUSTER_DIR, "pgbouncer/pgbouncer.pid"),
  /** The standby's slot and application_name: one per clone (scripts/cluster/postgres.sh computes the same). */
  slot: `bluemarble_standby_${createHash("md5").update(REPO_ROOT).digest("hex").slice(0, 8)}`,
};
