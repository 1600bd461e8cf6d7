import { afterAll, describe, expect, it } from "vitest";
import { createTestEngines, unique } from "@/tests/helpers/engines";
import { callerFor, createAchievement, createPlayer, createQuest, errorCodeOf } from "@/tests/integration/characters/fixtures";

describe("quest and achievement routers", () => {
  const engines = createTestEngines();
  const pool = engines.postgres.pool;
  afterAll(() => engines.close());

  async function setup() {
    const player = await createPlayer(pool);
    const caller = callerFor(engines, player);
    const { characterId } = await caller.character.create({ name: unique("Qst"), characterClass: "cleric" });
    return { caller, characterId };
  }

  async function startQuest(characterId: number, questId: number, status: string, progress: unknown) {
    const { rows } = await pool.query<{ id: number }>(
      `INSERT INTO game_data.character_quests (character_id, quest_id, status, progress, completed_at, abandoned_at)
       VALUES ($1, $2, $3::text, $4, CASE WHEN $3::text = 'completed' THEN now() END, CASE WHEN $3::text = 'abandoned' THEN now() END)
       RETURNING character_quest_id AS id`,
      [characterId, questId, status, JSON.stringify(progress)],
    );
    return rows[0]!.id;
  }

  it("lists quests by status with objective progress", async () => {
    const { caller, characterId } = await setup();
    const wolves = await createQuest(pool, [{ type: "kill", target: "wolf", count: 10 }, { type: "collect", item_id: 1001, count: 5 }], "Wolves");
    const errand = await createQuest(pool, [{ type: "talk", target: "elder" }], "Errand");
    const lost = await createQuest(pool, [{ type: "explore", target: "cave", count: 3 }], "Lost");
    await startQuest(characterId, wolves, "in_progress", { "0": 4, "1": 7 });
    await startQuest(characterId, errand, "completed", {});
    await startQuest(characterId, lost, "abandoned", [1]);

    const quests = await caller.quest.list({ characterId });
    expect(quests.inProgress.map((q) => q.questName)).toEqual(["Wolves"]);
    expect(quests.inProgress[0]!.objectives).toEqual([
      { index: 0, description: "Kill 10 × wolf", current: 4, required: 10, done: false },
      { index: 1, description: "Collect 5 × item #1001", current: 5, required: 5, done: true },
    ]);
    expect(quests.completed.map((q) => q.questName)).toEqual(["Errand"]);
    expect(quests.completed[0]!.objectives[0]!.done).toBe(true);
    expect(quests.abandoned[0]!.objectives[0]).toMatchObject({ current: 1, required: 3 });
    expect(quests.abandoned[0]!.abandonedAt).toBeInstanceOf(Date);
  });

  it("abandons an in-progress quest once; refuses other statuses, foreign quests and foreign characters", async () => {
    const { caller, characterId } = await setup();
    const other = await setup();
    const questId = await createQuest(pool, [{ type: "kill", target: "rat", count: 3 }]);
    const mine = await startQuest(characterId, questId, "in_progress", {});
    const done = await startQuest(characterId, questId, "completed", {});
    const theirs = await startQuest(other.characterId, questId, "in_progress", {});

    await caller.quest.abandon({ characterId, characterQuestId: mine });
    const { rows } = await pool.query("SELECT status, abandoned_at FROM game_data.character_quests WHERE character_quest_id = $1", [mine]);
    expect(rows[0].status).toBe("abandoned");
    expect(rows[0].abandoned_at).toBeInstanceOf(Date);
    expect(await errorCodeOf(caller.quest.abandon({ characterId, characterQuestId: mine }))).toBe("PRECONDITION_FAILED");
    expect(await errorCodeOf(caller.quest.abandon({ characterId, characterQuestId: done }))).toBe("PRECONDITION_FAILED");
    // Someone else's quest, whether named through my character or theirs.
    expect(await errorCodeOf(caller.quest.abandon({ characterId, characterQuestId: theirs }))).toBe("NOT_FOUND");
    expect(await errorCodeOf(caller.quest.abandon({ characterId: other.characterId, characterQuestId: theirs }))).toBe("NOT_FOUND");
    expect(await errorCodeOf(caller.quest.list({ characterId: other.characterId }))).toBe("NOT_FOUND");
    const { rows: theirRows } = await pool.query("SELECT status FROM game_data.character_quests WHERE character_quest_id = $1", [theirs]);
    expect(theirRows[0].status).toBe("in_progress");
  });

  it("shows unlocked achievements with points and dates, visible locked ones, and never a hidden locked one", async () => {
    const { caller, characterId } = await setup();
    const visibleName = unique("Visible");
    const secretName = unique("SecretLocked");
    const revealedName = unique("SecretUnlocked");
    const first = await createAchievement(pool, { name: visibleName, points: 25 });
    await createAchievement(pool, { name: secretName, points: 50, hidden: true });
    const revealed = await createAchievement(pool, { name: revealedName, points: 40, hidden: true });
    const lockedName = unique("NotYet");
    await createAchievement(pool, { name: lockedName, points: 5 });
    await pool.query(
      "INSERT INTO game_data.character_achievements (character_id, achievement_id, unlocked_at) VALUES ($1, $2, now() - interval '1 day'), ($1, $3, now())",
      [characterId, first, revealed],
    );

    const achievements = await caller.achievement.list({ characterId });
    expect(achievements.unlocked.map((a) => [a.achievementName, a.points])).toEqual([
      [revealedName, 40],
      [visibleName, 25],
    ]);
    expect(achievements.unlocked.every((a) => a.unlockedAt instanceof Date)).toBe(true);
    expect(achievements.unlockedPoints).toBe(65);
    expect(achievements.locked.map((a) => a.achievementName)).toContain(lockedName);
    expect(achievements.hiddenLockedCount).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(achievements)).not.toContain(secretName);

    const stranger = await setup();
    expect(await errorCodeOf(stranger.caller.achievement.list({ characterId }))).toBe("NOT_FOUND");
  });
});
