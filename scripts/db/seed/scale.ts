/**
 * `npm run db:seed -- --scale N`: benchmark volumes on top of the demo world, through COPY.
 * N=1 is 100k players (`scale_000001`…), ~250k characters with stats, positions and all four currencies, ~2M inventory
 * rows (with their equipment rows), ~200k active listings and ~1M game events over the last 30 days. N may be fractional.
 *
 * Resumable and additive: players are loaded in chunks, each chunk one committed transaction, and everything about
 * player number k comes from its own PRNG stream (seed, k). A run counts the scale players already there and continues
 * after them, so an interrupted run resumes, a repeated run at the same N does nothing, and a larger N adds the missing
 * players — the same players a single run at that N would have made.
 *
 * Bulk mode: each chunk runs with `SET LOCAL session_replication_role = replica`, which switches off every trigger,
 * i.e. the audit trigger (millions of audit rows would swamp the audit screens and benchmarks) and the foreign-key
 * checks (the generator builds references by construction). CHECK constraints, NOT NULL and unique indexes still apply.
 * Needs a superuser (the local `postgres` role); otherwise it falls back to normal mode with triggers on.
 */
import type pg from "pg";
import { hashPassword } from "@/server/account/password.rules";
import { ITEMS, type ItemDef } from "./catalogue";
import { DAY, characterName, currencyRows, drawLevel, experienceFor, inventoryRows, iso, json, positionRow, randomClass, statsRow } from "./character-gen";
import { DEMO_PASSWORD } from "./demo-world";
import { startPhase } from "./progress";
import { Random } from "./random";
import { SEED_LOCK_SQL, advanceSequences, copyRows, firstFreeIds } from "./sql";
import type { Row, TableName } from "./tables";
import { startOfUtcDay } from "./demo";

export const SCALE_SEED = 31_337;
export const PLAYERS_PER_SCALE = 100_000;
const CHUNK_PLAYERS = 2_000;
const SCALE_TABLES = [
  "players", "player_profiles", "characters", "character_stats", "character_positions", "character_currencies",
  "character_inventory", "character_equipment", "marketplace_listings", "game_events",
] as const satisfies readonly TableName[];
type ScaleTable = (typeof SCALE_TABLES)[number];

export interface SeedScaleOptions {
  scale: number;
  log?: (line: string) => void;
  progress?: boolean;
  now?: Date;
}

export interface SeedScaleResult {
  playersBefore: number;
  playersAdded: number;
  rows: Record<ScaleTable, number>;
  seconds: number;
  rowsPerSecond: number;
  perTable: Record<ScaleTable, { rows: number; seconds: number; rowsPerSecond: number }>;
}

export const scaleUsername = (n: number): string => `scale_${String(n).padStart(6, "0")}`;

const TRADEABLE = ITEMS.filter((item) => item.is_tradeable);
const eventKinds = [
  ["info", 70, ["login", "logout", "level_up", "quest_completed", "zone_entered", "item_crafted", "pvp_kill", "death"]],
  ["debug", 10, ["client_heartbeat", "pathfinding_retry"]],
  ["warning", 12, ["suspicious_trade", "latency_spike", "chat_flagged"]],
  ["error", 6, ["transaction_failed", "inventory_desync"]],
  ["critical", 2, ["speed_hack_detected", "duplication_exploit_suspected"]],
] as const;

type Chunk = Record<ScaleTable, Row[]>;

