import "server-only";
import type { PgPool } from "@/server/clients/postgres";
import { findGuildIdsEs, type SearchReadEngines } from "@/server/repositories/search-directory.es";

/**
 * The guild directory and leaderboard in PostgreSQL. `searchGuilds` is the seam for Elasticsearch: the search
 * engineer adds an ES implementation with the same signature and result, and keeps this one as the fallback.
 */

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
  /** PostgreSQL answered because Elasticsearch failed (search issue 8): the page says "reduced mode". */
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

/** `%`, `_` and `\` typed by a player are literal characters, not LIKE wildcards. */
function likeContains(query: string): string {
  return `%${query.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * Name or tag contains the query (trigram index idx_guilds_search_trgm on the same expression); an exact tag match
 * comes first, then higher level and experience.
 */
export async function searchGuilds(pool: PgPool, search: GuildSearch, searchEngines?: SearchReadEngines): Promise<GuildSearchResult> {
  // Search issue 8: Elasticsearch finds and orders the ids (typo-tolerant, as you type); the rows come from here.
  const found = searchEngines ? await findGuildIdsEs(searchEngines, search) : null;
  if (found && "ids" in found) {
    const byId = await pool.query<DirectoryRow>(`SELECT ${directoryColumns} FROM game_data.guilds g WHERE g.guild_id = ANY($1::bigint[])`, [found.ids]);
    const entries = new Map(byId.rows.map((row) => [Number(row.guild_id), toEntry(row)]));
    return { items: found.ids.flatMap((id) => entries.get(id) ?? []), hasMore: found.hasMore, degraded: false };
  }
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
  return { items: rows.slice(0, search.limit), hasMore: rows.length > search.limit, degraded: found !== null };
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
