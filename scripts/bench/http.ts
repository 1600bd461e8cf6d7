/**
 * `npm run bench:http [-- --seconds 8 --only sign-in,character,move,search,buy,guild,region --base http://… --portal-pid N --skip-in-process --contend]`
 * What a player pays, through the production server: `next build` (when the build is older than the code) and
 * `next start` on BENCH_PORT (default 3210) against the scale data set (docs/data.md: database, index prefix and keyspace
 * `bluemarble_scale`, Redis BENCH_REDIS_URL), with real sessions: scale players signed in through next-auth's credentials
 * endpoint (password of the seed), and the demo analyst for the staff world viewer.
 *
 * Open loop: for each endpoint the arrival rate is fixed for a step (`--seconds`), then raised ×1.5 until the step's p95
 * over every request (failures included, each timed from when it was due) passes the endpoint's target or more than 1 %
 * fail; one step between the last rate that held and the first that did not follows. Printed per endpoint: each step,
 * the highest rate that held with its p50/p95/p99 and throughput, and the CPU each process spent per request at that rate.
 * The same steps then run in this process through the tRPC caller with the same engines' clients as the server's
 * (`processEngines`: no HTTP, no Next.js rendering, no superjson, no session check), so the web layer's cost is the difference.
 * Why our own arrival schedule over undici's pool and not autocannon: docs/benchmarks.md ("How bench:http loads the server").
 *
 * It changes the scale database like bench:market (buyers get 10^9 gold, units are bought) and moves items back and forth.
 */
import { Pool } from "undici";
import superjson from "superjson";
import { loadEnv } from "../lib/env";
import {
  closedLoop,
  contendIfAsked,
  cpuMeter,
  engineProcessGroups,
  findMaxRate,
  formatCpuPerOp,
  loadAverage,
  ms,
  numberOption,
  openLoop,
  postgresBackends,
  processTree,
  recordLatency,
  recordValue,
  sleep,
  summarize,
  textOption,
  warmUntilSteady,
  type OpenLoopStep,
} from "./lib";
import { buyableListings, loadMarketTerms, marketQuery, prepareBuyers, vacuumMarket } from "./market-mix";
import { scaleNames, signInOverHttp, startPortal, type Portal } from "./portal";
import { findRegionBox, type WorldBox } from "./world-region";

loadEnv();
// The in-process side builds its engines exactly as the server does (processEngines reads these).
const names = scaleNames();
Object.assign(process.env, names);
const { createCaller } = await import("@/server/app.router");
const { createInnerContext } = await import("@/server/context");
const { processEngines } = await import("@/server/engines");
const { authorizeCredentials } = await import("@/server/account/auth.service");
type SessionUser = import("@/server/session").SessionUser;

const stepSeconds = numberOption("seconds", 8);
const only = textOption("only", "").split(",").filter(Boolean);
const skipInProcess = process.argv.includes("--skip-in-process");
const port = numberOption("port", Number(process.env.BENCH_PORT ?? 3210));
const scalePassword = "bluemarble-demo"; // every seeded account's password (scripts/db/seed/demo-world.ts, DEMO_PASSWORD)
const database = new URL(names.DATABASE_URL).pathname.slice(1);

const stopContention = contendIfAsked();
const engines = processEngines();
const pool = engines.postgres.pool;
let portal: Portal | null = null;
const http = { client: null as Pool | null };

// ------------------------------------------------------------------ HTTP as the browser sends it

/** A distinct documentation address (RFC 5737) per virtual client, as X-Forwarded-For. */
const clientIp = (i: number) => `198.51.${100 + ((i >> 8) % 2)}.${i % 256}`;

async function expectOk(answer: Awaited<ReturnType<Pool["request"]>>, what: string): Promise<string> {
  const text = await answer.body.text();
  if (answer.statusCode < 200 || answer.statusCode >= 300) {
    const message = /"message":"([^"]*)"/.exec(text)?.[1];
    throw new Error(`${what}: HTTP ${answer.statusCode}${message ? ` ${message}` : ""}`);
  }
  return text;
}

