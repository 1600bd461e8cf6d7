/**
 * `npm run bench:market [-- --url postgresql://... --seconds 20 --clients 16 --skip-search --search-source postgres]`
 * Market latency on `db:seed --scale 1` data: search (the market's search service as the page calls it: item-name text
 * through Elasticsearch's listings index under ELASTICSEARCH_INDEX_PREFIX with the rows read from PostgreSQL, browsing
 * without text on PostgreSQL; item words, filters, cursor pages and the seed's "listings of one item by price" query)
 * and buy (the whole purchase transaction), each under 16 concurrent clients, printing p50/p95/p99 (search: per page
 * request, and per kind) and which source answered the searches. `--search-source postgres` measures the
 * PostgreSQL path the market falls back to while Elasticsearch is down. Then pgbench's built-in TPC-B-like script on a separate database of the same server
 * (bluemarble_pgbench, initialised once) for the same number of clients and seconds, and the ratio of buy throughput to it.
 *
 * For the scale data: DATABASE_URL=…/bluemarble_scale ELASTICSEARCH_INDEX_PREFIX=bluemarble_scale (after search:reindex).
 *
 * The buy phase changes the target database: benchmark buyers get 10^9 gold each (a bench-only grant) and buy single
 * units of random gold listings. Run it on a scale database of its own, not the demo.
 */
import { execFileSync } from "node:child_process";
import { loadEnv } from "../lib/env";
import { numberOption, percentile, textOption, warmUntilSteady } from "./lib";

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
  console.log(
    `${name.padEnd(8)} n=${String(latencies.length).padStart(6)}  p50=${percentile(sorted, 50).toFixed(1)} ms  p95=${percentile(sorted, 95).toFixed(1)} ms  p99=${percentile(sorted, 99).toFixed(1)} ms  ` +
      `${throughput.toFixed(0)}/s  errors=${errors}`,
  );
  return throughput;
}

/** Runs `op` from `clients` concurrent loops for `seconds`; returns latencies (ms) of successful calls. */
async function drive(op: (client: number, i: number) => Promise<void>, forSeconds = seconds): Promise<{ latencies: number[]; errors: number; wall: number; firstErrors: string[] }> {
  const latencies: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + forSeconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const t0 = performance.now();
        try {
          await op(client, i);
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors += 1;
          if (firstErrors.length < 3) firstErrors.push(error instanceof Error ? error.message : String(error));
        }
      }
    }),
  );
  return { latencies, errors, wall: (performance.now() - started) / 1000, firstErrors };
}

