/** character_stats' generated columns, and what each ON DELETE rule does to dependent rows. */
import type pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createPool, expectViolation, inRollback, insert, makeCharacter, makeGuild, makeItem, makePlayer, stats } from "./db";

const count = async (client: pg.ClientBase, sql: string, params: unknown[]) => Number((await client.query(sql, params)).rows[0].count);

describe("character_stats generated columns", () => {
  const pool = createPool();
  afterAll(() => pool.end());

  it.each([
    [{}, { attack_power: 30, defense_rating: 30, magic_power: 20, critical_chance: "1.00" }],
    [{ strength: 10, agility: 10 }, { attack_power: 30 }],
    [{ strength: 25, agility: 7 }, { attack_power: 57 }],
    [{ vitality: 12 }, { defense_rating: 36 }],
    [{ intelligence: 41 }, { magic_power: 82 }],
    [{ luck: 123 }, { critical_chance: "12.30" }],
    [{ luck: 500 }, { critical_chance: "50.00" }],
    [{ luck: 600 }, { critical_chance: "50.00" }],
  ])("stats %j give %j", async (input, expected) => {
    await inRollback(pool, async (client) => {
      const character = await makeCharacter(client, (await makePlayer(client)).player_id);
      const row = await insert(client, "character_stats", stats(character.character_id, input));
      expect(row).toMatchObject(expected);
    });
  });

  it("recomputes on update and refuses direct writes", async () => {
    await inRollback(pool, async (client) => {
      const character = await makeCharacter(client, (await makePlayer(client)).player_id);
      await insert(client, "character_stats", stats(character.character_id));
      const updated = await client.query("UPDATE game_data.character_stats SET strength = 40 WHERE character_id = $1 RETURNING attack_power", [character.character_id]);
      expect(updated.rows[0].attack_power).toBe(90);
      await client.query("SAVEPOINT s");
      await expect(client.query("UPDATE game_data.character_stats SET attack_power = 1 WHERE character_id = $1", [character.character_id])).rejects.toMatchObject({ code: "428C9" });
      await client.query("ROLLBACK TO SAVEPOINT s");
    });
  });
});