/** A tRPC call as `httpBatchLink` makes it (one call per batch): GET for queries, POST for mutations, superjson inside. */
async function trpc<T>(type: "query" | "mutation", path: string, input: unknown, cookie: string | null, ip: string): Promise<T> {
  const headers: Record<string, string> = { "x-forwarded-for": ip };
  if (cookie) headers.cookie = cookie;
  const batch = JSON.stringify({ 0: superjson.serialize(input) });
  const answer =
    type === "query"
      ? await http.client!.request({ method: "GET", path: `/api/trpc/${path}?batch=1&input=${encodeURIComponent(batch)}`, headers })
      : await http.client!.request({ method: "POST", path: `/api/trpc/${path}?batch=1`, headers: { ...headers, "content-type": "application/json" }, body: batch });
  const [result] = JSON.parse(await expectOk(answer, path)) as [{ result?: { data: Parameters<typeof superjson.deserialize>[0] }; error?: { json: { message: string } } }];
  if (result?.error) throw new Error(`${path}: ${result.error.json.message}`);
  return superjson.deserialize<T>(result!.result!.data);
}

async function page(path: string, cookie: string, ip: string): Promise<void> {
  const answer = await http.client!.request({ method: "GET", path, headers: { cookie, "x-forwarded-for": ip } });
  await expectOk(answer, path);
}

// ------------------------------------------------------------------ who plays

interface Player {
  session: SessionUser;
  cookie: string;
  ip: string;
}

interface BagCharacter {
  player: Player;
  characterId: number;
  fromSlot: number;
  toSlot: number;
  moved: boolean;
  busy: boolean;
}

/** Round-robin over entities, skipping those still busy from an earlier arrival (a player has one move in flight). */
function roster<T extends { busy: boolean }>(items: T[]): () => T {
  let next = 0;
  return () => {
    for (let tries = 0; tries < items.length; tries++) {
      const item = items[next++ % items.length]!;
      if (!item.busy) return item;
    }
    return items[next++ % items.length]!;
  };
}

/** Live scale characters with items and a free slot, one per player, drawn at random. */
async function bagCharacters(count: number): Promise<{ playerId: number; username: string; characterId: number; fromSlot: number; toSlot: number }[]> {
  const { rows } = await pool.query<{ playerId: number; username: string; characterId: number; slots: number[] }>(
    `SELECT DISTINCT ON (c.player_id) c.player_id AS "playerId", p.username, c.character_id AS "characterId",
            (SELECT array_agg(ci.slot_position ORDER BY ci.slot_position) FROM game_data.character_inventory ci WHERE ci.character_id = c.character_id) AS slots
       FROM game_data.players p TABLESAMPLE BERNOULLI (2) JOIN game_data.characters c ON c.player_id = p.player_id
      WHERE p.username LIKE 'scale\\_%' AND p.is_banned = FALSE AND c.deleted_at IS NULL
        AND EXISTS (SELECT 1 FROM game_data.character_inventory ci WHERE ci.character_id = c.character_id)
      ORDER BY c.player_id, c.character_id
      LIMIT $1`,
    [count],
  );
  return rows.map((row) => {
    const occupied = new Set(row.slots);
    let toSlot = 0;
    while (occupied.has(toSlot)) toSlot++;
    return { playerId: Number(row.playerId), username: row.username, characterId: Number(row.characterId), fromSlot: row.slots[0]!, toSlot };
  });
}

async function signInAll(accounts: { playerId: number; username: string }[], roles: SessionUser["roles"] = []): Promise<Player[]> {
  const players: Player[] = [];
  for (let i = 0; i < accounts.length; i += 8) {
    const batch = accounts.slice(i, i + 8);
    players.push(
      ...(await Promise.all(
        batch.map(async (account, j) => {
          const ip = clientIp(i + j);
          return { session: { playerId: account.playerId, username: account.username, roles }, cookie: await signInOverHttp(http.client!, account.username, scalePassword, ip), ip };
        }),
      )),
    );
  }
  return players;
}

// ------------------------------------------------------------------ the endpoints

interface Endpoint {
  key: string;
  label: string;
  targetMs: number;
  startRate: number;
  http: (i: number) => Promise<void>;
  inProcess: (i: number) => Promise<void>;
}

