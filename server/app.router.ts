import "server-only";
import { createCallerFactory, createTRPCRouter } from "@/server/trpc";
import { accountRouter } from "@/server/account/account.router";
import { healthRouter } from "@/server/health/health.router";
import { characterRouter } from "@/server/character/character.router";
import { inventoryRouter } from "@/server/character/inventory.router";
import { equipmentRouter } from "@/server/character/equipment.router";
import { questRouter } from "@/server/character/quest.router";
import { achievementRouter } from "@/server/character/achievement.router";
import { profileRouter } from "@/server/profile/profile.router";
import { friendsRouter } from "@/server/friends/friends.router";
import { presenceRouter } from "@/server/presence/presence.router";
import { leaderboardRouter } from "@/server/leaderboard/leaderboard.router";
import { marketRouter } from "@/server/market/market.router";
import { tradeRouter } from "@/server/trade/trade.router";
import { guildRouter } from "@/server/guild/guild.router";
import { staffRouter } from "@/server/staff/staff.router";
import { worldRouter } from "@/server/world/world.router";
import { searchRouter } from "@/server/search/search.router";

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
