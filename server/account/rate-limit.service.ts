import "server-only";
import type { Redis } from "ioredis";
import { AppError } from "@/server/errors";
import { clearCounter, hitCounter, incrementCounters, rateLimitKey, readCounters } from "@/server/account/rate-limit.redis";

/** Failed sign-ins allowed per window before further attempts are refused. */
export const signInLimits = { perAccount: 5, perIp: 20, windowSeconds: 60 } as const;

export interface SignInSubject {
  /** The login as typed; keyed lower-cased so "Alice" and "alice" share a counter. */
  login: string;
  /** Client IP; null when unknown (no proxy header), then only the per-account limit applies. */
  ip: string | null;
}

function signInKeys(subject: SignInSubject): { account: string; ip: string | null } {
  return {
    account: rateLimitKey(`user:${subject.login.trim().toLowerCase()}`, "login"),
    ip: subject.ip ? rateLimitKey(`ip:${subject.ip}`, "login") : null,
  };
}

export function tooManyAttempts(retryAfterSeconds: number): AppError {
  const seconds = Math.max(1, retryAfterSeconds);
  return new AppError("RATE_LIMITED", `Too many sign-in attempts. Try again in ${seconds} s.`, { retryAfterSeconds: seconds });
}

/** Throws RATE_LIMITED (with the seconds left in the window) when the account or the IP has used up its failures; else returns the account's failure count. */
export async function assertSignInAllowed(redis: Redis, subject: SignInSubject): Promise<{ accountFailures: number }> {
  const keys = signInKeys(subject);
  const [account, ip] = await readCounters(redis, keys.ip ? [keys.account, keys.ip] : [keys.account]);
  const blocked: number[] = [];
  if (account && account.count >= signInLimits.perAccount) blocked.push(account.ttlSeconds || signInLimits.windowSeconds);
  if (ip && ip.count >= signInLimits.perIp) blocked.push(ip.ttlSeconds || signInLimits.windowSeconds);
  if (blocked.length > 0) throw tooManyAttempts(Math.max(...blocked));
  return { accountFailures: account?.count ?? 0 };
}

export async function recordSignInFailure(redis: Redis, subject: SignInSubject): Promise<void> {
  const keys = signInKeys(subject);
  await incrementCounters(redis, keys.ip ? [keys.account, keys.ip] : [keys.account], signInLimits.windowSeconds);
}

/** A successful sign-in forgives the account's earlier typos; the IP counter keeps counting (it guards against spraying). */
export async function recordSignInSuccess(redis: Redis, subject: SignInSubject): Promise<void> {
  await clearCounter(redis, signInKeys(subject).account);
}

/**
 * Account creation per client IP: every attempt counts, in a one-hour window, so a script cannot mint accounts (or probe
 * which names are taken) at will. Unknown IPs (no address from the proxy) are not limited here.
 */
export async function assertRegistrationAllowed(redis: Redis, ip: string | null, perHour: number): Promise<void> {
  if (!ip) return;
  const { count, ttlSeconds } = await hitCounter(redis, rateLimitKey(`ip:${ip}`, "register"), 3600);
  if (count > perHour) {
    const minutes = Math.max(1, Math.ceil(ttlSeconds / 60));
    throw new AppError("RATE_LIMITED", `Too many new accounts from your network. Try again in ${minutes} min.`, { retryAfterSeconds: ttlSeconds });
  }
}
