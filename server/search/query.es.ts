import "server-only";
import type { Client } from "@elastic/elasticsearch";
import type { estypes } from "@elastic/elasticsearch";
import { searchBatcher } from "@/server/clients/elasticsearch";
import { readAlias } from "@/server/search/index-names.rules";
import type { ListingSearchAfter, ListingSearchFilters } from "@/server/market/listing-search.pg";
import { highlightWords, type HighlightSegment } from "@/server/search/highlight.rules";

/**
 * Queries against the read aliases. Text matching, for every index alike:
 *  - the edge-n-gram field matches words as they are typed ("iron sw" → Iron Sword);
 *  - the `.words` subfield tolerates one typo in a whole word of four letters or more ("irno sword"; typoTolerance);
 *  (fuzziness on the edge-n-gram field itself would also forgive typos in half-typed words, but expands into so many
 *  n-gram terms that it cost more than the whole rest of the query in the benchmark, so it is left out);
 *  - the `.keyword` subfield ranks an exact (case-insensitive) match first.
 * Highlights are computed here from the hit's text and the query (server/search/highlight.rules.ts), not by the node.
 */

/** Every search request carries a short timeout: a slow Elasticsearch must not hold a page; PostgreSQL answers instead. */
export interface QueryOptions {
  timeoutMs: number;
}

export type { HighlightSegment };

/**
 * One edit (a wrong, missing, extra or swapped letter) in words of 4 to 19 letters, none in shorter words (the
 * as-you-type field covers those). Plain AUTO allows two edits from six letters on; on 100k usernames that expansion
 * was the costliest part of a search (bench:search: a two-edit automaton costs about twice a one-edit one).
 */
const typoTolerance = "AUTO:4,20";

/**
 * At most this many indexed words stand in for one typed word: Elasticsearch's default, stated so the choice is visible.
 * Fewer is cheaper (every stand-in's postings are scored; 10 gave +20 % searches/s in bench:search) but ranks worse:
 * with 10 the player meant by a misspelt name came first in 87.4 % of 800 searches, with 30 or 50 in 99.3–99.8 %
 * (`npm run bench:search-quality`), and 30 was no faster than 50 within the noise.
 */
export const typoExpansions = 50;

/** The shared text query over `fields` (each mapped with the as-you-type analyzer plus .words and .keyword). */
export function textQuery(text: string, fields: string[], maxExpansions = typoExpansions): estypes.QueryDslQueryContainer {
  const clauses = (field: string): estypes.QueryDslQueryContainer[] => [
    { match: { [`${field}.keyword`]: { query: text, boost: 10 } } },
    { match: { [`${field}.words`]: { query: text, operator: "and" as const, fuzziness: typoTolerance, prefix_length: 2, max_expansions: maxExpansions, boost: 1 } } },
    { match: { [field]: { query: text, operator: "and", boost: 3 } } },
  ];
  return { bool: { should: fields.flatMap(clauses), minimum_should_match: 1 } };
}

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

/** One search request: the index (a read alias) and the body. */
interface SearchRequest {
  index: string;
  body: estypes.SearchSearchRequestBody;
}

/** Through the batcher: searches of concurrent requests share one _msearch (server/clients/elasticsearch.ts). */
async function runSearch<T>(es: Client, request: SearchRequest, options: QueryOptions): Promise<estypes.SearchResponse<T>> {
  return searchBatcher(es).search<T>(request.index, request.body, options.timeoutMs);
}

/** Items matching `text`; facets count by type and rarity over the text match (before the facet filters). */
function itemsRequest(prefix: string, search: ItemSearch): SearchRequest {
  const filters: estypes.QueryDslQueryContainer[] = [];
  if (search.itemType) filters.push({ term: { item_type: search.itemType } });
  if (search.rarity) filters.push({ term: { rarity: search.rarity } });
  return {
    index: readAlias(prefix, "items"),
    body: {
      size: search.limit,
      query: search.text ? textQuery(search.text, ["item_name"]) : { match_all: {} },
      post_filter: filters.length ? { bool: { filter: filters } } : undefined,
      sort: search.text ? ["_score", { item_id: "asc" }] : [{ "item_name.keyword": "asc" }, { item_id: "asc" }],
      aggs: search.facets === false ? undefined : { item_type: { terms: { field: "item_type", size: 10 } }, rarity: { terms: { field: "rarity", size: 10 } } },
      track_total_hits: search.facets !== false,
      _source: ["item_id", "item_name", "item_type", "rarity", "required_level", "icon_url"],
    },
  };
}

