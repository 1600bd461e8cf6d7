/**
 * Where backups go and which engines they are taken from. Everything comes from the environment (`.env`, then
 * `.env.example`), as for the portal itself, so a cluster configuration backs up the cluster.
 */
import { resolve } from "node:path";
import { loadEnv } from "../lib/env";

export interface HostPort {
  host: string;
  port: number;
}

export interface OpsConfig {
  root: string;
  /** Folder holding one sub-folder per backup (`BACKUP_DIR`, default `.data/backups`). */
  backupDir: string;
  /** Complete backups kept by the pruning after each backup (`BACKUP_KEEP`, default 3). */
  keep: number;
  databaseUrl: string;
  /** Data folders of restored PostgreSQL instances (`PG_RESTORE_ROOT`); must be writable by the cluster's owner. */
  restoreRoot: string;
  /** pg_basebackup checkpoint mode: `fast` (an immediate checkpoint) or `spread` (gentler, waits for the next one). */
  checkpoint: "fast" | "spread";
  cassandra: {
    contactPoints: string[];
    localDataCenter: string;
    keyspace: string;
    /** One JMX endpoint per ring member (`CASSANDRA_JMX_ENDPOINTS`, default: each contact point's host at 7199). */
    jmx: HostPort[];
    /** A Java 11/17 JDK for nodetool (Cassandra's own tool classes from engines/cassandra/target/lib). */
    javaHome: string;
    libDir: string;
  };
  elasticsearch: { urls: string[]; prefix: string };
  redisUrl: string;
}

const list = (value: string | undefined, fallback: string) =>
  (value ?? fallback)
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);

export function parseHostPort(value: string, defaultPort: number): HostPort {
  const match = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(value.trim());
  if (!match) throw new Error(`Not a host:port: ${value}`);
  return { host: match[1]!, port: match[2] ? Number(match[2]) : defaultPort };
}

export function opsConfig(env: NodeJS.ProcessEnv = process.env): OpsConfig {
  loadEnv();
  const root = resolve(import.meta.dirname, "../..");
  const contactPoints = list(env.CASSANDRA_CONTACT_POINTS, "127.0.0.1:9042");
  const jmx = env.CASSANDRA_JMX_ENDPOINTS
    ? list(env.CASSANDRA_JMX_ENDPOINTS, "").map((endpoint) => parseHostPort(endpoint, 7199))
    : contactPoints.map((point) => ({ host: parseHostPort(point, 9042).host, port: 7199 }));
  const keep = Number(env.BACKUP_KEEP ?? 3);
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`BACKUP_KEEP must be a whole number of at least 1 (got ${env.BACKUP_KEEP})`);
  const checkpoint = (env.BACKUP_PG_CHECKPOINT ?? "fast") as OpsConfig["checkpoint"];
  if (checkpoint !== "fast" && checkpoint !== "spread") throw new Error("BACKUP_PG_CHECKPOINT must be fast or spread");
  return {
    root,
    backupDir: resolve(root, env.BACKUP_DIR ?? ".data/backups"),
    keep,
    databaseUrl: env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/bluemarble",
    restoreRoot: env.PG_RESTORE_ROOT ?? "/var/lib/postgresql/bluemarble-restores",
    checkpoint,
    cassandra: {
      contactPoints,
      localDataCenter: env.CASSANDRA_LOCAL_DC ?? "datacenter1",
      keyspace: env.CASSANDRA_KEYSPACE ?? "bluemarble",
      jmx,
      javaHome: env.CASSANDRA_JAVA_HOME ?? "/usr/lib/jvm/java-17-openjdk-amd64",
      libDir: resolve(root, "engines/cassandra/target/lib"),
    },
    elasticsearch: { urls: list(env.ELASTICSEARCH_URL, "http://127.0.0.1:9200"), prefix: env.ELASTICSEARCH_INDEX_PREFIX ?? "bluemarble" },
    redisUrl: env.REDIS_URL ?? "redis://127.0.0.1:6379/0",
  };
}

/** The PostgreSQL server of a database URL, for the command-line tools (pg_basebackup, psql). */
export function serverOf(databaseUrl: string): { host: string; port: number; user: string; database: string } {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname || "127.0.0.1",
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || "postgres"),
    database: decodeURIComponent(url.pathname.slice(1) || "postgres"),
  };
}

/** The same URL pointing at another database (or port). */
export function withDatabase(databaseUrl: string, database: string, port?: number): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  if (port !== undefined) url.port = String(port);
  return url.toString();
}
