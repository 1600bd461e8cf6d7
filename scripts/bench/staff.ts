/**
 * `npm run bench:staff`: the staff area at scale, through the real tRPC procedures (createCaller, analyst session),
 * 16 concurrent clients:
 *   1. audit-log page (staff.audit.list, 50 rows) over 5 million audit_log rows: first pages, deep keyset pages, and
 *      filters by table, operation, actor, time range and text; target p95 < 100 ms;
 *   2. player look-up (staff.players.search) by id, username, email, character name and part of a name over
 *      200,000 players and 400,000 characters; target p95 < 50 ms.
 *
 * Data lives in a scratch database of its own (default bluemarble_audit_bench, created and migrated here; --url to
 * change), generated once with INSERT … SELECT generate_series (5 M audit rows take a few minutes on 2 cores; the
 * audit text index is dropped during the load and rebuilt after) and reused on later runs.
 *
 * Options: --url postgresql://…  --clients 16  --ops 2000 (per phase)  --audit-rows 5000000  --players 200000
 *          --search es (look-up names through Elasticsearch as in production, index prefix = the database name, indexed
 *          first with search:reindex; default: the PostgreSQL path, SEARCH_READS=postgres)
 */
import { createHash } from "node:crypto";
import cliProgress from "cli-progress";
import pg from "pg";
import { loadEnv } from "../lib/env";
import { numberOption, recordLatency, textOption } from "./lib";

loadEnv();
// The look-up's names go to Elasticsearch when it is up (issue 8); this bench measures the PostgreSQL path unless --search es.
if (!process.argv.includes("--search") || process.argv[process.argv.indexOf("--search") + 1] !== "es") process.env.SEARCH_READS = "postgres";
const { ensureDatabase, migrate } = await import("@/scripts/db/migrator");
const { createPostgresClients } = await import("@/server/clients/postgres");
const { createRedis } = await import("@/server/clients/redis");
const { createCassandra } = await import("@/server/clients/cassandra");
const { createElasticsearch } = await import("@/server/clients/elasticsearch");
const { createInnerContext } = await import("@/server/context");
const { createCaller } = await import("@/server/app.router");


const clients = numberOption("clients", 16);
const ops = numberOption("ops", 2000);
const auditRows = numberOption("audit-rows", 5_000_000);
const playerCount = numberOption("players", 200_000);
const url = textOption("url", "postgresql://postgres@127.0.0.1:5432/bluemarble_audit_bench");
const target = new URL(url);
if (!["127.0.0.1", "localhost", "::1"].includes(target.hostname)) throw new Error(`Refusing to generate bench data in non-local ${target.host}`);

console.log(`Database ${target.host}${target.pathname}`);
await ensureDatabase(url);
await migrate(url, { log: (line) => console.log(`  ${line}`) });

const admin = new pg.Client({ connectionString: url });
await admin.connect();
const count = async (sql: string) => Number((await admin.query<{ n: string }>(sql)).rows[0]!.n);

/** Runs `batches` statements with a progress bar. */
async function loadInBatches(label: string, total: number, batch: number, statement: (from: number, to: number) => Promise<unknown>): Promise<void> {
  const bar = new cliProgress.SingleBar({ format: `  ${label} [{bar}] {value}/{total} rows · {eta_formatted} left` }, cliProgress.Presets.shades_classic);
  bar.start(total, 0);
  for (let from = 1; from <= total; from += batch) {
    const to = Math.min(total, from + batch - 1);
    await statement(from, to);
    bar.update(to);
  }
  bar.stop();
}

