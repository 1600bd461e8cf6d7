import "server-only";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "@/server/trpc";
import { changePasswordInput, registerInput } from "@/server/account/account.schema";
import { changePassword, registerAccount } from "@/server/account/auth.service";

export const accountRouter = createTRPCRouter({
  /** The signed-in account as the layout needs it, or null for visitors. */
  me: publicProcedure.query(({ ctx }) =>
    ctx.session ? { playerId: ctx.session.playerId, username: ctx.session.username, roles: ctx.session.roles, isStaff: ctx.session.roles.length > 0 } : null,
  ),
  /** Creates an account; the client then signs in through next-auth with the same credentials. */
  register: publicProcedure.input(registerInput).mutation(({ ctx, input }) => registerAccount(ctx.engines, input, ctx.clientIp)),
  changePassword: protectedProcedure.input(changePasswordInput).mutation(({ ctx, input }) => changePassword(ctx.engines, ctx.session, input, ctx.clientIp)),
});
