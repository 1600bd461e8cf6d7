/**
 * What the drill writes into: a database of its own on the same PostgreSQL server (so a base backup of the server
 * covers it, and nobody else's writes disturb its exact checks), with two players, a game master, an item and a guild;
 * and a small world keyspace of its own in the same ring. Created on first use, reused afterwards.
 */
import { join } from "node:path";
import type { OpsConfig } from "./config";
import { run, type Log } from "./exec";
import { callerFor, checkConservation, ensureDatabase, migrate, type Engines } from "./portal";

export interface DrillCast {
  seller: { playerId: number; characterId: number; username: string };
  buyer: { playerId: number; characterId: number; username: string };
  gm: { playerId: number; username: string };
  itemId: number;
  guildId: number;
  /** The seller's bag slot that holds the drill's item. */
  sellerSlot: number;
}

const names = { seller: "ops_drill_seller", buyer: "ops_drill_buyer", gm: "ops_drill_gm", item: "Drill Ledger Token", guild: "Ops Drill Guild", tag: "DRILL" };

export async function ensureDrillDatabase(url: string, log: Log): Promise<void> {
  if (await ensureDatabase(url)) log(`created the drill database ${new URL(url).pathname.slice(1)}`);
  const result = await migrate(url);
  if (result.applied.length > 0) log(`drill database: ${result.applied.length} migrations applied`);
}

async function ensurePlayer(engines: Engines, username: string): Promise<number> {
  const pool = engines.postgres.pool;
  const found = await pool.query<{ id: number }>("SELECT player_id AS id FROM game_data.players WHERE username = $1", [username]);
  if (found.rows[0]) return found.rows[0].id;
  // No usable password hash: nobody can sign in as a drill account.
  const { rows } = await pool.query<{ id: number }>(
    "INSERT INTO game_data.players (username, email, password_hash) VALUES ($1, $2, 'drill-account-no-login') RETURNING player_id AS id",
    [username, `${username}@drill.invalid`],
  );
  return rows[0]!.id;
}

async function ensureCharacter(engines: Engines, playerId: number, name: string): Promise<number> {
  const pool = engines.postgres.pool;
  const found = await pool.query<{ id: number }>("SELECT character_id AS id FROM game_data.characters WHERE player_id = $1 AND name = $2", [playerId, name]);
  if (found.rows[0]) return found.rows[0].id;
  const { rows } = await pool.query<{ id: number }>(
    "INSERT INTO game_data.characters (player_id, name, class, level) VALUES ($1, $2, 'warrior', 20) RETURNING character_id AS id",
    [playerId, name],
  );
  return rows[0]!.id;
}

export async function ensureCast(engines: Engines, log: Log): Promise<DrillCast> {
  const pool = engines.postgres.pool;
  const sellerPlayer = await ensurePlayer(engines, names.seller);
  const buyerPlayer = await ensurePlayer(engines, names.buyer);
  const gmPlayer = await ensurePlayer(engines, names.gm);
  await pool.query("INSERT INTO game_data.staff_roles (player_id, role) VALUES ($1, 'game_master') ON CONFLICT (player_id) DO NOTHING", [gmPlayer]);
  const seller = await ensureCharacter(engines, sellerPlayer, "OpsDrillSeller");
  const buyer = await ensureCharacter(engines, buyerPlayer, "OpsDrillBuyer");

  const item = await pool.query<{ id: number }>("SELECT item_id AS id FROM game_data.items_master WHERE item_name = $1", [names.item]);
  let itemId = item.rows[0]?.id;
  if (itemId === undefined) {
    const { rows } = await pool.query<{ id: number }>(
      `INSERT INTO game_data.items_master (item_id, item_name, item_type, rarity, max_stack_size, is_tradeable, required_level)
       SELECT COALESCE(max(item_id), 0) + 1, $1, 'material', 'common', 999, true, 1 FROM game_data.items_master RETURNING item_id AS id`,
      [names.item],
    );
    itemId = rows[0]!.id;
  }

  const guild = await pool.query<{ id: number }>("SELECT guild_id AS id FROM game_data.guilds WHERE guild_name = $1", [names.guild]);
  let guildId = guild.rows[0]?.id;
  if (guildId === undefined) {
    const caller = callerFor(engines, { playerId: buyerPlayer, username: names.buyer, roles: [] });
    ({ guildId } = await caller.guild.create({ characterId: buyer, name: names.guild, tag: names.tag, isRecruiting: false, maxMembers: 5 }));
    log(`drill guild ${names.guild} founded by OpsDrillBuyer`);
  }
  // The conservation check compares against a baseline; the first one is taken here, before any drill write.
  const report = await checkConservation(pool);
  if (report.baseline?.createdNow) log("drill database: conservation baseline taken");
  return {
    seller: { playerId: sellerPlayer, characterId: seller, username: names.seller },
    buyer: { playerId: buyerPlayer, characterId: buyer, username: names.buyer },
    gm: { playerId: gmPlayer, username: names.gm },
    itemId,
    guildId,
    sellerSlot: 0,
  };
}

/** A 16³ world (a few hundred nodes) in the drill's keyspace, written by the portal's own seeder. */
export async function ensureDrillWorld(config: OpsConfig, keyspace: string, drillDatabaseUrl: string, engines: Engines, log: Log): Promise<void> {
  const marker = await engines.cassandra
    .execute(`SELECT count(*) AS n FROM ${keyspace}.spatial_regions`)
    .then((r) => Number(r.first()?.n ?? 0))
    .catch(() => 0);
  if (marker > 0) return;
  log(`seeding a 16³ world into ${keyspace} (npm run world:seed -- --edge 16)`);
  await run("npx", ["tsx", "--conditions=react-server", join(config.root, "scripts/world/seed.ts"), "--edge", "16", "--deltas", "20", "--keyspace", keyspace], {
    cwd: config.root,
    env: { ...process.env, DATABASE_URL: drillDatabaseUrl },
    onLine: (line) => log(`world:seed: ${line}`),
  });
}
