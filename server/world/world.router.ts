import "server-only";
import { analystProcedure, createTRPCRouter, gameMasterProcedure } from "@/server/trpc";
import { applyDeltaSchema, deltaListSchema, nodeReadSchema, regionReadSchema, revertDeltaSchema } from "@/server/world/world.schema";
import { applyDelta, listDeltas, materialsList, readNodeDetail, readRegion, regionsList, revertDelta } from "@/server/world/world.service";

/** The octree region viewer: staff read (analyst and up); changing or reverting nodes needs a game master. */
export const worldRouter = createTRPCRouter({
  materials: analystProcedure.query(({ ctx }) => materialsList(ctx.engines)),
  regions: analystProcedure.query(({ ctx }) => regionsList(ctx.engines)),
  region: analystProcedure.input(regionReadSchema).query(({ ctx, input }) => readRegion(ctx.engines, input)),
  node: analystProcedure.input(nodeReadSchema).query(({ ctx, input }) => readNodeDetail(ctx.engines, input)),
  deltas: analystProcedure.input(deltaListSchema).query(({ ctx, input }) => listDeltas(ctx.engines, input)),
  applyDelta: gameMasterProcedure.input(applyDeltaSchema).mutation(({ ctx, input }) => applyDelta(ctx.engines, ctx.actor, input)),
  revertDelta: gameMasterProcedure.input(revertDeltaSchema).mutation(({ ctx, input }) => revertDelta(ctx.engines, ctx.actor, input)),
});
