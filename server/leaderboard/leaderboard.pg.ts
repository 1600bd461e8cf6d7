import "server-only";
import type { PgPool } from "@/server/clients/postgres";

export interface ScoreRow {
  characterId: number;
  score: number;
}

/** One keyset window of live characters (character_id order) and the scores found in it. */
export interface ScorePage {
  rows: ScoreRow[];
  /** How many characters the window covered, and the last one: the next window starts after it. */
  scanned: number;
  lastScanned: number | null;
}

/** Live characters' levels, one window at a time, for the rebuild. */
export async function levelPage(pool: PgPool, afterCharacterId: number, pageSize: number): Promise<ScorePage> {
  const result = await pool.query<ScoreRow>(
    `SELECT character_id AS "characterId", level AS score FROM game_data.characters
      WHERE deleted_at IS NULL AND character_id > $1 ORDER BY character_id LIMIT $2`,
    [afterCharacterId, pageSize],
  );
  return { rows: result.rows, scanned: result.rows.length, lastScanned: result.rows[result.rows.length - 1]?.characterId ?? null };
}

/** Achievement points per live character (sum of achievements_master.points over its unlocks); characters without unlocks are absent. */
export async function achievementPointsPage(pool: PgPool, afterCharacterId: number, pageSize: number): Promise<ScorePage> {
  const result = await pool.query<{ scanned: number; lastScanned: number | null; rows: ScoreRow[] | null }>(
    `WITH window_ids AS (
       SELECT character_id FROM game_data.characters
        WHERE deleted_at IS NULL AND character_id > $1 ORDER BY character_id LIMIT $2),
     scores AS (
       SELECT w.character_id, SUM(am.points)::bigint AS score
         FROM window_ids w
         JOIN game_data.character_achievements ca ON ca.character_id = w.character_id
         JOIN game_data.achievements_master am ON am.achievement_id = ca.achievement_id
        GROUP BY w.character_id)
     SELECT (SELECT count(*) FROM window_ids)::int AS scanned,
            (SELECT max(character_id) FROM window_ids) AS "lastScanned",
            (SELECT json_agg(json_build_object('characterId', character_id, 'score', score)) FROM scores) AS rows`,
    [afterCharacterId, pageSize],
  );
  const row = result.rows[0];
  return { rows: (row?.rows ?? []).map((r) => ({ characterId: Number(r.characterId), score: Number(r.score) })), scanned: row?.scanned ?? 0, lastScanned: row?.lastScanned ?? null };
}

export async function liveCharacterBounds(pool: PgPool): Promise<{ count: number; maxId: number }> {
  const result = await pool.query<{ count: number; maxId: number | null }>(
    `SELECT count(*)::bigint AS count, max(character_id) AS "maxId" FROM game_data.characters WHERE deleted_at IS NULL`,
  );
  return { count: result.rows[0]?.count ?? 0, maxId: result.rows[0]?.maxId ?? 0 };
}

/** Points of one character, to re-sync its entry after an unlock. */
export async function achievementPointsOf(pool: PgPool, characterId: number): Promise<number> {
  const result = await pool.query<{ points: number }>(
    `SELECT COALESCE(SUM(am.points), 0)::bigint AS points
       FROM game_data.character_achievements ca JOIN game_data.achievements_master am ON am.achievement_id = ca.achievement_id
      WHERE ca.character_id = $1`,
    [characterId],
  );
  return result.rows[0]?.points ?? 0;
}
