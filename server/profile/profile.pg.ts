import "server-only";
import type { PoolClient } from "pg";
import type { PgPool } from "@/server/clients/postgres";

export interface PrivacyRow {
  showOnline: boolean;
  allowFriendRequests: boolean;
  showAchievements: boolean;
  showInSearch: boolean;
}

export interface ProfileRow {
  playerId: number;
  username: string;
  createdAt: Date;
  displayName: string | null;
  bio: string | null;
  avatarUrl: string | null;
  preferredLanguage: string;
  timezone: string | null;
  privacy: PrivacyRow;
}

// Missing keys take the seed's defaults (show_achievements is not in the column default, so it defaults to true here).
const profileColumns = `p.player_id AS "playerId", p.username, p.created_at AS "createdAt",
  pp.display_name AS "displayName", pp.bio, pp.avatar_url AS "avatarUrl",
  COALESCE(pp.preferred_language, 'en') AS "preferredLanguage", pp.timezone,
  json_build_object(
    'showOnline', COALESCE((pp.privacy_settings ->> 'show_online')::boolean, TRUE),
    'allowFriendRequests', COALESCE((pp.privacy_settings ->> 'allow_friend_requests')::boolean, TRUE),
    'showAchievements', COALESCE((pp.privacy_settings ->> 'show_achievements')::boolean, TRUE),
    'showInSearch', COALESCE((pp.privacy_settings ->> 'show_in_search')::boolean, TRUE)
  ) AS privacy`;

export async function findProfileById(pool: PgPool, playerId: number): Promise<ProfileRow | null> {
  const result = await pool.query<ProfileRow>(
    `SELECT ${profileColumns} FROM game_data.players p LEFT JOIN game_data.player_profiles pp ON pp.player_id = p.player_id WHERE p.player_id = $1`,
    [playerId],
  );
  return result.rows[0] ?? null;
}

export async function findProfileByUsername(pool: PgPool, username: string): Promise<ProfileRow | null> {
  const result = await pool.query<ProfileRow>(
    `SELECT ${profileColumns} FROM game_data.players p LEFT JOIN game_data.player_profiles pp ON pp.player_id = p.player_id WHERE p.username = $1`,
    [username],
  );
  return result.rows[0] ?? null;
}

export interface ProfileWrite {
  displayName: string | null;
  bio: string | null;
  avatarUrl: string | null;
  preferredLanguage: string;
  timezone: string | null;
  /** showInSearch may be absent (older clients): the stored value is then kept. */
  privacy: Omit<PrivacyRow, "showInSearch"> & { showInSearch?: boolean };
}

/** Upsert: accounts created outside the portal may have no profile row yet. Unknown privacy keys are kept. */
export async function upsertProfile(client: PoolClient, playerId: number, profile: ProfileWrite): Promise<void> {
  const privacy = JSON.stringify({
    show_online: profile.privacy.showOnline,
    allow_friend_requests: profile.privacy.allowFriendRequests,
    show_achievements: profile.privacy.showAchievements,
    // Only when the form sent it: an absent key keeps the stored choice (absent everywhere = shown).
    ...(profile.privacy.showInSearch === undefined ? {} : { show_in_search: profile.privacy.showInSearch }),
  });
  await client.query(
    `INSERT INTO game_data.player_profiles (player_id, display_name, bio, avatar_url, preferred_language, timezone, privacy_settings, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, NOW())
     ON CONFLICT (player_id) DO UPDATE SET
       display_name = EXCLUDED.display_name, bio = EXCLUDED.bio, avatar_url = EXCLUDED.avatar_url,
       preferred_language = EXCLUDED.preferred_language, timezone = EXCLUDED.timezone,
       privacy_settings = COALESCE(game_data.player_profiles.privacy_settings, '{}'::jsonb) || EXCLUDED.privacy_settings,
       updated_at = NOW()`,
    [playerId, profile.displayName, profile.bio, profile.avatarUrl, profile.preferredLanguage, profile.timezone, privacy],
  );
}

export interface PublicCharacterRow {
  characterId: number;
  name: string;
  characterClass: string;
  level: number;
}

export async function listPublicCharacters(pool: PgPool, playerId: number): Promise<PublicCharacterRow[]> {
  const result = await pool.query<PublicCharacterRow>(
    `SELECT character_id AS "characterId", name, class AS "characterClass", level
       FROM game_data.characters WHERE player_id = $1 AND deleted_at IS NULL ORDER BY level DESC, name`,
    [playerId],
  );
  return result.rows;
}

export interface AchievementSummaryRow {
  totalPoints: number;
  recent: { achievementName: string; points: number; characterName: string; unlockedAt: Date }[];
}

/** Points over all the player's live characters, and the ten latest unlocks. */
export async function achievementSummary(pool: PgPool, playerId: number): Promise<AchievementSummaryRow> {
  const result = await pool.query<{ totalPoints: number; recent: AchievementSummaryRow["recent"] | null }>(
    `WITH unlocked AS (
       SELECT am.achievement_name AS "achievementName", am.points, c.name AS "characterName", ca.unlocked_at AS "unlockedAt"
         FROM game_data.characters c
         JOIN game_data.character_achievements ca ON ca.character_id = c.character_id
         JOIN game_data.achievements_master am ON am.achievement_id = ca.achievement_id
        WHERE c.player_id = $1 AND c.deleted_at IS NULL)
     SELECT COALESCE((SELECT SUM(points) FROM unlocked), 0)::int AS "totalPoints",
            (SELECT json_agg(u ORDER BY u."unlockedAt" DESC) FROM (SELECT * FROM unlocked ORDER BY "unlockedAt" DESC NULLS LAST LIMIT 10) u) AS recent`,
    [playerId],
  );
  const row = result.rows[0]!;
  return { totalPoints: row.totalPoints, recent: (row.recent ?? []).map((entry) => ({ ...entry, unlockedAt: new Date(entry.unlockedAt) })) };
}
