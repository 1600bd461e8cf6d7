import "server-only";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc";
import { equipItemInput, unequipItemInput } from "@/server/character/equipment.schema";
import { equipItem, unequipItem } from "@/server/character/equipment.service";

export const equipmentRouter = createTRPCRouter({
  equip: protectedProcedure.input(equipItemInput).mutation(({ ctx, input }) => equipItem(ctx.engines, ctx.actor, ctx.session.playerId, input)),
  unequip: protectedProcedure.input(unequipItemInput).mutation(({ ctx, input }) => unequipItem(ctx.engines, ctx.actor, ctx.session.playerId, input)),
});
