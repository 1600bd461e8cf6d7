import "server-only";
import { createTRPCRouter, publicProcedure } from "@/server/trpc";
import { checkHealth } from "@/server/health/health.service";

export const healthRouter = createTRPCRouter({
  status: publicProcedure.query(({ ctx }) => checkHealth(ctx.engines)),
});
