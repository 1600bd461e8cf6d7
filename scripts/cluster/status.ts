/**
 * `npm run cluster:status [-- --json]`: asks every member of the local cluster for its own state, through the same
 * clients the portal uses. Exit code 0 when every member is healthy, 3 otherwise (so scripts can wait on it).
 *
 * Cassandra "UN": U = the node answers a CQL query on its own address (the driver is pinned to it), N = gossip says
 * NORMAL as seen by the first live node (J joining, L leaving, M moving) — the two letters of `nodetool status`,
 * without a 3-6 s JVM start for nodetool.
 */
import { readFileSync } from "node:fs";
import cassandra from "cassandra-driver";
import Redis from "ioredis";
import pg from "pg";
import { CASSANDRA_LOCAL_DC, CASSANDRA_NODES, ELASTICSEARCH_NODES, POSTGRES, REDIS_NODES } from "./topology";

/** Per member; generous because a loaded 2-core machine answers slowly, and a slow member is not a down one. */
const TIMEOUT_MS = 5000;

type CassandraMember = { host: string; port: number; state: string; rssMiB: number | null };
type RedisMember = {
  host: string;
  port: number;
  role: "master" | "replica" | "down";
  /** Masters: slot ranges served ("0-5460"); replicas: the master they copy ("127.0.0.1:7001"). */
  slots?: string;
  slotCount?: number;
  replicaOf?: string;
  replicas?: string[];
  linkUp?: boolean;
  rssMiB: number | null;
};
type ElasticsearchMember = { url: string; state: "up" | "down"; name?: string; master?: boolean; health?: string; nodes?: number; rssMiB: number | null };
type PostgresStatus = {
  primary: string;
  standby: string;
  pgbouncer: string;
  lagBytes: number | null;
  lagSeconds: number | null;
  replication: string;
  standbyState: "up" | "down";
  pgbouncerState: "up" | "down";
  standbyPssMiB: number | null;
};
export type ClusterStatus = { cassandra: CassandraMember[]; redis: RedisMember[]; elasticsearch: ElasticsearchMember[]; postgres: PostgresStatus };

function pidFrom(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Resident memory of one process, MiB; null when it is not running (or not ours to see). */
function rssMiB(pidFile: string): number | null {
  const pid = pidFrom(pidFile);
  if (pid === null) return null;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

/** PostgreSQL is a family of processes sharing memory: the sum of their proportional set sizes counts it once. */
function postgresPssMiB(postmasterPidFile: string): number | null {
  const root = pidFrom(postmasterPidFile);
  if (root === null) return null;
  let kb = 0;
  for (const pid of [root, ...childrenOf(root)]) {
    try {
      kb += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0);
    } catch {
      // a backend that exited meanwhile
    }
  }
  return kb > 0 ? Math.round(kb / 1024) : null;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------- Cassandra

async function cassandraNode(host: string, port: number): Promise<{ up: boolean; gossip: Map<string, string> }> {
  const contact = `${host}:${port}`;
  const { AllowListPolicy, RoundRobinPolicy } = cassandra.policies.loadBalancing;
  const client = new cassandra.Client({
    contactPoints: [contact],
    localDataCenter: CASSANDRA_LOCAL_DC,
    policies: { loadBalancing: new AllowListPolicy(new RoundRobinPolicy(), [contact]) },
    socketOptions: { connectTimeout: TIMEOUT_MS, readTimeout: TIMEOUT_MS },
    pooling: { warmup: false },
    // No schema download: this client asks one question.
    isMetadataSyncEnabled: false,
  });
  try {
    const rows = (await withTimeout(client.execute("SELECT address, status_with_port FROM system_views.gossip_info"), contact)).rows;
    return { up: true, gossip: new Map(rows.map((r) => [String(r.get("address")), String(r.get("status_with_port") ?? "")])) };
  } catch {
    return { up: false, gossip: new Map() };
  } finally {
    await client.shutdown().catch(() => {});
  }
}

function gossipLetter(status: string | undefined): string {
  const s = (status ?? "").split(",")[0]!.toUpperCase();
  if (s === "NORMAL" || s === "SHUTDOWN") return "N"; // a drained node keeps its tokens: nodetool shows it DN
  if (s.startsWith("BOOT")) return "J";
  if (s === "LEAVING" || s === "LEFT") return "L";
  if (s === "MOVING") return "M";
  return "?";
}

async function cassandraStatus(): Promise<CassandraMember[]> {
  const answers = await Promise.all(CASSANDRA_NODES.map((n) => cassandraNode(n.host, n.port)));
  const view = answers.find((a) => a.up)?.gossip ?? new Map<string, string>();
  return CASSANDRA_NODES.map((n, i) => ({
    host: n.host,
    port: n.port,
    state: `${answers[i]!.up ? "U" : "D"}${gossipLetter(view.get(n.host))}`,
    rssMiB: rssMiB(n.pidFile),
  }));
}

// ---------------------------------------------------------------- Redis

type ClusterNodeLine = { id: string; address: string; flags: string[]; masterId: string; slots: string[] };

/** Parses `CLUSTER NODES`: "<id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <link> <slot> ...". */
function parseClusterNodes(text: string): ClusterNodeLine[] {
  return text
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [id = "", address = "", flags = "", masterId = "", , , , , ...slots] = line.split(" ");
      return { id, address: address.split("@")[0]!, flags: flags.split(","), masterId, slots: slots.filter((s) => !s.startsWith("[")) };
    });
}

