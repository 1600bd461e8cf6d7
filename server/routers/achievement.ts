import { createTRPCRouter, protectedProcedure } from "@/server/trpc";
import { characterRefInput } from "@/server/schemas/character";
import { listAchievements } from "@/server/services/achievements";

export const achievementRouter = createTRPCRouter({
  list: protectedProcedure.input(characterRefInput).query(({ ctx, input }) => listAchievements(ctx.engines, ctx.session.playerId, input.characterId)),
});
