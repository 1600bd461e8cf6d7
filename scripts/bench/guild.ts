/**
 * `npm run bench:guild`: latency of the guild page load (guild.get + guild.memberView, what /guilds/[id] asks for) and of
 * membership changes (invite, accept, promote, leave; each one transaction under the guild's row lock), plus bank moves,
 * under 16 concurrent clients against DATABASE_URL, through the real tRPC procedures (createCaller).
 *
 * It brings its own rows and reuses them on later runs: players `bench_guild_NNNNN` with one character each
 * (`BenchGuildNNNNN`, plenty of gold), guilds `Bench Guild NNN` [BGNNN] with 30 members across all ranks, a third of
 * them online in Redis, and spare characters that join and leave. Each run resets the bench guilds' rosters first.
 * Everything else in the database (e.g. `npm run db:seed -- --scale 1`) is the scale around them.
 * Targets (issue 7): page load and membership changes p95 < 30 ms (the seed's guild_operations budget is 150 ms).
 *
 * Options: --clients 16  --ops 3000 (per phase)  --guilds 64  --members 30
 */
import { loadEnv } from "../lib/env";
import { numberOption, percentile, recordLatency } from "./lib";

loadEnv();
const { createPostgresClients } = await import("@/server/clients/postgres");
const { createRedis } = await import("@/server/clients/redis");
const { createCassandra } = await import("@/server/clients/cassandra");
const { createElasticsearch } = await import("@/server/clients/elasticsearch");
const { createInnerContext } = await import("@/server/context");
const { createCaller } = await import("@/server/app.router");

const clients = numberOption("clients", 16);
const opsPerPhase = numberOption("ops", 3000);
const guildCount = Math.min(numberOption("guilds", 64), 999);
const membersPerGuild = Math.max(numberOption("members", 30), 2);
const sparePerClient = 8;
const databaseUrl = process.env.DATABASE_URL!;

// The page load runs two procedures in parallel, so two connections per client.
const postgres = createPostgresClients(databaseUrl, clients * 2 + 4);
const redis = createRedis(process.env.REDIS_URL!);
// Guild procedures never touch Cassandra or Elasticsearch; the clients exist only to complete the context.
const cassandra = createCassandra({ contactPoints: (process.env.CASSANDRA_CONTACT_POINTS ?? "127.0.0.1").split(","), localDataCenter: process.env.CASSANDRA_LOCAL_DC ?? "datacenter1" });
const elasticsearch = createElasticsearch((process.env.ELASTICSEARCH_URL ?? "http://127.0.0.1:9200").split(","));
const engines = { postgres, redis, cassandra, elasticsearch, searchPrefix: process.env.ELASTICSEARCH_INDEX_PREFIX ?? "bluemarble", searchReads: "postgres" as const };
const pool = postgres.pool;

interface BenchCharacter {
  playerId: number;
  characterId: number;
  name: string;
  caller: ReturnType<typeof createCaller>;
}

interface BenchGuild {
  guildId: number;
  leader: BenchCharacter;
  members: BenchCharacter[];
}

const memberRanks = (i: number): string => (i === 0 ? "leader" : i <= 2 ? "officer" : i <= 7 ? "veteran" : i <= 19 ? "member" : "recruit");

