import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createTestEngines, unique } from "@/tests/helpers/engines";
import { anonymousCaller, newCharacter, newPlayer } from "@/tests/helpers/accounts";
import { addAchievementPoints, rebuildLeaderboards, recordCharacterLevel, removeCharacter, syncAchievementPoints, type RebuildProgress } from "@/server/leaderboard/leaderboard.service";
import { heartbeat } from "@/server/presence/presence.service";
import { staleAfterMs } from "@/server/presence/presence.redis";

const engines = createTestEngines();
afterAll(() => engines.close());

// Leaderboard keys are global; scores far above the game's range (level ≤ 100) keep this file's entries on top.
const base = 1_000_000 + Math.floor(Math.random() * 1_000_000);

describe("leaderboards", () => {
  it("ranks by score with shared ranks for ties and resolves names in one batch", async () => {
    const { session } = await newPlayer(engines, "Lb");
    const other = await newPlayer(engines, "Lo");
    const mine1 = await newCharacter(engines, session.playerId, { level: 40 });
    const mine2 = await newCharacter(engines, session.playerId, { level: 41 });
    const theirs = await newCharacter(engines, other.session.playerId, { level: 42 });
    await recordCharacterLevel(engines.redis, theirs.characterId, base + 3);
    await recordCharacterLevel(engines.redis, mine2.characterId, base + 2);
    await recordCharacterLevel(engines.redis, mine1.characterId, base + 1);
    const caller = (await newPlayer(engines, "V")).caller;
    const anonymous = await anonymousCaller(engines).leaderboard.view({ board: "level", limit: 100 });
    expect(anonymous.mine).toBeNull();
    const top = anonymous.top.filter((row) => [theirs, mine1, mine2].some((c) => c.characterId === row.characterId));
    expect(top.map((row) => row.name)).toEqual([theirs.name, mine2.name, mine1.name]);
    expect(top[0]).toMatchObject({ username: other.username, characterClass: "warrior", score: base + 3 });
    expect(top[1]!.rank).toBe(top[0]!.rank + 1);
    expect(top[2]!.rank).toBe(top[0]!.rank + 2);
    expect((await caller.leaderboard.view({ board: "level", limit: 100 })).mine).toBeNull();

    // The signed-in player's own rank is their best character's.
    const { createCaller } = await import("@/server/app.router");
    const { createInnerContext } = await import("@/server/context");
    const own = createCaller(createInnerContext({ engines, session }));
    const view = await own.leaderboard.view({ board: "level", limit: 100 });
    expect(view.mine).toMatchObject({ characterId: mine2.characterId, rank: top[1]!.rank });

    // A tie shares the rank.
    await recordCharacterLevel(engines.redis, mine1.characterId, base + 2);
    const tied = await own.leaderboard.view({ board: "level", limit: 100 });
    const ranks = tied.top.filter((r) => r.characterId === mine1.characterId || r.characterId === mine2.characterId).map((r) => r.rank);
    expect(new Set(ranks).size).toBe(1);

    await removeCharacter(engines.redis, theirs.characterId);
    await removeCharacter(engines.redis, mine1.characterId);
    await removeCharacter(engines.redis, mine2.characterId);
    expect(await engines.redis.zscore("leaderboard:level", String(theirs.characterId))).toBeNull();
  });

  it("keeps achievement points per character and syncs them from PostgreSQL", async () => {
    const { session } = await newPlayer(engines, "Ap");
    const character = await newCharacter(engines, session.playerId);
    expect(await addAchievementPoints(engines.redis, character.characterId, 10)).toBe(10);
    expect(await addAchievementPoints(engines.redis, character.characterId, 15)).toBe(25);
    const achievementId = 800_000 + Math.floor(Math.random() * 90_000);
    await engines.postgres.pool.query(
      "INSERT INTO game_data.achievements_master (achievement_id, achievement_name, category, points, criteria) VALUES ($1, $2, 'combat', 40, '{}')",
      [achievementId, unique("Slayer")],
    );
    await engines.postgres.pool.query("INSERT INTO game_data.character_achievements (character_id, achievement_id) VALUES ($1, $2)", [character.characterId, achievementId]);
    expect(await syncAchievementPoints(engines, character.characterId)).toBe(40);
    expect(Number(await engines.redis.zscore("leaderboard:achievement_points", String(character.characterId)))).toBe(40);
    await removeCharacter(engines.redis, character.characterId);
  });
});

