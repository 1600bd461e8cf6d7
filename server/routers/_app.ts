import { createCallerFactory, createTRPCRouter } from "@/server/trpc";
import { accountRouter } from "@/server/routers/account";
import { healthRouter } from "@/server/routers/health";
import { characterRouter } from "@/server/routers/character";
import { inventoryRouter } from "@/server/routers/inventory";
import { equipmentRouter } from "@/server/routers/equipment";
import { questRouter } from "@/server/routers/quest";
import { achievementRouter } from "@/server/routers/achievement";
import { profileRouter } from "@/server/routers/profile";
import { friendsRouter } from "@/server/routers/friends";
import { presenceRouter } from "@/server/routers/presence";
import { leaderboardRouter } from "@/server/routers/leaderboard";
import { marketRouter } from "@/server/routers/market";
import { tradeRouter } from "@/server/routers/trade";
import { guildRouter } from "@/server/routers/guild";
import { staffRouter } from "@/server/routers/staff";
import { worldRouter } from "@/server/routers/world";
import { searchRouter } from "@/server/routers/search";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  health: healthRouter,
  character: characterRouter,
  inventory: inventoryRouter,
  equipment: equipmentRouter,
  quest: questRouter,
  achievement: achievementRouter,
  profile: profileRouter,
  friends: friendsRouter,
  presence: presenceRouter,
  leaderboard: leaderboardRouter,
  market: marketRouter,
  trade: tradeRouter,
  guild: guildRouter,
  staff: staffRouter,
  world: worldRouter,
  search: searchRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
