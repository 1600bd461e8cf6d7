/**
 * The global search and the search box's suggestions (docs/search.md). Elasticsearch answers first; when it fails,
 * PostgreSQL answers the same question and the result says `degraded: true`, which the UI shows as
 * "Search is running in reduced mode". Players who hide from search (privacy show_in_search = false) are found only
 * by staff (analyst or higher).
 */
import "server-only";
import type { Engines } from "@/server/engines";
import { isBreakerOpen, searchTimeoutMs, tryElasticsearch } from "@/server/clients/elasticsearch";
import { searchGuildsPg, searchItemsPg, searchPlayersPg } from "@/server/search/fallback.pg";
import { outboxBacklog } from "@/server/search/outbox.pg";
import {
  searchAllEs,
  type FacetCount,
  type HighlightSegment,
} from "@/server/search/query.es";
import { globalSearchInput, suggestInput, type GlobalSearchInput, type SuggestInput } from "@/server/search/search.schema";
import { highlightSubstrings } from "@/server/search/highlight.rules";
import { hasRoleAtLeast, type SessionUser } from "@/server/session";

export type { HighlightSegment, FacetCount };

export interface ItemResult {
  itemId: number;
  itemName: string;
  name: HighlightSegment[];
  itemType: string;
  rarity: string;
  requiredLevel: number;
}

export interface GuildResult {
  guildId: number;
  guildName: string;
  guildTag: string;
  name: HighlightSegment[];
  level: number;
  isRecruiting: boolean;
}

export interface PlayerResult {
  playerId: number;
  username: string;
  displayName: string | null;
  name: HighlightSegment[];
}

export interface GlobalSearchResult {
  query: string;
  items: { hits: ItemResult[]; total: number; facets: { itemType: FacetCount[]; rarity: FacetCount[] } };
  guilds: GuildResult[];
  players: PlayerResult[];
  /** true when PostgreSQL answered because Elasticsearch did not. */
  degraded: boolean;
}

function isStaff(session: SessionUser | null): boolean {
  return hasRoleAtLeast(session, "analyst");
}

export async function globalSearch(
  engines: Engines,
  session: SessionUser | null,
  rawInput: GlobalSearchInput,
  searchOptions: { facets?: boolean } = {},
): Promise<GlobalSearchResult> {
  const input = globalSearchInput.parse(rawInput);
  const facets = searchOptions.facets !== false;
  const es = engines.elasticsearch;
  const prefix = engines.searchPrefix;
  const options = { timeoutMs: searchTimeoutMs() };
  const includeHidden = isStaff(session);
  const fromEs = await tryElasticsearch(
    es,
    async () => {
      const { items, guilds, players } = await searchAllEs(
        es,
        prefix,
        {
          items: { text: input.q, itemType: input.itemType, rarity: input.rarity, limit: input.limit, facets },
          guilds: { text: input.q, recruitingOnly: false, limit: input.limit, offset: 0, total: false },
          players: { text: input.q, limit: input.limit, includeHidden },
        },
        options,
      );
      return {
        query: input.q,
        items: {
          total: items.total,
          facets: items.facets,
          hits: items.hits.map(({ itemId, itemName, name, itemType, rarity, requiredLevel }) => ({ itemId, itemName, name, itemType, rarity, requiredLevel })),
        },
        guilds: guilds.hits.map(({ guildId, guildName, guildTag, name, level, isRecruiting }) => ({ guildId, guildName, guildTag, name, level, isRecruiting })),
        players: players.map(({ playerId, username, displayName, name }) => ({ playerId, username, displayName, name })),
        degraded: false,
      };
    },
    "global search",
  );
  if (fromEs) return fromEs;

  const pool = engines.postgres.pool;
  const [items, guilds, players] = await Promise.all([
    searchItemsPg(pool, { text: input.q, itemType: input.itemType, rarity: input.rarity, limit: input.limit }),
    searchGuildsPg(pool, { text: input.q, limit: input.limit }),
    searchPlayersPg(pool, { text: input.q, limit: input.limit, includeHidden }),
  ]);
  return {
    query: input.q,
    items: {
      total: items.total,
      facets: { itemType: items.itemTypes, rarity: items.rarities },
      hits: items.rows.map((row) => ({ ...row, name: highlightSubstrings(row.itemName, input.q) })),
    },
    guilds: guilds.map((row) => ({ ...row, name: highlightSubstrings(`${row.guildName} [${row.guildTag}]`, input.q) })),
    players: players.map((row) => ({ ...row, name: highlightSubstrings(row.username, input.q) })),
    degraded: true,
  };
}

export interface Suggestion {
  kind: "item" | "guild" | "player";
  id: number;
  label: HighlightSegment[];
  detail: string;
  href: string;
}

/** Up to `limit` suggestions per kind while typing (debounced in the search box). */
export async function suggest(engines: Engines, session: SessionUser | null, rawInput: SuggestInput): Promise<{ suggestions: Suggestion[]; degraded: boolean }> {
  const input = suggestInput.parse(rawInput);
  if (!input.q) return { suggestions: [], degraded: isBreakerOpen(engines.elasticsearch) };
  const result = await globalSearch(engines, session, { q: input.q, limit: input.limit }, { facets: false });
  const suggestions: Suggestion[] = [
    ...result.items.hits.map((item) => ({
      kind: "item" as const,
      id: item.itemId,
      label: item.name,
      detail: `${item.rarity} ${item.itemType}`,
      href: `/market/items/${item.itemId}`,
    })),
    ...result.guilds.map((guild) => ({
      kind: "guild" as const,
      id: guild.guildId,
      label: guild.name,
      detail: `guild [${guild.guildTag}] · level ${guild.level}`,
      href: `/guilds/${guild.guildId}`,
    })),
    ...result.players.map((player) => ({
      kind: "player" as const,
      id: player.playerId,
      label: player.name,
      detail: player.displayName ? `player · ${player.displayName}` : "player",
      href: `/players/${encodeURIComponent(player.username)}`,
    })),
  ];
  return { suggestions, degraded: result.degraded };
}

export interface SearchStatus {
  /** Elasticsearch is not answering searches (PostgreSQL answers instead). */
  degraded: boolean;
  /** Outbox rows not yet applied to Elasticsearch. */
  outboxBacklog: number;
  oldestPendingAt: Date | null;
}

/** For /api/health and the reduced-mode notice. */
export async function searchStatus(engines: Engines): Promise<SearchStatus> {
  const es = engines.elasticsearch;
  const [reachable, backlog] = await Promise.all([
    isBreakerOpen(es)
      ? Promise.resolve(false)
      : es.ping({}, { requestTimeout: searchTimeoutMs(), maxRetries: 0 }).then(
          (ok) => ok,
          () => false,
        ),
    outboxBacklog(engines.postgres.pool).catch(() => ({ pending: -1, oldestPendingAt: null })),
  ]);
  return { degraded: !reachable, outboxBacklog: backlog.pending, oldestPendingAt: backlog.oldestPendingAt };
}
