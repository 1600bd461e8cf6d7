import "server-only";
import { randomUUID } from "node:crypto";
import type { Engines } from "@/server/engines";
import { AppError } from "@/server/errors";
import { hashPassword, verifyPassword } from "@/server/account/password.rules";
import { withActorSql, type Actor } from "@/server/db/actor-transaction";
import {
  findAccountById,
  findLoginAccount,
  findPasswordHash,
  findTakenIdentifiers,
  insertPlayerWithProfile,
  touchLastLogin,
  updatePasswordHash,
  type AccountRow,
} from "@/server/account/account.pg";
import {
  changePasswordInput,
  passwordEqualsUsername,
  registerInput,
  signInInput,
  type ChangePasswordInput,
  type RegisterInput,
  type SignInInput,
} from "@/server/account/account.schema";
import type { SessionUser, BanNotice } from "@/server/session";
import { appConfig } from "@/server/config";
import { assertRegistrationAllowed, assertSignInAllowed, recordSignInFailure, recordSignInSuccess } from "@/server/account/rate-limit.service";


/** "2026-12-01 14:00 UTC": unambiguous for every reader whatever their time zone. */
export function formatBanDate(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** An active ban, or null when the account is not banned or the ban has expired (expired bans count as lifted). */
export function activeBan(account: Pick<AccountRow, "isBanned" | "banReason" | "banExpiresAt">, now = new Date()): BanNotice | null {
  if (!account.isBanned) return null;
  if (account.banExpiresAt && account.banExpiresAt.getTime() <= now.getTime()) return null;
  const reason = account.banReason?.trim() || "no reason was recorded";
  const until = account.banExpiresAt ?? null;
  return {
    reason,
    until,
    message: `Your account is banned: ${reason} ${until ? `until ${formatBanDate(until)}` : "permanently"}.`,
  };
}

function sessionUserOf(account: AccountRow): SessionUser {
  return { playerId: account.playerId, username: account.username, roles: account.role ? [account.role] : [] };
}

function validationError(issues: { path: PropertyKey[]; message: string }[]): AppError {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "form");
    (fieldErrors[field] ??= []).push(issue.message);
  }
  return new AppError("BAD_INPUT", issues[0]?.message ?? "Some of the values are not allowed.", { fieldErrors });
}

/**
 * Creates an account: players row (new account_id UUID, argon2id hash) and its player_profiles row, in one transaction.
 * A taken username (case-insensitively) or email is a CONFLICT naming the field; nothing is written then.
 */
export async function registerAccount(
  engines: Engines,
  rawInput: RegisterInput,
  clientIp: string | null = null,
  registrationsPerIpPerHour = appConfig().REGISTRATIONS_PER_IP_PER_HOUR,
): Promise<{ playerId: number; username: string }> {
  const parsed = registerInput.safeParse(rawInput);
  if (!parsed.success) throw validationError(parsed.error.issues);
  await assertRegistrationAllowed(engines.redis, clientIp, registrationsPerIpPerHour);
  const input = parsed.data;
  const passwordHash = await hashPassword(input.password);
  const actor: Actor = { userId: null, playerId: null, clientIp };
  const { playerId } = await withActorSql(engines.postgres.pool, actor, async (client) => {
    const taken = await findTakenIdentifiers(client, input.username, input.email);
    if (taken.usernameTaken || taken.emailTaken) {
      const fieldErrors: Record<string, string[]> = {};
      if (taken.usernameTaken) fieldErrors.username = ["That username is taken."];
      if (taken.emailTaken) fieldErrors.email = ["An account with that email already exists."];
      throw new AppError("CONFLICT", taken.usernameTaken ? "That username is taken." : "An account with that email already exists.", { fieldErrors });
    }
    try {
      return await insertPlayerWithProfile(client, { accountId: randomUUID(), username: input.username, email: input.email, passwordHash });
    } catch (error) {
      // Two registrations racing for the same name: the unique constraint decides, the loser gets the same CONFLICT.
      const constraint = (error as { code?: string; constraint?: string }).code === "23505" ? (error as { constraint?: string }).constraint : undefined;
      if (constraint === "players_username_key") throw new AppError("CONFLICT", "That username is taken.", { fieldErrors: { username: ["That username is taken."] } });
      if (constraint === "players_email_key")
        throw new AppError("CONFLICT", "An account with that email already exists.", { fieldErrors: { email: ["An account with that email already exists."] } });
      throw error;
    }
  });
  return { playerId, username: input.username };
}