/** Creates (once) and resets the bench players, characters, guilds, rosters and presence. */
async function prepare(): Promise<{ guilds: BenchGuild[]; spares: BenchCharacter[] }> {
  const total = guildCount * membersPerGuild + clients * sparePerClient;
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO game_data.players (username, email, password_hash)
       SELECT 'bench_guild_' || lpad(n::text, 5, '0'), 'bench_guild_' || lpad(n::text, 5, '0') || '@example.invalid', '!bench-no-login'
         FROM generate_series(1, $1::int) AS n
       ON CONFLICT (username) DO NOTHING`,
      [total],
    );
    await client.query(
      `INSERT INTO game_data.characters (player_id, name, class, level)
       SELECT p.player_id, 'BenchGuild' || right(p.username, 5), 'warrior', 1 + (right(p.username, 5)::int % 60)
         FROM game_data.players p
        WHERE p.username LIKE 'bench\\_guild\\_%' AND right(p.username, 5)::int <= $1
          AND NOT EXISTS (SELECT 1 FROM game_data.characters c WHERE c.player_id = p.player_id AND c.deleted_at IS NULL)`,
      [total],
    );
    const { rows } = await client.query<{ playerId: number; characterId: number; name: string }>(
      `SELECT c.player_id AS "playerId", c.character_id AS "characterId", c.name
         FROM game_data.characters c JOIN game_data.players p ON p.player_id = c.player_id
        WHERE p.username LIKE 'bench\\_guild\\_%' AND right(p.username, 5)::int <= $1 AND c.deleted_at IS NULL
        ORDER BY p.username`,
      [total],
    );
    const ids = rows.map((r) => r.characterId);
    await client.query(
      `INSERT INTO game_data.character_currencies (character_id, currency_type, amount) SELECT unnest($1::bigint[]), 'gold', 1000000000
       ON CONFLICT (character_id, currency_type) DO UPDATE SET amount = 1000000000`,
      [ids],
    );
    // Reset: bench characters leave every guild and their open requests close.
    await client.query("UPDATE game_data.guild_join_requests SET status = 'cancelled', decided_at = now() WHERE status = 'open' AND character_id = ANY($1::bigint[])", [ids]);
    const characters: BenchCharacter[] = rows.map((r) => ({
      ...r,
      caller: createCaller(createInnerContext({ engines, session: { playerId: r.playerId, username: `bench ${r.name}`, roles: [] } })),
    }));
    const guilds: BenchGuild[] = [];
    for (let g = 0; g < guildCount; g++) {
      const members = characters.slice(g * membersPerGuild, (g + 1) * membersPerGuild);
      const tag = `BG${String(g + 1).padStart(3, "0")}`;
      const { rows: guildRows } = await client.query<{ guildId: number }>(
        `INSERT INTO game_data.guilds (guild_name, guild_tag, leader_character_id, description, max_members, level, experience_points, is_recruiting)
         VALUES ($1, $2, $3, 'Benchmark guild', $4, 1 + $5::int % 20, ($5::int * 7919) % 100000, TRUE)
         ON CONFLICT (guild_tag) DO UPDATE SET leader_character_id = EXCLUDED.leader_character_id, max_members = EXCLUDED.max_members
         RETURNING guild_id AS "guildId"`,
        [`Bench Guild ${String(g + 1).padStart(3, "0")}`, tag, members[0]!.characterId, membersPerGuild + clients * sparePerClient, g],
      );
      guilds.push({ guildId: guildRows[0]!.guildId, leader: members[0]!, members });
    }
    await client.query("DELETE FROM game_data.guild_members WHERE character_id = ANY($1::bigint[])", [ids]);
    for (const guild of guilds) {
      await client.query(
        `INSERT INTO game_data.guild_members (guild_id, character_id, rank, permissions, contribution_points)
         SELECT $1, m.id, m.rank, CASE WHEN m.rank IN ('leader', 'officer') THEN '{"invite": true, "kick": true, "bank": true}'::jsonb
                                      ELSE '{"invite": false, "kick": false, "bank": false}'::jsonb END, m.ord * 37 % 5000
           FROM unnest($2::bigint[], $3::text[]) WITH ORDINALITY AS m(id, rank, ord)`,
        [guild.guildId, guild.members.map((m) => m.characterId), guild.members.map((_, i) => memberRanks(i))],
      );
    }
    await client.query("COMMIT");
    // A third of each roster online.
    const now = Date.now();
    const pipeline = redis.multi();
    for (const guild of guilds) {
      const online = guild.members.filter((_, i) => i % 3 === 0).map((m) => String(m.characterId));
      pipeline.del(`online:guild:${guild.guildId}`).sadd(`online:guild:${guild.guildId}`, ...online);
      for (const id of online) pipeline.zadd("online:characters", now, id);
    }
    await pipeline.exec();
    return { guilds, spares: characters.slice(guildCount * membersPerGuild) };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}


const fmt = (n: number) => n.toFixed(1).padStart(6);

class Recorder {
  readonly samples = new Map<string, number[]>();
  errors = 0;
  firstError: unknown;
  async time<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      const list = this.samples.get(name) ?? [];
      list.push(performance.now() - started);
      this.samples.set(name, list);
    }
  }
  report(phase: string, seconds: number, operations: number): Map<string, number> {
    console.log(`\n${phase}: ${operations} operations in ${seconds.toFixed(1)} s = ${(operations / seconds).toFixed(0)} ops/s${this.errors ? `, ${this.errors} errors (first: ${String(this.firstError)})` : ""}`);
    const p95s = new Map<string, number>();
    for (const [name, list] of this.samples) {
      const sorted = [...list].sort((a, b) => a - b);
      const mean = sorted.reduce((s, n) => s + n, 0) / sorted.length;
      console.log(
        `  ${name.padEnd(22)} n ${String(sorted.length).padStart(5)}  p50 ${fmt(percentile(sorted, 50))} ms  p95 ${fmt(percentile(sorted, 95))} ms  p99 ${fmt(percentile(sorted, 99))} ms  max ${fmt(sorted.at(-1)!)} ms  mean ${fmt(mean)} ms`,
      );
      p95s.set(name, percentile(sorted, 95));
      recordLatency("bench:guild", `guild.${name.replace(/[^a-zA-Z.]+/g, "-").replace(/-$/, "")}`, `${phase}: ${name}`, sorted);
    }
    return p95s;
  }
}

/** Runs `operations` units of work on `clients` workers; each worker gets its index. */
async function phase(operations: number, work: (worker: number, recorder: Recorder) => Promise<number>): Promise<{ recorder: Recorder; seconds: number; done: number }> {
  const recorder = new Recorder();
  let next = 0;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, worker) => {
      while (next < operations) {
        next++;
        try {
          const units = await work(worker, recorder);
          done += units;
        } catch (error) {
          recorder.errors++;
          recorder.firstError ??= error instanceof Error ? error.message : error;
        }
      }
    }),
  );
  return { recorder, seconds: (performance.now() - started) / 1000, done };
}

const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)]!;

async function main(): Promise<void> {
  console.log(`${new URL(databaseUrl).pathname.slice(1)}: preparing ${guildCount} bench guilds × ${membersPerGuild} members, ${clients * sparePerClient} spare characters…`);
  const { guilds, spares } = await prepare();
  // The reset deletes and re-inserts rosters and earlier runs left their requests and activity: vacuum, as autovacuum
  // would between busy periods, so run N does not measure run N-1's dead tuples.
  await pool.query("VACUUM (ANALYZE) game_data.guilds, game_data.guild_members, game_data.guild_join_requests, game_data.guild_activity, game_data.guild_bank_ledger, game_data.character_currencies");
  const scale = await pool.query<{ characters: number; guilds: number; members: number }>(
    "SELECT (SELECT count(*) FROM game_data.characters)::int AS characters, (SELECT count(*) FROM game_data.guilds)::int AS guilds, (SELECT count(*) FROM game_data.guild_members)::int AS members",
  );
  const s = scale.rows[0]!;
  console.log(`database holds ${s.characters} characters, ${s.guilds} guilds, ${s.members} guild members; ${clients} concurrent clients, ${opsPerPhase} ops per phase`);

  // Warm-up: compile queries, fill the pool.
  await phase(clients * 4, async () => {
    const guild = pick(guilds);
    const me = pick(guild.members);
    await Promise.all([me.caller.guild.get({ guildId: guild.guildId }), me.caller.guild.memberView({ guildId: guild.guildId, characterId: me.characterId })]);
    return 1;
  });

  const load = await phase(opsPerPhase, async (_worker, recorder) => {
    const guild = pick(guilds);
    const me = pick(guild.members);
    await recorder.time("page load (both)", () =>
      Promise.all([
        recorder.time("guild.get", () => me.caller.guild.get({ guildId: guild.guildId })),
        recorder.time("guild.memberView", () => me.caller.guild.memberView({ guildId: guild.guildId, characterId: me.characterId })),
      ]),
    );
    return 1;
  });
  const loadP95 = load.recorder.report("guild page load", load.seconds, load.done);

  // Before the write phases, whose updates of guild rows leave dead tuples behind until autovacuum runs.
  const directory = await phase(Math.ceil(opsPerPhase / 2), async (_worker, recorder) => {
    const caller = pick(guilds).leader.caller;
    await recorder.time("directory search", () => caller.guild.directory({ query: `bg${String(Math.floor(Math.random() * guildCount) + 1).padStart(3, "0")}`, recruitingOnly: true }));
    await recorder.time("leaderboard", () => caller.guild.leaderboard({ limit: 20 }));
    return 2;
  });
  directory.recorder.report("directory", directory.seconds, directory.done);

  // Each worker cycles its own spare characters through invite → accept → promote → leave in random guilds.
  const cycles = Math.ceil(opsPerPhase / 4);
  const changes = await phase(cycles, async (worker, recorder) => {
    const guild = pick(guilds);
    const leader = guild.leader;
    const who = spares[worker * sparePerClient + Math.floor(Math.random() * sparePerClient)]!;
    const timed = async <T>(name: string, work: () => Promise<T>) => {
      const started = performance.now();
      try {
        return await recorder.time(name, work);
      } finally {
        const all = recorder.samples.get("membership change") ?? [];
        all.push(performance.now() - started);
        recorder.samples.set("membership change", all);
      }
    };
    const { requestId } = await timed("invite", () => leader.caller.guild.invite({ characterId: leader.characterId, guildId: guild.guildId, characterName: who.name }));
    await timed("accept", () => who.caller.guild.acceptRequest({ characterId: who.characterId, requestId }));
    await timed("changeRank", () => leader.caller.guild.changeRank({ characterId: leader.characterId, guildId: guild.guildId, targetCharacterId: who.characterId, rank: "member" }));
    await timed("leave", () => who.caller.guild.leave({ characterId: who.characterId, guildId: guild.guildId }));
    return 4;
  });
  const changeP95 = changes.recorder.report("membership changes", changes.seconds, changes.done);

  const bank = await phase(opsPerPhase, async (_worker, recorder) => {
    const guild = pick(guilds);
    const leader = guild.leader;
    await recorder.time("deposit", () => leader.caller.guild.deposit({ characterId: leader.characterId, guildId: guild.guildId, amount: 10 }));
    await recorder.time("withdraw", () => leader.caller.guild.withdraw({ characterId: leader.characterId, guildId: guild.guildId, amount: 10 }));
    return 2;
  });
  bank.recorder.report("guild bank", bank.seconds, bank.done);


  const verdict = (p95: number | undefined) => (p95 !== undefined && p95 < 30 ? "meets" : "MISSES");
  console.log(
    `\ntargets: page load p95 < 30 ms (${verdict(loadP95.get("page load (both)"))}), membership change p95 < 30 ms (${verdict(changeP95.get("membership change"))})`,
  );
}

try {
  await main();
} finally {
  await Promise.allSettled([postgres.prisma.$disconnect(), pool.end(), redis.quit(), cassandra.shutdown(), elasticsearch.close()]);
}
