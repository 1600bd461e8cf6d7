import "server-only";
import type { PoolClient } from "pg";
import type { PgPool } from "@/server/clients/postgres";

type Queryable = PgPool | PoolClient;

export interface AchievementRow {
  achievementId: number;
  achievementName: string;
  description: string | null;
  category: string;
  points: number;
  iconUrl: string | null;
  unlockedAt: Date | null;
  progress: unknown;
}

export interface AchievementListing {
  rows: AchievementRow[];
  hiddenLockedCount: number;
}

/**
 * Achievements for an owned live character: every unlocked one, plus every visible one not yet unlocked.
 * Hidden achievements (is_hidden) that the character has not unlocked never leave the database, only their count.
 * Unlocked means a character_achievements row with unlocked_at set. Null when the character is not the player's.
 */
export async function listCharacterAchievements(db: Queryable, playerId: number, characterId: number): Promise<AchievementListing | null> {
  const { rows } = await db.query<AchievementRow & { owned: boolean; hiddenLockedCount: number }>(
    `WITH owner AS (
       SELECT character_id FROM game_data.characters WHERE character_id = $1 AND player_id = $2 AND deleted_at IS NULL
     ), mine AS (
       SELECT ca.achievement_id, ca.unlocked_at, ca.progress
         FROM game_data.character_achievements ca JOIN owner o ON o.character_id = ca.character_id
     ), visible AS (
       SELECT am.achievement_id, am.achievement_name, am.description, am.category, am.points, am.icon_url,
              mine.unlocked_at, mine.progress
         FROM game_data.achievements_master am
         LEFT JOIN mine ON mine.achievement_id = am.achievement_id
        WHERE EXISTS (SELECT 1 FROM owner)
          AND (mine.unlocked_at IS NOT NULL OR am.is_hidden IS NOT TRUE)
     )
     SELECT TRUE AS owned,
            (SELECT count(*)::int FROM game_data.achievements_master am
              WHERE am.is_hidden IS TRUE
                AND NOT EXISTS (SELECT 1 FROM mine WHERE mine.achievement_id = am.achievement_id AND mine.unlocked_at IS NOT NULL)
            ) AS "hiddenLockedCount",
            v.achievement_id AS "achievementId", v.achievement_name AS "achievementName", v.description, v.category,
            v.points, v.icon_url AS "iconUrl", v.unlocked_at AS "unlockedAt", v.progress
       FROM owner
       LEFT JOIN visible v ON TRUE
      ORDER BY v.unlocked_at DESC NULLS LAST, v.category, v.achievement_name`,
    [characterId, playerId],
  );
  if (rows.length === 0) return null;
  return {
    hiddenLockedCount: rows[0]!.hiddenLockedCount,
    rows: rows.filter((row) => row.achievementId !== null).map(({ owned: _owned, hiddenLockedCount: _count, ...row }) => row),
  };
}
