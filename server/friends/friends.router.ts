import "server-only";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc";
import { friendActionInput, friendRequestInput, friendsOverviewInput } from "@/server/friends/friends.schema";
import {
  acceptFriendRequest,
  blockCharacter,
  declineFriendRequest,
  friendsOverview,
  removeFriend,
  sendFriendRequest,
  unblockCharacter,
} from "@/server/friends/friends.service";

export const friendsRouter = createTRPCRouter({
  overview: protectedProcedure.input(friendsOverviewInput).query(({ ctx, input }) => friendsOverview(ctx.engines, ctx.session, input)),
  request: protectedProcedure.input(friendRequestInput).mutation(({ ctx, input }) => sendFriendRequest(ctx.engines, ctx.session, input)),
  accept: protectedProcedure.input(friendActionInput).mutation(({ ctx, input }) => acceptFriendRequest(ctx.engines, ctx.session, input)),
  decline: protectedProcedure.input(friendActionInput).mutation(({ ctx, input }) => declineFriendRequest(ctx.engines, ctx.session, input)),
  remove: protectedProcedure.input(friendActionInput).mutation(({ ctx, input }) => removeFriend(ctx.engines, ctx.session, input)),
  block: protectedProcedure.input(friendActionInput).mutation(({ ctx, input }) => blockCharacter(ctx.engines, ctx.session, input)),
  unblock: protectedProcedure.input(friendActionInput).mutation(({ ctx, input }) => unblockCharacter(ctx.engines, ctx.session, input)),
});
