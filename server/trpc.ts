/**
 * tRPC setup: the context type, the error formatter and the procedure tiers.
 * Tiers form a ladder: public → signed-in → analyst (read-only staff) → game master → admin.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";
import type { InnerContext } from "@/server/context";
import { AppError, fromDatabaseError, toTrpcCode } from "@/server/errors";
import { hasRoleAtLeast, type SessionUser, type StaffRole } from "@/server/session";
import type { Actor } from "@/server/db/actor-transaction";

const t = initTRPC.context<InnerContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        // Zod errors come back flattened so a form can show each field's message next to it.
        zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
        fieldErrors: cause instanceof AppError ? (cause.fieldErrors ?? null) : null,
        retryAfterSeconds: cause instanceof AppError ? (cause.retryAfterSeconds ?? null) : null,
        // Never ship a server stack to the browser.
        stack: undefined,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Converts AppError and database constraint errors into tRPC errors with the right status; hides anything else. */
const errorConversion = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const error = result.error;
  const original = error.cause;
  if (original instanceof AppError) {
    throw new TRPCError({ code: toTrpcCode(original.code), message: original.message, cause: original });
  }
  if (error.code === "INTERNAL_SERVER_ERROR" && original) {
    const mapped = fromDatabaseError(original);
    if (mapped) throw new TRPCError({ code: toTrpcCode(mapped.code), message: mapped.message, cause: mapped });
    console.error("[trpc] unexpected error", original);
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Something went wrong on our side. Please try again.", cause: original });
  }
  return result;
});

export const publicProcedure = t.procedure.use(errorConversion);

function actorOf(session: SessionUser, clientIp: string | null): Actor {
  return { userId: session.playerId, playerId: session.playerId, clientIp };
}

/** Signed-in players: narrows the session to non-null and hands services the audit actor. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in first." });
  return next({ ctx: { ...ctx, session: ctx.session, actor: actorOf(ctx.session, ctx.clientIp) } });
});

function staffTier(minimum: StaffRole, label: string) {
  return protectedProcedure.use(({ ctx, next }) => {
    if (!hasRoleAtLeast(ctx.session, minimum)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${label} role.` });
    }
    return next({ ctx });
  });
}

/** Read-only staff pages: analysts, game masters and admins. */
export const analystProcedure = staffTier("analyst", "analyst (or higher)");
/** Actions on players: game masters and admins. */
export const gameMasterProcedure = staffTier("game_master", "game master");
export const adminProcedure = staffTier("admin", "admin");
