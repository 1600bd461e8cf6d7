import "server-only";
import type { PgPool } from "@/server/clients/postgres";
import { likeContains } from "@/server/db/text-match";

/** The guild directory and leaderboard in PostgreSQL: rows by id (for Elasticsearch's hits) and the name search behind it. */

export interface GuildDirectoryEntry {
  guildId: number;
  name: string;
  tag: string;
  description: string | null;
  level: number;
  experiencePoints: number;
  memberCount: number;
  maxMembers: number;
  isRecruiting: boolean;
}

export interface GuildSearch {
  /** Matches guild names or tags containing it, case-insensitively; empty lists every guild. */
  query: string;
  recruitingOnly: boolean;
  limit: number;
  offset: number;
}

export interface GuildSearchResult {
  items: GuildDirectoryEntry[];
  /** Whether another page follows (cheaper than counting every match). */
  hasMore: boolean;
  /** PostgreSQL answered because Elasticsearch failed: the page says "reduced mode". */
  degraded?: boolean;
}

type DirectoryRow = {
  guild_id: number;
  guild_name: string;
  guild_tag: string;
  description: string | null;
  level: number | null;
  experience_points: number | null;
  member_count: number;
  max_members: number | null;
  is_recruiting: boolean | null;
};

const directoryColumns = `g.guild_id, g.guild_name, g.guild_tag, left(g.description, 200) AS description, g.level, g.experience_points,
       (SELECT count(*)::int FROM game_data.guild_members m WHERE m.guild_id = g.guild_id) AS member_count,
       g.max_members, g.is_recruiting`;

function toEntry(row: DirectoryRow): GuildDirectoryEntry {
  return {
    guildId: row.guild_id,
    name: row.guild_name,
    tag: row.guild_tag,
    description: row.description,
    level: row.level ?? 1,
    experiencePoints: row.experience_points ?? 0,
    memberCount: row.member_count,
    maxMembers: row.max_members ?? 50,
    isRecruiting: row.is_recruiting ?? true,
  };
}

/** Directory entries for these ids, in the order given (Elasticsearch's ranking); ids no longer there are skipped. */
export async function guildEntriesByIds(pool: PgPool, ids: readonly number[]): Promise<GuildDirectoryEntry[]> {
  const byId = await pool.query<DirectoryRow>(`SELECT ${directoryColumns} FROM game_data.guilds g WHERE g.guild_id = ANY($1::bigint[])`, [ids]);
  const entries = new Map(byId.rows.map((row) => [Number(row.guild_id), toEntry(row)]));
  return ids.flatMap((id) => entries.get(id) ?? []);
}

/**
 * Name or tag contains the query (trigram index idx_guilds_search_trgm on the same expression); an exact tag match
 * comes first, then higher level and experience.
 */
export async function searchGuildsByName(pool: PgPool, search: GuildSearch): Promise<Omit<GuildSearchResult, "degraded">> {
  const query = search.query.trim();
  const result = await pool.query<DirectoryRow>(
    `SELECT ${directoryColumns}
       FROM game_data.guilds g
      WHERE ($1 = '' OR lower(g.guild_name || ' ' || g.guild_tag) LIKE $2)
        AND (NOT $3::boolean OR g.is_recruiting)
      ORDER BY (g.guild_tag = upper($1)) DESC, g.level DESC, g.experience_points DESC, g.guild_id
      LIMIT $4 OFFSET $5`,
    [query, likeContains(query), search.recruitingOnly, search.limit + 1, search.offset],
  );
  const rows = result.rows.map(toEntry);
  return { items: rows.slice(0, search.limit), hasMore: rows.length > search.limit };
}

/** Guilds by level, then experience (idx_guilds_leaderboard). */
export async function guildLeaderboard(pool: PgPool, limit: number): Promise<GuildDirectoryEntry[]> {
  const result = await pool.query<DirectoryRow>(
    `SELECT ${directoryColumns}
       FROM game_data.guilds g
      ORDER BY g.level DESC, g.experience_points DESC, g.guild_id
      LIMIT $1`,
    [limit],
  );
  return result.rows.map(toEntry);
}
