import "server-only";
import { z } from "zod";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "@/server/trpc";
import { guildOnlineInput, heartbeatInput } from "@/server/presence/presence.schema";
import { guildOnline, heartbeat, onlineCount, ownSession } from "@/server/presence/presence.service";

export const presenceRouter = createTRPCRouter({
  heartbeat: protectedProcedure.input(heartbeatInput).mutation(({ ctx, input }) => heartbeat(ctx.engines, ctx.session, input)),
  onlineCount: publicProcedure.query(({ ctx }) => onlineCount(ctx.engines)),
  guildOnline: protectedProcedure.input(guildOnlineInput).query(({ ctx, input }) => guildOnline(ctx.engines, input.guildId)),
  session: protectedProcedure.input(z.object({ sessionId: z.uuid() })).query(({ ctx, input }) => ownSession(ctx.engines, ctx.session, input.sessionId)),
});
