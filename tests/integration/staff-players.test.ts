import { afterAll, describe, expect, it } from "vitest";
import { createTestEngines, unique } from "@/tests/helpers/engines";
import { expectCode, giveItem, makeAccount, makeCharacter, makeItem, recordPurchase } from "./staff-fixtures";

describe("staff player look-up and player page", () => {
  const engines = createTestEngines();
  const pool = engines.postgres.pool;
  afterAll(() => engines.close());

  it("finds a player by id, username, email and character name (whole or part, any case)", async () => {
    const analyst = await makeAccount(engines, "analyst");
    const player = await makeAccount(engines);
    const character = await makeCharacter(pool, player.playerId);
    const search = (query: string) => analyst.caller.staff.players.search({ query });

    expect((await search(String(player.playerId)))[0]).toMatchObject({ playerId: player.playerId, matchedOn: ["id"], exact: true });
    expect((await search(player.username.toUpperCase()))[0]).toMatchObject({ playerId: player.playerId, exact: true });
    expect((await search(player.email))[0]).toMatchObject({ playerId: player.playerId, matchedOn: ["email"] });
    const byCharacter = await search(character.name.toLowerCase());
    expect(byCharacter[0]).toMatchObject({ playerId: player.playerId, characterNames: [character.name] });
    expect(byCharacter[0]!.matchedOn).toContain("character");
    const partial = await search(player.username.slice(2, 10));
    expect(partial.map((hit) => hit.playerId)).toContain(player.playerId);
    expect(await search(`zz${unique()}`)).toEqual([]);
    await expectCode(analyst.caller.staff.players.search({ query: "   " }), "BAD_REQUEST", /Type an id/);
  });

  it("shows profile, characters with stats, position, currencies and inventory, transactions, friends, guild, bans and audit trail", async () => {
    const gm = await makeAccount(engines, "game_master");
    const player = await makeAccount(engines);
    const other = await makeAccount(engines);
    const hero = await makeCharacter(pool, player.playerId, { gold: 500, gems: 7 });
    const friend = await makeCharacter(pool, other.playerId);
    const item = await makeItem(pool);
    await giveItem(pool, hero.characterId, item.itemId, 2, 3);
    await pool.query(
      `INSERT INTO game_data.character_stats (character_id, health_current, health_max, mana_current, mana_max, stamina_current, stamina_max, strength)
       VALUES ($1, 80, 100, 40, 50, 70, 80, 12)`,
      [hero.characterId],
    );
    await pool.query("INSERT INTO game_data.character_positions (character_id, position_x, position_y, position_z, zone_id) VALUES ($1, 10.5, -3, 2, 4)", [hero.characterId]);
    const [low, high] = [hero.characterId, friend.characterId].sort((a, b) => a - b);
    await pool.query("INSERT INTO game_data.friendships (character_id_1, character_id_2, status, requested_by) VALUES ($1, $2, 'accepted', $1)", [low, high]);
    const tag = `S${Math.floor(Math.random() * 1e8)}`;
    const guild = await pool.query<{ id: number }>(
      "INSERT INTO game_data.guilds (guild_name, guild_tag, leader_character_id) VALUES ($1, $2, $3) RETURNING guild_id AS id",
      [unique("Staff Guild "), tag, hero.characterId],
    );
    await pool.query("INSERT INTO game_data.guild_members (guild_id, character_id, rank) VALUES ($1, $2, 'leader')", [guild.rows[0]!.id, hero.characterId]);
    await recordPurchase(pool, { buyer: hero.characterId, seller: friend.characterId, itemId: item.itemId, quantity: 1, price: 40, fee: 2, buyerSlot: 9 });
    await gm.caller.staff.bans.ban({ playerId: player.playerId, template: "scam", expiresAt: new Date(Date.now() + 3_600_000) });

    const page = await gm.caller.staff.players.get({ playerId: player.playerId });
    expect(page.account).toMatchObject({ playerId: player.playerId, username: player.username, email: player.email, banned: true, banReason: "Scamming other players" });
    expect(page.characters).toHaveLength(1);
    const [c] = page.characters;
    expect(c!.stats).toMatchObject({ healthCurrent: 80, strength: 12, attackPower: 34 });
    expect(c!.position).toMatchObject({ x: 10.5, y: -3, z: 2, zoneId: 4 });
    expect(c!.currencies.map((row) => [row.currencyType, row.amount])).toEqual([["gems", 7], ["gold", 460]]);
    expect(c!.inventory.map((slot) => [slot.slotPosition, slot.itemName, slot.quantity])).toEqual([[3, item.itemName, 2], [9, item.itemName, 1]]);
    expect(c!.friends).toEqual([expect.objectContaining({ friendName: friend.name, friendPlayerId: other.playerId, status: "accepted" })]);
    expect(c!.guild).toMatchObject({ guildTag: tag, rank: "leader" });
    expect(page.recentTransactions.map((t) => t.transactionType).sort()).toEqual(["purchase", "sale"]);
    expect(page.bans).toHaveLength(1);
    expect(page.auditTrail.some((entry) => entry.tableName === "player_bans" && entry.relation === "about" && entry.actorUsername === gm.username)).toBe(true);

    await expectCode(gm.caller.staff.players.get({ playerId: 9_000_000_000_000 }), "NOT_FOUND");
  });
});
