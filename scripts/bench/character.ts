/**
 * `npm run bench:character`: latency of the character page's load (loadCharacterSheet: the one-round-trip header plus the
 * bag, exactly what /characters/[id] calls) and of an inventory move (moving an item back and forth between two slots,
 * one transaction with row locks each), under 16 concurrent clients against DATABASE_URL.
 *
 * It uses existing live characters that have items and a free slot; if there are fewer than 64, it creates its own
 * (player `bench_characters`, items from items_master or a small "Bench item" catalogue) and removes them again at the end.
 * Targets: character load p95 < 20 ms, inventory move p95 < 20 ms.
 *
 * Options: --clients 16  --ops 2000 (per phase)  --characters 64
 */
import { loadEnv } from "../lib/env";
import { numberOption, percentile, recordLatency } from "./lib";

loadEnv();
const { createPostgresClients } = await import("@/server/clients/postgres");
const { loadCharacterSheet } = await import("@/server/character/character.service");
const { moveItem } = await import("@/server/character/inventory.service");

const clients = numberOption("clients", 16);
const opsPerPhase = numberOption("ops", 2000);
const wantedCharacters = numberOption("characters", 64);
const databaseUrl = process.env.DATABASE_URL!;
// loadCharacterSheet runs its two queries in parallel, so give each client two connections.
const postgres = createPostgresClients(databaseUrl, clients * 2 + 2);
const pool = postgres.pool;

interface BenchCharacter {
  playerId: number;
  characterId: number;
  fromSlot: number;
  toSlot: number;
}

async function findCharacters(limit: number): Promise<BenchCharacter[]> {
  const { rows } = await pool.query<{ playerId: number; characterId: number; slots: number[] }>(
    `SELECT c.player_id AS "playerId", c.character_id AS "characterId", array_agg(ci.slot_position ORDER BY ci.slot_position) AS slots
       FROM game_data.characters c JOIN game_data.character_inventory ci ON ci.character_id = c.character_id
      WHERE c.deleted_at IS NULL
      GROUP BY c.player_id, c.character_id
     HAVING count(*) < 200
      ORDER BY c.character_id
      LIMIT $1`,
    [limit],
  );
  return rows.map((row) => {
    const occupied = new Set(row.slots);
    let toSlot = 0;
    while (occupied.has(toSlot)) toSlot++;
    return { playerId: row.playerId, characterId: row.characterId, fromSlot: row.slots[0]!, toSlot };
  });
}

/** A bench player with characters holding ~40 items each, so the bag query has realistic work. */
async function createBenchCharacters(count: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    let { rows: items } = await client.query<{ itemId: number }>(`SELECT item_id AS "itemId" FROM game_data.items_master ORDER BY item_id LIMIT 40`);
    if (items.length === 0) {
      await client.query(
        `INSERT INTO game_data.items_master (item_id, item_name, item_type, rarity, max_stack_size, properties)
         SELECT 2000000000 + n, 'Bench item ' || n, CASE WHEN n % 4 = 0 THEN 'weapon' ELSE 'material' END, 'common',
                CASE WHEN n % 4 = 0 THEN 1 ELSE 50 END, NULL
           FROM generate_series(1, 40) AS n
         ON CONFLICT (item_id) DO NOTHING`,
      );
      items = (await client.query<{ itemId: number }>(`SELECT item_id AS "itemId" FROM game_data.items_master ORDER BY item_id LIMIT 40`)).rows;
    }
    const { rows: players } = await client.query<{ playerId: number }>(
      `INSERT INTO game_data.players (username, email, password_hash) VALUES ('bench_characters', 'bench_characters@example.invalid', '!bench-no-login')
       ON CONFLICT (username) DO UPDATE SET username = EXCLUDED.username RETURNING player_id AS "playerId"`,
    );
    const playerId = players[0]!.playerId;
    const suffix = Date.now().toString(36);
    for (let index = 0; index < count; index++) {
      const { rows } = await client.query<{ characterId: number }>(
        `WITH c AS (INSERT INTO game_data.characters (player_id, name, class) VALUES ($1, $2, 'warrior') RETURNING character_id),
              s AS (INSERT INTO game_data.character_stats (character_id, health_current, health_max, mana_current, mana_max, stamina_current, stamina_max)
                    SELECT character_id, 150, 150, 30, 30, 120, 120 FROM c),
              p AS (INSERT INTO game_data.character_positions (character_id, position_x, position_y, position_z, zone_id) SELECT character_id, 0, 0, 0, 1 FROM c),
              m AS (INSERT INTO game_data.character_currencies (character_id, currency_type, amount)
                    SELECT character_id, t, 0 FROM c, unnest(ARRAY['gold','gems','pvp_tokens','event_currency']) t)
         SELECT character_id AS "characterId" FROM c`,
        [playerId, `bench_${suffix}_${index}`],
      );
      // Items in slots 0..39; the bench moves slot 0 to the first free slot (40) and back.
      await client.query(
        `INSERT INTO game_data.character_inventory (character_id, item_id, quantity, slot_position)
         SELECT $1, item_id, 1, ord - 1 FROM unnest($2::int[]) WITH ORDINALITY AS t(item_id, ord)`,
        [rows[0]!.characterId, items.map((item) => item.itemId)],
      );
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}


async function phase(key: string, name: string, characters: BenchCharacter[], operation: (character: BenchCharacter, iteration: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let failures = 0;
  const warmup = Math.min(100, opsPerPhase);
  // Each client owns a disjoint set of characters (different players in real life), so locks never queue across clients.
  async function worker(clientIndex: number, budget: number, record: boolean) {
    const mine = characters.filter((_, index) => index % clients === clientIndex);
    for (let i = 0; i < budget; i++) {
      const character = mine[i % mine.length]!;
      const started = performance.now();
      try {
        await operation(character, Math.floor(i / mine.length));
        if (record) latencies.push(performance.now() - started);
      } catch (error) {
        failures++;
        if (failures <= 3) console.error(`${name}:`, error instanceof Error ? error.message : error);
      }
    }
  }
  await Promise.all(Array.from({ length: clients }, (_, c) => worker(c, Math.ceil(warmup / clients), false)));
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, c) => worker(c, Math.ceil(opsPerPhase / clients), true)));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  recordLatency("bench:character", key, `${name} (in-process, ${clients} clients)`, latencies, { throughput: latencies.length / seconds, errors: failures });
  const fmt = (value: number) => value.toFixed(2).padStart(7);
  console.log(
    `${name.padEnd(16)} ops ${String(latencies.length).padStart(5)}  p50 ${fmt(percentile(latencies, 50))} ms  p95 ${fmt(percentile(latencies, 95))} ms  p99 ${fmt(percentile(latencies, 99))} ms  ` +
      `max ${fmt(latencies[latencies.length - 1] ?? Number.NaN)} ms  ${(latencies.length / seconds).toFixed(0)} ops/s  failures ${failures}`,
  );
  return percentile(latencies, 95);
}

