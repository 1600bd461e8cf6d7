import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/server/account/password.rules";
import { ensureDatabase, migrate } from "@/scripts/db/migrator";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/scripts/db/seed/demo-world";
import { seedDemo } from "@/scripts/db/seed/demo";
import { seedScale } from "@/scripts/db/seed/scale";
import { INSERT_ORDER } from "@/scripts/db/seed/tables";
import { unique } from "@/tests/helpers/engines";

function scratchUrl(name: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

// The same "now" for both worlds, so timestamps agree too.
const now = new Date(Date.UTC(2026, 0, 15));

interface Scratch {
  name: string;
  pool: pg.Pool;
}

async function createSeeded(): Promise<Scratch> {
  const name = `${unique("seed_")}_test`.toLowerCase();
  const url = scratchUrl(name);
  await ensureDatabase(url);
  await migrate(url);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // DROP DATABASE ... WITH (FORCE) in afterAll terminates idle pooled connections; that is expected, not a failure.
  pool.on("error", () => undefined);
  await seedDemo(pool, { now });
  return { name, pool };
}

async function counts(pool: pg.Pool): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of [...INSERT_ORDER, "audit_log", "economy_snapshots"]) {
    const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM game_data.${table}`);
    result[table] = Number(rows[0]!.n);
  }
  return result;
}

async function checksum(pool: pg.Pool, sql: string): Promise<string> {
  const { rows } = await pool.query<{ sum: string }>(`SELECT md5(string_agg(t::text, '|')) AS sum FROM (${sql}) t`);
  return rows[0]!.sum;
}

const checksums = {
  items: "SELECT item_id, item_name, item_type, rarity, base_value, max_stack_size, is_tradeable, required_level, properties FROM game_data.items_master ORDER BY item_id",
  characters: "SELECT name, class, level, experience_points, created_at FROM game_data.characters ORDER BY character_id",
  inventory: "SELECT c.name, i.slot_position, i.item_id, i.quantity, i.is_equipped, i.enchantment_level FROM game_data.character_inventory i JOIN game_data.characters c USING (character_id) ORDER BY i.inventory_slot_id",
  listings: "SELECT seller_character_id, item_id, quantity, price_per_unit, status, listed_at FROM game_data.marketplace_listings ORDER BY listing_id",
};

describe("npm run db:seed (the demo world)", () => {
  const admin = new pg.Client({ connectionString: scratchUrl("postgres") });
  let a: Scratch;
  let b: Scratch;

  beforeAll(async () => {
    await admin.connect();
    // Sequential: two cores, and both runs must be independent anyway.
    a = await createSeeded();
    b = await createSeeded();
  }, 180_000);

  afterAll(async () => {
    for (const scratch of [a, b]) {
      if (!scratch) continue;
      await scratch.pool.end();
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(scratch.name)} WITH (FORCE)`);
    }
    await admin.end();
  });

  it("loads a world of the documented size, with every type, status and severity represented", async () => {
    const n = await counts(a.pool);
    expect(n.players).toBe(300);
    expect(n.player_profiles).toBe(300);
    expect(n.characters).toBeGreaterThanOrEqual(450);
    expect(n.characters).toBeLessThanOrEqual(900);
    expect(n.character_stats).toBe(n.characters);
    expect(n.character_positions).toBe(n.characters);
    expect(n.character_currencies).toBe(n.characters! * 4);
    expect(n.character_inventory).toBeGreaterThan(n.characters! * 10);
    expect(n.items_master).toBeGreaterThanOrEqual(140);
    expect(n.quests_master).toBeGreaterThanOrEqual(30);
    expect(n.achievements_master).toBeGreaterThanOrEqual(40);
    expect(n.guilds).toBe(15);
    expect(n.game_events).toBeGreaterThanOrEqual(2_000);
    expect(n.game_events).toBeLessThanOrEqual(6_000);
    expect(n.economy_snapshots).toBe(1);
    // Audit triggers stayed on: seeded rows have INSERT entries with no acting account.
    const audit = await a.pool.query<{ n: string; actors: string }>("SELECT count(*) AS n, count(user_id) AS actors FROM game_data.audit_log");
    expect(Number(audit.rows[0]!.n)).toBeGreaterThan(n.character_inventory!);
    expect(Number(audit.rows[0]!.actors)).toBe(0);

    const distinct = async (sql: string) => (await a.pool.query<{ v: string }>(sql)).rows.map((row) => row.v).sort();
    expect(await distinct("SELECT DISTINCT item_type AS v FROM game_data.items_master")).toEqual(["armor", "consumable", "material", "misc", "quest", "weapon"]);
    expect(await distinct("SELECT DISTINCT rarity AS v FROM game_data.items_master")).toEqual(["common", "epic", "legendary", "mythic", "rare", "uncommon"]);
    expect(await distinct("SELECT DISTINCT quest_type AS v FROM game_data.quests_master")).toEqual(["daily", "event", "main", "side", "weekly"]);
    expect(await distinct("SELECT DISTINCT status AS v FROM game_data.character_quests")).toEqual(expect.arrayContaining(["abandoned", "completed", "in_progress"]));
    expect(await distinct("SELECT DISTINCT severity AS v FROM game_data.game_events")).toEqual(["critical", "debug", "error", "info", "warning"]);
    expect(await distinct("SELECT DISTINCT status AS v FROM game_data.marketplace_listings")).toEqual(["active", "cancelled", "expired", "sold"]);
    expect(await distinct("SELECT DISTINCT currency_type AS v FROM game_data.character_currencies")).toEqual(["event_currency", "gems", "gold", "pvp_tokens"]);
    expect(await distinct("SELECT DISTINCT transaction_type AS v FROM game_data.transactions")).toEqual(expect.arrayContaining(["purchase", "quest_reward", "sale", "trade"]));
    expect(await distinct("SELECT DISTINCT is_hidden::text AS v FROM game_data.achievements_master")).toEqual(["false", "true"]);
    // Events span the last 30 days before `now`.
    const span = await a.pool.query<{ lo: Date; hi: Date }>("SELECT min(created_at) AS lo, max(created_at) AS hi FROM game_data.game_events");
    expect(now.getTime() - span.rows[0]!.lo.getTime()).toBeGreaterThan(25 * 86_400_000);
    expect(span.rows[0]!.hi.getTime()).toBeLessThanOrEqual(now.getTime());
  });

  it("creates every demo login with its role, and the password verifies", async () => {
    for (const account of DEMO_ACCOUNTS) {
      const { rows } = await a.pool.query<{ password_hash: string; role: string | null; characters: string }>(
        `SELECT p.password_hash, r.role, (SELECT count(*) FROM game_data.characters c WHERE c.player_id = p.player_id) AS characters
         FROM game_data.players p LEFT JOIN game_data.staff_roles r USING (player_id) WHERE p.username = $1`,
        [account.username],
      );
      expect(rows, account.username).toHaveLength(1);
      expect(rows[0]!.role).toBe(account.role);
      expect(Number(rows[0]!.characters)).toBe(account.characters.length);
      expect(await verifyPassword(rows[0]!.password_hash, DEMO_PASSWORD)).toBe(true);
      expect(await verifyPassword(rows[0]!.password_hash, "wrong-password")).toBe(false);
    }
    // demo_player: three characters, each with an inventory and gold; at least one in a guild (and one leads it).
    const { rows } = await a.pool.query<{ name: string; gold: string; items: string; rank: string | null }>(
      `SELECT c.name, cc.amount AS gold, (SELECT count(*) FROM game_data.character_inventory i WHERE i.character_id = c.character_id) AS items,
              (SELECT m.rank FROM game_data.guild_members m WHERE m.character_id = c.character_id) AS rank
       FROM game_data.characters c JOIN game_data.players p USING (player_id)
       JOIN game_data.character_currencies cc ON cc.character_id = c.character_id AND cc.currency_type = 'gold'
       WHERE p.username = 'demo_player' ORDER BY c.character_id`,
    );
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(Number(row.gold)).toBeGreaterThan(0);
      expect(Number(row.items)).toBeGreaterThan(5);
    }
    expect(rows.map((row) => row.rank)).toContain("leader");
  });

  it("keeps the rules the schema cannot check: stacks, equipment, guild leaders, live sellers, escrowed listings", async () => {
    const zero = async (label: string, sql: string) => expect(Number((await a.pool.query<{ n: string }>(sql)).rows[0]!.n), label).toBe(0);
    await zero("stacks above max_stack_size", `SELECT count(*) AS n FROM game_data.character_inventory i JOIN game_data.items_master m USING (item_id) WHERE i.quantity > m.max_stack_size`);
    await zero("equipped rows without an equipment row", `SELECT count(*) AS n FROM game_data.character_inventory i WHERE i.is_equipped
      AND NOT EXISTS (SELECT 1 FROM game_data.character_equipment e WHERE e.inventory_slot_id = i.inventory_slot_id AND e.character_id = i.character_id)`);
    await zero("equipment pointing at unequipped rows", `SELECT count(*) AS n FROM game_data.character_equipment e JOIN game_data.character_inventory i USING (inventory_slot_id) WHERE NOT i.is_equipped`);
    await zero("guilds whose leader lacks the leader rank", `SELECT count(*) AS n FROM game_data.guilds g WHERE NOT EXISTS
      (SELECT 1 FROM game_data.guild_members m WHERE m.guild_id = g.guild_id AND m.character_id = g.leader_character_id AND m.rank = 'leader')`);
    await zero("active listings that are empty, expired, or by a deleted/inactive/banned seller", `SELECT count(*) AS n FROM game_data.marketplace_listings l
      JOIN game_data.characters c ON c.character_id = l.seller_character_id JOIN game_data.players p ON p.player_id = c.player_id
      WHERE l.status = 'active' AND (l.quantity <= 0 OR l.expires_at <= $1::timestamptz OR NOT c.is_active OR c.deleted_at IS NOT NULL OR p.is_banned)`.replace("$1::timestamptz", `'${now.toISOString()}'::timestamptz`));
    await zero("sold listings without buyer or sale time", `SELECT count(*) AS n FROM game_data.marketplace_listings WHERE status = 'sold' AND (buyer_character_id IS NULL OR sold_at IS NULL)`);
    await zero("positions outside the zones 1..12", `SELECT count(*) AS n FROM game_data.character_positions WHERE zone_id NOT BETWEEN 1 AND 12`);
    // Sequences moved past the explicit ids: the next player the app registers gets a fresh id. (Read, not nextval():
    // consuming a value here would shift the ids of the scale test below and break its comparison.)
    const seq = await a.pool.query<{ last: string; called: boolean; max: string }>(
      "SELECT last_value AS last, is_called AS called, (SELECT max(player_id) FROM game_data.players) AS max FROM game_data.players_player_id_seq",
    );
    expect(seq.rows[0]!.called).toBe(true);
    expect(Number(seq.rows[0]!.last)).toBe(Number(seq.rows[0]!.max));
  });

  it("is deterministic: two databases get identical worlds", async () => {
    expect(await counts(b.pool)).toEqual(await counts(a.pool));
    for (const [label, sql] of Object.entries(checksums)) {
      expect(await checksum(b.pool, sql), label).toBe(await checksum(a.pool, sql));
    }
  });

  it("is idempotent: a second run adds nothing", async () => {
    const before = await counts(a.pool);
    const lines: string[] = [];
    const again = await seedDemo(a.pool, { now, log: (line) => lines.push(line) });
    expect(again.loaded).toBe(false);
    expect(lines).toContain("demo data already loaded");
    expect(await counts(a.pool)).toEqual(before);
  });

  it("--scale adds COPY-loaded players on top, resumably: 0.003 then 0.005 equals 0.005 at once, with valid references", async () => {
    const first = await seedScale(a.pool, { scale: 0.003, now });
    expect(first.playersAdded).toBe(300);
    const second = await seedScale(a.pool, { scale: 0.005, now });
    expect(second.playersBefore).toBe(300);
    expect(second.playersAdded).toBe(200);
    expect((await seedScale(a.pool, { scale: 0.005, now })).playersAdded).toBe(0);
    await seedScale(b.pool, { scale: 0.005, now });

    const scaleRows = {
      players: "SELECT player_id, username FROM game_data.players WHERE username LIKE 'scale%' ORDER BY player_id",
      characters: "SELECT c.character_id, c.name, c.class, c.level FROM game_data.characters c JOIN game_data.players p USING (player_id) WHERE p.username LIKE 'scale%' ORDER BY c.character_id",
      inventory: "SELECT inventory_slot_id, character_id, item_id, quantity, slot_position FROM game_data.character_inventory ORDER BY inventory_slot_id",
      listings: checksums.listings,
    };
    for (const [label, sql] of Object.entries(scaleRows)) expect(await checksum(b.pool, sql), label).toBe(await checksum(a.pool, sql));

    // Bulk mode switches foreign-key triggers off, so check the references the generator promises.
    const zero = async (label: string, sql: string) => expect(Number((await a.pool.query<{ n: string }>(sql)).rows[0]!.n), label).toBe(0);
    await zero("characters without player", "SELECT count(*) AS n FROM game_data.characters c WHERE NOT EXISTS (SELECT 1 FROM game_data.players p WHERE p.player_id = c.player_id)");
    await zero("inventory without character", "SELECT count(*) AS n FROM game_data.character_inventory i WHERE NOT EXISTS (SELECT 1 FROM game_data.characters c WHERE c.character_id = i.character_id)");
    await zero("equipment not matching its inventory row", `SELECT count(*) AS n FROM game_data.character_equipment e
      LEFT JOIN game_data.character_inventory i USING (inventory_slot_id) WHERE i.character_id IS DISTINCT FROM e.character_id OR NOT i.is_equipped`);
    await zero("listings without seller", "SELECT count(*) AS n FROM game_data.marketplace_listings l WHERE NOT EXISTS (SELECT 1 FROM game_data.characters c WHERE c.character_id = l.seller_character_id)");
    await zero("events without character", "SELECT count(*) AS n FROM game_data.game_events e WHERE e.character_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM game_data.characters c WHERE c.character_id = e.character_id)");
    await zero("stacks above max_stack_size", "SELECT count(*) AS n FROM game_data.character_inventory i JOIN game_data.items_master m USING (item_id) WHERE i.quantity > m.max_stack_size");
    // Triggers were off: no audit rows for the scale players.
    await zero("audit rows for scale players", "SELECT count(*) AS n FROM game_data.audit_log WHERE table_name = 'players' AND changed_data->>'username' LIKE 'scale%'");
    const seq = await a.pool.query<{ next: string; max: string }>(
      "SELECT nextval('game_data.character_inventory_inventory_slot_id_seq') AS next, (SELECT max(inventory_slot_id) FROM game_data.character_inventory) AS max",
    );
    expect(Number(seq.rows[0]!.next)).toBeGreaterThan(Number(seq.rows[0]!.max));
  }, 120_000);
});
