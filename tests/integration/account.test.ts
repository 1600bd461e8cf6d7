import { afterAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createTestEngines, unique } from "@/tests/helpers/engines";
import { anonymousCaller, banPlayer, credentialStampOf, newPlayer, sessionCheckOf, testPassword, uniqueIp } from "@/tests/helpers/accounts";
import { authorizeCredentials, checkSessionAccount, registerAccount } from "@/server/account/auth.service";
import { AppError } from "@/server/errors";
import { appConfig } from "@/server/config";
import { verifyPassword } from "@/server/account/password.rules";
import { signInLimits } from "@/server/account/rate-limit.service";

const engines = createTestEngines();
afterAll(() => engines.close());

async function countPlayers(where: { username?: string; email?: string }): Promise<number> {
  const result = await engines.postgres.pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM game_data.players WHERE username = $1 OR email = $2",
    [where.username ?? "", where.email ?? ""],
  );
  return result.rows[0]!.n;
}

async function rejection(promise: Promise<unknown>): Promise<TRPCError | AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError || error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}

describe("account.register", () => {
  it("creates the player (argon2 hash, UUID account_id) and its profile row", async () => {
    const username = unique("Reg");
    const caller = anonymousCaller(engines);
    const result = await caller.account.register({ username, email: `  ${username.toUpperCase()}@Example.TEST `, password: testPassword });
    expect(result.username).toBe(username);
    const row = await engines.postgres.pool.query(
      `SELECT p.account_id, p.email, p.password_hash, p.is_banned, pp.display_name, pp.privacy_settings
         FROM game_data.players p JOIN game_data.player_profiles pp USING (player_id) WHERE p.player_id = $1`,
      [result.playerId],
    );
    const player = row.rows[0];
    expect(player.account_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(player.email).toBe(`${username.toLowerCase()}@example.test`);
    expect(player.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(player.password_hash, testPassword)).toBe(true);
    expect(player.is_banned).toBe(false);
    expect(player.display_name).toBe(username);
    expect(player.privacy_settings).toEqual({ show_online: true, allow_friend_requests: true, show_achievements: true });
  });

  it.each([
    ["too short", "ab"],
    ["a space", "has space"],
    ["a dot", "dot.name"],
    ["51 characters", "a".repeat(51)],
    ["a non-ASCII letter", "jürgen"],
  ])("refuses a username with %s (username_format) and writes nothing", async (_label, username) => {
    const email = `${unique("e")}@example.test`;
    const error = await rejection(anonymousCaller(engines).account.register({ username, email, password: testPassword }));
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect(await countPlayers({ email })).toBe(0);
  });

  it.each([["no-at-sign.example.test"], ["a@b"], ["a@b.c"], ["spaces in@example.test"], ["x@example.t3st"]])(
    "refuses the email %s (email_format) and writes nothing",
    async (email) => {
      const username = unique("em");
      const error = await rejection(anonymousCaller(engines).account.register({ username, email, password: testPassword }));
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
      expect(await countPlayers({ username })).toBe(0);
    },
  );

  it("accepts exactly the seed's boundary usernames (3 and 50 characters, _ and -)", async () => {
    const three = `${Math.random().toString(36).slice(2, 4)}_`;
    const fifty = `${unique("L")}-`.padEnd(50, "x");
    await expect(registerAccount(engines, { username: three, email: `${unique("b")}@example.test`, password: testPassword })).resolves.toBeTruthy();
    await expect(registerAccount(engines, { username: fifty, email: `${unique("b")}@example.test`, password: testPassword })).resolves.toBeTruthy();
  });

  it("refuses a taken username (also differing only in case) or email with CONFLICT and writes nothing", async () => {
    const { username, email } = await newPlayer(engines, "Taken");
    const caller = anonymousCaller(engines);
    const otherEmail = `${unique("o")}@example.test`;
    const byName = await rejection(caller.account.register({ username, email: otherEmail, password: testPassword }));
    expect((byName as TRPCError).code).toBe("CONFLICT");
    expect(byName.message).toBe("That username is taken.");
    const byCase = await rejection(caller.account.register({ username: username.toLowerCase(), email: otherEmail, password: testPassword }));
    expect(byCase.message).toBe("That username is taken.");
    const byEmail = await rejection(caller.account.register({ username: unique("n"), email: email.toUpperCase(), password: testPassword }));
    expect((byEmail as TRPCError).code).toBe("CONFLICT");
    expect(byEmail.message).toBe("An account with that email already exists.");
    expect(await countPlayers({ email: otherEmail })).toBe(0);
  });

  it("reports field errors from the service for forms", async () => {
    const { username } = await newPlayer(engines, "Fe");
    const error = await rejection(registerAccount(engines, { username, email: `${unique("f")}@example.test`, password: testPassword }));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fieldErrors).toEqual({ username: ["That username is taken."] });
  });

  it.each([
    ["9 characters", "abcdefgh9", "at least 10"],
    ["129 characters", "x".repeat(129), "at most 128"],
    ["a common password", "Password123", "too common"],
  ])("refuses a password of %s", async (_label, password, message) => {
    const username = unique("pw");
    const error = await rejection(registerAccount(engines, { username, email: `${username}@example.test`, password }));
    expect((error as AppError).code).toBe("BAD_INPUT");
    expect((error as AppError).fieldErrors?.password?.join(" ")).toContain(message);
    expect(await countPlayers({ username })).toBe(0);
  });

  it("refuses a password equal to the username (any case)", async () => {
    const username = unique("SameAsName");
    const error = await rejection(registerAccount(engines, { username, email: `${username}@example.test`, password: username.toUpperCase() }));
    expect((error as AppError).fieldErrors?.password).toEqual(["Your password must not be your username."]);
  });

  it("accepts 10 and 128 character passwords", async () => {
    await expect(registerAccount(engines, { username: unique("ten"), email: `${unique("t")}@example.test`, password: "k3y-Ten!xy" })).resolves.toBeTruthy();
    await expect(registerAccount(engines, { username: unique("max"), email: `${unique("t")}@example.test`, password: "q".repeat(128) })).resolves.toBeTruthy();
  });
});

