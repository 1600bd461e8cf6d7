import { z } from "zod";
import { characterIdSchema, characterNameSchema } from "@/server/character/character.schema";
import { itemQuantitySchema, slotPositionSchema } from "@/server/character/inventory.schema";
import { currencyTypeSchema } from "@/server/market/market.schema";

/**
 * Inputs of direct trades (game_data.trade_sessions, trade_offer_items, trade_offer_currencies). `characterId` is always
 * the caller's own side of the trade: a player may own both characters of a trade, so the side must be explicit.
 */
export const tradeIdSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const openTradeInput = z.object({ characterId: characterIdSchema, partnerName: characterNameSchema });
export type OpenTradeInput = z.infer<typeof openTradeInput>;

export const tradeRefInput = z.object({ tradeId: tradeIdSchema, characterId: characterIdSchema });
export type TradeRefInput = z.infer<typeof tradeRefInput>;

export const offerItemInput = z.object({ tradeId: tradeIdSchema, characterId: characterIdSchema, slotPosition: slotPositionSchema, quantity: itemQuantitySchema });
export type OfferItemInput = z.infer<typeof offerItemInput>;

export const withdrawItemInput = z.object({ tradeId: tradeIdSchema, characterId: characterIdSchema, slotPosition: slotPositionSchema });
export type WithdrawItemInput = z.infer<typeof withdrawItemInput>;

/** trade_offer_currency_positive: amount > 0; 0 here means "withdraw this currency from my offer". */
export const offerCurrencyInput = z.object({
  tradeId: tradeIdSchema,
  characterId: characterIdSchema,
  currencyType: currencyTypeSchema,
  amount: z.number().int("Amounts are whole numbers.").min(0, "Amounts cannot be negative.").max(1_000_000_000_000_000, "That amount is too high."),
});
export type OfferCurrencyInput = z.infer<typeof offerCurrencyInput>;

/** Confirms the offer as it stood at `version`; a later change makes this confirmation void. */
export const confirmTradeInput = z.object({ tradeId: tradeIdSchema, characterId: characterIdSchema, version: z.number().int().positive() });
export type ConfirmTradeInput = z.infer<typeof confirmTradeInput>;

export const myTradesInput = z.object({ characterId: characterIdSchema });
export type MyTradesInput = z.infer<typeof myTradesInput>;
