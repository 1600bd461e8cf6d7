import "server-only";
import type { PoolClient } from "pg";
import type { PgPool } from "@/server/clients/postgres";

type Queryable = PgPool | PoolClient;

export interface QuestRow {
  characterQuestId: number;
  questId: number;
  questName: string;
  description: string | null;
  questType: string;
  requiredLevel: number;
  status: string;
  startedAt: Date | null;
  completedAt: Date | null;
  abandonedAt: Date | null;
  objectives: unknown;
  progress: unknown;
  rewards: unknown;
  completionCount: number;
  isRepeatable: boolean;
}

/** Every quest of an owned live character, newest first; null when the character is not the player's. */
export async function listCharacterQuests(db: Queryable, playerId: number, characterId: number): Promise<QuestRow[] | null> {
  const { rows } = await db.query<QuestRow>(
    `SELECT cq.character_quest_id AS "characterQuestId", cq.quest_id AS "questId", qm.quest_name AS "questName",
            qm.description, qm.quest_type AS "questType", COALESCE(qm.required_level, 1) AS "requiredLevel",
            cq.status, cq.started_at AS "startedAt", cq.completed_at AS "completedAt", cq.abandoned_at AS "abandonedAt",
            qm.objectives, cq.progress, qm.rewards, COALESCE(cq.completion_count, 0) AS "completionCount",
            COALESCE(qm.is_repeatable, FALSE) AS "isRepeatable"
       FROM game_data.characters c
       LEFT JOIN game_data.character_quests cq ON cq.character_id = c.character_id
       LEFT JOIN game_data.quests_master qm ON qm.quest_id = cq.quest_id
      WHERE c.character_id = $1 AND c.player_id = $2 AND c.deleted_at IS NULL
      ORDER BY cq.started_at DESC NULLS LAST, cq.character_quest_id DESC`,
    [characterId, playerId],
  );
  if (rows.length === 0) return null;
  return rows.filter((row) => row.characterQuestId !== null);
}

/**
 * Abandons an in-progress quest of an owned live character. Returns the quest's status before the call
 * ("in_progress" when it was abandoned now), or null when no such quest belongs to the player's character.
 * The row is locked so a concurrent completion by the game server is either before or after, never interleaved.
 */
export async function abandonCharacterQuest(client: PoolClient, playerId: number, characterId: number, characterQuestId: number): Promise<string | null> {
  const { rows } = await client.query<{ status: string }>(
    `SELECT cq.status FROM game_data.character_quests cq
       JOIN game_data.characters c ON c.character_id = cq.character_id
      WHERE cq.character_quest_id = $1 AND cq.character_id = $2 AND c.player_id = $3 AND c.deleted_at IS NULL
      FOR UPDATE OF cq`,
    [characterQuestId, characterId, playerId],
  );
  const status = rows[0]?.status ?? null;
  if (status === "in_progress") {
    await client.query(
      "UPDATE game_data.character_quests SET status = 'abandoned', abandoned_at = now() WHERE character_quest_id = $1",
      [characterQuestId],
    );
  }
  return status;
}