describe("leaderboard rebuild", () => {
  // The rebuild replaces the global keys; run it once against this file's own rows and check them.
  let progress: RebuildProgress[] = [];
  let ids: { live: number; deleted: number; withPoints: number };
  beforeAll(async () => {
    const { session } = await newPlayer(engines, "Rb");
    const live = await newCharacter(engines, session.playerId, { level: 77 });
    const deleted = await newCharacter(engines, session.playerId, { level: 99 });
    await engines.postgres.pool.query("UPDATE game_data.characters SET deleted_at = NOW() WHERE character_id = $1", [deleted.characterId]);
    const achievementId = 700_000 + Math.floor(Math.random() * 90_000);
    await engines.postgres.pool.query(
      "INSERT INTO game_data.achievements_master (achievement_id, achievement_name, category, points, criteria) VALUES ($1, $2, 'combat', 30, '{}')",
      [achievementId, unique("Rebuilt")],
    );
    await engines.postgres.pool.query("INSERT INTO game_data.character_achievements (character_id, achievement_id) VALUES ($1, $2)", [live.characterId, achievementId]);
    // Stale Redis state the rebuild must correct.
    await recordCharacterLevel(engines.redis, live.characterId, 3);
    await engines.redis.zadd("leaderboard:level", 50, String(deleted.characterId));
    ids = { live: live.characterId, deleted: deleted.characterId, withPoints: live.characterId };
    progress = [];
    await rebuildLeaderboards(engines, (p) => progress.push(p));
  });

  it("rewrites both boards from PostgreSQL, dropping deleted characters", async () => {
    expect(Number(await engines.redis.zscore("leaderboard:level", String(ids.live)))).toBe(77);
    expect(await engines.redis.zscore("leaderboard:level", String(ids.deleted))).toBeNull();
    expect(Number(await engines.redis.zscore("leaderboard:achievement_points", String(ids.withPoints)))).toBe(30);
    expect(await engines.redis.keys("leaderboard:*:rebuild:*")).toEqual([]);
  });

  it("reports progress up to the total for each board", async () => {
    const last = (board: string) => progress.filter((p) => p.board === board).at(-1);
    expect(last("level")).toMatchObject({ processed: last("level")!.total });
    expect(last("achievement_points")!.total).toBeGreaterThan(0);
  });
});

describe("presence", () => {
  it("heartbeat marks an owned character online, in its guild set and its session hash", async () => {
    const { session, caller } = await newPlayer(engines, "Hb");
    const leader = await newCharacter(engines, session.playerId);
    const guild = await engines.postgres.pool.query<{ guild_id: number }>(
      "INSERT INTO game_data.guilds (guild_name, guild_tag, leader_character_id) VALUES ($1, $2, $3) RETURNING guild_id",
      [unique("Guild"), `G${Math.random().toString(36).slice(2, 8).toUpperCase()}`, leader.characterId],
    );
    const guildId = guild.rows[0]!.guild_id;
    await engines.postgres.pool.query("INSERT INTO game_data.guild_members (guild_id, character_id, rank) VALUES ($1, $2, 'leader')", [guildId, leader.characterId]);
    const sessionId = randomUUID();
    const result = await caller.presence.heartbeat({ characterId: leader.characterId, sessionId, position: { x: 1.5, y: -2, z: 3 } });
    expect(result).toMatchObject({ characterId: leader.characterId, guildId });
    expect(Number(await engines.redis.zscore("online:characters", String(leader.characterId)))).toBe(result.lastActivityMs);
    expect(await engines.redis.sismember(`online:guild:${guildId}`, String(leader.characterId))).toBe(1);
    const hash = await engines.redis.hgetall(`session:${sessionId}`);
    expect(hash).toMatchObject({ character_id: String(leader.characterId), position_x: "1.5", position_y: "-2", position_z: "3" });
    const ttl = await engines.redis.ttl(`session:${sessionId}`);
    expect(ttl).toBeGreaterThan(7100);
    expect(ttl).toBeLessThanOrEqual(7200);
    expect(await caller.presence.session({ sessionId })).toMatchObject({ characterId: leader.characterId, position: { x: 1.5, y: -2, z: 3 } });
    expect((await caller.presence.guildOnline({ guildId })).members).toEqual([{ characterId: leader.characterId, name: leader.name }]);
    expect((await caller.presence.onlineCount()).online).toBeGreaterThanOrEqual(1);
  });

  it("refuses a character the player does not own", async () => {
    const { caller } = await newPlayer(engines, "Hx");
    const other = await newPlayer(engines, "Hy");
    const theirs = await newCharacter(engines, other.session.playerId);
    await expect(caller.presence.heartbeat({ characterId: theirs.characterId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await engines.redis.zscore("online:characters", String(theirs.characterId))).toBeNull();
    await expect(anonymousCaller(engines).presence.heartbeat({ characterId: theirs.characterId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("treats members older than 5 minutes as offline and prunes them when reading", async () => {
    const { session, caller } = await newPlayer(engines, "St");
    const character = await newCharacter(engines, session.playerId);
    const leader = await newCharacter(engines, session.playerId);
    const guild = await engines.postgres.pool.query<{ guild_id: number }>(
      "INSERT INTO game_data.guilds (guild_name, guild_tag, leader_character_id) VALUES ($1, $2, $3) RETURNING guild_id",
      [unique("Old"), `S${Math.random().toString(36).slice(2, 8).toUpperCase()}`, leader.characterId],
    );
    const guildId = guild.rows[0]!.guild_id;
    await engines.postgres.pool.query("INSERT INTO game_data.guild_members (guild_id, character_id) VALUES ($1, $2)", [guildId, character.characterId]);
    await heartbeat(engines, session, { characterId: character.characterId }, Date.now() - staleAfterMs - 1_000);
    expect(await engines.redis.sismember(`online:guild:${guildId}`, String(character.characterId))).toBe(1);
    expect((await caller.presence.guildOnline({ guildId })).members).toEqual([]);
    expect(await engines.redis.sismember(`online:guild:${guildId}`, String(character.characterId))).toBe(0);
    await caller.presence.onlineCount();
    expect(await engines.redis.zscore("online:characters", String(character.characterId))).toBeNull();
  });
});
