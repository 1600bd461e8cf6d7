/**
 * `npm run cluster:smoke`: proves each member of `npm run cluster:start` does its job, through the clients the portal
 * uses, on scratch names of its own (dropped at the end):
 *   Cassandra   keyspace NetworkTopologyStrategy {'datacenter1': 3}; writes and reads at LOCAL_QUORUM, token-aware;
 *               every node holds a replica of every row (RF 3 on 3 nodes), checked on each node at ONE.
 *   Redis       ioredis Cluster client: keys over all slots land on all three masters and reach their replicas (WAIT).
 *   Elasticsearch  an index with 1 replica goes green; every node counts the same documents.
 *   PostgreSQL  a write through PgBouncer (transaction mode) is read back from the standby; replication lag printed.
 * `--rows N` (default 2000) sets the size of each check. Exit 1 on the first check that fails.
 */
import cassandra from "cassandra-driver";
import { Client as ElasticsearchClient } from "@elastic/elasticsearch";
import { Cluster } from "ioredis";
import pg from "pg";
import { numberOption } from "../bench/lib";
import { CASSANDRA_LOCAL_DC, CASSANDRA_NODES, ELASTICSEARCH_NODES, POSTGRES, REDIS_NODES } from "./topology";

const ROWS = numberOption("rows", 2000);
const SCRATCH = "bluemarble_cl_smoke";

function check(ok: boolean, message: string): void {
  if (!ok) {
    console.error(`FAIL: ${message}`);
    process.exit(1);
  }
  console.log(`  ok  ${message}`);
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await work();
  console.log(`  ..  ${label}: ${Math.round(performance.now() - t0)} ms`);
  return result;
}

async function smokeCassandra(): Promise<void> {
  console.log("Cassandra ring");
  const client = new cassandra.Client({
    contactPoints: CASSANDRA_NODES.map((n) => `${n.host}:${n.port}`),
    localDataCenter: CASSANDRA_LOCAL_DC,
    queryOptions: { consistency: cassandra.types.consistencies.localQuorum, prepare: true },
  });
  await client.connect();
  try {
    await client.execute(`DROP KEYSPACE IF EXISTS ${SCRATCH}`);
    await client.execute(`CREATE KEYSPACE ${SCRATCH} WITH replication = {'class': 'NetworkTopologyStrategy', '${CASSANDRA_LOCAL_DC}': 3}`);
    await client.execute(`CREATE TABLE ${SCRATCH}.rows (id int PRIMARY KEY, body text)`);
    const ids = Array.from({ length: ROWS }, (_, i) => i);
    await timed(`${ROWS} inserts at LOCAL_QUORUM (64 in flight)`, () =>
      cassandra.concurrent.executeConcurrent(client, `INSERT INTO ${SCRATCH}.rows (id, body) VALUES (?, ?)`, ids.map((i) => [i, `row ${i}`]), { concurrencyLevel: 64 }),
    );
    const read = await timed(`${ROWS} reads at LOCAL_QUORUM`, async () => {
      let found = 0;
      for (let i = 0; i < ROWS; i += 100) {
        const rs = await client.execute(`SELECT id FROM ${SCRATCH}.rows WHERE id IN ?`, [ids.slice(i, i + 100)]);
        found += rs.rowLength;
      }
      return found;
    });
    check(read === ROWS, `read back ${read}/${ROWS} rows at LOCAL_QUORUM`);
    const routingKey = Buffer.alloc(4);
    routingKey.writeInt32BE(0);
    const owners = client.getReplicas(SCRATCH, routingKey);
    check(owners.length === 3, `token-aware routing knows ${owners.length} replicas per partition (RF 3)`);
    // Each node alone, at ONE: with RF 3 on 3 nodes every node owns every row.
    const { AllowListPolicy, RoundRobinPolicy } = cassandra.policies.loadBalancing;
    for (const n of CASSANDRA_NODES) {
      const contact = `${n.host}:${n.port}`;
      const single = new cassandra.Client({
        contactPoints: [contact],
        localDataCenter: CASSANDRA_LOCAL_DC,
        policies: { loadBalancing: new AllowListPolicy(new RoundRobinPolicy(), [contact]) },
        isMetadataSyncEnabled: false,
      });
      try {
        const rs = await single.execute(`SELECT count(*) AS n FROM ${SCRATCH}.rows`, [], { consistency: cassandra.types.consistencies.one });
        check(Number(rs.first().get("n")) === ROWS, `${contact} holds all ${ROWS} rows locally`);
      } finally {
        await single.shutdown();
      }
    }
  } finally {
    await client.execute(`DROP KEYSPACE IF EXISTS ${SCRATCH}`).catch(() => {});
    await client.shutdown();
  }
}

