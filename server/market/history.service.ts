/** The read side of the market for pages: my characters and bags, my listings and trades, an item's prices. */
import "server-only";
import type { Engines } from "@/server/engines";
import { AppError } from "@/server/errors";
import type { SessionUser } from "@/server/session";
import {
  findItem,
  listingsOfCharacter,
  lowestPrice,
  ownedCharactersWithBalances,
  priceHistory,
  sellableSlots,
  tradesOfCharacter,
  unclaimedParcels,
  type MailboxParcel,
  type ItemSummary,
  type LowestPrice,
  type MyListing,
  type PricePoint,
  type SellableSlot,
  type SellerCharacter,
  type TradeLine,
} from "@/server/market/history.pg";
import type { CharacterMarketInput, ItemMarketInput, MarketHistoryInput } from "@/server/market/market.schema";

export function myMarketCharacters(engines: Engines, session: SessionUser): Promise<SellerCharacter[]> {
  return ownedCharactersWithBalances(engines.postgres.pool, session.playerId);
}

export async function mySellableSlots(engines: Engines, session: SessionUser, input: CharacterMarketInput): Promise<SellableSlot[]> {
  const slots = await sellableSlots(engines.postgres.pool, session.playerId, input.characterId);
  if (!slots) throw new AppError("NOT_FOUND", "That character is not one of yours.");
  return slots;
}

export interface MarketHistory {
  listings: MyListing[];
  trades: TradeLine[];
  /** Returned items that did not fit the bag, waiting to be collected. */
  mailbox: MailboxParcel[];
}

export async function myMarketHistory(engines: Engines, session: SessionUser, input: MarketHistoryInput): Promise<MarketHistory> {
  const pool = engines.postgres.pool;
  const [listings, trades, mailbox] = await Promise.all([
    listingsOfCharacter(pool, session.playerId, input.characterId, input.limit),
    tradesOfCharacter(pool, session.playerId, input.characterId, input.limit),
    unclaimedParcels(pool, session.playerId, input.characterId),
  ]);
  return { listings, trades, mailbox };
}

export interface ItemMarket {
  item: ItemSummary;
  currencyType: ItemMarketInput["currencyType"];
  lowest: LowestPrice;
  history: PricePoint[];
}

export async function itemMarket(engines: Engines, input: ItemMarketInput): Promise<ItemMarket> {
  const pool = engines.postgres.pool;
  const [item, lowest, history] = await Promise.all([
    findItem(pool, input.itemId),
    lowestPrice(pool, input.itemId, input.currencyType),
    priceHistory(pool, input.itemId, input.currencyType, input.days),
  ]);
  if (!item) throw new AppError("NOT_FOUND", "That item does not exist.");
  return { item, currencyType: input.currencyType, lowest, history };
}
