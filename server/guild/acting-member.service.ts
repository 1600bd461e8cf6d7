import "server-only";
import type { PoolClient } from "pg";
import { AppError } from "@/server/errors";
import type { Actor } from "@/server/db/actor-transaction";
import { actorStanding, findOwnedCharacter, lockGuildAs, membersOf, type GuildLockMode, type LockedGuild, type OwnedCharacter } from "@/server/guild/membership.pg";
import type { MemberRow } from "@/server/guild/permissions.rules";
import type { PgPool } from "@/server/clients/postgres";
import type { Decision } from "@/server/guild/permissions.rules";

/** Shared steps of the guild services: who acts, are they a member, apply a permission decision. */

/** The acting character, if the signed-in player owns it; otherwise nothing happens. */
export async function actingCharacter(client: PoolClient, actor: Actor, characterId: number): Promise<OwnedCharacter> {
  const owned = actor.playerId === null ? null : await findOwnedCharacter(client, actor.playerId, characterId);
  if (!owned) throw notYours();
  return owned;
}

export const notYours = () => new AppError("FORBIDDEN", "You can only act as one of your own characters.");

/** Locks the guild (see lockGuild; shared for requests) and checks the acting character is the player's, in one round trip. */
export async function lockGuildActing(
  client: PoolClient,
  actor: Actor,
  guildId: number,
  characterId: number,
  mode: GuildLockMode = "exclusive",
): Promise<{ me: OwnedCharacter; guild: LockedGuild }> {
  if (actor.playerId === null) throw notYours();
  const { guild, actor: me } = await lockGuildAs(client, guildId, actor.playerId, characterId, mode);
  if (!me) throw notYours();
  return { me, guild };
}

/** For reads: the acting character's membership in the guild (throws unless owned and a member) and the bank balance. */
export async function memberStandingForRead(pool: PgPool, actor: Actor, guildId: number, characterId: number): Promise<{ member: MemberRow; bankGold: number }> {
  const standing = actor.playerId === null ? null : await actorStanding(pool, actor.playerId, characterId, guildId);
  return { member: requireMember(standing), bankGold: standing!.bankGold };
}

/** A read's standing: throws unless the character is the player's (standing found) and a member of the guild. */
export function requireMember(standing: { member: MemberRow | null } | null): MemberRow {
  if (!standing) throw notYours();
  if (!standing.member) throw new AppError("FORBIDDEN", "Your character is not a member of this guild.");
  return standing.member;
}

/** Memberships of the actor and optional target; throws when the actor (or target) is not in the guild. */
export async function standings(
  client: PoolClient,
  guildId: number,
  actorId: number,
  targetId?: number,
): Promise<{ actor: MemberRow; target: MemberRow | undefined }> {
  const ids = targetId === undefined ? [actorId] : [actorId, targetId];
  const members = await membersOf(client, guildId, ids);
  const actor = members.get(actorId);
  if (!actor) throw new AppError("FORBIDDEN", "Your character is not a member of this guild.");
  if (targetId !== undefined && !members.has(targetId)) throw new AppError("NOT_FOUND", "That character is not a member of this guild.");
  return { actor, target: targetId === undefined ? undefined : members.get(targetId) };
}

export function enforce(decision: Decision): void {
  if (!decision.ok) throw new AppError(decision.code, decision.message);
}
