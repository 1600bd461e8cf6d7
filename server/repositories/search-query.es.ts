import "server-only";
import type { Client } from "@elastic/elasticsearch";
import type { estypes } from "@elastic/elasticsearch";
import { readAlias } from "@/server/repositories/search-indices.es";
import type { ListingSearchAfter, ListingSearchFilters, ListingSearchRow } from "@/server/repositories/market.search";
import type { CurrencyType } from "@/server/schemas/market";

/**
 * Queries against the read aliases. Text matching, for every index alike:
 *  - the edge-n-gram field matches words as they are typed ("iron sw" → Iron Sword);
 *  - the `.words` subfield with fuzziness AUTO tolerates a typo in a whole word ("irno sword");
 *  (fuzziness on the edge-n-gram field itself would also forgive typos in half-typed words, but expands into so many
 *  n-gram terms that it cost more than the whole rest of the query in the benchmark, so it is left out);
 *  - the `.keyword` subfield ranks an exact (case-insensitive) match first.
 * Highlights come back as segments (text, hit) built from private marker characters, so no HTML ever travels.
 */

/** Every search request carries a short timeout: a slow Elasticsearch must not hold a page; PostgreSQL answers instead. */
export interface QueryOptions {
  timeoutMs: number;
}

export interface HighlightSegment {
  text: string;
  hit: boolean;
}

const PRE = "\u0002";
const POST = "\u0003";

/** "\u0002Iron\u0003 Sword" → [{Iron, hit}, { Sword}]. Strips the markers from anything else. */
export function parseHighlight(fragment: string): HighlightSegment[] {
  const segments: HighlightSegment[] = [];
  let hit = false;
  let text = "";
  for (const char of fragment) {
    if (char === PRE || char === POST) {
      if (text) segments.push({ text, hit });
      text = "";
      hit = char === PRE;
    } else {
      text += char;
    }
  }
  if (text) segments.push({ text, hit });
  return segments;
}

function highlightOf(hit: estypes.SearchHit<unknown>, field: string, fallback: string): HighlightSegment[] {
  const fragment = hit.highlight?.[field]?.[0] ?? hit.highlight?.[`${field}.words`]?.[0];
  return fragment ? parseHighlight(fragment) : [{ text: fallback, hit: false }];
}

function highlightRequest(fields: string[]): estypes.SearchHighlight {
  return {
    pre_tags: [PRE],
    post_tags: [POST],
    require_field_match: false,
    fields: Object.fromEntries(fields.flatMap((field) => [[field, { number_of_fragments: 0 }], [`${field}.words`, { number_of_fragments: 0 }]])),
  };
}

/** The shared text query over `fields` (each mapped with the as-you-type analyzer plus .words and .keyword). */
export function textQuery(text: string, fields: string[], names?: string[]): estypes.QueryDslQueryContainer {
  // Fields ending in _parts are plain as-you-type fields without subfields.
  const clauses = (field: string, name?: string): estypes.QueryDslQueryContainer[] => [
    ...(field.endsWith("_parts")
      ? []
      : [
          { match: { [`${field}.keyword`]: { query: text, boost: 10, _name: name } } },
          { match: { [`${field}.words`]: { query: text, operator: "and" as const, fuzziness: "AUTO", prefix_length: 1, boost: 1, _name: name } } },
        ]),
    { match: { [field]: { query: text, operator: "and", boost: 3, _name: name } } },
  ];
  return { bool: { should: fields.flatMap((field, i) => clauses(field, names?.[i])), minimum_should_match: 1 } };
}

const transport = (options: QueryOptions) => ({ requestTimeout: options.timeoutMs, maxRetries: 0 });

// ------------------------------------------------------------------ items

