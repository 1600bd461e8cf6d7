import { createCallerFactory, createTRPCRouter } from "@/server/trpc";
import { accountRouter } from "@/server/routers/account";
import { healthRouter } from "@/server/routers/health";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  health: healthRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
