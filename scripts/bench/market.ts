/**
 * `npm run bench:market [-- --url postgresql://... --seconds 20 --clients 16 --skip-search --search-source postgres --contend]`
 * Market latency on `db:seed --scale 1` data: search (the market's search service as the page calls it: item-name text
 * through Elasticsearch's listings index under ELASTICSEARCH_INDEX_PREFIX with the rows read from PostgreSQL, browsing
 * without text on PostgreSQL; item words, filters, cursor pages and the seed's "listings of one item by price" query)
 * and buy (the whole purchase transaction), each under 16 concurrent clients, printing p50/p95/p99 (search: per page
 * request, and per kind) and which source answered the searches. `--search-source postgres` measures the
 * PostgreSQL path the market falls back to while Elasticsearch is down. Then pgbench's built-in TPC-B-like script on a separate database of the same server
 * (bluemarble_pgbench, initialised once) for the same number of clients and seconds, and the ratio of buy throughput to it.
 *
 * `--contend` runs a busy loop pinned to one core beside it (a second CPU-heavy process, the same on every machine).
 *
 * For the scale data: DATABASE_URL=…/bluemarble_scale ELASTICSEARCH_INDEX_PREFIX=bluemarble_scale (after search:reindex).
 *
 * The buy phase changes the target database: benchmark buyers get 10^9 gold each (a bench-only grant) and buy single
 * units of random gold listings. Run it on a scale database of its own, not the demo.
 */
import { loadEnv } from "../lib/env";
import { closedLoop, contendIfAsked, cpuMeter, engineProcessGroups, formatCpuPerOp, loadAverage, postgresBackends, numberOption, percentile, recordLatency, recordValue, runPgbench, textOption, warmUntilSteady } from "./lib";
import { buyableListings, loadMarketTerms, marketQuery, prepareBuyers, vacuumMarket } from "./market-mix";

loadEnv();
const { createPostgresClients } = await import("@/server/clients/postgres");
const { createElasticsearch } = await import("@/server/clients/elasticsearch");
const { searchListings } = await import("@/server/market/listing-search.service");
const { buyListing } = await import("@/server/market/market.service");
const { searchListingsInput } = await import("@/server/market/market.schema");
type Engines = import("@/server/engines").Engines;

const url = textOption("url", process.env.DATABASE_URL ?? "");
const clients = numberOption("clients", 16);
const seconds = numberOption("seconds", 20);
// --skip-search: only buy and pgbench (A/B runs of a buy change; the search phase does not touch what a buy does).
const skipSearch = process.argv.includes("--skip-search");
const searchSource = textOption("search-source", "elasticsearch");
if (searchSource !== "elasticsearch" && searchSource !== "postgres") {
  console.error("--search-source is elasticsearch (the market's primary source) or postgres (its fallback).");
  process.exit(2);
}
if (!url) {
  console.error("Pass --url or set DATABASE_URL.");
  process.exit(2);
}

const postgres = createPostgresClients(url, clients + 4);
const pool = postgres.pool;
// What the market services touch: PostgreSQL, and Elasticsearch for search (an earlier version passed no search client,
// so every search failed over to PostgreSQL and the "search" figures were the fallback's).
const elasticsearch = createElasticsearch((process.env.ELASTICSEARCH_URL ?? "http://127.0.0.1:9200").split(","));
const engines = { postgres, elasticsearch, searchPrefix: process.env.ELASTICSEARCH_INDEX_PREFIX || "bluemarble", searchReads: searchSource } as unknown as Engines;


function report(name: string, latencies: number[], errors: number, wallSeconds: number): number {
  const sorted = [...latencies].sort((a, b) => a - b);
  const throughput = latencies.length / wallSeconds;
  recordLatency("bench:market", `market.${name}`, `market ${name} (in-process, ${clients} clients)`, latencies, { throughput, errors });
  console.log(
    `${name.padEnd(8)} n=${String(latencies.length).padStart(6)}  p50=${percentile(sorted, 50).toFixed(1)} ms  p95=${percentile(sorted, 95).toFixed(1)} ms  p99=${percentile(sorted, 99).toFixed(1)} ms  ` +
      `${throughput.toFixed(0)}/s  errors=${errors}`,
  );
  return throughput;
}

