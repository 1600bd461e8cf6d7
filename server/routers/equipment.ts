import { createTRPCRouter, protectedProcedure } from "@/server/trpc";
import { equipItemInput, unequipItemInput } from "@/server/schemas/equipment";
import { equipItem, unequipItem } from "@/server/services/equipment";

export const equipmentRouter = createTRPCRouter({
  equip: protectedProcedure.input(equipItemInput).mutation(({ ctx, input }) => equipItem(ctx.engines, ctx.actor, ctx.session.playerId, input)),
  unequip: protectedProcedure.input(unequipItemInput).mutation(({ ctx, input }) => unequipItem(ctx.engines, ctx.actor, ctx.session.playerId, input)),
});
