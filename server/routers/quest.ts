import { createTRPCRouter, protectedProcedure } from "@/server/trpc";
import { characterRefInput } from "@/server/schemas/character";
import { abandonQuestInput } from "@/server/schemas/quest";
import { abandonQuest, listQuests } from "@/server/services/quests";

export const questRouter = createTRPCRouter({
  list: protectedProcedure.input(characterRefInput).query(({ ctx, input }) => listQuests(ctx.engines, ctx.session.playerId, input.characterId)),
  abandon: protectedProcedure.input(abandonQuestInput).mutation(({ ctx, input }) => abandonQuest(ctx.engines, ctx.actor, ctx.session.playerId, input)),
});