const callerFor = (session: SessionUser | null, ip: string) => createCaller(createInnerContext({ engines, session, clientIp: ip }));

async function endpoints(): Promise<Endpoint[]> {
  const wanted = (key: string) => only.length === 0 || only.includes(key);
  const list: Endpoint[] = [];
  console.log("preparing sessions and data…");

  if (wanted("sign-in")) {
    const { rows } = await pool.query<{ username: string }>("SELECT username FROM game_data.players TABLESAMPLE BERNOULLI (1) WHERE username LIKE 'scale\\_%' AND is_banned = FALSE LIMIT 500");
    const usernames = rows.map((r) => r.username);
    list.push({
      key: "sign-in",
      label: "sign-in (csrf + credentials callback)",
      targetMs: 100,
      startRate: 4,
      http: async (i) => void (await signInOverHttp(http.client!, usernames[i % usernames.length]!, scalePassword, clientIp(i))),
      inProcess: async (i) => void (await authorizeCredentials(engines, { username: usernames[i % usernames.length]!, password: scalePassword }, clientIp(i))),
    });
  }

  const needBags = wanted("character") || wanted("move");
  const bags: BagCharacter[] = needBags
    ? await (async () => {
        const found = await bagCharacters(128);
        const players = await signInAll(found);
        return found.map((c, i) => ({ player: players[i]!, characterId: c.characterId, fromSlot: c.fromSlot, toSlot: c.toSlot, moved: false, busy: false }));
      })()
    : [];
  if (wanted("character")) {
    list.push({
      key: "character",
      label: "character page (GET /characters/[id])",
      targetMs: 30,
      startRate: 10,
      http: async (i) => {
        const c = bags[i % bags.length]!;
        await page(`/characters/${c.characterId}`, c.player.cookie, c.player.ip);
      },
      // What the page's server components ask for: the layout's account.me and the page's character.get.
      inProcess: async (i) => {
        const c = bags[i % bags.length]!;
        const caller = callerFor(c.player.session, c.player.ip);
        await Promise.all([caller.account.me(), caller.character.get({ characterId: c.characterId })]);
      },
    });
  }
  if (wanted("move")) {
    const next = roster(bags);
    // Back and forth between the first occupied and the first free slot; a move that failed leaves its character out.
    const move = async (call: (c: BagCharacter, input: { characterId: number; fromSlot: number; toSlot: number }) => Promise<unknown>) => {
      const c = next();
      c.busy = true;
      try {
        await call(c, { characterId: c.characterId, fromSlot: c.moved ? c.toSlot : c.fromSlot, toSlot: c.moved ? c.fromSlot : c.toSlot });
        c.moved = !c.moved;
        c.busy = false;
      } catch (error) {
        bags.splice(bags.indexOf(c), 1);
        throw error;
      }
    };
    list.push({
      key: "move",
      label: "inventory move (POST inventory.move)",
      targetMs: 20,
      startRate: 10,
      http: () => move((c, input) => trpc("mutation", "inventory.move", input, c.player.cookie, c.player.ip)),
      inProcess: () => move((c, input) => callerFor(c.player.session, c.player.ip).inventory.move(input)),
    });
  }

  if (wanted("search")) {
    const terms = await loadMarketTerms(pool);
    // A quarter of the arrivals ask for the next page of an earlier answer that had one (each page request is a sample).
    const cursors: { query: object; cursor: string }[] = [];
    const pageInput = () => {
      if (cursors.length && Math.random() < 0.2) {
        const { query, cursor } = cursors.splice(Math.floor(Math.random() * cursors.length), 1)[0]!;
        return { query, input: { ...query, cursor, limit: 25 } };
      }
      const { query } = marketQuery(terms);
      return { query, input: { ...query, limit: 25 } };
    };
    const keep = (query: object, nextCursor: string | null | undefined) => {
      if (nextCursor && cursors.length < 1000) cursors.push({ query, cursor: nextCursor });
    };
    const anonymous = callerFor(null, "198.51.100.1");
    list.push({
      key: "search",
      label: "market search (GET market.search)",
      targetMs: 30,
      startRate: 20,
      http: async (i) => {
        const { query, input } = pageInput();
        keep(query, (await trpc<{ nextCursor?: string | null }>("query", "market.search", input, null, clientIp(i))).nextCursor);
      },
      inProcess: async () => {
        const { query, input } = pageInput();
        keep(query, (await anonymous.market.search(input as never)).nextCursor);
      },
    });
  }

  if (wanted("buy")) {
    await vacuumMarket(pool);
    const buyers = await prepareBuyers(pool, 64, "scale\\_%");
    const players = await signInAll(buyers);
    // Prepared before every endpoint's steps: listings must outlive the whole run (it takes tens of minutes when slow).
    const listings = await buyableListings(pool, buyers, 60_000, 180);
    const runId = Date.now().toString(36);
    let bought = 0;
    const buyerAt = (i: number) => ({ buyer: buyers[i % buyers.length]!, player: players[i % buyers.length]! });
    const input = (i: number) => ({ listingId: listings[bought++ % listings.length]!, buyerCharacterId: buyerAt(i).buyer.characterId, quantity: 1, idempotencyKey: `bench-http-${runId}-${i}-${bought}` });
    list.push({
      key: "buy",
      label: "market buy (POST market.buy)",
      targetMs: 50,
      startRate: 20,
      http: async (i) => void (await trpc("mutation", "market.buy", input(i), buyerAt(i).player.cookie, buyerAt(i).player.ip)),
      inProcess: async (i) => void (await callerFor(buyerAt(i).player.session, buyerAt(i).player.ip).market.buy(input(i))),
    });
  }

  if (wanted("guild")) {
    const { rows: guilds } = await pool.query<{ guildId: number }>(
      `SELECT g.guild_id AS "guildId" FROM game_data.guilds g JOIN game_data.guild_members m ON m.guild_id = g.guild_id
        GROUP BY g.guild_id ORDER BY count(*) DESC, g.guild_id LIMIT 64`,
    );
    const viewers = bags.length ? bags.map((b) => b.player) : await signInAll((await bagCharacters(32)).map((c) => c));
    list.push({
      key: "guild",
      label: "guild page (GET /guilds/[id])",
      targetMs: 30,
      startRate: 10,
      http: async (i) => {
        const viewer = viewers[i % viewers.length]!;
        await page(`/guilds/${guilds[i % guilds.length]!.guildId}`, viewer.cookie, viewer.ip);
      },
      // The layout's account.me, the page's guild.get and account.me together, then guild.mine.
      inProcess: async (i) => {
        const viewer = viewers[i % viewers.length]!;
        const caller = callerFor(viewer.session, viewer.ip);
        await Promise.all([caller.account.me(), caller.guild.get({ guildId: Number(guilds[i % guilds.length]!.guildId) }), caller.account.me()]);
        await caller.guild.mine();
      },
    });
  }

  if (wanted("region")) {
    const { rows } = await pool.query<{ playerId: number; username: string }>(
      `SELECT p.player_id AS "playerId", p.username FROM game_data.players p JOIN game_data.staff_roles r ON r.player_id = p.player_id WHERE p.username = 'demo_analyst'`,
    );
    if (!rows.length) throw new Error(`no demo_analyst in ${database}: load the demo world (npm run db:seed) first`);
    const [staff] = await signInAll([{ playerId: Number(rows[0]!.playerId), username: rows[0]!.username }], ["analyst"]);
    const regions = await trpc<{ min: { x: number; y: number; z: number }; max: { x: number; y: number; z: number }; metadata: Record<string, unknown> }[]>("query", "world.regions", undefined, staff!.cookie, staff!.ip);
    const survey = regions.find((r) => r.metadata.source === "world:seed");
    if (!survey) throw new Error(`no seeded world in keyspace ${names.CASSANDRA_KEYSPACE}: run npm run world:seed -- --scale --keyspace ${names.CASSANDRA_KEYSPACE}`);
    const full: WorldBox = { minX: survey.min.x, minY: survey.min.y, minZ: survey.min.z, maxX: survey.max.x, maxY: survey.max.y, maxZ: survey.max.z };
    const level = 20; // MAX_LEVEL - 1, as bench:world
    const read = (box: WorldBox) => trpc<{ count: number }>("query", "world.region", { box, level, budget: 250_000 }, staff!.cookie, staff!.ip);
    // The first reads fill the cache: the steps measure warm regions, as bench:world's 16 viewers do.
    const { box, count } = await findRegionBox(full, async (candidate) => (await read(candidate)).count);
    console.log(`world region: ${count} nodes at level ${level}`);
    const staffCaller = callerFor(staff!.session, staff!.ip);
    list.push({
      key: "region",
      label: `world region, ${count} nodes warm (GET world.region, analyst)`,
      targetMs: 300,
      startRate: 2,
      http: async () => void (await read(box)),
      inProcess: async () => void (await staffCaller.world.region({ box, level, budget: 250_000 })),
    });
  }
  return list;
}

