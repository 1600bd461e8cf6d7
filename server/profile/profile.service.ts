import "server-only";
import type { Engines } from "@/server/engines";
import { AppError } from "@/server/errors";
import { withActorSql } from "@/server/db/actor-transaction";
import { lastActivity } from "@/server/presence/presence.redis";
import { achievementSummary, findProfileById, findProfileByUsername, listPublicCharacters, upsertProfile, type ProfileRow } from "@/server/profile/profile.pg";
import { updateProfileInput, type UpdateProfileInput } from "@/server/profile/profile.schema";
import type { SessionUser } from "@/server/session";

export type OwnProfile = ProfileRow;

export async function getOwnProfile(engines: Engines, actor: SessionUser): Promise<OwnProfile> {
  const profile = await findProfileById(engines.postgres.pool, actor.playerId);
  if (!profile) throw new AppError("NOT_FOUND", "Your account no longer exists.");
  return profile;
}

export async function updateOwnProfile(engines: Engines, actor: SessionUser, rawInput: UpdateProfileInput, clientIp: string | null = null): Promise<OwnProfile> {
  const parsed = updateProfileInput.safeParse(rawInput);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
    throw new AppError("BAD_INPUT", parsed.error.issues[0]?.message ?? "Some of the values are not allowed.", { fieldErrors });
  }
  await withActorSql(engines.postgres.pool, { userId: actor.playerId, playerId: actor.playerId, clientIp }, (client) =>
    upsertProfile(client, actor.playerId, parsed.data),
  );
  return getOwnProfile(engines, actor);
}

export interface PublicProfile {
  username: string;
  displayName: string | null;
  bio: string | null;
  avatarUrl: string | null;
  memberSince: Date;
  /** Online state per character is null when the player hides it (privacy show_online = false). */
  showsOnline: boolean;
  characters: { characterId: number; name: string; characterClass: string; level: number; online: boolean | null }[];
  /** null when the player hides achievements (privacy show_achievements = false). */
  achievements: { totalPoints: number; recent: { achievementName: string; points: number; characterName: string; unlockedAt: Date }[] } | null;
}

/** What anyone may see of a player, with the player's privacy choices applied on the server (hidden data is never sent). */
export async function getPublicProfile(engines: Engines, username: string): Promise<PublicProfile> {
  const profile = await findProfileByUsername(engines.postgres.pool, username);
  if (!profile) throw new AppError("NOT_FOUND", `There is no player called ${username}.`);
  const [characters, achievements] = await Promise.all([
    listPublicCharacters(engines.postgres.pool, profile.playerId),
    profile.privacy.showAchievements ? achievementSummary(engines.postgres.pool, profile.playerId) : Promise.resolve(null),
  ]);
  const activity = profile.privacy.showOnline
    ? await lastActivity(engines.redis, characters.map((c) => c.characterId), Date.now())
    : null;
  return {
    username: profile.username,
    displayName: profile.displayName,
    bio: profile.bio,
    avatarUrl: profile.avatarUrl,
    memberSince: profile.createdAt,
    showsOnline: profile.privacy.showOnline,
    characters: characters.map((c) => ({ ...c, online: activity ? activity.get(c.characterId) !== null : null })),
    achievements,
  };
}
