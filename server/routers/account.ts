import { createTRPCRouter, publicProcedure } from "@/server/trpc";

export const accountRouter = createTRPCRouter({
  /** The signed-in account as the layout needs it, or null for visitors. */
  me: publicProcedure.query(({ ctx }) =>
    ctx.session ? { playerId: ctx.session.playerId, username: ctx.session.username, roles: ctx.session.roles, isStaff: ctx.session.roles.length > 0 } : null,
  ),
});
