import { afterAll, describe, expect, it } from "vitest";
import { createInnerContext } from "@/server/context";
import { createCaller } from "@/server/app.router";
import { characterClasses } from "@/server/character/character.schema";
import { startingStats } from "@/server/character/classes.rules";
import { createTestEngines, unique } from "@/tests/helpers/engines";
import { callerFor, createPlayer, errorCodeOf } from "@/tests/integration/characters/fixtures";

describe("character router", () => {
  const engines = createTestEngines();
  const pool = engines.postgres.pool;
  afterAll(() => engines.close());

  it("creates a character with class stats (current = max), a valid position and zero in all four currencies, and lists it", async () => {
    const player = await createPlayer(pool);
    const caller = callerFor(engines, player);
    const name = unique("Hero");
    const created = await caller.character.create({ name, characterClass: "mage" });
    expect(created).toMatchObject({ name, characterClass: "mage", level: 1, zoneId: 1 });

    const list = await caller.character.list();
    expect(list.map((c) => c.name)).toEqual([name]);

    const sheet = await caller.character.get({ characterId: created.characterId });
    const mage = startingStats.mage;
    expect(sheet.character.stats).toMatchObject({
      healthCurrent: mage.healthMax,
      healthMax: mage.healthMax,
      manaCurrent: mage.manaMax,
      staminaCurrent: mage.staminaMax,
      intelligence: mage.intelligence,
      // Generated columns come back from the database.
      attackPower: mage.strength * 2 + mage.agility,
      defenseRating: mage.vitality * 3,
      magicPower: mage.intelligence * 2,
      criticalChance: Math.min(mage.luck * 0.1, 50),
    });
    expect(sheet.character.position).toMatchObject({ zoneId: 1 });
    expect(sheet.character.currencies).toEqual({ gold: 0, gems: 0, pvp_tokens: 0, event_currency: 0 });
    expect(sheet.inventory).toEqual({ capacity: 200, slots: [] });
    expect(sheet.equipment).toHaveLength(12);
    expect(sheet.equipment.every((slot) => slot.slotPosition === null)).toBe(true);

    const { rows } = await pool.query("SELECT currency_type FROM game_data.character_currencies WHERE character_id = $1 ORDER BY 1", [created.characterId]);
    expect(rows.map((r) => r.currency_type)).toEqual(["event_currency", "gems", "gold", "pvp_tokens"]);
  });

  it("gives every class its own starting stats", async () => {
    const player = await createPlayer(pool);
    const caller = callerFor(engines, player);
    for (const characterClass of characterClasses) {
      const created = await caller.character.create({ name: unique(characterClass.slice(0, 3)), characterClass });
      const sheet = await caller.character.get({ characterId: created.characterId });
      expect(sheet.character.stats?.healthMax, characterClass).toBe(startingStats[characterClass].healthMax);
      expect(sheet.character.characterClass).toBe(characterClass);
    }
  });

  it("refuses names outside character_name_format and classes outside the list, changing nothing", async () => {
    const player = await createPlayer(pool);
    const caller = callerFor(engines, player);
    for (const name of ["ab", "has space", "x".repeat(51), "semi;colon", "émile"]) {
      expect(await errorCodeOf(caller.character.create({ name, characterClass: "warrior" })), name).toBe("BAD_REQUEST");
    }
    expect(await errorCodeOf(caller.character.create({ name: unique("Ok"), characterClass: "bard" as never }))).toBe("BAD_REQUEST");
    expect(await caller.character.list()).toEqual([]);
  });

  it("refuses a duplicate active name with CONFLICT and a field error, and frees the name on delete", async () => {
    const first = callerFor(engines, await createPlayer(pool));
    const second = callerFor(engines, await createPlayer(pool));
    const name = unique("Dup");
    const original = await first.character.create({ name, characterClass: "rogue" });

    const rejection = await second.character.create({ name, characterClass: "rogue" }).catch((error: unknown) => error);
    expect(rejection).toMatchObject({ code: "CONFLICT", message: "That character name is taken." });
    expect(await second.character.list()).toEqual([]);

    expect(await errorCodeOf(first.character.delete({ characterId: original.characterId, confirm: true }))).toBe("RESOLVED");
    expect(await first.character.list()).toEqual([]);
    const reused = await second.character.create({ name, characterClass: "cleric" });
    expect(reused.name).toBe(name);

    const { rows } = await pool.query("SELECT is_active, deleted_at FROM game_data.characters WHERE character_id = $1", [original.characterId]);
    expect(rows[0].is_active).toBe(false);
    expect(rows[0].deleted_at).toBeInstanceOf(Date);
  });

  it("refuses the 11th character, also when 12 creations race", async () => {
    const player = await createPlayer(pool);
    const caller = callerFor(engines, player);
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, index) => caller.character.create({ name: unique(`Race${index}x`), characterClass: "warrior" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(2);
    for (const r of refused) expect(r.reason).toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(await caller.character.list()).toHaveLength(10);

    // Deleting one makes room again.
    const [oldest] = await caller.character.list();
    await caller.character.delete({ characterId: oldest!.characterId, confirm: true });
    await caller.character.create({ name: unique("Again"), characterClass: "ranger" });
    expect(await caller.character.list()).toHaveLength(10);
  });

  it("needs an explicit confirmation to delete", async () => {
    const caller = callerFor(engines, await createPlayer(pool));
    const created = await caller.character.create({ name: unique("Keep"), characterClass: "engineer" });
    expect(await errorCodeOf(caller.character.delete({ characterId: created.characterId, confirm: false as never }))).toBe("BAD_REQUEST");
    expect(await caller.character.list()).toHaveLength(1);
  });

  it("refuses to delete a guild leader", async () => {
    const caller = callerFor(engines, await createPlayer(pool));
    const leader = await caller.character.create({ name: unique("Lead"), characterClass: "warrior" });
    await pool.query("INSERT INTO game_data.guilds (guild_name, guild_tag, leader_character_id) VALUES ($1, $2, $3)", [
      unique("Guild"),
      `G${Math.floor(Math.random() * 1e8)}`,
      leader.characterId,
    ]);
    expect(await errorCodeOf(caller.character.delete({ characterId: leader.characterId, confirm: true }))).toBe("PRECONDITION_FAILED");
    expect(await caller.character.list()).toHaveLength(1);
  });

  it("hides other players' and deleted characters: get and delete answer NOT_FOUND", async () => {
    const owner = callerFor(engines, await createPlayer(pool));
    const stranger = callerFor(engines, await createPlayer(pool));
    const created = await owner.character.create({ name: unique("Mine"), characterClass: "mage" });
    expect(await errorCodeOf(stranger.character.get({ characterId: created.characterId }))).toBe("NOT_FOUND");
    expect(await errorCodeOf(stranger.character.delete({ characterId: created.characterId, confirm: true }))).toBe("NOT_FOUND");
    expect(await stranger.character.list()).toEqual([]);
    expect(await owner.character.list()).toHaveLength(1);

    await owner.character.delete({ characterId: created.characterId, confirm: true });
    expect(await errorCodeOf(owner.character.get({ characterId: created.characterId }))).toBe("NOT_FOUND");
    expect(await errorCodeOf(owner.character.delete({ characterId: created.characterId, confirm: true }))).toBe("NOT_FOUND");
  });

  it("requires a signed-in player for every procedure", async () => {
    const anonymous = createCaller(createInnerContext({ engines }));
    expect(await errorCodeOf(anonymous.character.list())).toBe("UNAUTHORIZED");
    expect(await errorCodeOf(anonymous.character.create({ name: unique("Anon"), characterClass: "mage" }))).toBe("UNAUTHORIZED");
    expect(await errorCodeOf(anonymous.character.get({ characterId: 1 }))).toBe("UNAUTHORIZED");
    expect(await errorCodeOf(anonymous.character.delete({ characterId: 1, confirm: true }))).toBe("UNAUTHORIZED");
  });

  it("puts a new character on the level leaderboard and takes a deleted one off", async () => {
    const caller = callerFor(engines, await createPlayer(pool));
    const created = await caller.character.create({ name: unique("Board"), characterClass: "ranger" });
    expect(await engines.redis.zscore("leaderboard:level", String(created.characterId))).toBe("1");
    await caller.character.delete({ characterId: created.characterId, confirm: true });
    expect(await engines.redis.zscore("leaderboard:level", String(created.characterId))).toBeNull();
  });

  it("records the acting account in the audit log", async () => {
    const player = await createPlayer(pool);
    const created = await callerFor(engines, player).character.create({ name: unique("Audit"), characterClass: "cleric" });
    const { rows } = await pool.query(
      "SELECT user_id FROM game_data.audit_log WHERE table_name = 'characters' AND operation = 'INSERT' AND changed_data->>'character_id' = $1",
      [String(created.characterId)],
    );
    expect(rows.map((r) => Number(r.user_id))).toEqual([player.playerId]);
  });
});
