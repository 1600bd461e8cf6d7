import "server-only";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "@/server/trpc";
import { publicProfileInput, updateProfileInput } from "@/server/profile/profile.schema";
import { getOwnProfile, getPublicProfile, updateOwnProfile } from "@/server/profile/profile.service";

export const profileRouter = createTRPCRouter({
  mine: protectedProcedure.query(({ ctx }) => getOwnProfile(ctx.engines, ctx.session)),
  update: protectedProcedure.input(updateProfileInput).mutation(({ ctx, input }) => updateOwnProfile(ctx.engines, ctx.session, input, ctx.clientIp)),
  byUsername: publicProcedure.input(publicProfileInput).query(({ ctx, input }) => getPublicProfile(ctx.engines, input.username)),
});