describe("sign-up rate limit", () => {
  it("lets one IP create a limited number of accounts per hour, keyed ratelimit:ip:{address}:register; other IPs are unaffected", async () => {
    const ip = uniqueIp();
    const limit = 3;
    const attempt = (name: string, from: string) => registerAccount(engines, { username: name, email: `${name}@example.test`, password: testPassword }, from, limit);
    for (let i = 0; i < limit; i++) await attempt(unique("Lim"), ip);
    const refused = unique("Lim");
    const error = await rejection(attempt(refused, ip));
    expect(error).toMatchObject({ code: "RATE_LIMITED" });
    expect(error.message).toMatch(/^Too many new accounts from your network\. Try again in \d+ min\.$/);
    expect(await countPlayers({ username: refused })).toBe(0);
    const ttl = await engines.redis.ttl(`ratelimit:ip:${ip}:register`);
    expect(ttl).toBeGreaterThan(3500);
    expect(ttl).toBeLessThanOrEqual(3600);
    // The limit is per address: another IP still signs up.
    await expect(attempt(unique("Lim"), uniqueIp())).resolves.toMatchObject({ playerId: expect.any(Number) });
    // Over tRPC, with the configured limit (REGISTRATIONS_PER_IP_PER_HOUR, 10 by default), the refusal is a 429.
    const apiIp = uniqueIp();
    const register = () => anonymousCaller(engines, apiIp).account.register({ username: unique("Lim"), email: `${unique("lim")}@example.test`, password: testPassword });
    for (let i = 0; i < appConfig().REGISTRATIONS_PER_IP_PER_HOUR; i++) await register();
    expect(await rejection(register())).toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });
});

