import type { Engines } from "@/server/context";
import { AppError } from "@/server/errors";
import { banHistory, type BanHistoryRow } from "@/server/repositories/ban.sql";
import { lookupPlayers, type PlayerLookupHit } from "@/server/repositories/staff-player-lookup.sql";
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
} from "@/server/repositories/staff-player-page.sql";
import { listReviewTransactions, type ReviewTransaction } from "@/server/repositories/transaction-review.sql";
import { playerLookupInput, type PlayerLookupInput } from "@/server/schemas/staff";

/** Staff player look-up and the player page. Read-only: the analyst tier may call all of it. */

export async function findPlayers(engines: Engines, rawInput: PlayerLookupInput): Promise<PlayerLookupHit[]> {
  const input = playerLookupInput.parse(rawInput);
  return lookupPlayers(engines.postgres.pool, input.query, input.limit, engines);
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
