import "server-only";
import type { PgPool } from "@/server/clients/postgres";
import { likeContains, prefixTsQuery } from "@/server/db/text-match";

/**
 * Degraded mode: the global search answered by PostgreSQL while Elasticsearch is down. Index use:
 * items → idx_items_name_fts (word prefixes) and idx_items_name_trgm (substring); guilds → idx_guilds_search_trgm;
 * players → idx_players_username_trgm and idx_player_profiles_display_name_trgm. No typo tolerance here.
 */

export interface FallbackItem {
  itemId: number;
  itemName: string;
  itemType: string;
  rarity: string;
  requiredLevel: number;
  iconUrl: string | null;
}

export async function searchItemsPg(
  pool: PgPool,
  search: { text: string; itemType?: string; rarity?: string; limit: number },
): Promise<{ rows: FallbackItem[]; total: number; itemTypes: { value: string; count: number }[]; rarities: { value: string; count: number }[] }> {
  const tsq = search.text ? prefixTsQuery(search.text) : null;
  const like = search.text ? likeContains(search.text.trim()) : null;
  const match = `($1::text IS NULL AND $2::text IS NULL) OR to_tsvector('simple', im.item_name) @@ to_tsquery('simple', $1) OR lower(im.item_name) LIKE $2`;
  const [rows, facets] = await Promise.all([
    pool.query<FallbackItem>(
      `SELECT im.item_id AS "itemId", im.item_name AS "itemName", im.item_type AS "itemType", im.rarity,
              COALESCE(im.required_level, 1) AS "requiredLevel", im.icon_url AS "iconUrl"
         FROM game_data.items_master im
        WHERE (${match}) AND ($3::text IS NULL OR im.item_type = $3) AND ($4::text IS NULL OR im.rarity = $4)
        ORDER BY (lower(im.item_name) = lower($5)) DESC, im.item_name, im.item_id
        LIMIT $6`,
      [tsq, like, search.itemType ?? null, search.rarity ?? null, search.text.trim(), search.limit],
    ),
    pool.query<{ facet: string; value: string; count: number }>(
      `SELECT 'type' AS facet, im.item_type AS value, count(*)::int AS count FROM game_data.items_master im WHERE ${match} GROUP BY im.item_type
       UNION ALL
       SELECT 'rarity', im.rarity, count(*)::int FROM game_data.items_master im WHERE ${match} GROUP BY im.rarity
       ORDER BY count DESC`,
      [tsq, like],
    ),
  ]);
  const itemTypes = facets.rows.filter((r) => r.facet === "type").map(({ value, count }) => ({ value, count }));
  const rarities = facets.rows.filter((r) => r.facet === "rarity").map(({ value, count }) => ({ value, count }));
  const total = facets.rows
    .filter((r) => r.facet === "type" && (!search.itemType || r.value === search.itemType))
    .reduce((sum, r) => sum + r.count, 0);
  return { rows: rows.rows, total: search.rarity ? rows.rows.length : total, itemTypes, rarities };
}

export interface FallbackGuild {
  guildId: number;
  guildName: string;
  guildTag: string;
  level: number;
  isRecruiting: boolean;
}

export async function searchGuildsPg(pool: PgPool, search: { text: string; limit: number }): Promise<FallbackGuild[]> {
  const { rows } = await pool.query<FallbackGuild>(
    `SELECT g.guild_id AS "guildId", g.guild_name AS "guildName", g.guild_tag AS "guildTag", COALESCE(g.level, 1) AS level,
            COALESCE(g.is_recruiting, TRUE) AS "isRecruiting"
       FROM game_data.guilds g
      WHERE lower(g.guild_name || ' ' || g.guild_tag) LIKE $1
      ORDER BY (g.guild_tag = upper($2)) DESC, g.level DESC, g.experience_points DESC, g.guild_id
      LIMIT $3`,
    [likeContains(search.text.trim()), search.text.trim(), search.limit],
  );
  return rows;
}

export interface FallbackPlayer {
  playerId: number;
  username: string;
  displayName: string | null;
}

/** Players whose username or display name contains `text`; hidden players only when `includeHidden` (staff). */
export async function searchPlayersPg(pool: PgPool, search: { text: string; limit: number; includeHidden: boolean }): Promise<FallbackPlayer[]> {
  const { rows } = await pool.query<FallbackPlayer>(
    `SELECT p.player_id AS "playerId", p.username, pp.display_name AS "displayName"
       FROM game_data.players p
       LEFT JOIN game_data.player_profiles pp ON pp.player_id = p.player_id
      WHERE (lower(p.username) LIKE $1 OR lower(pp.display_name) LIKE $1)
        AND ($2::boolean OR COALESCE((pp.privacy_settings ->> 'show_in_search')::boolean, TRUE))
      ORDER BY (lower(p.username) = lower($3)) DESC, p.username
      LIMIT $4`,
    [likeContains(search.text.trim()), search.includeHidden, search.text.trim(), search.limit],
  );
  return rows;
}
