import { afterAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createTestEngines, unique } from "@/tests/helpers/engines";
import { anonymousCaller, newCharacter, newPlayer } from "@/tests/helpers/accounts";

const engines = createTestEngines();
afterAll(() => engines.close());

const validProfile = {
  displayName: "Captain Blue",
  bio: "I mine voxels.",
  avatarUrl: "https://images.example.test/a.png",
  preferredLanguage: "pt-BR",
  timezone: "Europe/Berlin",
  privacy: { showOnline: true, allowFriendRequests: true, showAchievements: true },
};

async function badRequest(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe("BAD_REQUEST");
  return error as TRPCError;
}

describe("profile.mine / profile.update", () => {
  it("starts with the registration defaults and saves every field", async () => {
    const { caller, username } = await newPlayer(engines, "Pr");
    const before = await caller.profile.mine();
    expect(before).toMatchObject({ username, displayName: username, preferredLanguage: "en", timezone: null, privacy: { showOnline: true, allowFriendRequests: true, showAchievements: true } });
    const saved = await caller.profile.update({ ...validProfile, privacy: { showOnline: false, allowFriendRequests: false, showAchievements: false } });
    expect(saved).toMatchObject({ ...validProfile, privacy: { showOnline: false, allowFriendRequests: false, showAchievements: false } });
    const row = await engines.postgres.pool.query("SELECT privacy_settings FROM game_data.player_profiles WHERE player_id = $1", [saved.playerId]);
    expect(row.rows[0].privacy_settings).toEqual({ show_online: false, allow_friend_requests: false, show_achievements: false });
  });

  it("treats empty optional fields as not set", async () => {
    const { caller } = await newPlayer(engines, "Em");
    const saved = await caller.profile.update({ ...validProfile, displayName: "  ", bio: "", avatarUrl: "", timezone: "" });
    expect(saved).toMatchObject({ displayName: null, bio: null, avatarUrl: null, timezone: null });
  });

  it("creates the profile row for an account that has none", async () => {
    const { caller, session } = await newPlayer(engines, "Np");
    await engines.postgres.pool.query("DELETE FROM game_data.player_profiles WHERE player_id = $1", [session.playerId]);
    expect((await caller.profile.mine()).displayName).toBeNull();
    expect((await caller.profile.update(validProfile)).displayName).toBe("Captain Blue");
  });

  it.each([
    ["javascript: avatar URL", { avatarUrl: "javascript:alert(1)" }],
    ["data: avatar URL", { avatarUrl: "data:image/png;base64,AAAA" }],
    ["ftp avatar URL", { avatarUrl: "ftp://example.test/a.png" }],
    ["relative avatar URL", { avatarUrl: "/images/a.png" }],
    ["unknown time zone", { timezone: "Mars/Olympus" }],
    ["101-character display name", { displayName: "d".repeat(101) }],
    ["501-character avatar URL", { avatarUrl: `https://example.test/${"a".repeat(490)}` }],
    ["language longer than 10", { preferredLanguage: "english-language" }],
    ["bad language", { preferredLanguage: "EN!" }],
  ])("refuses a %s and keeps the old values", async (_label, patch) => {
    const { caller } = await newPlayer(engines, "Bad");
    await caller.profile.update(validProfile);
    await badRequest(caller.profile.update({ ...validProfile, ...patch }));
    expect(await caller.profile.mine()).toMatchObject(validProfile);
  });

  it("accepts UTC and http avatar URLs", async () => {
    const { caller } = await newPlayer(engines, "Ok");
    await expect(caller.profile.update({ ...validProfile, timezone: "UTC", avatarUrl: "http://example.test/a.png" })).resolves.toMatchObject({ timezone: "UTC" });
  });

  it("refuses visitors", async () => {
    await expect(anonymousCaller(engines).profile.mine()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("profile.byUsername (public profile)", () => {
  async function playerWithAchievement() {
    const player = await newPlayer(engines, "Pub");
    const character = await newCharacter(engines, player.session.playerId, { level: 7 });
    const achievementId = 900_000 + Math.floor(Math.random() * 90_000);
    await engines.postgres.pool.query(
      `INSERT INTO game_data.achievements_master (achievement_id, achievement_name, category, points, criteria) VALUES ($1, $2, 'exploration', 25, '{}')
       ON CONFLICT (achievement_id) DO NOTHING`,
      [achievementId, unique("Explorer")],
    );
    await engines.postgres.pool.query("INSERT INTO game_data.character_achievements (character_id, achievement_id) VALUES ($1, $2)", [character.characterId, achievementId]);
    await player.caller.presence.heartbeat({ characterId: character.characterId });
    return { ...player, character };
  }

  it("shows characters, online state and achievements when privacy allows", async () => {
    const { username, caller, character } = await playerWithAchievement();
    await caller.profile.update({ ...validProfile, bio: "hello" });
    const view = await anonymousCaller(engines).profile.byUsername({ username });
    expect(view).toMatchObject({ username, displayName: "Captain Blue", bio: "hello", showsOnline: true });
    expect(view.characters).toEqual([{ characterId: character.characterId, name: character.name, characterClass: "warrior", level: 7, online: true }]);
    expect(view.achievements?.totalPoints).toBeGreaterThanOrEqual(25);
    expect(view.achievements?.recent[0]?.characterName).toBe(character.name);
  });

  it("hides online state and achievements when the player says so", async () => {
    const { username, caller } = await playerWithAchievement();
    await caller.profile.update({ ...validProfile, privacy: { showOnline: false, allowFriendRequests: true, showAchievements: false } });
    const view = await anonymousCaller(engines).profile.byUsername({ username });
    expect(view.showsOnline).toBe(false);
    expect(view.characters.every((c) => c.online === null)).toBe(true);
    expect(view.achievements).toBeNull();
    expect(JSON.stringify(view)).not.toContain("Explorer");
  });

  it("answers NOT_FOUND for an unknown player", async () => {
    await expect(anonymousCaller(engines).profile.byUsername({ username: unique("ghost") })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
