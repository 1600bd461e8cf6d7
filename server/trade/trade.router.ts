import "server-only";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc";
import {
  confirmTradeInput,
  myTradesInput,
  offerCurrencyInput,
  offerItemInput,
  openTradeInput,
  tradeRefInput,
  withdrawItemInput,
} from "@/server/trade/trade.schema";
import { cancelTrade, confirmTrade, getTrade, myTrades, offerCurrency, offerItem, openTrade, withdrawItem } from "@/server/trade/trade.service";

export const tradeRouter = createTRPCRouter({
  list: protectedProcedure.input(myTradesInput).query(({ ctx, input }) => myTrades(ctx.engines, ctx.session, input)),
  get: protectedProcedure.input(tradeRefInput).query(({ ctx, input }) => getTrade(ctx.engines, ctx.session, input)),
  open: protectedProcedure.input(openTradeInput).mutation(({ ctx, input }) => openTrade(ctx.engines, ctx.actor, input)),
  offerItem: protectedProcedure.input(offerItemInput).mutation(({ ctx, input }) => offerItem(ctx.engines, ctx.actor, input)),
  withdrawItem: protectedProcedure.input(withdrawItemInput).mutation(({ ctx, input }) => withdrawItem(ctx.engines, ctx.actor, input)),
  offerCurrency: protectedProcedure.input(offerCurrencyInput).mutation(({ ctx, input }) => offerCurrency(ctx.engines, ctx.actor, input)),
  confirm: protectedProcedure.input(confirmTradeInput).mutation(({ ctx, input }) => confirmTrade(ctx.engines, ctx.actor, input)),
  cancel: protectedProcedure.input(tradeRefInput).mutation(({ ctx, input }) => cancelTrade(ctx.engines, ctx.actor, input)),
});
