/**
 * Direct trades between two characters. Both sides put up items (from inventory slots) and currency; each change bumps
 * the session's version and voids both confirmations; a confirmation names the version it agrees to. When the second
 * confirmation arrives, the swap runs in that same transaction: everything is re-checked under locks, then money and
 * items move and `transactions` rows of type 'trade' record each leg. Nothing is escrowed before the swap, so an offer
 * whose items or money have gone elsewhere simply fails to complete (with a message saying what is missing).
 */
import "server-only";
import type { PoolClient } from "pg";
import type { Engines } from "@/server/engines";
import { AppError } from "@/server/errors";
import { withActorSql, type Actor } from "@/server/db/actor-transaction";
import { lockOwnedCharacter } from "@/server/character/inventory.pg";
import { credit, debit, insertTransactions, takeFromSlot, type TransactionRow } from "@/server/market/listings.pg";
import {
  bumpVersion,
  closeSession,
  countOpenSessions,
  deleteItemOffer,
  findLiveCharacterByName,
  findSession,
  insertSession,
  lockBags,
  lockOfferedSlots,
  lockTradeBalances,
  offersOf,
  readSlot,
  sessionsOfCharacter,
  setConfirmation,
  setCurrencyOffer,
  upsertItemOffer,
  type CurrencyOffer,
  type ItemOffer,
  type TradeSessionRow,
} from "@/server/trade/trade.pg";
import { deliverAll } from "@/server/ledger/delivery.service";
import { currencyLabels, withRetries } from "@/server/market/market.service";
import type { CurrencyType } from "@/server/market/market.schema";
import type { ConfirmTradeInput, MyTradesInput, OfferCurrencyInput, OfferItemInput, OpenTradeInput, TradeRefInput, WithdrawItemInput } from "@/server/trade/trade.schema";
import type { SessionUser } from "@/server/session";

export const maxOpenTradesPerCharacter = 10;

export interface TradeSide {
  characterId: number;
  name: string;
  confirmed: boolean;
  items: ItemOffer[];
  currencies: CurrencyOffer[];
}