try {
  let characters = await findCharacters(wantedCharacters);
  if (characters.length < wantedCharacters) {
    console.log(`found ${characters.length} characters with items; creating ${wantedCharacters - characters.length} bench characters…`);
    await createBenchCharacters(wantedCharacters - characters.length);
    characters = await findCharacters(wantedCharacters);
  }
  console.log(`${new URL(databaseUrl).pathname.slice(1)}: ${characters.length} characters, ${clients} concurrent clients, ${opsPerPhase} ops per phase`);

  const loadP95 = await phase("character.load", "character load", characters, (c) => loadCharacterSheet({ postgres }, c.playerId, c.characterId));
  // Back and forth: even passes move from → to, odd passes move it back, so every run leaves bags as found.
  const state = new Map(characters.map((c) => [c.characterId, false]));
  const moveP95 = await phase("character.move", "inventory move", characters, (c) => {
    const moved = state.get(c.characterId)!;
    state.set(c.characterId, !moved);
    const actor = { userId: c.playerId, playerId: c.playerId, clientIp: null };
    return moveItem({ postgres }, actor, c.playerId, { characterId: c.characterId, fromSlot: moved ? c.toSlot : c.fromSlot, toSlot: moved ? c.fromSlot : c.toSlot });
  });
  // Leave every bag as it was.
  await Promise.all(
    characters
      .filter((c) => state.get(c.characterId))
      .map((c) => moveItem({ postgres }, { userId: c.playerId, playerId: c.playerId }, c.playerId, { characterId: c.characterId, fromSlot: c.toSlot, toSlot: c.fromSlot })),
  );
  const verdict = (p95: number) => (p95 < 20 ? "meets" : "MISSES");
  console.log(`targets: character load p95 < 20 ms (${verdict(loadP95)}), inventory move p95 < 20 ms (${verdict(moveP95)})`);
} finally {
  await removeBenchData().catch((error: unknown) => console.error("could not remove the bench data:", error));
  await Promise.allSettled([postgres.prisma.$disconnect(), pool.end()]);
}

/** Only rows this script creates: the bench player (its characters cascade) and the bench catalogue. */
async function removeBenchData(): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const { rowCount } = await client.query("DELETE FROM game_data.players WHERE username = 'bench_characters'");
    await client.query(
      `DELETE FROM game_data.items_master im WHERE im.item_id BETWEEN 2000000001 AND 2000000040 AND im.item_name LIKE 'Bench item %'
         AND NOT EXISTS (SELECT 1 FROM game_data.character_inventory ci WHERE ci.item_id = im.item_id)`,
    );
    await client.query("COMMIT");
    if (rowCount) console.log("removed the bench player, its characters and the bench catalogue");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}
