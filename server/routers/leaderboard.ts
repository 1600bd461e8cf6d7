import { createTRPCRouter, publicProcedure } from "@/server/trpc";
import { leaderboardInput } from "@/server/schemas/leaderboard";
import { getLeaderboard } from "@/server/services/leaderboard";

export const leaderboardRouter = createTRPCRouter({
  /** Top N of a board plus the signed-in player's best character's rank. */
  view: publicProcedure.input(leaderboardInput).query(({ ctx, input }) => getLeaderboard(ctx.engines, input.board, input.limit, ctx.session)),
});
