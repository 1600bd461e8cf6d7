import "server-only";
import type { PgPool } from "@/server/clients/postgres";
import type { StaffRole } from "@/server/session";

/**
 * Staff player look-up: names through Elasticsearch (prefixes, one typo), ids and emails exactly here, and the
 * PostgreSQL substring branches when Elasticsearch found nothing or is down.
 *
 * Matches, best first: the player id; a username, email or character name equal to the query (case-insensitive);
 * only when nothing matched exactly, similar names from Elasticsearch; only when those are none too, names and emails
 * containing the fragment (3+ characters).
 */

export interface PlayerLookupHit {
  playerId: number;
  username: string;
  email: string;
  createdAt: Date;
  lastLogin: Date | null;
  role: StaffRole | null;
  /** A ban in force now. */
  banned: boolean;
  banExpiresAt: Date | null;
  /** Up to five active character names. */
  characterNames: string[];
  /** What matched: "id", "username", "email", "character". */
  matchedOn: string[];
  exact: boolean;
}

/**
 * What one look-up statement matches, each branch optional: an exact id, an exact username/email/character name,
 * a LIKE fragment (capped per branch at `branchCap` rows, so no million-row scans), and ids another engine found with
 * what they matched on. Exact matches rank first.
 */
export interface PlayerLookupBranches {
  id: number | null;
  exactText: string | null;
  likePattern: string | null;
  found: readonly { playerId: number; matchedOn: string }[];
  limit: number;
  branchCap: number;
}

export async function lookupPlayerRows(pool: PgPool, branches: PlayerLookupBranches): Promise<PlayerLookupHit[]> {
  const params = [
    branches.id,
    branches.exactText,
    branches.likePattern,
    branches.limit,
    branches.branchCap,
    branches.found.map((hit) => hit.playerId),
    branches.found.map((hit) => hit.matchedOn),
  ];
  const { rows } = await pool.query<PlayerLookupHit>(
    `WITH hits AS (
       SELECT player_id, 0 AS rank, 'id' AS matched FROM game_data.players WHERE player_id = $1
       UNION ALL
       SELECT player_id, 1, 'username' FROM game_data.players WHERE lower(username) = lower($2)
       UNION ALL
       SELECT player_id, 1, 'email' FROM game_data.players WHERE lower(email) = lower($2)
       UNION ALL
       SELECT player_id, 1, 'character' FROM game_data.characters WHERE lower(name) = lower($2) AND deleted_at IS NULL
       UNION ALL
       (SELECT player_id, 2, 'username' FROM game_data.players WHERE $3::text IS NOT NULL AND lower(username) LIKE $3 LIMIT $5)
       UNION ALL
       (SELECT player_id, 2, 'email' FROM game_data.players WHERE $3::text IS NOT NULL AND lower(email) LIKE $3 LIMIT $5)
       UNION ALL
       (SELECT player_id, 2, 'character' FROM game_data.characters WHERE $3::text IS NOT NULL AND lower(name) LIKE $3 AND deleted_at IS NULL LIMIT $5)
       UNION ALL
       SELECT e.player_id, 2, e.matched FROM unnest($6::bigint[], $7::text[]) AS e(player_id, matched)
     ), best AS (
       SELECT player_id, min(rank) AS rank, array_agg(DISTINCT matched ORDER BY matched) AS matched
         FROM hits GROUP BY player_id ORDER BY min(rank), player_id LIMIT $4
     )
     SELECT p.player_id AS "playerId", p.username, p.email, p.created_at AS "createdAt", p.last_login AS "lastLogin", s.role,
            (COALESCE(p.is_banned, FALSE) AND (p.ban_expires_at IS NULL OR p.ban_expires_at > now())) AS banned,
            p.ban_expires_at AS "banExpiresAt",
            COALESCE((SELECT array_agg(c.name ORDER BY c.character_id) FROM (
                        SELECT name, character_id FROM game_data.characters
                         WHERE player_id = p.player_id AND deleted_at IS NULL ORDER BY character_id LIMIT 5) c), '{}') AS "characterNames",
            b.matched AS "matchedOn", b.rank < 2 AS exact
       FROM best b
       JOIN game_data.players p ON p.player_id = b.player_id
       LEFT JOIN game_data.staff_roles s ON s.player_id = p.player_id
      ORDER BY b.rank, p.username`,
    params,
  );
  return rows;
}