function itemsResult(result: estypes.SearchResponse<ItemSource>, text: string): ItemSearchResult {
  const total = typeof result.hits.total === "number" ? result.hits.total : (result.hits.total?.value ?? result.hits.hits.length);
  return {
    hits: result.hits.hits.map((hit) => {
      const source = hit._source!;
      return {
        itemId: source.item_id,
        itemName: source.item_name,
        name: highlightWords(source.item_name, text),
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

export async function searchItemsEs(es: Client, prefix: string, search: ItemSearch, options: QueryOptions): Promise<ItemSearchResult> {
  return itemsResult(await runSearch<ItemSource>(es, itemsRequest(prefix, search), options), search.text);
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
function guildsRequest(prefix: string, search: GuildQuery): SearchRequest {
  return {
    index: readAlias(prefix, "guilds"),
    body: {
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
      track_total_hits: search.total !== false,
      _source: ["guild_id", "guild_name", "guild_tag", "level", "is_recruiting"],
    },
  };
}

function guildsResult(result: estypes.SearchResponse<GuildSource>, text: string): { hits: GuildHit[]; total: number } {
  const total = typeof result.hits.total === "number" ? result.hits.total : (result.hits.total?.value ?? 0);
  return {
    total,
    hits: result.hits.hits.map((hit) => {
      const source = hit._source!;
      return {
        guildId: source.guild_id,
        guildName: source.guild_name,
        guildTag: source.guild_tag,
        name: highlightWords(source.guild_name, text),
        tag: highlightWords(source.guild_tag, text),
        level: source.level,
        isRecruiting: source.is_recruiting,
      };
    }),
  };
}

export async function searchGuildsEs(es: Client, prefix: string, search: GuildQuery, options: QueryOptions): Promise<{ hits: GuildHit[]; total: number }> {
  return guildsResult(await runSearch<GuildSource>(es, guildsRequest(prefix, search), options), search.text);
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

interface PlayerSearch {
  text: string;
  limit: number;
  includeHidden: boolean;
}

/**
 * Player names are indexed with "_" and "-" as spaces (username_parts, character_names: the standard tokenizer keeps
 * "Xanis_039315a" as one word, so it is split before indexing), and the query must be split the same way: a character
 * name typed as the game shows it ("xanis_039315a") found nothing. Usernames keep their raw form in `names` too, and
 * their split form ("scale 058847") matches the same player exactly. The text of highlights stays as typed.
 */
export function playerNameText(text: string): string {
  return text.replace(/[_-]+/g, " ").trim() || text;
}

/**
 * Players by username, display name or character name. `includeHidden` (staff only) also finds players whose
 * privacy setting show_in_search is false.
 */
function playersRequest(prefix: string, search: PlayerSearch): SearchRequest {
  return {
    index: readAlias(prefix, "players"),
    body: {
      size: search.limit,
      query: {
        bool: {
          must: [textQuery(playerNameText(search.text), ["names"])],
          filter: search.includeHidden ? [] : [{ term: { show_in_search: true } }],
        },
      },
      sort: ["_score", { player_id: "asc" }],
      _source: ["player_id", "username", "display_name", "character_names"],
    },
  };
}

function playersResult(result: estypes.SearchResponse<PlayerSource>, text: string): PlayerHit[] {
  return result.hits.hits.map((hit) => {
    const source = hit._source!;
    const name = highlightWords(source.username, text);
    const displayNameHighlight = source.display_name ? highlightWords(source.display_name, text) : null;
    const characterNames = source.character_names ?? [];
    return {
      playerId: source.player_id,
      username: source.username,
      displayName: source.display_name,
      name,
      displayNameHighlight,
      characterNames,
      matchedOn: matchedNames(text, name, displayNameHighlight, characterNames),
    };
  });
}

/**
 * Which of a player's names the text matched, by the same prefix/one-typo rules as the query (the one `names` field
 * cannot say which name it came from). Sorted; empty only for a hit matched across names ("dark" + a character's "knight").
 */
function matchedNames(text: string, username: HighlightSegment[], displayName: HighlightSegment[] | null, characterNames: string[]): string[] {
  const hit = (segments: HighlightSegment[] | null) => segments?.some((segment) => segment.hit) ?? false;
  const matched: string[] = [];
  if (characterNames.some((characterName) => hit(highlightWords(characterName, text)))) matched.push("character");
  if (hit(displayName)) matched.push("display_name");
  if (hit(username)) matched.push("username");
  return matched;
}

export async function searchPlayersEs(es: Client, prefix: string, search: PlayerSearch, options: QueryOptions): Promise<PlayerHit[]> {
  return playersResult(await runSearch<PlayerSource>(es, playersRequest(prefix, search), options), search.text);
}

// ------------------------------------------------------------------ all three at once

/**
 * Items, guilds and players in one `_msearch` round trip (the global search and the suggestions): one HTTP request
 * instead of three, with whatever other searches this turn issued. A failed part throws like a failed search, so the
 * caller's PostgreSQL fallback still applies.
 */
export async function searchAllEs(
  es: Client,
  prefix: string,
  search: { items: ItemSearch; guilds: GuildQuery; players: PlayerSearch },
  options: QueryOptions,
): Promise<{ items: ItemSearchResult; guilds: { hits: GuildHit[]; total: number }; players: PlayerHit[] }> {
  // Issued together, so the batcher sends them as one _msearch.
  const [items, guilds, players] = await Promise.all([
    runSearch<ItemSource>(es, itemsRequest(prefix, search.items), options),
    runSearch<GuildSource>(es, guildsRequest(prefix, search.guilds), options),
    runSearch<PlayerSource>(es, playersRequest(prefix, search.players), options),
  ]);
  return {
    items: itemsResult(items, search.items.text),
    guilds: guildsResult(guilds, search.guilds.text),
    players: playersResult(players, search.players.text),
  };
}

// ------------------------------------------------------------------ listings (the market's ListingSearchSource)

/**
 * Active, unexpired listings cheapest first with search_after on (price_per_unit, listing_id): the market's keyset.
 * The text matches the listings' denormalized item names in filter context: nothing is scored (the order is the
 * price), and the names hold only the catalogue's few hundred words, so the typo expansion is cheap. One request;
 * resolving the text to item ids in the items index first cost a second sequential round trip (bench:search).
 *
 * Only the page's keyset positions come back (the sort values: price and listing id; no _source): the caller reads the
 * rows from PostgreSQL, which it must do anyway to drop listings sold a moment ago. Loading and parsing 26 _source documents was
 * 43 % of the node's time per market search (fetch 0.45 ms against query 0.59 ms on average, `_stats/search`).
 */
export async function searchListingIdsEs(
  es: Client,
  prefix: string,
  filters: ListingSearchFilters,
  after: ListingSearchAfter | null,
  limit: number,
  options: QueryOptions,
): Promise<{ hits: ListingSearchAfter[]; hasMore: boolean }> {
  // "now" rounded to the minute (for gt: after the current minute's end) makes the clause the same for a minute, so the
  // node can cache its matches per segment; bare "now" changes every millisecond and is evaluated afresh on each
  // search (market searches +6–17 % throughput in interleaved bench:search pairs). A listing drops out of search up to
  // 60 s before it expires, never after; buying still checks expiry in the database.
  const filter: estypes.QueryDslQueryContainer[] = [{ range: { expires_at: { gt: "now/m" } } }];
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
  if (filters.text) filter.push(textQuery(filters.text, ["item_name"]));
  const result = await runSearch<never>(
    es,
    {
      index: readAlias(prefix, "listings"),
      body: {
        size: limit + 1,
        query: { bool: { filter } },
        sort: [{ price_per_unit: "asc" }, { listing_id: "asc" }],
        search_after: after ? [after.pricePerUnit, after.listingId] : undefined,
        track_total_hits: false,
        _source: false,
      },
    },
    options,
  );
  const hits = result.hits.hits.map((hit) => ({ pricePerUnit: Number(hit.sort![0]), listingId: Number(hit.sort![1]) }));
  return { hits: hits.slice(0, limit), hasMore: hits.length > limit };
}
