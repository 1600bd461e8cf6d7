import { createTRPCRouter, publicProcedure } from "@/server/trpc";
import { checkHealth } from "@/server/services/health";

export const healthRouter = createTRPCRouter({
  status: publicProcedure.query(({ ctx }) => checkHealth(ctx.engines)),
});
