import "server-only";
import type { ClientBase } from "pg";
import type { SearchEntity } from "@/server/search/index-names.rules";

/**
 * Search documents as PostgreSQL has them now. The worker and the reindex read documents only through here, so both
 * build identical documents. A row that is missing or no longer belongs in the index (a sold listing) yields no
 * document, which the caller turns into a delete.
 */

export type SearchDocument = Record<string, unknown>;

const documentQueries: Record<SearchEntity, { id: string; from: string; select: string }> = {
  item: {
    id: "im.item_id",
    from: "game_data.items_master im",
    select: `im.item_id AS id, json_build_object(
      'item_id', im.item_id, 'item_name', im.item_name, 'item_type', im.item_type, 'rarity', im.rarity,
      'description', im.description, 'required_level', COALESCE(im.required_level, 1), 'base_value', COALESCE(im.base_value, 0),
      'is_tradeable', COALESCE(im.is_tradeable, TRUE), 'icon_url', im.icon_url) AS doc`,
  },
  guild: {
    id: "g.guild_id",
    from: "game_data.guilds g",
    select: `g.guild_id AS id, json_build_object(
      'guild_id', g.guild_id, 'guild_name', g.guild_name, 'guild_tag', g.guild_tag, 'description', g.description,
      'level', COALESCE(g.level, 1), 'experience_points', COALESCE(g.experience_points, 0),
      'max_members', COALESCE(g.max_members, 50), 'is_recruiting', COALESCE(g.is_recruiting, TRUE)) AS doc`,
  },
  player: {
    id: "p.player_id",
    from: "game_data.players p LEFT JOIN game_data.player_profiles pp ON pp.player_id = p.player_id",
    // show_in_search: absent means shown (like the seed's other privacy keys); staff search ignores it.
    // username_parts / character_names: _ and - become spaces, because the dev node only has the standard tokenizer,
    // which keeps "dark_knight" as one word (docs/search.md).
    select: `p.player_id AS id, json_build_object(
      'player_id', p.player_id, 'username', p.username, 'username_parts', translate(p.username, '_-', '  '),
      'display_name', pp.display_name,
      'character_names', COALESCE((SELECT array_agg(translate(c.name, '_-', '  ') ORDER BY c.character_id) FROM game_data.characters c
                                    WHERE c.player_id = p.player_id AND c.deleted_at IS NULL), '{}'),
      'show_in_search', COALESCE((pp.privacy_settings ->> 'show_in_search')::boolean, TRUE),
      'is_banned', (COALESCE(p.is_banned, FALSE) AND (p.ban_expires_at IS NULL OR p.ban_expires_at > now())),
      'created_at', p.created_at) AS doc`,
  },
  listing: {
    id: "ml.listing_id",
    from: `game_data.marketplace_listings ml
           JOIN game_data.items_master im ON im.item_id = ml.item_id
           JOIN game_data.characters c ON c.character_id = ml.seller_character_id`,
    select: `ml.listing_id AS id, json_build_object(
      'listing_id', ml.listing_id, 'item_id', ml.item_id, 'item_name', im.item_name, 'item_type', im.item_type,
      'rarity', im.rarity, 'required_level', COALESCE(im.required_level, 1), 'icon_url', im.icon_url,
      'quantity', ml.quantity, 'price_per_unit', ml.price_per_unit, 'currency_type', ml.currency_type,
      'seller_character_id', ml.seller_character_id, 'seller_name', c.name,
      'listed_at', ml.listed_at, 'expires_at', ml.expires_at) AS doc`,
  },
};

/** Which rows belong in the index at all. */
const eligible: Record<SearchEntity, string> = {
  item: "TRUE",
  guild: "TRUE",
  player: "TRUE",
  listing: "ml.status = 'active'",
};

/** Current documents for `ids`; ids without a document must be deleted from the index. */
export async function loadDocuments(client: ClientBase, entity: SearchEntity, ids: number[]): Promise<Map<number, SearchDocument>> {
  if (!ids.length) return new Map();
  const q = documentQueries[entity];
  const { rows } = await client.query<{ id: number; doc: SearchDocument }>(
    `SELECT ${q.select} FROM ${q.from} WHERE ${eligible[entity]} AND ${q.id} = ANY($1::bigint[])`,
    [ids],
  );
  return new Map(rows.map((row) => [Number(row.id), row.doc]));
}

/** One page of documents in id order, for a reindex (keyset paging inside the caller's snapshot). */
export async function documentPage(client: ClientBase, entity: SearchEntity, afterId: number, limit: number): Promise<{ id: number; doc: SearchDocument }[]> {
  const q = documentQueries[entity];
  const { rows } = await client.query<{ id: number; doc: SearchDocument }>(
    `SELECT ${q.select} FROM ${q.from} WHERE ${eligible[entity]} AND ${q.id} > $1 ORDER BY ${q.id} LIMIT $2`,
    [afterId, limit],
  );
  return rows.map((row) => ({ id: Number(row.id), doc: row.doc }));
}

export async function countDocuments(client: ClientBase, entity: SearchEntity): Promise<number> {
  const q = documentQueries[entity];
  const { rows } = await client.query<{ n: number }>(`SELECT count(*)::bigint AS n FROM ${q.from} WHERE ${eligible[entity]}`);
  return Number(rows[0]?.n ?? 0);
}
