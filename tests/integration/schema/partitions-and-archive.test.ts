/** Monthly partitions of game_events created ahead of time, and the retention job archive_old_data(). */
import type pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createPool, inRollback, insert, makeCharacter, makeGuild, makeItem, makePlayer, stats } from "./db";

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

/** Partition name for the UTC month `offset` months from now, as ensure_game_events_partitions names it. */
async function partitionName(client: pg.ClientBase, offset: number): Promise<string> {
  const result = await client.query(
    "SELECT 'game_events_p' || to_char(date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => $1::int), 'YYYYMM') AS name",
    [offset],
  );
  return result.rows[0].name;
}

async function partitions(client: pg.ClientBase): Promise<string[]> {
  const result = await client.query(
    "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'game_data.game_events'::regclass ORDER BY 1",
  );
  return result.rows.map((r) => r.relname);
}

describe("game_events partitions", () => {
  const pool = createPool();
  afterAll(() => pool.end());

  it("has a DEFAULT partition and monthly partitions from this month to three months ahead; a second call creates nothing", async () => {
    await inRollback(pool, async (client) => {
      await client.query("SELECT game_data.ensure_game_events_partitions(3)");
      const names = await partitions(client);
      expect(names).toContain("game_events_default");
      for (const offset of [0, 1, 2, 3]) expect(names).toContain(await partitionName(client, offset));
      const again = await client.query("SELECT game_data.ensure_game_events_partitions(3) AS created");
      expect(again.rows[0].created).toBe(0);
    });
  });

  it("routes a new event to this month's partition", async () => {
    await inRollback(pool, async (client) => {
      await client.query("SELECT game_data.ensure_game_events_partitions(0)");
      const event = await insert(client, "game_events", { event_type: "login", event_data: "{}" });
      const where = await client.query("SELECT tableoid::regclass::text AS part FROM game_data.game_events WHERE event_id = $1", [event.event_id]);
      expect(where.rows[0].part).toBe(`game_data.${await partitionName(client, 0)}`);
    });
  });

  it("never fails an insert: a far-future event lands in DEFAULT and moves to its own partition once created", async () => {
    await inRollback(pool, async (client) => {
      const target = await partitionName(client, 14);
      const month = await client.query("SELECT (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '14 months 3 days') AT TIME ZONE 'UTC' AS at");
      const event = await insert(client, "game_events", { event_type: "future", event_data: "{}", created_at: month.rows[0].at });
      const locate = () => client.query("SELECT tableoid::regclass::text AS part FROM game_data.game_events WHERE event_id = $1", [event.event_id]);
      expect((await locate()).rows[0].part).toBe("game_data.game_events_default");

      await client.query("SELECT game_data.ensure_game_events_partitions(14)");
      expect((await locate()).rows).toEqual([{ part: `game_data.${target}` }]);
      // The moved partition carries the parent's indexes and FK like any other.
      const indexes = await client.query(
        "SELECT tablename, count(*)::int AS n FROM pg_indexes WHERE schemaname = 'game_data' AND tablename IN ('game_events', $1) GROUP BY 1 ORDER BY 1",
        [target],
      );
      expect(indexes.rows.map((r) => r.n)).toEqual([indexes.rows[0].n, indexes.rows[0].n]);
      expect(indexes.rows).toHaveLength(2);
    });
  });

  it("rejects nonsense arguments", async () => {
    await inRollback(pool, async (client) => {
      await expect(client.query("SELECT game_data.ensure_game_events_partitions(-1)")).rejects.toMatchObject({ code: "22023" });
    });
  });
});

