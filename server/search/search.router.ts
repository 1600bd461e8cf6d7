import "server-only";
import { createTRPCRouter, publicProcedure } from "@/server/trpc";
import { globalSearchInput, suggestInput } from "@/server/search/search.schema";
import { globalSearch, searchStatus, suggest } from "@/server/search/search.service";

/** Public: anyone may search; hidden players are found only when the session is staff (decided in the service). */
export const searchRouter = createTRPCRouter({
  global: publicProcedure.input(globalSearchInput).query(({ ctx, input }) => globalSearch(ctx.engines, ctx.session, input)),
  suggest: publicProcedure.input(suggestInput).query(({ ctx, input }) => suggest(ctx.engines, ctx.session, input)),
  status: publicProcedure.query(({ ctx }) => searchStatus(ctx.engines)),
});
