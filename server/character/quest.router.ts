import "server-only";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc";
import { characterRefInput } from "@/server/character/character.schema";
import { abandonQuestInput } from "@/server/character/quest.schema";
import { abandonQuest, listQuests } from "@/server/character/quest.service";

export const questRouter = createTRPCRouter({
  list: protectedProcedure.input(characterRefInput).query(({ ctx, input }) => listQuests(ctx.engines, ctx.session.playerId, input.characterId)),
  abandon: protectedProcedure.input(abandonQuestInput).mutation(({ ctx, input }) => abandonQuest(ctx.engines, ctx.actor, ctx.session.playerId, input)),
});