describe("sign-in (authorizeCredentials)", () => {
  it("signs in with username or email, returns roles from staff_roles and updates last_login", async () => {
    const { session, username, email } = await newPlayer(engines, "Si");
    await engines.postgres.pool.query("INSERT INTO game_data.staff_roles (player_id, role) VALUES ($1, 'game_master')", [session.playerId]);
    const user = await authorizeCredentials(engines, { username, password: testPassword }, uniqueIp());
    expect(user).toEqual({ playerId: session.playerId, username, roles: ["game_master"], credentialStamp: await credentialStampOf(engines, session.playerId) });
    const byEmail = await authorizeCredentials(engines, { username: email, password: testPassword }, uniqueIp());
    expect(byEmail.playerId).toBe(session.playerId);
    const row = await engines.postgres.pool.query("SELECT last_login FROM game_data.players WHERE player_id = $1", [session.playerId]);
    expect(Date.now() - new Date(row.rows[0].last_login).getTime()).toBeLessThan(60_000);
  });

  it("refuses a wrong password or an unknown user with the same message", async () => {
    const { username } = await newPlayer(engines, "Wp");
    const wrong = await rejection(authorizeCredentials(engines, { username, password: "not-the-password" }, uniqueIp()));
    const unknown = await rejection(authorizeCredentials(engines, { username: unique("nobody"), password: testPassword }, uniqueIp()));
    expect((wrong as AppError).code).toBe("UNAUTHENTICATED");
    expect(wrong.message).toBe("Wrong username or password.");
    expect(unknown.message).toBe(wrong.message);
  });

  it("refuses a banned player with the reason and the end date, or 'permanently'", async () => {
    const { session, username } = await newPlayer(engines, "Ban");
    await banPlayer(engines, session.playerId, "gold duping", new Date("2099-05-01T12:30:00Z"));
    const timed = await rejection(authorizeCredentials(engines, { username, password: testPassword }, uniqueIp()));
    expect((timed as AppError).code).toBe("FORBIDDEN");
    expect(timed.message).toBe("Your account is banned: gold duping until 2099-05-01 12:30 UTC.");
    await banPlayer(engines, session.playerId, "botting", null);
    const permanent = await rejection(authorizeCredentials(engines, { username, password: testPassword }, uniqueIp()));
    expect(permanent.message).toBe("Your account is banned: botting permanently.");
  });

  it("does not reveal a ban to someone without the password", async () => {
    const { session, username } = await newPlayer(engines, "Bh");
    await banPlayer(engines, session.playerId, "secret reason", null);
    const error = await rejection(authorizeCredentials(engines, { username, password: "wrong-password-x" }, uniqueIp()));
    expect(error.message).toBe("Wrong username or password.");
  });

  it("treats an expired ban as lifted", async () => {
    const { session, username } = await newPlayer(engines, "Exp");
    await banPlayer(engines, session.playerId, "old offence", new Date(Date.now() - 1000));
    await expect(authorizeCredentials(engines, { username, password: testPassword }, uniqueIp())).resolves.toMatchObject({ playerId: session.playerId });
  });

  it(`locks an account after ${signInLimits.perAccount} failures per minute, with the seconds to wait, keyed ratelimit:user:{name}:login`, async () => {
    const { username } = await newPlayer(engines, "Rl");
    for (let attempt = 0; attempt < signInLimits.perAccount; attempt++) {
      await rejection(authorizeCredentials(engines, { username, password: "wrong-password-x" }, uniqueIp()));
    }
    const key = `ratelimit:user:${username.toLowerCase()}:login`;
    expect(Number(await engines.redis.get(key))).toBe(signInLimits.perAccount);
    const ttl = await engines.redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
    // Even the right password is refused while the account is locked.
    const locked = await rejection(authorizeCredentials(engines, { username: username.toUpperCase(), password: testPassword }, uniqueIp()));
    expect((locked as AppError).code).toBe("RATE_LIMITED");
    expect(locked.message).toMatch(/^Too many sign-in attempts\. Try again in (\d+) s\.$/);
    const seconds = Number(/in (\d+) s/.exec(locked.message)![1]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);
    expect((locked as AppError).retryAfterSeconds).toBe(seconds);
    // The window ends: the account may sign in again.
    await engines.redis.del(key);
    await expect(authorizeCredentials(engines, { username, password: testPassword }, uniqueIp())).resolves.toBeTruthy();
  });

  it(`limits one IP to ${signInLimits.perIp} failures per minute across accounts`, async () => {
    const ip = uniqueIp();
    for (let attempt = 0; attempt < signInLimits.perIp; attempt++) {
      await rejection(authorizeCredentials(engines, { username: unique("spray"), password: "wrong-password-x" }, ip));
    }
    const { username } = await newPlayer(engines, "Ip");
    const error = await rejection(authorizeCredentials(engines, { username, password: testPassword }, ip));
    expect((error as AppError).code).toBe("RATE_LIMITED");
    expect(await engines.redis.ttl(`ratelimit:ip:${ip}:login`)).toBeGreaterThan(0);
    // Another address is not affected.
    await expect(authorizeCredentials(engines, { username, password: testPassword }, uniqueIp())).resolves.toBeTruthy();
  });

  it("clears the account's failure counter after a successful sign-in", async () => {
    const { username } = await newPlayer(engines, "Clr");
    await rejection(authorizeCredentials(engines, { username, password: "wrong-password-x" }, uniqueIp()));
    expect(await engines.redis.get(`ratelimit:user:${username.toLowerCase()}:login`)).toBe("1");
    await authorizeCredentials(engines, { username, password: testPassword }, uniqueIp());
    expect(await engines.redis.exists(`ratelimit:user:${username.toLowerCase()}:login`)).toBe(0);
  });
});