describe("ON DELETE rules", () => {
  const pool = createPool();
  afterAll(() => pool.end());

  it("deleting a player cascades to profile, characters and everything a character owns", async () => {
    await inRollback(pool, async (client) => {
      const player = await makePlayer(client);
      const other = await makeCharacter(client, (await makePlayer(client)).player_id);
      const character = await makeCharacter(client, player.player_id);
      const id = character.character_id;
      const item = await makeItem(client);
      await insert(client, "player_profiles", { player_id: player.player_id });
      await insert(client, "staff_roles", { player_id: player.player_id, role: "analyst" });
      await insert(client, "player_bans", { player_id: player.player_id, reason: "spam" });
      await insert(client, "character_stats", stats(id));
      await insert(client, "character_positions", { character_id: id, position_x: 0, position_y: 0, position_z: 0, zone_id: 1 });
      const slot = await insert(client, "character_inventory", { character_id: id, item_id: item.item_id, slot_position: 3 });
      await insert(client, "character_equipment", { character_id: id, equipment_slot: "head", inventory_slot_id: slot.inventory_slot_id });
      await insert(client, "character_currencies", { character_id: id, currency_type: "gold", amount: 5 });
      await insert(client, "marketplace_listings", { seller_character_id: id, item_id: item.item_id, quantity: 1, price_per_unit: 9, expires_at: new Date(Date.now() + 3_600_000) });
      const guild = await makeGuild(client, other.character_id);
      await insert(client, "guild_members", { guild_id: guild.guild_id, character_id: id });
      const [low, high] = [id, other.character_id].sort((a, b) => Number(a) - Number(b));
      await insert(client, "friendships", { character_id_1: low, character_id_2: high, requested_by: id });
      const event = await insert(client, "game_events", { event_type: "login", character_id: id, event_data: "{}" });

      await client.query("DELETE FROM game_data.players WHERE player_id = $1", [player.player_id]);

      for (const [table, column] of [
        ["player_profiles", "player_id"], ["staff_roles", "player_id"], ["player_bans", "player_id"], ["characters", "player_id"],
      ]) {
        expect(await count(client, `SELECT count(*) FROM game_data.${table} WHERE ${column} = $1`, [player.player_id]), table).toBe(0);
      }
      for (const [table, column] of [
        ["character_stats", "character_id"], ["character_positions", "character_id"], ["character_inventory", "character_id"],
        ["character_equipment", "character_id"], ["character_currencies", "character_id"], ["marketplace_listings", "seller_character_id"],
        ["guild_members", "character_id"], ["friendships", "character_id_1"], ["friendships", "character_id_2"],
      ]) {
        expect(await count(client, `SELECT count(*) FROM game_data.${table} WHERE ${column} = $1`, [id]), table).toBe(0);
      }
      // game_events keeps the event, without the character (SET NULL).
      const kept = await client.query("SELECT character_id FROM game_data.game_events WHERE event_id = $1", [event.event_id]);
      expect(kept.rows).toEqual([{ character_id: null }]);
    });
  });

  it("deleting an inventory slot un-links the equipment (fk_equipment_inventory SET NULL)", async () => {
    await inRollback(pool, async (client) => {
      const character = await makeCharacter(client, (await makePlayer(client)).player_id);
      const item = await makeItem(client);
      const slot = await insert(client, "character_inventory", { character_id: character.character_id, item_id: item.item_id, slot_position: 0 });
      await insert(client, "character_equipment", { character_id: character.character_id, equipment_slot: "chest", inventory_slot_id: slot.inventory_slot_id });
      await client.query("DELETE FROM game_data.character_inventory WHERE inventory_slot_id = $1", [slot.inventory_slot_id]);
      const row = await client.query("SELECT inventory_slot_id FROM game_data.character_equipment WHERE character_id = $1", [character.character_id]);
      expect(row.rows).toEqual([{ inventory_slot_id: null }]);
    });
  });

  it("a master item in someone's inventory cannot be deleted (fk_inventory_item RESTRICT); an unused one can", async () => {
    await inRollback(pool, async (client) => {
      const character = await makeCharacter(client, (await makePlayer(client)).player_id);
      const used = await makeItem(client);
      const unused = await makeItem(client);
      await insert(client, "character_inventory", { character_id: character.character_id, item_id: used.item_id, slot_position: 0 });
      await expectViolation(client, () => client.query("DELETE FROM game_data.items_master WHERE item_id = $1", [used.item_id]), { constraint: "fk_inventory_item", code: "23503" });
      const deleted = await client.query("DELETE FROM game_data.items_master WHERE item_id = $1", [unused.item_id]);
      expect(deleted.rowCount).toBe(1);
    });
  });

  it("a master quest or achievement in use cannot be deleted", async () => {
    await inRollback(pool, async (client) => {
      const character = await makeCharacter(client, (await makePlayer(client)).player_id);
      const quest = await insert(client, "quests_master", { quest_id: 1_999_999_999 - Math.floor(Math.random() * 1e8), quest_name: "Q", quest_type: "daily", objectives: "[]" });
      await insert(client, "character_quests", { character_id: character.character_id, quest_id: quest.quest_id });
      await expectViolation(client, () => client.query("DELETE FROM game_data.quests_master WHERE quest_id = $1", [quest.quest_id]), { constraint: "character_quests_quest_id_fkey", code: "23503" });
    });
  });

  it("deleting a guild removes its memberships but not the characters", async () => {
    await inRollback(pool, async (client) => {
      const leader = await makeCharacter(client, (await makePlayer(client)).player_id);
      const member = await makeCharacter(client, (await makePlayer(client)).player_id);
      const guild = await makeGuild(client, leader.character_id);
      await insert(client, "guild_members", { guild_id: guild.guild_id, character_id: leader.character_id, rank: "leader" });
      await insert(client, "guild_members", { guild_id: guild.guild_id, character_id: member.character_id });
      await client.query("DELETE FROM game_data.guilds WHERE guild_id = $1", [guild.guild_id]);
      expect(await count(client, "SELECT count(*) FROM game_data.guild_members WHERE guild_id = $1", [guild.guild_id])).toBe(0);
      expect(await count(client, "SELECT count(*) FROM game_data.characters WHERE character_id = ANY($1)", [[leader.character_id, member.character_id]])).toBe(2);
    });
  });

  it("a guild leader, a trader or a buyer cannot be hard-deleted (FKs without ON DELETE)", async () => {
    await inRollback(pool, async (client) => {
      const leader = await makeCharacter(client, (await makePlayer(client)).player_id);
      const trader = await makeCharacter(client, (await makePlayer(client)).player_id);
      const buyer = await makeCharacter(client, (await makePlayer(client)).player_id);
      const seller = await makeCharacter(client, (await makePlayer(client)).player_id);
      const item = await makeItem(client);
      await makeGuild(client, leader.character_id);
      await insert(client, "transactions", { transaction_type: "mail", to_character_id: trader.character_id });
      await insert(client, "marketplace_listings", {
        seller_character_id: seller.character_id, buyer_character_id: buyer.character_id, item_id: item.item_id,
        quantity: 1, price_per_unit: 5, status: "sold", expires_at: new Date(),
      });
      const del = (id: unknown) => () => client.query("DELETE FROM game_data.characters WHERE character_id = $1", [id]);
      await expectViolation(client, del(leader.character_id), { constraint: "guilds_leader_character_id_fkey", code: "23503" });
      await expectViolation(client, del(trader.character_id), { constraint: "transactions_to_character_id_fkey", code: "23503" });
      await expectViolation(client, del(buyer.character_id), { constraint: "marketplace_listings_buyer_character_id_fkey", code: "23503" });
    });
  });

  it("a character name is free again once its holder is soft-deleted (unique_active_character_name is partial)", async () => {
    await inRollback(pool, async (client) => {
      const player = await makePlayer(client);
      const first = await makeCharacter(client, player.player_id);
      await client.query("UPDATE game_data.characters SET deleted_at = now(), is_active = false WHERE character_id = $1", [first.character_id]);
      const second = await makeCharacter(client, player.player_id, { name: first.name });
      expect(second.name).toBe(first.name);
      await expectViolation(client, () => makeCharacter(client, player.player_id, { name: first.name }), { constraint: "unique_active_character_name", code: "23505" });
    });
  });
});
