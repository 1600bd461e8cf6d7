import "server-only";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "@/server/trpc";
import {
  buyListingInput,
  cancelListingInput,
  characterMarketInput,
  createListingInput,
  itemMarketInput,
  marketHistoryInput,
  searchListingsInput,
} from "@/server/market/market.schema";
import { buyListing, cancelListing, claimMailbox, createListing } from "@/server/market/market.service";
import { searchListings } from "@/server/market/listing-search.service";
import { itemMarket, myMarketCharacters, myMarketHistory, mySellableSlots } from "@/server/market/history.service";

export const marketRouter = createTRPCRouter({
  /** Active listings, cheapest first, filtered and paginated by cursor. Visitors may browse. */
  search: publicProcedure.input(searchListingsInput).query(({ ctx, input }) => searchListings(ctx.engines, input)),
  /** One item: details, current lowest price, daily median price and volume. */
  item: publicProcedure.input(itemMarketInput).query(({ ctx, input }) => itemMarket(ctx.engines, input)),

  myCharacters: protectedProcedure.query(({ ctx }) => myMarketCharacters(ctx.engines, ctx.session)),
  sellableSlots: protectedProcedure.input(characterMarketInput).query(({ ctx, input }) => mySellableSlots(ctx.engines, ctx.session, input)),
  history: protectedProcedure.input(marketHistoryInput).query(({ ctx, input }) => myMarketHistory(ctx.engines, ctx.session, input)),

  create: protectedProcedure.input(createListingInput).mutation(({ ctx, input }) => createListing(ctx.engines, ctx.actor, input)),
  buy: protectedProcedure.input(buyListingInput).mutation(({ ctx, input }) => buyListing(ctx.engines, ctx.actor, input)),
  cancel: protectedProcedure.input(cancelListingInput).mutation(({ ctx, input }) => cancelListing(ctx.engines, ctx.actor, input)),
  claimMailbox: protectedProcedure.input(characterMarketInput).mutation(({ ctx, input }) => claimMailbox(ctx.engines, ctx.actor, input)),
});
