/** Every index the seed lists exists under its name, with the shape the seed asks for. */
import { afterAll, describe, expect, it } from "vitest";
import { createPool, inRollback } from "./db";

const seedIndexes = [
  "idx_players_account_id", "idx_players_username", "idx_players_email", "idx_players_last_login",
  "idx_player_profiles_reputation", "idx_player_profiles_achievement",
  "idx_characters_player_id", "idx_characters_level", "idx_characters_class", "idx_characters_last_played", "idx_characters_player_active",
  "unique_active_character_name",
  "idx_character_positions_zone", "idx_character_positions_instance", "idx_character_positions_coords", "idx_character_positions_spatial",
  "idx_items_type", "idx_items_rarity", "idx_items_name",
  "idx_inventory_character", "idx_inventory_item", "idx_inventory_equipped", "unique_equipped_slot",
  "idx_equipment_slot_id", "idx_currencies_character",
  "idx_transactions_from", "idx_transactions_to", "idx_transactions_status", "idx_transactions_type",
  "idx_marketplace_seller", "idx_marketplace_item", "idx_marketplace_expires", "idx_marketplace_active",
  "idx_guilds_name", "idx_guilds_tag", "idx_guilds_leader",
  "idx_guild_members_character", "idx_guild_members_rank", "unique_guild_member_character",
  "idx_friendships_character1", "idx_friendships_character2",
  "idx_quests_type", "idx_quests_level", "idx_character_quests_character", "idx_character_quests_quest", "idx_character_quests_covering",
  "idx_achievements_category", "idx_character_achievements_unlocked",
  "idx_game_events_type", "idx_game_events_character", "idx_game_events_created", "idx_game_events_severity",
  "idx_player_bans_player",
];

describe("indexes", () => {
  const pool = createPool();
  afterAll(() => pool.end());

  it("every seed index exists in game_data", async () => {
    const result = await pool.query("SELECT indexname FROM pg_indexes WHERE schemaname = 'game_data'");
    const present = new Set(result.rows.map((r) => r.indexname));
    expect(seedIndexes.filter((name) => !present.has(name))).toEqual([]);
  });

  it.each([
    ["idx_characters_player_active", /\(player_id, is_active\) WHERE \(is_active = true\)/],
    ["idx_marketplace_active", /\(item_id, price_per_unit\) WHERE \(\(status\)::text = 'active'::text\)/],
    ["idx_marketplace_item", /WHERE \(\(status\)::text = 'active'::text\)/],
    ["idx_inventory_equipped", /WHERE \(is_equipped = true\)/],
    ["idx_character_quests_covering", /\(character_id, status\) INCLUDE \(quest_id, progress, started_at\)/],
    ["idx_character_positions_spatial", /USING gist \(cube\(ARRAY\[position_x, position_y, position_z\]\)\)/],
    ["unique_active_character_name", /UNIQUE INDEX .* \(name\) WHERE \(deleted_at IS NULL\)/],
    ["unique_guild_member_character", /UNIQUE INDEX .* \(character_id\)/],
    ["idx_player_profiles_reputation", /\(reputation_score DESC\)/],
    // 0010: case-insensitive username look-up; deliberately not UNIQUE (older data may hold names differing only in case).
    ["idx_players_username_lower", /^CREATE INDEX .* \(lower\(\(username\)::text\)\)$/],
  ])("%s has the seed's shape", async (name, shape) => {
    const result = await pool.query("SELECT indexdef FROM pg_indexes WHERE schemaname = 'game_data' AND indexname = $1", [name]);
    expect(result.rows[0]?.indexdef).toMatch(shape);
  });

  it("a nearest-neighbour query on positions can use the GiST index", async () => {
    await inRollback(pool, async (client) => {
      await client.query("SET LOCAL enable_seqscan = off");
      const plan = await client.query(`EXPLAIN SELECT character_id FROM game_data.character_positions
        ORDER BY cube(ARRAY[position_x, position_y, position_z]) <-> cube(ARRAY[1.0, 2.0, 3.0]::float8[]) LIMIT 10`);
      expect(plan.rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain("idx_character_positions_spatial");
    });
  });
});
