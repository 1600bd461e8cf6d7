import "server-only";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc";
import { dropItemInput, mergeStacksInput, moveItemInput, splitStackInput } from "@/server/character/inventory.schema";
import { dropItem, mergeStacks, moveItem, splitStack } from "@/server/character/inventory.service";

export const inventoryRouter = createTRPCRouter({
  move: protectedProcedure.input(moveItemInput).mutation(({ ctx, input }) => moveItem(ctx.engines, ctx.actor, ctx.session.playerId, input)),
  split: protectedProcedure.input(splitStackInput).mutation(({ ctx, input }) => splitStack(ctx.engines, ctx.actor, ctx.session.playerId, input)),
  merge: protectedProcedure.input(mergeStacksInput).mutation(({ ctx, input }) => mergeStacks(ctx.engines, ctx.actor, ctx.session.playerId, input)),
  drop: protectedProcedure.input(dropItemInput).mutation(({ ctx, input }) => dropItem(ctx.engines, ctx.actor, ctx.session.playerId, input)),
});
