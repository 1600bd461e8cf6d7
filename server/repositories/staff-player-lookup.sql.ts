import "server-only";
import type { PgPool } from "@/server/clients/postgres";
import type { StaffRole } from "@/server/session";
import { findPlayerIdsEs, type SearchReadEngines } from "@/server/repositories/search-directory.es";

/**
 * Staff player look-up in PostgreSQL. The search engineer will move this to Elasticsearch (issue 8): keep the
 * signature of `lookupPlayers` and swap the body; server/services/staff-players.ts only knows this function.
 *
 * Matches, best first: the player id; a username, email or character name equal to the query (case-insensitive);
 * then — only when nothing matched exactly — for queries of 3+ characters, names and emails containing it (trigram
 * indexes of 0050). Each branch is capped so a very common fragment cannot make the look-up scan a million rows.
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

function likeContains(query: string): string {
  return `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function lookupPlayers(pool: PgPool, query: string, limit: number, searchEngines?: SearchReadEngines): Promise<PlayerLookupHit[]> {
  const q = query.trim();
  const id = /^\d{1,15}$/.test(q) ? Number(q) : null;
  const branchCap = limit * 2;
  // Search issue 8: names (username, display name, character names; typo-tolerant) come from Elasticsearch and replace
  // the LIKE branches; ids and emails stay exact look-ups here. If Elasticsearch fails, the LIKE branches answer.
  const esFound = searchEngines && id === null && !q.includes("@") && q.length >= 2 ? await findPlayerIdsEs(searchEngines, q, branchCap) : null;
  const esHits = Array.isArray(esFound) ? esFound : null;
  const contains = q.length >= 3 && !esHits ? likeContains(q) : null;
  const esPairs = (esHits ?? []).flatMap((hit) => hit.matchedOn.map((matched) => [hit.playerId, matched] as const));
  // Exact matches (primary key and btree expression indexes, well under a millisecond) come first; the LIKE branches
  // (trigram indexes, tens of milliseconds when the fragment is common) run only when nothing matched exactly.
  const exact = await runLookup(pool, [id, q, null, limit, branchCap, esPairs.map(([playerId]) => playerId), esPairs.map(([, matched]) => matched)]);
  if (exact.length > 0 || contains === null) return exact;
  return runLookup(pool, [id, q, contains, limit, branchCap, [], []]);
}

async function runLookup(pool: PgPool, params: unknown[]): Promise<PlayerLookupHit[]> {
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