// ------------------------------------------------------------------ measuring

function stepLine(step: OpenLoopStep, held: boolean): string {
  const s = summarize(step.latencies);
  return (
    `  ${String(step.rate).padStart(6)}/s  n=${String(step.scheduled).padStart(5)}  p50 ${ms(s.p50).padStart(9)}  p95 ${ms(s.p95).padStart(9)}  p99 ${ms(s.p99).padStart(9)}  ` +
    `${step.throughput.toFixed(0).padStart(5)}/s done  failed ${step.failures}  in flight ≤ ${step.maxInFlight}  send lag p99 ${ms(step.sendLagP99)}  ${held ? "holds" : "MISSES"}` +
    (step.firstFailures.length ? `\n           first failures: ${step.firstFailures.join(" | ")}` : "")
  );
}

interface Measured {
  best: OpenLoopStep | null;
  /** The step at the lowest rate tried: what a light load gets, reported when no rate held. */
  lowest: OpenLoopStep;
  cpu: Record<string, number>;
  cpuOps: number;
}

/**
 * Warm-up until the rate levels off (closed loop, 4 clients, 3-s passes 1 s apart: the server's JIT and pools, the
 * engines' caches), then the rate search; the CPU of each process is sampled per step and kept for the best step.
 */
async function measure(label: string, send: (i: number) => Promise<void>, endpoint: Endpoint, groups: () => Promise<Record<string, () => number[] | Promise<number[]>>>): Promise<Measured> {
  let counter = 0;
  const sendNext = () => send(counter++);
  const warm = await warmUntilSteady(
    async () => {
      const pass = await closedLoop(4, 3, () => sendNext());
      await sleep(1_000);
      return pass.latencies.length / pass.wall;
    },
    { minPasses: 3, maxPasses: 10 },
  );
  console.log(`${label} (warm-up ${warm.map((r) => r.toFixed(0)).join(" → ")}/s):`);
  const cpuByRate = new Map<number, Record<string, number>>();
  const resolvedGroups = await groups();
  const search = await findMaxRate(
    async (rate) => {
      const meter = await cpuMeter(resolvedGroups);
      // At least 30 requests per step (so that a slow endpoint's p95 is not its slowest one or two requests), and at most
      // 30 s (a halved start rate of 0.25/s would otherwise take two minutes).
      const step = await openLoop(sendNext, { rate, seconds: Math.min(Math.max(stepSeconds, 30 / rate), Math.max(stepSeconds, 30)) });
      cpuByRate.set(rate, meter.stop());
      return step;
    },
    { startRate: endpoint.startRate, targetMs: endpoint.targetMs, onStep: (step, held) => console.log(stepLine(step, held)) },
  );
  const best = search.best;
  const lowest = search.steps.reduce((low, step) => (step.rate < low.rate ? step : low));
  const kept = best ?? lowest;
  return { best, lowest, cpu: cpuByRate.get(kept.rate)!, cpuOps: kept.scheduled - kept.failures };
}

