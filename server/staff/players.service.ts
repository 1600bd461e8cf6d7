import "server-only";
import type { Engines } from "@/server/engines";
import { AppError } from "@/server/errors";
import { banHistory, type BanHistoryRow } from "@/server/staff/ban.pg";
import { likeContains } from "@/server/db/text-match";
import { findPlayerIdsEs } from "@/server/search/directory.service";
import { lookupPlayerRows, type PlayerLookupHit } from "@/server/staff/player-lookup.pg";
import {
  findCurrencies,
  findFriends,
  findInventories,
  findPlayerAuditTrail,
  findStaffCharacters,
  findStaffPlayerAccount,
  type StaffAuditEntry,
  type StaffCharacter,
  type StaffCurrency,
  type StaffFriend,
  type StaffInventorySlot,
  type StaffPlayerAccount,
} from "@/server/staff/player-page.pg";
import { listReviewTransactions, type ReviewTransaction } from "@/server/staff/transaction-review.pg";
import { playerLookupInput, type PlayerLookupInput } from "@/server/staff/staff.schema";

/** Staff player look-up and the player page. Read-only: the analyst tier may call all of it. */

export async function findPlayers(engines: Engines, rawInput: PlayerLookupInput): Promise<PlayerLookupHit[]> {
  const input = playerLookupInput.parse(rawInput);
  const pool = engines.postgres.pool;
  const q = input.query.trim();
  const limit = input.limit;
  const id = /^\d{1,15}$/.test(q) ? Number(q) : null;
  const none = { id: null, exactText: null, likePattern: null, found: [], limit, branchCap: limit * 2 };
  // 1. Exact matches (primary key and btree expression indexes, well under a millisecond) answer alone: a pasted id,
  //    email, username or character name is the common case and needs no search engine. (Asking Elasticsearch at the
  //    same time cost more than it saved: bench:staff --search es, p95 52 → 61 ms.)
  const exact = await lookupPlayerRows(pool, { ...none, id, exactText: q });
  if (exact.length > 0) return exact;
  // 2. Names that start with the words typed, or have one typo (username, display name, character names), from
  //    Elasticsearch; 3. a fragment anywhere in a name or email ("p_123" in "benchp_1234"; trigram indexes), the answer
  //    when Elasticsearch finds nothing or is down. Both are asked at once: a fragment inside a word costs the slower of
  //    the two instead of their sum.
  const wantEs = id === null && !q.includes("@") && q.length >= 2;
  const [esFound, fragments] = await Promise.all([
    wantEs ? findPlayerIdsEs(engines, q, none.branchCap) : null,
    q.length >= 3 ? lookupPlayerRows(pool, { ...none, likePattern: likeContains(q) }) : Promise.resolve([]),
  ]);
  const esHits = Array.isArray(esFound) ? esFound : [];
  if (esHits.length === 0) return fragments;
  const found = esHits.flatMap((hit) => hit.matchedOn.map((matchedOn) => ({ playerId: hit.playerId, matchedOn })));
  return lookupPlayerRows(pool, { ...none, found });
}

export interface StaffPlayerPage {
  account: StaffPlayerAccount;
  characters: (StaffCharacter & { currencies: StaffCurrency[]; inventory: StaffInventorySlot[]; friends: StaffFriend[] })[];
  recentTransactions: ReviewTransaction[];
  bans: BanHistoryRow[];
  auditTrail: StaffAuditEntry[];
}

export async function staffPlayerPage(engines: Engines, playerId: number): Promise<StaffPlayerPage> {
  const pool = engines.postgres.pool;
  const [account, characters, bans, auditTrail] = await Promise.all([
    findStaffPlayerAccount(pool, playerId),
    findStaffCharacters(pool, playerId),
    banHistory(pool, playerId, 50),
    findPlayerAuditTrail(pool, playerId, 50),
  ]);
  if (!account) throw new AppError("NOT_FOUND", `No player with id ${playerId}.`);
  const ids = characters.map((character) => character.characterId);
  const [currencies, inventory, friends, recentTransactions] = ids.length
    ? await Promise.all([
        findCurrencies(pool, ids),
        findInventories(pool, ids),
        findFriends(pool, ids),
        listReviewTransactions(pool, { characterIds: ids }, null, 25),
      ])
    : [[], [], [], []];
  return {
    account,
    characters: characters.map((character) => ({
      ...character,
      currencies: currencies.filter((row) => row.characterId === character.characterId),
      inventory: inventory.filter((row) => row.characterId === character.characterId),
      friends: friends.filter((row) => row.characterId === character.characterId),
    })),
    recentTransactions,
    bans,
    auditTrail,
  };
}
