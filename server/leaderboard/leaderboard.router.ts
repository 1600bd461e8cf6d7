import "server-only";
import { createTRPCRouter, publicProcedure } from "@/server/trpc";
import { leaderboardInput } from "@/server/leaderboard/leaderboard.schema";
import { getLeaderboard } from "@/server/leaderboard/leaderboard.service";

export const leaderboardRouter = createTRPCRouter({
  /** Top N of a board plus the signed-in player's best character's rank. */
  view: publicProcedure.input(leaderboardInput).query(({ ctx, input }) => getLeaderboard(ctx.engines, input.board, input.limit, ctx.session)),
});