describe("archive_old_data()", () => {
  const pool = createPool();
  afterAll(() => pool.end());

  async function snapshotOf(client: pg.ClientBase, ids: { characters: unknown[]; transactions: unknown[]; listings: unknown[]; events: unknown[] }) {
    const q = async (sql: string, param: unknown[]) => (await client.query(sql, [param])).rows;
    return {
      liveCharacters: await q("SELECT character_id FROM game_data.characters WHERE character_id = ANY($1) ORDER BY 1", ids.characters),
      archivedCharacters: await q("SELECT character_id, name FROM game_data.archived_characters WHERE character_id = ANY($1) ORDER BY 1", ids.characters),
      archivedData: await q("SELECT character_id, snapshot FROM game_data.archived_character_data WHERE character_id = ANY($1) ORDER BY 1", ids.characters),
      liveTransactions: await q("SELECT transaction_id FROM game_data.transactions WHERE transaction_id = ANY($1) ORDER BY 1", ids.transactions),
      archivedTransactions: await q("SELECT transaction_id FROM game_data.archived_transactions WHERE transaction_id = ANY($1) ORDER BY 1", ids.transactions),
      liveListings: await q("SELECT listing_id FROM game_data.marketplace_listings WHERE listing_id = ANY($1) ORDER BY 1", ids.listings),
      archivedListings: await q("SELECT listing_id FROM game_data.archived_marketplace_listings WHERE listing_id = ANY($1) ORDER BY 1", ids.listings),
      liveEvents: await q("SELECT event_id, character_id FROM game_data.game_events WHERE event_id = ANY($1) ORDER BY 1", ids.events),
      archivedEvents: await q("SELECT event_id FROM game_data.archived_game_events WHERE event_id = ANY($1) ORDER BY 1", ids.events),
    };
  }

  it("archives exactly the old data, loses nothing, and a second run changes nothing", async () => {
    await inRollback(pool, async (client) => {
      const player = await makePlayer(client);
      const old = { last_played: daysAgo(200), is_active: false };
      const gone = await makeCharacter(client, player.player_id, old);
      const leader = await makeCharacter(client, player.player_id, old); // leads a guild: kept
      const recent = await makeCharacter(client, player.player_id, { last_played: daysAgo(100), is_active: false });
      const active = await makeCharacter(client, player.player_id, { last_played: daysAgo(400), is_active: true });
      const neverPlayed = await makeCharacter(client, player.player_id, { is_active: false });
      const item = await makeItem(client);

      await insert(client, "character_stats", stats(gone.character_id, { luck: 600 }));
      await insert(client, "character_inventory", { character_id: gone.character_id, item_id: item.item_id, slot_position: 4, quantity: 7 });
      await insert(client, "character_currencies", { character_id: gone.character_id, currency_type: "gold", amount: 1234 });
      const guild = await makeGuild(client, leader.character_id);
      await insert(client, "guild_members", { guild_id: guild.guild_id, character_id: gone.character_id });
      const [low, high] = [gone.character_id, active.character_id].sort((a, b) => Number(a) - Number(b));
      await insert(client, "friendships", { character_id_1: low, character_id_2: high, requested_by: low, status: "accepted" });

      const txWithGone = await insert(client, "transactions", { transaction_type: "trade", from_character_id: gone.character_id, to_character_id: active.character_id });
      const txOld = await insert(client, "transactions", { transaction_type: "drop", to_character_id: active.character_id, created_at: daysAgo(400) });
      const txRecent = await insert(client, "transactions", { transaction_type: "drop", to_character_id: recent.character_id, created_at: daysAgo(300) });
      const expires = new Date(Date.now() + DAY);
      const sold = await insert(client, "marketplace_listings", { seller_character_id: gone.character_id, item_id: item.item_id, quantity: 1, price_per_unit: 3, expires_at: expires });
      const bought = await insert(client, "marketplace_listings", {
        seller_character_id: active.character_id, buyer_character_id: gone.character_id, item_id: item.item_id, quantity: 1, price_per_unit: 3, status: "sold", expires_at: expires,
      });
      const kept = await insert(client, "marketplace_listings", { seller_character_id: active.character_id, item_id: item.item_id, quantity: 1, price_per_unit: 3, expires_at: expires });
      const evOld = await insert(client, "game_events", { event_type: "old", event_data: "{}", created_at: daysAgo(95) });
      const evNew = await insert(client, "game_events", { event_type: "new", character_id: gone.character_id, event_data: "{}", created_at: daysAgo(5) });

      const ids = {
        characters: [gone, leader, recent, active, neverPlayed].map((c) => c.character_id),
        transactions: [txWithGone, txOld, txRecent].map((t) => t.transaction_id),
        listings: [sold, bought, kept].map((l) => l.listing_id),
        events: [evOld, evNew].map((e) => e.event_id),
      };

      await client.query("SELECT game_data.archive_old_data()");
      const first = await snapshotOf(client, ids);

      expect(first.liveCharacters.map((r) => r.character_id)).toEqual([leader, recent, active, neverPlayed].map((c) => c.character_id));
      expect(first.archivedCharacters).toEqual([{ character_id: gone.character_id, name: gone.name }]);
      const snapshot = first.archivedData[0].snapshot;
      expect(snapshot.stats).toMatchObject({ luck: 600, critical_chance: 50 });
      expect(snapshot.inventory).toEqual([expect.objectContaining({ item_id: item.item_id, quantity: 7, slot_position: 4 })]);
      expect(snapshot.currencies).toEqual([expect.objectContaining({ currency_type: "gold", amount: 1234 })]);
      expect(snapshot.guild_membership).toMatchObject({ guild_id: Number(guild.guild_id) });
      expect(snapshot.friendships).toHaveLength(1);

      expect(first.liveTransactions.map((r) => r.transaction_id)).toEqual([txRecent.transaction_id]);
      expect(first.archivedTransactions.map((r) => r.transaction_id)).toEqual([txWithGone, txOld].map((t) => t.transaction_id));
      expect(first.liveListings.map((r) => r.listing_id)).toEqual([kept.listing_id]);
      expect(first.archivedListings.map((r) => r.listing_id)).toEqual([sold, bought].map((l) => l.listing_id));
      expect(first.liveEvents).toEqual([{ event_id: evNew.event_id, character_id: null }]);
      expect(first.archivedEvents).toEqual([{ event_id: evOld.event_id }]);

      // Archived rows are complete copies.
      const archivedTx = await client.query("SELECT transaction_type, from_character_id, to_character_id, archived_at FROM game_data.archived_transactions WHERE transaction_id = $1", [txWithGone.transaction_id]);
      expect(archivedTx.rows[0]).toMatchObject({ transaction_type: "trade", from_character_id: gone.character_id, to_character_id: active.character_id });

      await client.query("SELECT game_data.archive_old_data()");
      expect(await snapshotOf(client, ids)).toEqual(first);
    });
  });

  it("drops monthly partitions that lie wholly before the 90-day cutoff, keeps the one containing it", async () => {
    await inRollback(pool, async (client) => {
      await client.query("SELECT game_data.ensure_game_events_partitions(0, 8)");
      const event = await insert(client, "game_events", { event_type: "ancient", event_data: "{}", created_at: daysAgo(200) });
      await client.query("SELECT game_data.archive_old_data()");
      const names = await partitions(client);
      const cutoffMonth = await client.query(
        "SELECT 'game_events_p' || to_char((now() - interval '90 days') AT TIME ZONE 'UTC', 'YYYYMM') AS name",
      );
      expect(names).toContain(cutoffMonth.rows[0].name);
      expect(names).toContain(await partitionName(client, 0));
      expect(names.filter((n) => n !== "game_events_default" && n < cutoffMonth.rows[0].name)).toEqual([]);
      const archived = await client.query("SELECT count(*)::int AS n FROM game_data.archived_game_events WHERE event_id = $1", [event.event_id]);
      expect(archived.rows[0].n).toBe(1);
    });
  });
});