describe("per-request session check", () => {
  it("returns the user with fresh roles, or the ban for banned players, or 'gone' for unknown ids", async () => {
    const { session } = await newPlayer(engines, "Chk");
    expect(await sessionCheckOf(engines, session.playerId)).toEqual({ state: "active", user: { ...session, roles: [] } });
    await engines.postgres.pool.query("INSERT INTO game_data.staff_roles (player_id, role) VALUES ($1, 'analyst')", [session.playerId]);
    expect(await sessionCheckOf(engines, session.playerId)).toMatchObject({ state: "active", user: { roles: ["analyst"] } });
    await banPlayer(engines, session.playerId, "toxicity", new Date("2099-01-01T00:00:00Z"));
    const banned = await sessionCheckOf(engines, session.playerId);
    expect(banned).toMatchObject({ state: "banned", ban: { reason: "toxicity", message: "Your account is banned: toxicity until 2099-01-01 00:00 UTC." } });
    await banPlayer(engines, session.playerId, "toxicity", new Date(Date.now() - 5));
    expect((await sessionCheckOf(engines, session.playerId)).state).toBe("active");
    expect(await sessionCheckOf(engines, 9_000_000_000)).toEqual({ state: "gone" });
  });
});

describe("account.me / account.changePassword", () => {
  it("me is null for visitors and the session for players", async () => {
    expect(await anonymousCaller(engines).account.me()).toBeNull();
    const { caller, session } = await newPlayer(engines, "Me");
    expect(await caller.account.me()).toEqual({ playerId: session.playerId, username: session.username, roles: [], isStaff: false });
  });

  it("changes the password only with the right current password", async () => {
    const { caller, username } = await newPlayer(engines, "Cp");
    const wrong = await rejection(caller.account.changePassword({ currentPassword: "not-my-password", newPassword: "a-brand-new-secret" }));
    expect((wrong as TRPCError).code).toBe("FORBIDDEN");
    expect(wrong.message).toBe("The current password is wrong.");
    const same = await rejection(caller.account.changePassword({ currentPassword: testPassword, newPassword: testPassword }));
    expect((same as TRPCError).code).toBe("BAD_REQUEST");
    const asName = await rejection(caller.account.changePassword({ currentPassword: testPassword, newPassword: username }));
    expect(asName.message).toBe("Your password must not be your username.");
    const weak = await rejection(caller.account.changePassword({ currentPassword: testPassword, newPassword: "short" }));
    expect((weak as TRPCError).code).toBe("BAD_REQUEST");

    const before = await authorizeCredentials(engines, { username, password: testPassword }, uniqueIp());
    await expect(checkSessionAccount(engines, before.playerId, before.credentialStamp)).resolves.toMatchObject({ state: "active" });
    await expect(caller.account.changePassword({ currentPassword: testPassword, newPassword: "a-brand-new-secret" })).resolves.toEqual({ changed: true });
    // Every session signed in with the old password ends at its next request; a new sign-in gets the new stamp.
    await expect(checkSessionAccount(engines, before.playerId, before.credentialStamp)).resolves.toEqual({ state: "gone" });
    await expect(checkSessionAccount(engines, before.playerId, null)).resolves.toEqual({ state: "gone" });
    const after = await authorizeCredentials(engines, { username, password: "a-brand-new-secret" }, uniqueIp());
    expect(after.credentialStamp).not.toBe(before.credentialStamp);
    expect(after.credentialStamp).toBe(await credentialStampOf(engines, after.playerId));
    await expect(checkSessionAccount(engines, after.playerId, after.credentialStamp)).resolves.toMatchObject({ state: "active" });
    await expect(rejection(authorizeCredentials(engines, { username, password: testPassword }, uniqueIp()))).resolves.toHaveProperty("code", "UNAUTHENTICATED");
  });

  it("refuses visitors", async () => {
    const error = await rejection(anonymousCaller(engines).account.changePassword({ currentPassword: "whatever-1", newPassword: "whatever-22" }));
    expect((error as TRPCError).code).toBe("UNAUTHORIZED");
  });
});