export interface ItemHit {
  itemId: number;
  name: HighlightSegment[];
  itemName: string;
  itemType: string;
  rarity: string;
  requiredLevel: number;
  iconUrl: string | null;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface ItemSearch {
  text: string;
  itemType?: string;
  rarity?: string;
  limit: number;
  /** false: no facet counts and no exact total (suggestions need neither; it saves the node work). */
  facets?: boolean;
}

export interface ItemSearchResult {
  hits: ItemHit[];
  total: number;
  facets: { itemType: FacetCount[]; rarity: FacetCount[] };
}

interface ItemSource {
  item_id: number;
  item_name: string;
  item_type: string;
  rarity: string;
  required_level: number;
  icon_url: string | null;
}

function buckets(aggregations: Record<string, estypes.AggregationsAggregate> | undefined, name: string): FacetCount[] {
  const agg = aggregations?.[name] as estypes.AggregationsStringTermsAggregate | undefined;
  const list = Array.isArray(agg?.buckets) ? agg.buckets : [];
  return list.map((bucket) => ({ value: String(bucket.key), count: bucket.doc_count }));
}

/** Items matching `text`; facets count by type and rarity over the text match (before the facet filters). */
export async function searchItemsEs(es: Client, prefix: string, search: ItemSearch, options: QueryOptions): Promise<ItemSearchResult> {
  const filters: estypes.QueryDslQueryContainer[] = [];
  if (search.itemType) filters.push({ term: { item_type: search.itemType } });
  if (search.rarity) filters.push({ term: { rarity: search.rarity } });
  const result = await es.search<ItemSource>(
    {
      index: readAlias(prefix, "items"),
      size: search.limit,
      query: search.text ? textQuery(search.text, ["item_name"]) : { match_all: {} },
      post_filter: filters.length ? { bool: { filter: filters } } : undefined,
      sort: search.text ? ["_score", { item_id: "asc" }] : [{ "item_name.keyword": "asc" }, { item_id: "asc" }],
      aggs: search.facets === false ? undefined : { item_type: { terms: { field: "item_type", size: 10 } }, rarity: { terms: { field: "rarity", size: 10 } } },
      highlight: highlightRequest(["item_name"]),
      track_total_hits: search.facets !== false,
      _source: ["item_id", "item_name", "item_type", "rarity", "required_level", "icon_url"],
    },
    transport(options),
  );
  const total = typeof result.hits.total === "number" ? result.hits.total : (result.hits.total?.value ?? result.hits.hits.length);
  return {
    hits: result.hits.hits.map((hit) => {
      const source = hit._source!;
      return {
        itemId: source.item_id,
        itemName: source.item_name,
        name: highlightOf(hit, "item_name", source.item_name),
        itemType: source.item_type,
        rarity: source.rarity,
        requiredLevel: source.required_level,
        iconUrl: source.icon_url,
      };
    }),
    total,
    facets: { itemType: buckets(result.aggregations, "item_type"), rarity: buckets(result.aggregations, "rarity") },
  };
}

// ------------------------------------------------------------------ guilds

export interface GuildHit {
  guildId: number;
  guildName: string;
  guildTag: string;
  name: HighlightSegment[];
  tag: HighlightSegment[];
  level: number;
  isRecruiting: boolean;
}

interface GuildSource {
  guild_id: number;
  guild_name: string;
  guild_tag: string;
  level: number;
  is_recruiting: boolean;
}

export interface GuildQuery {
  text: string;
  recruitingOnly: boolean;
  limit: number;
  offset: number;
  /** false: no exact total (the directory and suggestions only need the page). */
  total?: boolean;
}

/** Guilds by name or tag; without text, by level and experience (the directory's order). */
export async function searchGuildsEs(es: Client, prefix: string, search: GuildQuery, options: QueryOptions): Promise<{ hits: GuildHit[]; total: number }> {
  const result = await es.search<GuildSource>(
    {
      index: readAlias(prefix, "guilds"),
      from: search.offset,
      size: search.limit,
      query: {
        bool: {
          must: search.text ? [textQuery(search.text, ["guild_name", "guild_tag"])] : [{ match_all: {} }],
          filter: search.recruitingOnly ? [{ term: { is_recruiting: true } }] : [],
        },
      },
      sort: search.text
        ? ["_score", { level: "desc" }, { experience_points: "desc" }, { guild_id: "asc" }]
        : [{ level: "desc" }, { experience_points: "desc" }, { guild_id: "asc" }],
      highlight: highlightRequest(["guild_name", "guild_tag"]),
      track_total_hits: search.total !== false,
      _source: ["guild_id", "guild_name", "guild_tag", "level", "is_recruiting"],
    },
    transport(options),
  );
  const total = typeof result.hits.total === "number" ? result.hits.total : (result.hits.total?.value ?? 0);
  return {
    total,
    hits: result.hits.hits.map((hit) => {
      const source = hit._source!;
      return {
        guildId: source.guild_id,
        guildName: source.guild_name,
        guildTag: source.guild_tag,
        name: highlightOf(hit, "guild_name", source.guild_name),
        tag: highlightOf(hit, "guild_tag", source.guild_tag),
        level: source.level,
        isRecruiting: source.is_recruiting,
      };
    }),
  };
}

// ------------------------------------------------------------------ players

export interface PlayerHit {
  playerId: number;
  username: string;
  displayName: string | null;
  name: HighlightSegment[];
  displayNameHighlight: HighlightSegment[] | null;
  characterNames: string[];
  /** Which fields matched: "username", "display_name", "character". */
  matchedOn: string[];
}

interface PlayerSource {
  player_id: number;
  username: string;
  display_name: string | null;
  character_names: string[];
}

/**
 * Players by username, display name or character name. `includeHidden` (staff only) also finds players whose
 * privacy setting show_in_search is false.
 */
export async function searchPlayersEs(
  es: Client,
  prefix: string,
  search: { text: string; limit: number; includeHidden: boolean },
  options: QueryOptions,
): Promise<PlayerHit[]> {
  const result = await es.search<PlayerSource>(
    {
      index: readAlias(prefix, "players"),
      size: search.limit,
      query: {
        bool: {
          must: [textQuery(search.text, ["username", "username_parts", "display_name", "character_names"], ["username", "username", "display_name", "character"])],
          filter: search.includeHidden ? [] : [{ term: { show_in_search: true } }],
        },
      },
      sort: ["_score", { player_id: "asc" }],
      highlight: highlightRequest(["username", "display_name"]),
      _source: ["player_id", "username", "display_name", "character_names"],
    },
    transport(options),
  );
  return result.hits.hits.map((hit) => {
    const source = hit._source!;
    const matched = Array.isArray(hit.matched_queries) ? hit.matched_queries : Object.keys(hit.matched_queries ?? {});
    return {
      playerId: source.player_id,
      username: source.username,
      displayName: source.display_name,
      name: highlightOf(hit, "username", source.username),
      displayNameHighlight: source.display_name ? highlightOf(hit, "display_name", source.display_name) : null,
      characterNames: source.character_names ?? [],
      matchedOn: [...new Set(matched)].sort(),
    };
  });
}

// ------------------------------------------------------------------ listings (the market's ListingSearchSource)

interface ListingSource {
  listing_id: number;
  item_id: number;
  item_name: string;
  item_type: string;
  rarity: string;
  required_level: number;
  icon_url: string | null;
  quantity: number;
  price_per_unit: number;
  currency_type: string;
  seller_character_id: number;
  seller_name: string;
  listed_at: string | null;
  expires_at: string;
}

/**
 * Item ids whose names match `text` (and the item filters). The market resolves its text this way: the catalogue is
 * small, and a terms filter on 200k listings costs a fraction of scoring their denormalized names. Capped at
 * MAX_TEXT_ITEMS ids (a text that vague is not a useful market search anyway).
 */
const MAX_TEXT_ITEMS = 1024;
async function itemIdsMatching(es: Client, prefix: string, text: string, filters: ListingSearchFilters, options: QueryOptions): Promise<number[]> {
  const filter: estypes.QueryDslQueryContainer[] = [];
  if (filters.itemType) filter.push({ term: { item_type: filters.itemType } });
  if (filters.rarity) filter.push({ term: { rarity: filters.rarity } });
  if (filters.minLevel !== undefined || filters.maxLevel !== undefined) {
    filter.push({ range: { required_level: { gte: filters.minLevel, lte: filters.maxLevel } } });
  }
  const result = await es.search<{ item_id: number }>(
    {
      index: readAlias(prefix, "items"),
      size: MAX_TEXT_ITEMS,
      query: { bool: { must: [textQuery(text, ["item_name"])], filter } },
      _source: ["item_id"],
      track_total_hits: false,
    },
    transport(options),
  );
  return result.hits.hits.map((hit) => hit._source!.item_id);
}

/** Active, unexpired listings cheapest first with search_after on (price_per_unit, listing_id): the market's keyset. */
export async function searchListingsEs(
  es: Client,
  prefix: string,
  filters: ListingSearchFilters,
  after: ListingSearchAfter | null,
  limit: number,
  options: QueryOptions,
): Promise<{ rows: ListingSearchRow[]; hasMore: boolean }> {
  const filter: estypes.QueryDslQueryContainer[] = [{ range: { expires_at: { gt: "now" } } }];
  if (filters.itemId !== undefined) filter.push({ term: { item_id: filters.itemId } });
  if (filters.itemType) filter.push({ term: { item_type: filters.itemType } });
  if (filters.rarity) filter.push({ term: { rarity: filters.rarity } });
  if (filters.currencyType) filter.push({ term: { currency_type: filters.currencyType } });
  if (filters.minLevel !== undefined || filters.maxLevel !== undefined) {
    filter.push({ range: { required_level: { gte: filters.minLevel, lte: filters.maxLevel } } });
  }
  if (filters.minPrice !== undefined || filters.maxPrice !== undefined) {
    filter.push({ range: { price_per_unit: { gte: filters.minPrice, lte: filters.maxPrice } } });
  }
  if (filters.text) {
    const itemIds = await itemIdsMatching(es, prefix, filters.text, filters, options);
    if (!itemIds.length) return { rows: [], hasMore: false };
    filter.push({ terms: { item_id: itemIds } });
  }
  const result = await es.search<ListingSource>(
    {
      index: readAlias(prefix, "listings"),
      size: limit + 1,
      query: { bool: { filter } },
      sort: [{ price_per_unit: "asc" }, { listing_id: "asc" }],
      search_after: after ? [after.pricePerUnit, after.listingId] : undefined,
      track_total_hits: false,
    },
    transport(options),
  );
  const rows = result.hits.hits.map((hit): ListingSearchRow => {
    const s = hit._source!;
    return {
      listingId: s.listing_id,
      itemId: s.item_id,
      itemName: s.item_name,
      itemType: s.item_type,
      rarity: s.rarity,
      requiredLevel: s.required_level,
      iconUrl: s.icon_url,
      quantity: s.quantity,
      pricePerUnit: s.price_per_unit,
      currencyType: s.currency_type as CurrencyType,
      sellerCharacterId: s.seller_character_id,
      sellerName: s.seller_name,
      listedAt: s.listed_at ? new Date(s.listed_at) : null,
      expiresAt: new Date(s.expires_at),
    };
  });
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}