/** Generates players [from, to] (1-based scale numbers); ids continue from `ids`. Pure given its inputs. */
export function generateScaleChunk(from: number, to: number, ids: Record<"players" | "characters" | "character_inventory" | "marketplace_listings" | "game_events", number>, passwordHash: string, nowMs: number): Chunk {
  const chunk = Object.fromEntries(SCALE_TABLES.map((table) => [table, [] as Row[]])) as Chunk;
  const next = { ...ids };
  const taken = new Set<string>();
  for (let n = from; n <= to; n += 1) {
    const rng = new Random(SCALE_SEED, n);
    const playerId = next.players++;
    const username = scaleUsername(n);
    const createdMs = nowMs - rng.int(31, 730) * DAY - rng.int(0, DAY);
    const lastLoginMs = nowMs - rng.float(0, 30) * DAY;
    chunk.players.push([playerId, rng.uuid(), username, `${username}@scale.example`, passwordHash, iso(createdMs), iso(lastLoginMs), rng.int(0, 2_000) * 3_600, false, null, null]);
    chunk.player_profiles.push([playerId, `Scale ${n}`, null, null, "en", "UTC", json({ show_online: true, allow_friend_requests: true }), rng.int(0, 500), rng.int(0, 1_000), iso(lastLoginMs)]);
    const characters = rng.weighted([[1, 20], [2, 30], [3, 30], [4, 20]] as const);
    for (let c = 0; c < characters; c += 1) {
      const characterId = next.characters++;
      const cls = randomClass(rng);
      const level = drawLevel(rng);
      // Unique by construction (player number + letter), so no look-up is needed across chunks.
      taken.clear();
      const name = `${characterName(rng, taken)}_${String(n).padStart(6, "0")}${"abcd"[c]}`;
      const charCreatedMs = createdMs + rng.int(0, 30) * DAY;
      const lastPlayedMs = Math.max(charCreatedMs, nowMs - rng.float(0, 45) * DAY);
      const updated = iso(lastPlayedMs);
      chunk.characters.push([characterId, playerId, name, cls, level, experienceFor(rng, level), iso(charCreatedMs), updated, level * rng.int(1_800, 5_400), true, null]);
      chunk.character_stats.push(statsRow(rng, characterId, cls, level, updated));
      chunk.character_positions.push(positionRow(rng, characterId, level, updated));
      chunk.character_currencies.push(...currencyRows(rng, characterId, level));
      const bag = inventoryRows(rng, { characterId, cls, level, firstSlotId: next.character_inventory, extraRows: rng.int(0, 2), createdAtMs: charCreatedMs, nowMs });
      next.character_inventory = bag.nextSlotId;
      chunk.character_inventory.push(...bag.inventory);
      chunk.character_equipment.push(...bag.equipment);
      // Active listings: units in escrow, so they are not also in the inventory generated above.
      const listings = rng.weighted([[0, 35], [1, 50], [2, 15]] as const);
      for (let l = 0; l < listings; l += 1) {
        const item: ItemDef = rng.pick(TRADEABLE);
        const listedMs = nowMs - rng.float(0, 6.5) * DAY;
        chunk.marketplace_listings.push([next.marketplace_listings++, characterId, item.item_id, item.max_stack_size <= 1 ? 1 : rng.int(1, Math.min(item.max_stack_size, 50)),
          Math.max(1, Math.round(Math.max(item.base_value, 2) * rng.float(0.8, 1.6))), "gold", iso(listedMs), iso(listedMs + 7 * DAY), "active", null, null]);
      }
      const events = rng.int(0, 8);
      for (let e = 0; e < events; e += 1) {
        const [severity, , types] = rng.weighted(eventKinds.map((kind) => [kind, kind[1]] as const));
        chunk.game_events.push([next.game_events++, rng.pick(types), characterId, json({ zone_id: rng.int(1, 12), source: "scale" }), iso(nowMs - rng.next() * 30 * DAY), severity]);
      }
    }
  }
  return chunk;
}

