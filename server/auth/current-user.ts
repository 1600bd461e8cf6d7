import "server-only";
import { cookies, headers } from "next/headers";
import { getToken } from "next-auth/jwt";
import { appConfig } from "@/server/config";
import type { Engines } from "@/server/engines";
import { checkSessionAccount, type SessionCheck } from "@/server/account/auth.service";
import type { BanNotice } from "@/server/session";
import type { SessionUser } from "@/server/session";

/** The player id and credential stamp inside the request's next-auth JWT (signature and expiry checked), or null. */
async function tokenClaims(): Promise<{ playerId: number; credentialStamp: string | null } | null> {
  try {
    const token = await getToken({ req: { cookies: await cookies(), headers: await headers() } as never, secret: appConfig().NEXTAUTH_SECRET });
    const playerId = Number(token?.playerId);
    return Number.isSafeInteger(playerId) && playerId > 0 ? { playerId, credentialStamp: token?.credentialStamp ?? null } : null;
  } catch {
    // Outside a request (scripts) or with a malformed cookie: anonymous.
    return null;
  }
}

async function sessionCheck(engines: Engines): Promise<SessionCheck | null> {
  const claims = await tokenClaims();
  if (claims === null) return null;
  try {
    return await checkSessionAccount(engines, claims.playerId, claims.credentialStamp);
  } catch (error) {
    // Fail closed: without the database we cannot tell whether the account is banned, so the request is anonymous
    // (pages such as /status must still render while PostgreSQL is down).
    console.error("[auth] session check failed", error instanceof Error ? error.message : error);
    return null;
  }
}

/**
 * The signed-in user of the current request: the JWT says who, the database says whether they still may
 * (one primary-key query with the staff role joined). Banned or deleted accounts get null, so a ban takes effect
 * on open sessions at their next request; a role change likewise.
 */
export async function currentSessionUser(engines: Engines): Promise<SessionUser | null> {
  const check = await sessionCheck(engines);
  return check?.state === "active" ? check.user : null;
}

/** For the layout: why a request that carries a session token has no user. Costs a query only for such requests. */
export async function currentBanNotice(engines: Engines): Promise<BanNotice | null> {
  const check = await sessionCheck(engines);
  return check?.state === "banned" ? check.ban : null;
}