// ------------------------------------------------------------------ data
const existingPlayers = await count("SELECT count(*) AS n FROM game_data.players WHERE username LIKE 'benchp\\_%'");
if (existingPlayers < playerCount) {
  console.log(`Generating ${playerCount - existingPlayers} players with two characters each…`);
  await loadInBatches("players", playerCount, 50_000, async (from, to) => {
    await admin.query(
      `INSERT INTO game_data.players (username, email, password_hash, is_banned, created_at, last_login)
       SELECT 'benchp_' || n, 'benchp_' || n || '@example.com', '$argon2id$bench', FALSE, now() - (n % 900) * interval '1 day', now() - (n % 60) * interval '1 hour'
         FROM generate_series($1::int, $2::int) AS n
       ON CONFLICT DO NOTHING`,
      [from, to],
    );
    await admin.query(
      `INSERT INTO game_data.characters (player_id, name, class, level)
       SELECT p.player_id, 'Hero' || substr(p.username, 8) || '_' || k, 'warrior', 1 + (p.player_id % 100)::int
         FROM game_data.players p CROSS JOIN generate_series(1, 2) AS k
        WHERE p.username = ANY(SELECT 'benchp_' || n FROM generate_series($1::int, $2::int) AS n)
       ON CONFLICT DO NOTHING`,
      [from, to],
    );
  });
}
await admin.query(
  `INSERT INTO game_data.players (username, email, password_hash, is_banned) VALUES ('bench_staff_analyst', 'bench_staff_analyst@example.com', '$argon2id$bench', FALSE)
   ON CONFLICT DO NOTHING`,
);
const analystId = Number((await admin.query<{ id: string }>("SELECT player_id AS id FROM game_data.players WHERE username = 'bench_staff_analyst'")).rows[0]!.id);
await admin.query("INSERT INTO game_data.staff_roles (player_id, role) VALUES ($1, 'analyst') ON CONFLICT DO NOTHING", [analystId]);
const range = (await admin.query<{ lo: string; hi: string }>("SELECT min(player_id) AS lo, max(player_id) AS hi FROM game_data.players WHERE username LIKE 'benchp\\_%'")).rows[0]!;
const minPlayer = Number(range.lo);
const maxPlayer = Number(range.hi);