export interface TradeView {
  tradeId: number;
  status: TradeSessionRow["status"];
  version: number;
  me: TradeSide;
  them: TradeSide;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

type Side = "initiator" | "partner";

function sideOf(session: TradeSessionRow, characterId: number, playerId: number | null): Side | null {
  if (session.initiatorCharacterId === characterId && session.initiatorPlayerId === playerId) return "initiator";
  if (session.partnerCharacterId === characterId && session.partnerPlayerId === playerId) return "partner";
  return null;
}

function toView(session: TradeSessionRow, side: Side, offers: { items: ItemOffer[]; currencies: CurrencyOffer[] }): TradeView {
  const build = (s: Side): TradeSide => {
    const characterId = s === "initiator" ? session.initiatorCharacterId : session.partnerCharacterId;
    const confirmedVersion = s === "initiator" ? session.initiatorConfirmedVersion : session.partnerConfirmedVersion;
    return {
      characterId,
      name: s === "initiator" ? session.initiatorName : session.partnerName,
      confirmed: session.status === "completed" || confirmedVersion === session.version,
      items: offers.items.filter((o) => o.characterId === characterId),
      currencies: offers.currencies.filter((o) => o.characterId === characterId),
    };
  };
  return {
    tradeId: session.tradeId,
    status: session.status,
    version: session.version,
    me: build(side),
    them: build(side === "initiator" ? "partner" : "initiator"),
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    closedAt: session.closedAt,
  };
}

/** Locks the session and checks the caller is the given side of it and that it is still open. */
async function lockOpenSession(client: PoolClient, actor: Actor, input: TradeRefInput): Promise<{ session: TradeSessionRow; side: Side }> {
  const session = await findSession(client, input.tradeId, true);
  const side = session && sideOf(session, input.characterId, actor.playerId);
  if (!session || !side) throw new AppError("NOT_FOUND", "That trade is not one of yours.");
  if (session.status !== "open") throw new AppError("CONFLICT", session.status === "completed" ? "This trade is already complete." : "This trade was cancelled.");
  return { session, side };
}

async function viewInTransaction(client: PoolClient, tradeId: number, side: Side): Promise<TradeView> {
  const session = (await findSession(client, tradeId, false))!;
  return toView(session, side, await offersOf(client, tradeId));
}

export async function openTrade(engines: Engines, actor: Actor, input: OpenTradeInput): Promise<TradeView> {
  return withActorSql(engines.postgres.pool, actor, async (client) => {
    const mine = actor.playerId !== null && (await lockOwnedCharacter(client, actor.playerId, input.characterId));
    if (!mine) throw new AppError("NOT_FOUND", "That character is not one of yours.", { fieldErrors: { characterId: ["Pick one of your characters."] } });
    const partner = await findLiveCharacterByName(client, input.partnerName);
    if (!partner) throw new AppError("NOT_FOUND", `There is no character called ${input.partnerName}.`, { fieldErrors: { partnerName: ["No such character."] } });
    if (partner.characterId === input.characterId)
      throw new AppError("BAD_INPUT", "You cannot trade with yourself.", { fieldErrors: { partnerName: ["Pick another character."] } });
    if ((await countOpenSessions(client, input.characterId)) >= maxOpenTradesPerCharacter)
      throw new AppError("PRECONDITION_FAILED", `A character can have at most ${maxOpenTradesPerCharacter} open trades.`);
    const tradeId = await insertSession(client, input.characterId, partner.characterId);
    return viewInTransaction(client, tradeId, "initiator");
  });
}

export async function getTrade(engines: Engines, session: SessionUser, input: TradeRefInput): Promise<TradeView> {
  const pool = engines.postgres.pool;
  const row = await findSession(pool, input.tradeId, false);
  const side = row && sideOf(row, input.characterId, session.playerId);
  if (!row || !side) throw new AppError("NOT_FOUND", "That trade is not one of yours.");
  return toView(row, side, await offersOf(pool, input.tradeId));
}

export interface TradeSummary {
  tradeId: number;
  status: TradeSessionRow["status"];
  partnerName: string;
  updatedAt: Date;
}

export async function myTrades(engines: Engines, session: SessionUser, input: MyTradesInput): Promise<TradeSummary[]> {
  const rows = await sessionsOfCharacter(engines.postgres.pool, session.playerId, input.characterId);
  return rows.map((row) => ({
    tradeId: row.tradeId,
    status: row.status,
    partnerName: row.initiatorCharacterId === input.characterId ? row.partnerName : row.initiatorName,
    updatedAt: row.updatedAt,
  }));
}

export async function offerItem(engines: Engines, actor: Actor, input: OfferItemInput): Promise<TradeView> {
  return withActorSql(engines.postgres.pool, actor, async (client) => {
    const { side } = await lockOpenSession(client, actor, input);
    const slot = await readSlot(client, input.characterId, input.slotPosition);
    if (!slot) throw new AppError("NOT_FOUND", `Slot ${input.slotPosition} is empty.`, { fieldErrors: { slotPosition: ["This slot is empty."] } });
    if (!slot.isTradeable) throw new AppError("BAD_INPUT", `${slot.itemName} cannot be traded.`, { fieldErrors: { slotPosition: ["This item cannot be traded."] } });
    if (slot.equipped) throw new AppError("BAD_INPUT", `Unequip ${slot.itemName} before trading it.`, { fieldErrors: { slotPosition: ["This item is equipped."] } });
    if (slot.hasInstanceState)
      throw new AppError("BAD_INPUT", `${slot.itemName} is enchanted, worn or customised; only items in mint condition can be traded.`, {
        fieldErrors: { slotPosition: ["Only items in mint condition can be traded."] },
      });
    if (input.quantity > slot.quantity)
      throw new AppError("BAD_INPUT", `You only have ${slot.quantity} ${slot.itemName} in that slot.`, { fieldErrors: { quantity: [`At most ${slot.quantity}.`] } });
    await upsertItemOffer(client, { tradeId: input.tradeId, characterId: input.characterId, inventorySlotId: slot.inventorySlotId, itemId: slot.itemId, quantity: input.quantity });
    await bumpVersion(client, input.tradeId);
    return viewInTransaction(client, input.tradeId, side);
  });
}

export async function withdrawItem(engines: Engines, actor: Actor, input: WithdrawItemInput): Promise<TradeView> {
  return withActorSql(engines.postgres.pool, actor, async (client) => {
    const { side } = await lockOpenSession(client, actor, input);
    const offers = await offersOf(client, input.tradeId);
    const offer = offers.items.find((o) => o.characterId === input.characterId && o.slotPosition === input.slotPosition);
    if (!offer || !(await deleteItemOffer(client, input.tradeId, input.characterId, offer.inventorySlotId)))
      throw new AppError("NOT_FOUND", `You are not offering anything from slot ${input.slotPosition}.`);
    await bumpVersion(client, input.tradeId);
    return viewInTransaction(client, input.tradeId, side);
  });
}

export async function offerCurrency(engines: Engines, actor: Actor, input: OfferCurrencyInput): Promise<TradeView> {
  return withActorSql(engines.postgres.pool, actor, async (client) => {
    const { side } = await lockOpenSession(client, actor, input);
    if (input.amount > 0) {
      const { rows } = await client.query<{ amount: number }>(
        "SELECT amount FROM game_data.character_currencies WHERE character_id = $1 AND currency_type = $2",
        [input.characterId, input.currencyType],
      );
      const held = rows[0]?.amount ?? 0;
      if (held < input.amount)
        throw new AppError("PRECONDITION_FAILED", `You only have ${held} ${currencyLabels[input.currencyType]}.`, { fieldErrors: { amount: [`At most ${held}.`] } });
    }
    const changed = await setCurrencyOffer(client, input.tradeId, input.characterId, input.currencyType, input.amount);
    if (changed) await bumpVersion(client, input.tradeId);
    return viewInTransaction(client, input.tradeId, side);
  });
}

export async function cancelTrade(engines: Engines, actor: Actor, input: TradeRefInput): Promise<TradeView> {
  return withActorSql(engines.postgres.pool, actor, async (client) => {
    const { side } = await lockOpenSession(client, actor, input);
    await closeSession(client, input.tradeId, "cancelled");
    return viewInTransaction(client, input.tradeId, side);
  });
}

export async function confirmTrade(engines: Engines, actor: Actor, input: ConfirmTradeInput): Promise<TradeView> {
  return withRetries(() =>
    withActorSql(engines.postgres.pool, actor, async (client) => {
      const { session, side } = await lockOpenSession(client, actor, input);
      if (input.version !== session.version) throw new AppError("CONFLICT", "The offer changed since you looked at it. Review it and confirm again.");
      const offers = await offersOf(client, input.tradeId);
      if (offers.items.length === 0 && offers.currencies.length === 0) throw new AppError("PRECONDITION_FAILED", "Nothing is on the table yet.");
      await setConfirmation(client, input.tradeId, side, session.version);
      const otherConfirmed = (side === "initiator" ? session.partnerConfirmedVersion : session.initiatorConfirmedVersion) === session.version;
      if (otherConfirmed) await executeSwap(client, session, offers);
      return viewInTransaction(client, input.tradeId, side);
    }),
  );
}

/** The swap itself: all checks first (under locks), then every move; any failure rolls the whole transaction back. */
async function executeSwap(client: PoolClient, session: TradeSessionRow, offers: { items: ItemOffer[]; currencies: CurrencyOffer[] }): Promise<void> {
  const a = session.initiatorCharacterId;
  const b = session.partnerCharacterId;
  const nameOf = (id: number) => (id === a ? session.initiatorName : session.partnerName);
  const otherOf = (id: number) => (id === a ? b : a);

  await lockBags(client, [a, b]);

  const pairs = offers.currencies.flatMap((o) => [
    { characterId: o.characterId, currencyType: o.currencyType },
    { characterId: otherOf(o.characterId), currencyType: o.currencyType },
  ]);
  const unique = [...new Map(pairs.map((p) => [`${p.characterId}:${p.currencyType}`, p])).values()];
  const balances = unique.length ? await lockTradeBalances(client, unique) : new Map<string, number>();
  for (const offer of offers.currencies) {
    const held = balances.get(`${offer.characterId}:${offer.currencyType}`) ?? 0;
    if (held < offer.amount)
      throw new AppError(
        "PRECONDITION_FAILED",
        `${nameOf(offer.characterId)} no longer has ${offer.amount} ${currencyLabels[offer.currencyType as CurrencyType]}; the offer must change before the trade can complete.`,
      );
  }

  const slots = offers.items.length ? await lockOfferedSlots(client, offers.items.map((o) => o.inventorySlotId)) : new Map();
  for (const offer of offers.items) {
    const slot = slots.get(offer.inventorySlotId);
    if (!slot || slot.characterId !== offer.characterId || slot.itemId !== offer.itemId || slot.quantity < offer.quantity || slot.equipped || slot.hasInstanceState || !slot.isTradeable)
      throw new AppError(
        "PRECONDITION_FAILED",
        `${nameOf(offer.characterId)} no longer has ${offer.quantity} ${offer.itemName} where they offered it; the offer must change before the trade can complete.`,
      );
  }

  // Money: debits guarded by amount >= x (behind the locks), credits to the other side.
  for (const offer of offers.currencies) {
    const currency = offer.currencyType as CurrencyType;
    if ((await debit(client, offer.characterId, currency, offer.amount)) === null)
      throw new AppError("PRECONDITION_FAILED", `${nameOf(offer.characterId)} does not have enough ${currencyLabels[currency]}.`);
    await credit(client, otherOf(offer.characterId), currency, offer.amount);
  }

  // Items: take everything out first (a side's freed slots can take what it receives), then deliver, stacking first.
  for (const offer of offers.items) {
    const slot = slots.get(offer.inventorySlotId)!;
    await takeFromSlot(client, slot.inventorySlotId, slot.quantity, offer.quantity);
    slot.quantity -= offer.quantity;
  }
  for (const offer of offers.items) {
    const receiver = otherOf(offer.characterId);
    const delivered = await deliverAll(client, receiver, { itemId: offer.itemId, maxStackSize: offer.maxStackSize }, offer.quantity);
    if (!delivered.ok) throw new AppError("PRECONDITION_FAILED", `${nameOf(receiver)}'s inventory has no room for ${offer.quantity} ${offer.itemName}.`);
  }

  const metadata = { trade_id: session.tradeId, version: session.version };
  const legs: TransactionRow[] = [
    ...offers.currencies.map<TransactionRow>((o) => ({
      type: "trade",
      fromCharacterId: o.characterId,
      toCharacterId: otherOf(o.characterId),
      currencyType: o.currencyType as CurrencyType,
      currencyAmount: o.amount,
      itemId: null,
      itemQuantity: null,
      metadata,
    })),
    ...offers.items.map<TransactionRow>((o) => ({
      type: "trade",
      fromCharacterId: o.characterId,
      toCharacterId: otherOf(o.characterId),
      currencyType: null,
      currencyAmount: null,
      itemId: o.itemId,
      itemQuantity: o.quantity,
      metadata,
    })),
  ];
  await insertTransactions(client, legs);
  await closeSession(client, session.tradeId, "completed");
}