async function countScalePlayers(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM game_data.players WHERE username LIKE 'scale\\_%'`);
  return Number(rows[0]!.n);
}

/** Switches triggers (audit and FK checks) off for this transaction when the role may; reports whether it could. */
async function enterBulkMode(client: pg.ClientBase): Promise<boolean> {
  await client.query("SAVEPOINT bulk_mode");
  try {
    await client.query("SET LOCAL session_replication_role = replica");
    await client.query("RELEASE SAVEPOINT bulk_mode");
    return true;
  } catch {
    await client.query("ROLLBACK TO SAVEPOINT bulk_mode");
    return false;
  }
}

export async function seedScale(pool: pg.Pool, options: SeedScaleOptions): Promise<SeedScaleResult> {
  const log = options.log ?? (() => undefined);
  const target = Math.round(options.scale * PLAYERS_PER_SCALE);
  const nowMs = (options.now ?? startOfUtcDay()).getTime();
  const client = await pool.connect();
  const perTable = Object.fromEntries(SCALE_TABLES.map((t) => [t, { rows: 0, seconds: 0, rowsPerSecond: 0 }])) as SeedScaleResult["perTable"];
  const started = performance.now();
  try {
    const before = await countScalePlayers(client);
    if (before >= target) {
      log(`scale ${options.scale}: already loaded (${before.toLocaleString("en-US")} scale players, target ${target.toLocaleString("en-US")})`);
      return { playersBefore: before, playersAdded: 0, rows: Object.fromEntries(SCALE_TABLES.map((t) => [t, 0])) as Record<ScaleTable, number>, seconds: 0, rowsPerSecond: 0, perTable };
    }
    log(`scale ${options.scale}: ${before.toLocaleString("en-US")} scale players present, adding ${(target - before).toLocaleString("en-US")} through COPY`);
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const phase = startPhase(`scale ${options.scale} (players)`, target - before, options.progress ?? false);
    let warned = false;
    for (let from = before + 1; from <= target; from += CHUNK_PLAYERS) {
      const to = Math.min(target, from + CHUNK_PLAYERS - 1);
      await client.query("BEGIN");
      try {
        await client.query(SEED_LOCK_SQL);
        // Re-count under the lock: a concurrent run may have loaded this chunk meanwhile.
        if ((await countScalePlayers(client)) >= to) {
          await client.query("ROLLBACK");
          phase.increment(to - from + 1);
          continue;
        }
        if (!(await enterBulkMode(client)) && !warned) {
          warned = true;
          log("not a superuser: loading with triggers on (slower; audit rows are written)");
        }
        const chunk = generateScaleChunk(from, to, await firstFreeIds(client), passwordHash, nowMs);
        for (const table of SCALE_TABLES) {
          const t0 = performance.now();
          await copyRows(client, table, chunk[table]);
          perTable[table].seconds += (performance.now() - t0) / 1000;
          perTable[table].rows += chunk[table].length;
        }
        await advanceSequences(client);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      }
      phase.increment(to - from + 1);
      // Without a terminal there is no bar; a line every ~10% still shows a long run is moving.
      if (!options.progress && Math.floor((to - before) / ((target - before) / 10)) > Math.floor((from - 1 - before) / ((target - before) / 10))) {
        const copied = SCALE_TABLES.reduce((sum, t) => sum + perTable[t].rows, 0);
        log(`  ${(to - before).toLocaleString("en-US")}/${(target - before).toLocaleString("en-US")} players, ${copied.toLocaleString("en-US")} rows, ${Math.round(copied / ((performance.now() - started) / 1000)).toLocaleString("en-US")} rows/s`);
      }
    }
    phase.stop();
    log("ANALYZE game_data …");
    await client.query("ANALYZE game_data.players, game_data.player_profiles, game_data.characters, game_data.character_stats, game_data.character_positions, game_data.character_currencies, game_data.character_inventory, game_data.character_equipment, game_data.marketplace_listings, game_data.game_events");
    const seconds = (performance.now() - started) / 1000;
    let total = 0;
    for (const table of SCALE_TABLES) {
      const entry = perTable[table];
      entry.rowsPerSecond = Math.round(entry.rows / Math.max(entry.seconds, 1e-3));
      total += entry.rows;
      log(`${table.padEnd(24)} ${entry.rows.toLocaleString("en-US").padStart(11)} rows  COPY ${entry.seconds.toFixed(1).padStart(6)} s  ${entry.rowsPerSecond.toLocaleString("en-US").padStart(9)} rows/s`);
    }
    const rowsPerSecond = Math.round(total / seconds);
    log(`total ${total.toLocaleString("en-US")} rows in ${seconds.toFixed(1)} s (generation, COPY, ANALYZE): ${rowsPerSecond.toLocaleString("en-US")} rows/s`);
    return {
      playersBefore: before,
      playersAdded: target - before,
      rows: Object.fromEntries(SCALE_TABLES.map((t) => [t, perTable[t].rows])) as Record<ScaleTable, number>,
      seconds,
      rowsPerSecond,
      perTable,
    };
  } finally {
    client.release();
  }
}