/** Runs `op` from `clients` concurrent loops for `seconds` (the phase's length unless given). */
const drive = (op: (client: number, i: number) => Promise<void>, forSeconds = seconds) => closedLoop(clients, forSeconds, op);

const stopContention = contendIfAsked();
try {
  // Every run buys thousands of units (dead listing, balance and stack versions, audit and transaction rows): vacuum
  // first, as autovacuum would between busy periods, so a run measures the market and not the previous run's dead
  // tuples (buy p95 on the same data: 49–54 ms before, 44–47 ms after).
  await vacuumMarket(pool);
  const { rows: counts } = await pool.query<{ listings: number; items: number }>(
    "SELECT (SELECT count(*) FROM game_data.marketplace_listings WHERE status = 'active')::int AS listings, (SELECT count(*) FROM game_data.items_master)::int AS items",
  );
  console.log(`database ${new URL(url).pathname.slice(1)}: ${counts[0]!.listings} active listings, ${counts[0]!.items} items; ${clients} clients, ${seconds} s per phase; load ${loadAverage()}`);
  const terms = await loadMarketTerms(pool);
  // CPU time per operation of each process this bench drives (this Node process, the database's backends, the search
  // node): where the time of a search or a buy goes, beside its latency.
  const { elasticsearch: elasticsearchPids } = engineProcessGroups();
  const cpuGroups = { node: () => [process.pid], postgres: postgresBackends(pool, new URL(url).pathname.slice(1)), elasticsearch: elasticsearchPids! };

  // ---------------------------------------------------------------- search
  // A sample is one page request, as a player's browser sends it: a first page (item-name text, or a browse without
  // text) or, for every fourth first page that has one, the next page through its cursor. Until the fifth stop a first
  // page and its next page were one sample, two requests in a row; that composite is still printed, to compare.
  const sources = new Map<string, number>();
  const byKind = { text: [] as number[], browse: [] as number[], "next page": [] as number[], "first + next page": [] as number[] };
  const pages: number[] = [];
  const searchPage = async (kind: "text" | "browse" | "next page", input: Parameters<typeof searchListingsInput.parse>[0]) => {
    const started = performance.now();
    const page = await searchListings(engines, searchListingsInput.parse(input));
    const took = performance.now() - started;
    byKind[kind].push(took);
    pages.push(took);
    const label = page.degraded ? `${page.source} (fallback)` : page.source;
    sources.set(label, (sources.get(label) ?? 0) + 1);
    return { page, took };
  };
  const searchOnce = async () => {
    const { kind, query } = marketQuery(terms);
    const first = await searchPage(kind, { ...query, limit: 25 });
    if (first.page.nextCursor && Math.random() < 0.25) {
      const next = await searchPage("next page", { ...query, limit: 25, cursor: first.page.nextCursor });
      byKind["first + next page"].push(first.took + next.took);
    }
  };
  if (!skipSearch) {
    // Warm-up: 3-second passes of the same concurrent mix, each followed by 2 idle seconds, until the throughput levels
    // off (at most 40 passes). Right after Elasticsearch starts, its JIT compiles what this load runs, and under 16
    // clients on two cores the compiler threads hardly get a core: back-to-back passes levelled off at half the steady
    // rate and stayed there for minutes (docs/benchmarks.md, fifth stop). The idle gaps let the compiler catch up.
    const warmRates = await warmUntilSteady(async () => {
      const pass = await drive(() => searchOnce(), 3);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      return pass.latencies.length / pass.wall;
    }, { minPasses: 6, maxPasses: 40 });
    console.log(`warm-up  ${warmRates.length} passes of 3 s (2 s apart): ${warmRates.map((r) => r.toFixed(0)).join(" → ")} searches/s`);
    for (const list of [...Object.values(byKind), pages]) list.length = 0;
    sources.clear();
    const searchCpu = await cpuMeter(cpuGroups);
    const search = await drive(() => searchOnce());
    const searchCpuMs = searchCpu.stop();
    report("search", pages, search.errors, search.wall);
    console.log(`  CPU per page: ${formatCpuPerOp(searchCpuMs, pages.length)}`);
    // Item-name text goes to Elasticsearch (then PostgreSQL reads the page's rows); browsing without text to PostgreSQL.
    for (const [kind, samples] of Object.entries(byKind)) {
      recordLatency("bench:market", `market.search.${kind.replaceAll(" ", "-")}`, `market search: ${kind}`, samples);
      const sorted = [...samples].sort((a, b) => a - b);
      console.log(`  ${kind.padEnd(17)} n=${String(sorted.length).padStart(6)}  p50=${percentile(sorted, 50).toFixed(1)} ms  p95=${percentile(sorted, 95).toFixed(1)} ms  p99=${percentile(sorted, 99).toFixed(1)} ms`);
    }
    console.log(`         pages answered by ${[...sources].map(([source, count]) => `${source} ${count}`).join(", ")}`);
    if (search.firstErrors.length) console.log("  search errors:", search.firstErrors);
    const fellBack = sources.get("postgres (fallback)") ?? 0;
    if (searchSource === "elasticsearch" && fellBack > 0)
      console.log(`  warning: ${fellBack} pages came from the PostgreSQL fallback: is ${engines.searchPrefix}_listings indexed (search:reindex)?`);
  }

  // ---------------------------------------------------------------- buy
  // One buyer character per client (of distinct players), rich enough for any listing; each client buys single units of
  // its own random slice of gold listings, so contention is what a busy market has, not an artefact of the bench.
  // Four buyers per client, and only stackable goods, so bags do not fill up during the run. Buyers are drawn at random
  // (a 1 % sample of the players, a new one each run): the same first buyers run after run grew their bags and made
  // later runs slower than earlier ones. Small databases (the demo) fall back to every player.
  const buyersPerClient = 4;
  const buyers = await prepareBuyers(pool, clients * buyersPerClient);
  const sellable = await buyableListings(pool, buyers);
  const slices = Array.from({ length: clients }, (_, client) => sellable.filter((__, i) => i % clients === client));
  let keyCounter = 0;
  const runId = Date.now().toString(36);
  const buyOnce = async (client: number, i: number) => {
    const buyer = buyers[(client * buyersPerClient + (i % buyersPerClient)) % buyers.length]!;
    const listing = slices[client]![i % slices[client]!.length]!;
    await buyListing(engines, { userId: buyer.playerId, playerId: buyer.playerId, clientIp: null }, {
      listingId: listing,
      buyerCharacterId: buyer.characterId,
      quantity: 1,
      idempotencyKey: `bench-${runId}-${keyCounter++}`,
    });
  };
  // WAL written per buy: a cost figure that the run-to-run noise of latency on two shared cores does not blur (every
  // row written, index entry added and row lock taken is in it). Nothing else writes to the server during the phase.
  const walBefore = (await pool.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn")).rows[0]!.lsn;
  const buyCpu = await cpuMeter(cpuGroups);
  const buy = await drive(buyOnce);
  const buyCpuMs = buyCpu.stop();
  const { rows: wal } = await pool.query<{ bytes: string }>("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::text AS bytes", [walBefore]);
  const buyThroughput = report("buy", buy.latencies, buy.errors, buy.wall);
  if (buy.latencies.length) console.log(`  CPU per buy: ${formatCpuPerOp(buyCpuMs, buy.latencies.length)}`);
  if (buy.latencies.length) console.log(`wal      ${(Number(wal[0]!.bytes) / buy.latencies.length / 1024).toFixed(1)} KiB of WAL per buy`);
  if (buy.firstErrors.length) console.log("  refused buys (sold out / bag full):", buy.firstErrors);

  // ---------------------------------------------------------------- pgbench
  const pgbench = await runPgbench(url, clients, seconds);
  console.log(`pgbench  TPC-B-like, scale 10, ${clients} clients: ${pgbench.tps.toFixed(0)} tps (latency average ${pgbench.latencyAverageMs} ms)`);
  console.log(`ratio    market buys / pgbench transactions = ${(buyThroughput / pgbench.tps).toFixed(2)}`);
  recordValue("bench:market", "market.pgbench-tps", "pgbench TPC-B-like (same run as the buys)", pgbench.tps, "tps");
  recordValue("bench:market", "market.buy-ratio", "market buys ÷ pgbench transactions", buyThroughput / pgbench.tps, "×");
} finally {
  stopContention();
  await postgres.prisma.$disconnect().catch(() => undefined);
  await pool.end();
  await elasticsearch.close();
}
