/**
 * Helpers other specs use to get accounts into the states they need:
 * registration through the real UI or API, sign-in through the real form, and staff roles / bans through SQL
 * against the e2e database (E2E_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/bluemarble_e2e).
 */
import { expect as baseExpect, type APIRequestContext, type Page } from "@playwright/test";
import pg from "pg";

/** Page loads render against real engines (and may compile a route on a dev server): wait for states generously. */
const expect = baseExpect.configure({ timeout: 60_000 });

export const e2eDatabaseUrl = process.env.E2E_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/bluemarble_e2e";
export const defaultPassword = "e2e-Blue-Marble-pass";

export interface RegisteredPlayer {
  username: string;
  email: string;
  password: string;
  playerId: number;
}

/** A username that is valid under username_format and unique across runs. */
export function uniqueUsername(prefix = "e2e"): string {
  return `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

function isPage(target: Page | APIRequestContext): target is Page {
  return typeof (target as Page).goto === "function";
}

/** Runs `work` on a short-lived connection to the e2e database (local only). */
export async function withDb<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(e2eDatabaseUrl);
  if (!["127.0.0.1", "localhost", "::1"].includes(url.hostname)) throw new Error(`Refusing to write to a non-local database ${url.host}`);
  const client = new pg.Client({ connectionString: e2eDatabaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function playerIdOf(username: string): Promise<number> {
  return withDb(async (client) => {
    const result = await client.query<{ player_id: string }>("SELECT player_id FROM game_data.players WHERE username = $1", [username]);
    if (!result.rows[0]) throw new Error(`No player ${username} in the e2e database`);
    return Number(result.rows[0].player_id);
  });
}

/**
 * Registers an account. With a Page it goes through /register (which also signs the browser in and lands on /profile);
 * with an APIRequestContext it calls the account.register procedure and leaves signing in to the caller.
 */
export async function registerPlayer(target: Page | APIRequestContext, options: { username?: string; password?: string; email?: string } = {}): Promise<RegisteredPlayer> {
  const username = options.username ?? uniqueUsername();
  const password = options.password ?? defaultPassword;
  const email = options.email ?? `${username.toLowerCase()}@example.test`;
  if (isPage(target)) {
    await target.goto("/register");
    await target.getByLabel("Username").fill(username);
    await target.getByLabel("Email").fill(email);
    await target.getByLabel("Password").fill(password);
    await target.getByRole("button", { name: "Create account" }).click();
    await expect(target).toHaveURL(/\/profile/);
    await expect(target.getByRole("heading", { level: 1, name: "Your profile" })).toBeVisible();
  } else {
    const response = await target.post("/api/trpc/account.register", { data: { json: { username, email, password } } });
    expect(response.status(), await response.text()).toBe(200);
  }
  return { username, email, password, playerId: await playerIdOf(username) };
}

/** Signs in through the real form and waits until the header shows the account. */
export async function signIn(page: Page, username: string, password: string = defaultPassword, callbackUrl = "/profile"): Promise<void> {
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByLabel("Username or email").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Signed in as")).toHaveText(username);
}

/** Signs out through the confirmation page. */
export async function signOut(page: Page): Promise<void> {
  await page.goto("/sign-out");
  await page.getByRole("main").getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
}

export type StaffRoleName = "analyst" | "game_master" | "admin";

/** Grants (or changes) a staff role directly in the e2e database; it applies at the account's next request. */
export async function makeStaff(username: string, role: StaffRoleName): Promise<void> {
  await withDb((client) =>
    client.query(
      `INSERT INTO game_data.staff_roles (player_id, role)
       SELECT player_id, $2 FROM game_data.players WHERE username = $1
       ON CONFLICT (player_id) DO UPDATE SET role = EXCLUDED.role, granted_at = NOW()`,
      [username, role],
    ),
  );
}

/** Bans a player (null = permanently) as staff tools would: the current state on players plus a player_bans history row. */
export async function banPlayer(username: string, reason: string, expiresAt: Date | null): Promise<void> {
  await withDb(async (client) => {
    await client.query("BEGIN");
    const updated = await client.query<{ player_id: string }>(
      "UPDATE game_data.players SET is_banned = TRUE, ban_reason = $2, ban_expires_at = $3 WHERE username = $1 RETURNING player_id",
      [username, reason, expiresAt],
    );
    if (!updated.rows[0]) throw new Error(`No player ${username} in the e2e database`);
    // A ban that has already expired (to test that it counts as lifted) must still satisfy ban_expiry_after_start.
    await client.query(
      "INSERT INTO game_data.player_bans (player_id, reason, expires_at, banned_at) VALUES ($1, $2, $3::timestamptz, LEAST(NOW(), COALESCE($3::timestamptz, NOW()) - interval '1 hour'))",
      [updated.rows[0].player_id, reason, expiresAt],
    );
    await client.query("COMMIT");
  });
}

export async function liftBan(username: string): Promise<void> {
  await withDb((client) => client.query("UPDATE game_data.players SET is_banned = FALSE, ban_reason = NULL, ban_expires_at = NULL WHERE username = $1", [username]));
}

/** Inserts a live character for a player directly (character creation belongs to the characters pages). */
export async function createCharacterFor(username: string, options: { name?: string; level?: number } = {}): Promise<{ characterId: number; name: string }> {
  const name = options.name ?? uniqueUsername("hero").slice(0, 30);
  return withDb(async (client) => {
    const result = await client.query<{ character_id: string }>(
      `INSERT INTO game_data.characters (player_id, name, class, level)
       SELECT player_id, $2, 'warrior', $3 FROM game_data.players WHERE username = $1 RETURNING character_id`,
      [username, name, options.level ?? 1],
    );
    if (!result.rows[0]) throw new Error(`No player ${username} in the e2e database`);
    return { characterId: Number(result.rows[0].character_id), name };
  });
}