function verdictLine(what: string, measured: Measured, targetMs: number): string {
  if (!measured.best) {
    const s = summarize(measured.lowest.latencies);
    return `  ${what.padEnd(11)} no rate held p95 < ${targetMs} ms; at the lowest, ${measured.lowest.rate}/s: p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  p99 ${ms(s.p99)}\n              CPU per request: ${formatCpuPerOp(measured.cpu, measured.cpuOps)}`;
  }
  const s = summarize(measured.best.latencies);
  return `  ${what.padEnd(11)} holds up to ${String(measured.best.rate).padStart(6)}/s: p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  p99 ${ms(s.p99)}  ${measured.best.throughput.toFixed(0)}/s\n              CPU per request: ${formatCpuPerOp(measured.cpu, measured.cpuOps)}`;
}

const engineGroups = engineProcessGroups();
const backends = postgresBackends(pool, database);

try {
  console.log(`bench:http · ${database} · steps of ${stepSeconds} s · load ${loadAverage()}`);
  // --base: a portal started elsewhere (npm run bench starts one for this and the viewer; --portal-pid names its process).
  portal = textOption("base", "") ? { base: textOption("base", ""), pid: numberOption("portal-pid", 0) || null, stop: async () => undefined } : await startPortal(port, { ...process.env, ...names } as Record<string, string>);
  http.client = new Pool(portal.base, { connections: 128, pipelining: 1, keepAliveTimeout: 30_000 });
  const list = await endpoints();
  const summary: string[] = [];
  for (const endpoint of list) {
    console.log(`\n== ${endpoint.label} · target p95 < ${endpoint.targetMs} ms`);
    const serverPid = portal.pid;
    const viaHttp = await measure("through HTTP (next start)", endpoint.http, endpoint, async () => ({
      portal: () => (serverPid ? processTree(serverPid) : []),
      generator: () => [process.pid],
      postgres: backends,
      ...engineGroups,
    }));
    const inProcess = skipInProcess
      ? null
      : await measure("in-process (tRPC caller, same engines' clients)", endpoint.inProcess, endpoint, async () => ({ bench: () => [process.pid], postgres: backends, ...engineGroups }));
    const lines = [`${endpoint.label} (target p95 < ${endpoint.targetMs} ms)`, verdictLine("HTTP", viaHttp, endpoint.targetMs)];
    if (inProcess) lines.push(verdictLine("in-process", inProcess, endpoint.targetMs));
    if (viaHttp.best && inProcess?.best)
      lines.push(`  web layer: ${(inProcess.best.rate / viaHttp.best.rate).toFixed(1)}× the rate in-process; p95 at the HTTP rate ${ms(summarize(viaHttp.best.latencies).p95)} vs ${ms(summarize(inProcess.best.latencies).p95)} at ${inProcess.best.rate}/s in-process`);
    summary.push(lines.join("\n"));
    for (const [side, measured] of [["http", viaHttp], ["in-process", inProcess]] as const) {
      if (!measured) continue;
      // With no rate that held, the lowest rate's step stands in (its label says so) and the highest rate is 0.
      const step = measured.best ?? measured.lowest;
      const held = measured.best ? `at ${step.rate}/s` : `no rate held; at the lowest, ${step.rate}/s`;
      recordLatency("bench:http", `http.${endpoint.key}.${side}`, `${endpoint.label}, ${side}, ${held}`, step.latencies, { throughput: step.throughput, errors: step.failures });
      recordValue("bench:http", `http.${endpoint.key}.${side}.rate`, `${endpoint.label}: highest rate holding p95 < ${endpoint.targetMs} ms, ${side}`, measured.best?.rate ?? 0, "/s");
      const total = Object.values(measured.cpu).reduce((sum, v) => sum + v, 0) / measured.cpuOps;
      recordValue("bench:http", `http.${endpoint.key}.${side}.cpu`, `${endpoint.label}: CPU per request, ${side} (${Object.entries(measured.cpu).map(([k, v]) => `${k} ${(v / measured.cpuOps).toFixed(2)}`).join(", ")})`, total, "ms CPU");
    }
  }
  console.log(`\n==== summary (load ${loadAverage()}) ====\n${summary.join("\n\n")}`);
} catch (error) {
  console.error("bench:http failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  stopContention();
  await http.client?.close().catch(() => undefined);
  await portal?.stop();
  await Promise.allSettled([engines.postgres.prisma.$disconnect(), pool.end(), engines.redis.quit(), engines.cassandra.shutdown(), engines.elasticsearch.close()]);
}