function slotCount(ranges: string[]): number {
  return ranges.reduce((sum, r) => {
    const [from, to = from] = r.split("-").map(Number);
    return sum + (to! - from! + 1);
  }, 0);
}

async function redisStatus(): Promise<{ members: RedisMember[]; clusterState: string; slotsCovered: number }> {
  const probes = await Promise.all(
    REDIS_NODES.map(async (n) => {
      const client = new Redis({ host: n.host, port: n.port, lazyConnect: true, connectTimeout: TIMEOUT_MS, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
      client.on("error", () => {});
      try {
        await withTimeout(client.connect(), `${n.host}:${n.port}`);
        const [role, nodes, info, replication] = await withTimeout(
          Promise.all([client.call("ROLE"), client.call("CLUSTER", "NODES"), client.call("CLUSTER", "INFO"), client.info("replication")]),
          `${n.host}:${n.port}`,
        );
        return { up: true, role: String((role as unknown[])[0]), nodes: String(nodes), info: String(info), replication };
      } catch {
        return { up: false, role: "", nodes: "", info: "", replication: "" };
      } finally {
        client.disconnect();
      }
    }),
  );
  const reference = probes.find((p) => p.up);
  const table = parseClusterNodes(reference?.nodes ?? "");
  const byId = new Map(table.map((t) => [t.id, t]));
  const live = (t: ClusterNodeLine) => !t.flags.includes("fail") && !t.flags.includes("fail?");
  const members = REDIS_NODES.map((n, i): RedisMember => {
    const probe = probes[i]!;
    const address = `${n.host}:${n.port}`;
    const line = table.find((t) => t.address === address);
    if (!probe.up) return { host: n.host, port: n.port, role: "down", rssMiB: null };
    if (probe.role === "master") {
      const slots = line?.slots ?? [];
      return {
        host: n.host,
        port: n.port,
        role: "master",
        slots: slots.join(","),
        slotCount: slotCount(slots),
        replicas: table.filter((t) => line && t.masterId === line.id && live(t)).map((t) => t.address),
        rssMiB: rssMiB(n.pidFile),
      };
    }
    return {
      host: n.host,
      port: n.port,
      role: "replica",
      replicaOf: line ? byId.get(line.masterId)?.address : undefined,
      linkUp: /master_link_status:up/.test(probe.replication),
      rssMiB: rssMiB(n.pidFile),
    };
  });
  const slotsCovered = slotCount(table.filter((t) => t.flags.includes("master") && live(t)).flatMap((t) => t.slots));
  return { members, clusterState: /cluster_state:(\w+)/.exec(reference?.info ?? "")?.[1] ?? "down", slotsCovered };
}

// ---------------------------------------------------------------- Elasticsearch

async function elasticsearchStatus(): Promise<ElasticsearchMember[]> {
  return Promise.all(
    ELASTICSEARCH_NODES.map(async (n): Promise<ElasticsearchMember> => {
      try {
        const get = async (path: string) => {
          const res = await fetch(`${n.url}${path}`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
          return (await res.json()) as Record<string, unknown>;
        };
        const [health, local] = await Promise.all([get("/_cluster/health"), get("/_nodes/_local?filter_path=nodes.*.name")]);
        const nodeName = Object.values((local.nodes ?? {}) as Record<string, { name: string }>)[0]?.name;
        const master = (await get("/_cat/master?format=json").catch(() => [])) as unknown as { node?: string }[];
        return {
          url: n.url,
          state: "up",
          name: nodeName,
          master: nodeName !== undefined && master[0]?.node === nodeName,
          health: typeof health.status === "string" ? health.status : "no master",
          nodes: typeof health.number_of_nodes === "number" ? health.number_of_nodes : undefined,
          rssMiB: rssMiB(n.pidFile),
        };
      } catch {
        return { url: n.url, state: "down", rssMiB: null };
      }
    }),
  );
}

// ---------------------------------------------------------------- PostgreSQL

async function query<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[] | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: TIMEOUT_MS, query_timeout: TIMEOUT_MS });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.query<R>(sql, params)).rows;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