try {
  // Every run buys thousands of units (dead listing, balance and stack versions, audit and transaction rows): vacuum
  // first, as autovacuum would between busy periods, so a run measures the market and not the previous run's dead
  // tuples (buy p95 on the same data: 49–54 ms before, 44–47 ms after).
  await pool.query(
    "VACUUM (ANALYZE) game_data.audit_log, game_data.transactions, game_data.character_inventory, game_data.character_currencies, game_data.marketplace_listings, game_data.market_fees, game_data.market_idempotency_keys",
  );
  const { rows: counts } = await pool.query<{ listings: number; items: number }>(
    "SELECT (SELECT count(*) FROM game_data.marketplace_listings WHERE status = 'active')::int AS listings, (SELECT count(*) FROM game_data.items_master)::int AS items",
  );
  console.log(`database ${new URL(url).pathname.slice(1)}: ${counts[0]!.listings} active listings, ${counts[0]!.items} items; ${clients} clients, ${seconds} s per phase`);
  const words = (await pool.query<{ word: string }>("SELECT DISTINCT lower(w) AS word FROM game_data.items_master, regexp_split_to_table(item_name, '\\s+') AS w WHERE length(w) >= 3")).rows.map((r) => r.word);
  const itemIds = (await pool.query<{ itemId: number }>("SELECT DISTINCT item_id AS \"itemId\" FROM game_data.marketplace_listings WHERE status = 'active'")).rows.map((r) => r.itemId);
  const pick = <T,>(list: T[]): T => list[Math.floor(Math.random() * list.length)]!;
  const types = ["weapon", "armor", "consumable", "material", "misc"] as const;
  const rarities = ["common", "uncommon", "rare", "epic", "legendary"] as const;

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
    const roll = Math.random();
    const query =
      roll < 0.35
        ? { itemId: pick(itemIds), currencyType: "gold" as const } // the seed's query: one item's listings by price
        : roll < 0.7
          ? { text: pick(words).slice(0, 5) }
          : roll < 0.9
            ? { itemType: pick([...types]), rarity: pick([...rarities]), minPrice: 10, maxPrice: 5_000 }
            : { text: pick(words), minLevel: 1, maxLevel: 60 };
    const first = await searchPage("text" in query ? "text" : "browse", { ...query, limit: 25 });
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
    const search = await drive(() => searchOnce());
    report("search", pages, search.errors, search.wall);
    // Item-name text goes to Elasticsearch (then PostgreSQL reads the page's rows); browsing without text to PostgreSQL.
    for (const [kind, samples] of Object.entries(byKind)) {
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
  const findBuyers = async (sample: string) =>
    (
      await pool.query<{ characterId: number; playerId: number }>(
        `SELECT DISTINCT ON (c.player_id) c.character_id AS "characterId", c.player_id AS "playerId"
           FROM game_data.characters c
          WHERE c.deleted_at IS NULL AND (SELECT count(*) FROM game_data.character_inventory ci WHERE ci.character_id = c.character_id) < 100
            AND c.player_id IN (SELECT player_id FROM game_data.players ${sample})
          ORDER BY c.player_id, c.character_id
          LIMIT $1`,
        [clients * buyersPerClient],
      )
    ).rows;
  let buyers = await findBuyers(`TABLESAMPLE BERNOULLI (1) REPEATABLE (${Date.now() % 1_000_000})`);
  if (buyers.length < clients * buyersPerClient) buyers = await findBuyers("");
  await pool.query(
    `INSERT INTO game_data.character_currencies (character_id, currency_type, amount) SELECT id, 'gold', 1000000000 FROM unnest($1::bigint[]) AS id
     ON CONFLICT (character_id, currency_type) DO UPDATE SET amount = 1000000000`,
    [buyers.map((b) => b.characterId)],
  );
  const listingPool = (
    await pool.query<{ listingId: number; seller: number }>(
      `SELECT ml.listing_id AS "listingId", ml.seller_character_id AS seller
         FROM game_data.marketplace_listings ml JOIN game_data.items_master im ON im.item_id = ml.item_id
        WHERE ml.status = 'active' AND ml.currency_type = 'gold' AND ml.expires_at > now() + interval '10 minutes' AND im.max_stack_size >= 20
        ORDER BY random() LIMIT 60000`,
    )
  ).rows;
  const buyerIds = new Set(buyers.map((b) => b.characterId));
  const sellable = listingPool.filter((listing) => !buyerIds.has(listing.seller));
  const slices = Array.from({ length: clients }, (_, client) => sellable.filter((__, i) => i % clients === client));
  let keyCounter = 0;
  const runId = Date.now().toString(36);
  const buyOnce = async (client: number, i: number) => {
    const buyer = buyers[(client * buyersPerClient + (i % buyersPerClient)) % buyers.length]!;
    const listing = slices[client]![i % slices[client]!.length]!;
    await buyListing(engines, { userId: buyer.playerId, playerId: buyer.playerId, clientIp: null }, {
      listingId: listing.listingId,
      buyerCharacterId: buyer.characterId,
      quantity: 1,
      idempotencyKey: `bench-${runId}-${keyCounter++}`,
    });
  };
  // WAL written per buy: a cost figure that the run-to-run noise of latency on two shared cores does not blur (every
  // row written, index entry added and row lock taken is in it). Nothing else writes to the server during the phase.
  const walBefore = (await pool.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn")).rows[0]!.lsn;
  const buy = await drive(buyOnce);
  const { rows: wal } = await pool.query<{ bytes: string }>("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::text AS bytes", [walBefore]);
  const buyThroughput = report("buy", buy.latencies, buy.errors, buy.wall);
  if (buy.latencies.length) console.log(`wal      ${(Number(wal[0]!.bytes) / buy.latencies.length / 1024).toFixed(1)} KiB of WAL per buy`);
  if (buy.firstErrors.length) console.log("  refused buys (sold out / bag full):", buy.firstErrors);

  // ---------------------------------------------------------------- pgbench
  const bench = new URL(url);
  bench.pathname = "/bluemarble_pgbench";
  const exists = await pool.query("SELECT 1 FROM pg_database WHERE datname = 'bluemarble_pgbench'");
  const env = { ...process.env, PGHOST: bench.hostname, PGPORT: bench.port || "5432", PGUSER: decodeURIComponent(bench.username) || "postgres" };
  if (!exists.rowCount) {
    execFileSync("createdb", ["bluemarble_pgbench"], { env, stdio: "inherit" });
  }
  const initialised = await (async () => {
    const { Client } = (await import("pg")).default;
    const c = new Client({ connectionString: bench.toString() });
    await c.connect();
    try {
      return (await c.query("SELECT to_regclass('public.pgbench_accounts') IS NOT NULL AS ok")).rows[0].ok as boolean;
    } finally {
      await c.end();
    }
  })();
  if (!initialised) execFileSync("pgbench", ["-i", "-s", "10", "-q", "bluemarble_pgbench"], { env, stdio: "inherit" });
  const out = execFileSync("pgbench", ["-n", "-c", String(clients), "-j", "2", "-T", String(seconds), "bluemarble_pgbench"], { env, encoding: "utf8" });
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1] ?? /tps = ([\d.]+)/.exec(out)?.[1]);
  const latency = /latency average = ([\d.]+) ms/.exec(out)?.[1];
  console.log(`pgbench  TPC-B-like, scale 10, ${clients} clients: ${tps.toFixed(0)} tps (latency average ${latency} ms)`);
  console.log(`ratio    market buys / pgbench transactions = ${(buyThroughput / tps).toFixed(2)}`);
} finally {
  await postgres.prisma.$disconnect().catch(() => undefined);
  await pool.end();
  await elasticsearch.close();
}