let dummyHash: Promise<string> | undefined;
/** Verifying against a throw-away hash when the account does not exist keeps the response time from revealing which usernames exist. */
function verifyAgainstDummy(password: string): Promise<boolean> {
  dummyHash ??= hashPassword("bluemarble-timing-equaliser-not-a-password");
  return dummyHash.then((hash) => verifyPassword(hash, password));
}

const wrongCredentials = "Wrong username or password.";

/**
 * The Credentials provider's authorize logic: rate limit → look-up → argon2 verify → ban check → last_login.
 * The ban is revealed only after the password matched, so it cannot be probed by strangers.
 * Throws AppError (UNAUTHENTICATED, FORBIDDEN for bans, RATE_LIMITED with retry seconds); returns the session user.
 */
export async function authorizeCredentials(
  engines: Engines,
  rawInput: SignInInput,
  clientIp: string | null,
): Promise<SessionUser & { credentialStamp: string }> {
  const parsed = signInInput.safeParse(rawInput);
  if (!parsed.success) throw new AppError("UNAUTHENTICATED", wrongCredentials);
  const { username: login, password } = parsed.data;
  const subject = { login, ip: clientIp };
  // The limiter read and the account look-up are independent: one round trip of latency instead of two.
  const [allowed, account] = await Promise.all([assertSignInAllowed(engines.redis, subject), findLoginAccount(engines.postgres.pool, login)]);
  const passwordMatches = account ? await verifyPassword(account.passwordHash, password) : await verifyAgainstDummy(password);
  if (!account || !passwordMatches) {
    await recordSignInFailure(engines.redis, subject);
    throw new AppError("UNAUTHENTICATED", wrongCredentials);
  }
  const ban = activeBan(account);
  if (ban) throw new AppError("FORBIDDEN", ban.message);

  await withActorSql(engines.postgres.pool, { userId: account.playerId, playerId: account.playerId, clientIp }, (client) => touchLastLogin(client, account.playerId));
  if (allowed.accountFailures > 0) await recordSignInSuccess(engines.redis, subject);
  return { ...sessionUserOf(account), credentialStamp: account.credentialStamp };
}

export type SessionCheck = { state: "active"; user: SessionUser } | { state: "banned"; ban: BanNotice } | { state: "gone" };

/**
 * Re-reads the account behind a session token: banned or deleted accounts lose their session at the next request, and
 * so do sessions signed in before the password last changed (their credential stamp no longer matches).
 */
export async function checkSessionAccount(engines: Engines, playerId: number, credentialStamp: string | null): Promise<SessionCheck> {
  const account = await findAccountById(engines.postgres.pool, playerId);
  if (!account || account.credentialStamp !== credentialStamp) return { state: "gone" };
  const ban = activeBan(account);
  if (ban) return { state: "banned", ban };
  return { state: "active", user: sessionUserOf(account) };
}

export async function changePassword(engines: Engines, actor: SessionUser, rawInput: ChangePasswordInput, clientIp: string | null = null): Promise<{ changed: true }> {
  const parsed = changePasswordInput.safeParse(rawInput);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const input = parsed.data;
  const stored = await findPasswordHash(engines.postgres.pool, actor.playerId);
  if (!stored) throw new AppError("NOT_FOUND", "Your account no longer exists.");
  if (!(await verifyPassword(stored.passwordHash, input.currentPassword))) {
    throw new AppError("FORBIDDEN", "The current password is wrong.", { fieldErrors: { currentPassword: ["The current password is wrong."] } });
  }
  if (passwordEqualsUsername(input.newPassword, stored.username)) {
    throw new AppError("BAD_INPUT", "Your password must not be your username.", { fieldErrors: { newPassword: ["Your password must not be your username."] } });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await withActorSql(engines.postgres.pool, { userId: actor.playerId, playerId: actor.playerId, clientIp }, (client) =>
    updatePasswordHash(client, actor.playerId, passwordHash),
  );
  return { changed: true };
}
