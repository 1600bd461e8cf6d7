import "server-only";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc";
import { characterRefInput } from "@/server/character/character.schema";
import { listAchievements } from "@/server/character/achievement.service";

export const achievementRouter = createTRPCRouter({
  list: protectedProcedure.input(characterRefInput).query(({ ctx, input }) => listAchievements(ctx.engines, ctx.session.playerId, input.characterId)),
});