async function postgresStatus(): Promise<PostgresStatus> {
  const [replication, standby, bouncer] = await Promise.all([
    query<{ lag_bytes: string | null; lag_seconds: number | null; state: string }>(
      POSTGRES.primary,
      `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint AS lag_bytes,
              extract(epoch FROM replay_lag)::float8 AS lag_seconds, state
         FROM pg_stat_replication WHERE application_name = $1`,
      [POSTGRES.slot],
    ),
    query<{ recovery: boolean }>(POSTGRES.standby, "SELECT pg_is_in_recovery() AS recovery"),
    query(POSTGRES.pgbouncer, "SELECT 1"),
  ]);
  const row = replication?.[0];
  const lagBytes = row?.lag_bytes != null ? Number(row.lag_bytes) : null;
  return {
    primary: POSTGRES.primary,
    standby: POSTGRES.standby,
    pgbouncer: POSTGRES.pgbouncer,
    lagBytes,
    // replay_lag is NULL once the standby has replayed everything and the primary is idle: no lag then.
    lagSeconds: row ? (row.lag_seconds ?? (lagBytes === 0 ? 0 : null)) : null,
    replication: replication === null ? "primary down" : (row?.state ?? "not connected"),
    standbyState: standby?.[0]?.recovery === true ? "up" : "down",
    pgbouncerState: bouncer ? "up" : "down",
    standbyPssMiB: postgresPssMiB(`${POSTGRES.standbyDataDir}/postmaster.pid`),
  };
}

// ---------------------------------------------------------------- output

const mib = (v: number | null | undefined) => (v == null ? "" : `  ${v} MiB`);

function printHuman(s: ClusterStatus, redis: { clusterState: string; slotsCovered: number }): void {
  console.log("Cassandra ring (datacenter1)");
  for (const c of s.cassandra) console.log(`  ${c.state}  ${c.host}:${c.port}${mib(c.rssMiB)}`);
  console.log(`Redis Cluster: cluster_state ${redis.clusterState}, ${redis.slotsCovered}/16384 slots covered`);
  for (const r of s.redis) {
    const detail =
      r.role === "master"
        ? `${r.slotCount} slots (${r.slots || "none"}), replica ${r.replicas?.length ? r.replicas.join(", ") : "NONE"}`
        : r.role === "replica"
          ? `of ${r.replicaOf ?? "?"}, link ${r.linkUp ? "up" : "DOWN"}`
          : "";
    console.log(`  ${r.role.padEnd(7)}  ${r.host}:${r.port}  ${detail}${mib(r.rssMiB)}`);
  }
  const health = s.elasticsearch.find((e) => e.state === "up");
  console.log(`Elasticsearch cluster: ${health ? `${health.health}, ${health.nodes} nodes` : "down"}`);
  for (const e of s.elasticsearch) console.log(`  ${e.state.padEnd(4)}  ${e.url}  ${e.name ?? ""}${e.master ? " (master)" : ""}${mib(e.rssMiB)}`);
  const p = s.postgres;
  console.log("PostgreSQL");
  console.log(`  primary    ${p.primary}  replication: ${p.replication}`);
  console.log(
    `  standby    ${p.standby}  ${p.standbyState}, lag ${p.lagBytes ?? "?"} bytes, ${p.lagSeconds ?? "?"} s${mib(p.standbyPssMiB)}`,
  );
  console.log(`  pgbouncer  ${p.pgbouncer}  ${p.pgbouncerState} (transaction mode)${mib(rssMiB(POSTGRES.pgbouncerPidFile))}`);
}

function healthy(s: ClusterStatus, redis: { clusterState: string; slotsCovered: number }): boolean {
  return (
    s.cassandra.every((c) => c.state === "UN") &&
    redis.clusterState === "ok" &&
    redis.slotsCovered === 16384 &&
    s.redis.every((r) => r.role !== "down" && (r.role !== "master" || (r.replicas?.length ?? 0) > 0)) &&
    s.elasticsearch.every((e) => e.state === "up" && e.health === "green") &&
    s.postgres.replication === "streaming" &&
    s.postgres.pgbouncerState === "up"
  );
}

async function main(): Promise<void> {
  const [cassandraMembers, redis, elasticsearch, postgres] = await Promise.all([cassandraStatus(), redisStatus(), elasticsearchStatus(), postgresStatus()]);
  const status: ClusterStatus = { cassandra: cassandraMembers, redis: redis.members, elasticsearch, postgres };
  if (process.argv.includes("--json")) console.log(JSON.stringify(status));
  else printHuman(status, redis);
  // cassandra-driver can keep a socket open when shutdown() overlaps a connection still being set up (seen under
  // load): the answer is printed, so end here rather than wait for it.
  process.stdout.write("", () => process.exit(healthy(status, redis) ? 0 : 3));
}

await main();