async function smokeRedis(): Promise<void> {
  console.log("Redis Cluster");
  const masters = REDIS_NODES.slice(0, 3).map((n) => ({ host: n.host, port: n.port }));
  const cluster = new Cluster(masters, { redisOptions: { maxRetriesPerRequest: 2 } });
  try {
    const keys = Array.from({ length: ROWS }, (_, i) => `${SCRATCH}:${i}`);
    await timed(`${ROWS} SETs through the Cluster client (each routed to its slot's master)`, () =>
      Promise.all(keys.map((k) => cluster.set(k, "1", "EX", 600))),
    );
    let onMasters = 0;
    const perMaster: number[] = [];
    for (const node of cluster.nodes("master")) {
      let cursor = "0";
      let count = 0;
      do {
        const [next, found] = await node.scan(cursor, "MATCH", `${SCRATCH}:*`, "COUNT", 1000);
        cursor = next;
        count += found.length;
      } while (cursor !== "0");
      perMaster.push(count);
      onMasters += count;
      // Every write reached the master's replica before we go on.
      const acked = (await node.call("WAIT", "1", "5000")) as number;
      check(acked >= 1, `master ${node.options.host}:${node.options.port}: ${count} keys, replicated to ${acked} replica(s)`);
    }
    check(onMasters === ROWS && perMaster.every((c) => c > 0), `${onMasters}/${ROWS} keys spread over ${perMaster.length} masters (${perMaster.join(" / ")})`);
    const values = await Promise.all(keys.map((k) => cluster.get(k)));
    check(values.every((v) => v === "1"), `read back ${ROWS} keys`);
  } finally {
    await Promise.all(Array.from({ length: ROWS }, (_, i) => cluster.del(`${SCRATCH}:${i}`))).catch(() => {});
    cluster.disconnect();
  }
}

async function smokeElasticsearch(): Promise<void> {
  console.log("Elasticsearch cluster");
  const es = new ElasticsearchClient({ nodes: ELASTICSEARCH_NODES.map((n) => n.url) });
  try {
    await es.indices.delete({ index: SCRATCH, ignore_unavailable: true });
    await es.indices.create({ index: SCRATCH, settings: { number_of_shards: 3, number_of_replicas: 1 } });
    await timed(`bulk-index ${ROWS} documents`, () =>
      es.bulk({ refresh: true, operations: Array.from({ length: ROWS }, (_, i) => [{ index: { _index: SCRATCH, _id: String(i) } }, { n: i, name: `item ${i}` }]).flat() }),
    );
    const health = await timed("wait for green", () => es.cluster.health({ index: SCRATCH, wait_for_status: "green", timeout: "60s" }));
    check(health.status === "green" && health.active_shards === 6, `index green: ${health.active_primary_shards} primaries + replicas = ${health.active_shards} shards on ${health.number_of_nodes} nodes`);
    for (const n of ELASTICSEARCH_NODES) {
      const one = new ElasticsearchClient({ node: n.url });
      const { count } = await one.count({ index: SCRATCH });
      check(count === ROWS, `${n.url} counts ${count} documents`);
      await one.close();
    }
  } finally {
    await es.indices.delete({ index: SCRATCH, ignore_unavailable: true }).catch(() => {});
    await es.close();
  }
}

async function smokePostgres(): Promise<void> {
  console.log("PostgreSQL primary via PgBouncer + hot standby");
  const url = (base: string, db: string) => base.replace(/\/postgres$/, `/${db}`);
  const admin = new pg.Client({ connectionString: POSTGRES.primary });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${SCRATCH}`);
    await admin.query(`CREATE DATABASE ${SCRATCH}`);
    const bouncer = new pg.Pool({ connectionString: url(POSTGRES.pgbouncer, SCRATCH), max: 8 });
    try {
      await bouncer.query("CREATE TABLE rows (id int PRIMARY KEY, body text)");
      await timed(`${ROWS} single-row transactions through PgBouncer (8 clients)`, async () => {
        const ids = Array.from({ length: ROWS }, (_, i) => i);
        const workers = Array.from({ length: 8 }, async (_, w) => {
          for (let i = w; i < ROWS; i += 8) await bouncer.query("INSERT INTO rows VALUES ($1, $2)", [ids[i], `row ${i}`]);
        });
        await Promise.all(workers);
      });
      // PgBouncer's admin console speaks the simple query protocol only; node-postgres uses it for a query without parameters.
      const console_ = new pg.Client({ connectionString: url(POSTGRES.pgbouncer, "pgbouncer") });
      await console_.connect();
      const config = await console_.query<{ key: string; value: string }>("SHOW CONFIG");
      await console_.end();
      const mode = config.rows.find((r) => r.key === "pool_mode")?.value;
      check(mode === "transaction", `PgBouncer pool_mode = ${mode}`);
    } finally {
      await bouncer.end();
    }
    const standby = new pg.Client({ connectionString: url(POSTGRES.standby, SCRATCH) });
    // The database was just created on the primary: the standby has it once it replays that far.
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await standby.connect();
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    try {
      const seen = await timed("standby catches up", async () => {
        for (;;) {
          const { rows } = await standby.query<{ n: string }>("SELECT count(*) AS n FROM rows").catch(() => ({ rows: [{ n: "0" }] }));
          if (Number(rows[0]!.n) === ROWS || Date.now() > deadline) return Number(rows[0]!.n);
          await new Promise((r) => setTimeout(r, 100));
        }
      });
      check(seen === ROWS, `standby reads ${seen}/${ROWS} rows written through PgBouncer`);
      const readOnly = await standby.query("INSERT INTO rows VALUES (-1, 'x')").then(() => false, (e: Error) => /read-only/.test(e.message));
      check(readOnly, "standby refuses writes (read-only transaction)");
      const { rows } = await admin.query<{ bytes: string | null }>(
        "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint AS bytes FROM pg_stat_replication WHERE application_name = $1",
        [POSTGRES.slot],
      );
      console.log(`  ..  replication lag now: ${rows[0]?.bytes ?? "?"} bytes`);
    } finally {
      await standby.end();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${SCRATCH} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}

const t0 = performance.now();
await smokeCassandra();
await smokeRedis();
await smokeElasticsearch();
await smokePostgres();
console.log(`cluster smoke passed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
process.exit(0);