const existingAudit = await count("SELECT count(*) AS n FROM game_data.audit_log");
if (existingAudit < auditRows) {
  const missing = auditRows - existingAudit;
  console.log(`Generating ${missing} audit rows (the text index is rebuilt afterwards)…`);
  await admin.query("DROP INDEX IF EXISTS game_data.idx_audit_log_changed_words");
  const tables = ["players", "characters", "character_currencies", "character_inventory", "transactions", "marketplace_listings", "guilds", "guild_members", "player_bans", "market_fees"];
  // Rows spread over the last 90 days, 80 % UPDATEs with old_data (independent of the table), actors among the bench players (5 % system).
  await loadInBatches("audit_log", missing, 250_000, (from, to) =>
    admin.query(
      `INSERT INTO game_data.audit_log (table_name, operation, user_id, changed_data, old_data, change_timestamp, ip_address)
       SELECT t.name, op.name, CASE WHEN n % 20 = 0 THEN NULL ELSE $3::bigint + (n * 7919) % ($4::bigint - $3::bigint + 1) END,
              jsonb_build_object('player_id', $3::bigint + (n * 104729) % ($4::bigint - $3::bigint + 1), 'character_id', n % 400000,
                                 'currency_type', (ARRAY['gold','gems','pvp_tokens','event_currency'])[(1 + n % 4)::int], 'amount', (n * 31) % 100000,
                                 'note', 'bench row ' || n || ' ' || md5(n::text)),
              CASE WHEN op.name = 'UPDATE' THEN jsonb_build_object('player_id', $3::bigint + (n * 104729) % ($4::bigint - $3::bigint + 1), 'amount', (n * 17) % 100000) END,
              now() - ((($5::bigint - n) * 7776000000::bigint) / $5::bigint) * interval '1 microsecond' * 1000,
              ('10.' || (n % 250) || '.' || (n % 200) || '.' || (n % 100))::inet
         FROM generate_series($1::bigint, $2::bigint) AS n
         CROSS JOIN LATERAL (SELECT ($6::text[])[(1 + n % 10)::int] AS name) t
         CROSS JOIN LATERAL (SELECT CASE WHEN (n / 10) % 10 < 8 THEN 'UPDATE' WHEN (n / 10) % 10 = 8 THEN 'INSERT' ELSE 'DELETE' END AS name) op`,
      [from, to, minPlayer, maxPlayer, missing, tables],
    ),
  );
}
// Outside the load block so an interrupted run (killed during the rebuild) still ends up with the index.
if (!(await count("SELECT count(*) AS n FROM pg_indexes WHERE schemaname = 'game_data' AND indexname = 'idx_audit_log_changed_words'"))) {
  console.log("  building idx_audit_log_changed_words…");
  const started = Date.now();
  await admin.query("SET maintenance_work_mem = '1GB'");
  // The definition of migration 0090 (the migrations created it on the empty table; the load dropped it).
  await admin.query(
    `CREATE INDEX IF NOT EXISTS idx_audit_log_changed_words ON game_data.audit_log
       USING GIN (jsonb_to_tsvector('simple'::regconfig, changed_data, '["string", "numeric"]'::jsonb))`,
  );
  console.log(`  built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
// VACUUM, not only ANALYZE: it also merges the GIN indexes' pending lists (fastupdate), which a bulk load
// leaves full and every LIKE search would otherwise scan whole (15 ms instead of 0.6 ms per branch). Production
// tables get this from autovacuum; a freshly loaded table has not had it yet. Cheap when nothing changed.
await admin.query("VACUUM (ANALYZE) game_data.audit_log, game_data.players, game_data.characters");
const totalAudit = await count("SELECT count(*) AS n FROM game_data.audit_log");
console.log(`Data: ${totalAudit.toLocaleString("en-GB")} audit rows, ${(maxPlayer - minPlayer + 1).toLocaleString("en-GB")} bench players.`);

// ------------------------------------------------------------------ clients
const postgres = createPostgresClients(url, clients + 4);
const engines = {
  postgres,
  redis: createRedis(process.env.REDIS_URL!),
  cassandra: createCassandra({ contactPoints: (process.env.CASSANDRA_CONTACT_POINTS ?? "127.0.0.1").split(","), localDataCenter: process.env.CASSANDRA_LOCAL_DC ?? "datacenter1" }),
  elasticsearch: createElasticsearch((process.env.ELASTICSEARCH_URL ?? "http://127.0.0.1:9200").split(",")),
  // The index prefix is the database's name: index it with
  // DATABASE_URL=…/bluemarble_audit_bench ELASTICSEARCH_INDEX_PREFIX=bluemarble_audit_bench npm run search:reindex
  searchPrefix: target.pathname.slice(1),
  searchReads: process.env.SEARCH_READS === "postgres" ? ("postgres" as const) : ("elasticsearch" as const),
};
if (process.env.SEARCH_READS !== "postgres") {
  const exists = await engines.elasticsearch.indices.exists({ index: `${engines.searchPrefix}_players` });
  if (!exists) throw new Error(`--search es: no index ${engines.searchPrefix}_players. Run DATABASE_URL=${url} ELASTICSEARCH_INDEX_PREFIX=${engines.searchPrefix} npm run search:reindex first.`);
}
const caller = createCaller(createInnerContext({ engines, session: { playerId: analystId, username: "bench_staff_analyst", roles: ["analyst"] } }));

// Its own rank rule (index ⌊p·n⌋, one above ./lib's nearest rank), kept so its figures stay comparable with those recorded.
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface PhaseResult {
  name: string;
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
  byKind: Map<string, number[]>;
  latencies: number[];
}

/** Runs `total` operations from `pick` across `clients` workers; latency per operation in ms. */
async function phase(name: string, total: number, pick: (i: number) => { kind: string; run: () => Promise<unknown> }): Promise<PhaseResult> {
  const latencies: number[] = [];
  const byKind = new Map<string, number[]>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const op = pick(i);
        const t0 = performance.now();
        await op.run();
        const ms = performance.now() - t0;
        latencies.push(ms);
        if (!byKind.has(op.kind)) byKind.set(op.kind, []);
        byKind.get(op.kind)!.push(ms);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { name, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), perSecond: total / seconds, byKind, latencies };
}

function report(key: string, result: PhaseResult, targetP95: number): boolean {
  const ok = result.p95 < targetP95;
  recordLatency("bench:staff", key, result.name, result.latencies, { throughput: result.perSecond });
  console.log(`\n${result.name}: p50 ${result.p50.toFixed(1)} ms · p95 ${result.p95.toFixed(1)} ms · p99 ${result.p99.toFixed(1)} ms · ${result.perSecond.toFixed(0)} ops/s · target p95 < ${targetP95} ms: ${ok ? "met" : "MISSED"}`);
  for (const [kind, values] of [...result.byKind].sort()) {
    values.sort((a, b) => a - b);
    console.log(`  ${kind.padEnd(28)} n=${String(values.length).padStart(5)}  p50 ${percentile(values, 50).toFixed(1).padStart(6)}  p95 ${percentile(values, 95).toFixed(1).padStart(6)}  p99 ${percentile(values, 99).toFixed(1).padStart(6)}`);
  }
  return ok;
}

const random = (n: number) => Math.floor(Math.random() * n);
const randomPlayer = () => minPlayer + random(maxPlayer - minPlayer + 1);
const day = 86_400_000;

/** The first 12 hex digits of md5(n): part of the note of the n-th generated audit row. */
function md5Prefix(n: number): string {
  return createHash("md5").update(String(n)).digest("hex").slice(0, 12);
}

// Deep pages: follow the cursor a few pages in from the newest rows.
async function deepPage(filter: Parameters<typeof caller.staff.audit.list>[0]["filter"], depth: number) {
  let cursor = null;
  for (let page = 0; page < depth; page++) {
    const result: Awaited<ReturnType<typeof caller.staff.audit.list>> = await caller.staff.audit.list({ filter, cursor, limit: 50 });
    cursor = result.nextCursor;
    if (!cursor) break;
  }
}

const auditTables = ["players", "characters", "character_currencies", "transactions", "player_bans"];
const auditOps: { kind: string; run: () => Promise<unknown> }[] = [
  { kind: "first page", run: () => caller.staff.audit.list({ limit: 50 }) },
  { kind: "table", run: () => caller.staff.audit.list({ filter: { table: auditTables[random(auditTables.length)] }, limit: 50 }) },
  { kind: "table + operation", run: () => caller.staff.audit.list({ filter: { table: auditTables[random(auditTables.length)], operation: "DELETE" }, limit: 50 }) },
  { kind: "actor", run: () => caller.staff.audit.list({ filter: { actor: String(randomPlayer()) }, limit: 50 }) },
  { kind: "actor username", run: () => caller.staff.audit.list({ filter: { actor: `benchp_${random(playerCount) + 1}` }, limit: 50 }) },
  {
    kind: "time range (1 day, 30 d ago)",
    run: () => caller.staff.audit.list({ filter: { from: new Date(Date.now() - 31 * day), to: new Date(Date.now() - 30 * day) }, limit: 50 }),
  },
  // A value that identifies one change (as a username or an item name would), and a random fragment that matches nothing.
  { kind: "text (one row's value)", run: () => caller.staff.audit.list({ filter: { text: md5Prefix(random(auditRows)) }, limit: 50 }) },
  { kind: "text (fragment, 7 days)", run: () => caller.staff.audit.list({ filter: { text: Math.random().toString(16).slice(2, 10), from: new Date(Date.now() - 7 * day) }, limit: 50 }) },
  { kind: "next page (page 2)", run: () => deepPage({ table: "transactions" }, 2) },
];

const searchOps: { kind: string; run: () => Promise<unknown> }[] = [
  { kind: "by id", run: () => caller.staff.players.search({ query: String(randomPlayer()) }) },
  { kind: "by username", run: () => caller.staff.players.search({ query: `BenchP_${random(playerCount) + 1}` }) },
  { kind: "by email", run: () => caller.staff.players.search({ query: `benchp_${random(playerCount) + 1}@example.com` }) },
  { kind: "by character name", run: () => caller.staff.players.search({ query: `Hero${random(playerCount) + 1}_${1 + random(2)}` }) },
  { kind: "part of a name", run: () => caller.staff.players.search({ query: `p_${random(playerCount) + 1}` }) },
];

// Warm the caches once so the first operations of a phase do not measure cold disk reads.
for (const op of [...auditOps, ...searchOps]) await op.run();

const audit = await phase(`Audit-log page at ${totalAudit.toLocaleString("en-GB")} rows (${clients} clients, ${ops} ops)`, ops, (i) => auditOps[i % auditOps.length]!);
const auditOk = report("staff.audit", audit, 100);
// Informational, outside the target: a phrase every generated row contains except for its number. Its common trigrams
// have posting lists as long as the table, which is the trigram index's worst case.
const commonWords = await phase(`Audit text search, common words (informational)`, Math.max(64, Math.floor(ops / 10)), () => ({
  kind: "text (common words + number)",
  run: () => caller.staff.audit.list({ filter: { text: `bench row ${random(auditRows)} `, from: new Date(Date.now() - 7 * day) }, limit: 50 }),
}));
report("staff.audit-common-words", commonWords, Number.POSITIVE_INFINITY);
const lookup = await phase(`Player look-up (${clients} clients, ${ops} ops)`, ops, (i) => searchOps[i % searchOps.length]!);
const lookupOk = report("staff.lookup", lookup, 50);

await admin.end();
await Promise.allSettled([postgres.prisma.$disconnect(), postgres.pool.end(), engines.redis.quit(), engines.cassandra.shutdown(), engines.elasticsearch.close()]);
process.exit(auditOk && lookupOk ? 0 : 1);
