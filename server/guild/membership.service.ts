import "server-only";
import type { PoolClient } from "pg";
import type { Engines } from "@/server/engines";
import { AppError } from "@/server/errors";
import { withActorSql, type Actor } from "@/server/db/actor-transaction";
import {
  decideRequest,
  deleteMemberWrite,
  findRequestAs,
  insertRequest,
  joinChecks,
  lockForAcceptance,
  lockGuild,
  lockRequest,
  membersOf,
  recordActivity,
  writeAcceptance,
  writeWithActivity,
  type LockedGuild,
  type OwnedCharacter,
  type RequestRow,
} from "@/server/guild/membership.pg";
import { dropFromGuildPresence } from "@/server/presence/presence.service";
import { enforce, lockGuildActing, notYours, requireMember, standings } from "@/server/guild/acting-member.service";
import { canKick, canLeave, canManageRequests, joiningRank, noPermissions } from "@/server/guild/permissions.rules";

/**
 * Joining and leaving. Every path locks the guild row first (lockGuild / lockGuildActing), then checks and writes, so "the guild never
 * exceeds max_members" holds however many characters join at once, and the unique index on guild_members(character_id)
 * settles a character accepting two guilds at the same moment.
 */

function full(guild: LockedGuild): AppError {
  return new AppError("PRECONDITION_FAILED", `${guild.name} is full (${guild.maxMembers} members).`);
}

function assertNotInAGuild(current: number | null, guildId: number, who: string): void {
  if (current === guildId) throw new AppError("CONFLICT", `${who} is already a member of this guild.`);
  if (current !== null) throw new AppError("CONFLICT", `${who} is already in a guild.`);
}

export async function applyToGuild(engines: Engines, actor: Actor, input: { characterId: number; guildId: number }): Promise<{ requestId: number }> {
  return withActorSql(engines.postgres.pool, actor, async (client) => {
    const { me, guild } = await lockGuildActing(client, actor, input.guildId, input.characterId, "shared");
    const checks = await joinChecks(client, { guildId: guild.guildId, joinerId: me.characterId });
    assertNotInAGuild(checks.joiner?.guildId ?? null, guild.guildId, "That character");
    if (!guild.isRecruiting) throw new AppError("PRECONDITION_FAILED", `${guild.name} is not recruiting. Ask a member for an invitation.`);
    if (checks.memberCount >= guild.maxMembers) throw full(guild);
    const requestId = await insertRequest(client, { guildId: guild.guildId, characterId: me.characterId, kind: "application", createdBy: me.characterId });
    return { requestId };
  });
}

export async function inviteToGuild(
  engines: Engines,
  actor: Actor,
  input: { characterId: number; guildId: number; characterName: string },
): Promise<{ requestId: number }> {
  return withActorSql(engines.postgres.pool, actor, async (client) => {
    const { me, guild } = await lockGuildActing(client, actor, input.guildId, input.characterId, "shared");
    const checks = await joinChecks(client, { guildId: guild.guildId, joinerName: input.characterName, actorId: me.characterId });
    enforce(canManageRequests(requireMember({ member: checks.actor })));
    const target = checks.joiner;
    if (!target) {
      throw new AppError("NOT_FOUND", `There is no character called ${input.characterName}.`, { fieldErrors: { characterName: ["No character has that name."] } });
    }
    assertNotInAGuild(target.guildId, guild.guildId, target.name);
    if (checks.memberCount >= guild.maxMembers) throw full(guild);
    const requestId = await insertRequest(client, { guildId: guild.guildId, characterId: target.characterId, kind: "invitation", createdBy: me.characterId });
    return { requestId };
  });
}

/** The request (unlocked: enough to learn which guild to lock) and the acting character, if the player owns it. */
async function requestAsActor(client: PoolClient, actor: Actor, requestId: number, characterId: number): Promise<{ me: OwnedCharacter; seen: RequestRow }> {
  const { request: seen, actor: me } = actor.playerId === null ? { request: null, actor: null } : await findRequestAs(client, requestId, actor.playerId, characterId);
  if (!me) throw notYours();
  if (!seen) throw new AppError("NOT_FOUND", "That application or invitation does not exist.");
  return { me, seen };
}

/**
 * Accepting: an invitation by the invited character, an application by a member allowed to invite.
 * The guild lock makes "count, then insert" safe: 20 acceptances for 5 free places let exactly 5 in.
 */
export async function acceptRequest(engines: Engines, actor: Actor, input: { characterId: number; requestId: number }): Promise<{ guildId: number }> {
  return withActorSql(engines.postgres.pool, actor, async (client) => {
    const { me, seen } = await requestAsActor(client, actor, input.requestId, input.characterId);
    const { guild, request } = await lockForAcceptance(client, { guildId: seen.guildId, characterId: seen.characterId, requestId: input.requestId });
    if (!guild) throw new AppError("NOT_FOUND", "That guild does not exist.");
    if (!request || request.status !== "open") throw new AppError("PRECONDITION_FAILED", `That ${seen.kind} was already ${request?.status ?? "removed"}.`);

    const checks = await joinChecks(client, { guildId: guild.guildId, actorId: me.characterId });
    if (request.kind === "invitation") {
      if (request.characterId !== me.characterId) throw new AppError("FORBIDDEN", "Only the invited character can accept an invitation.");
    } else {
      enforce(canManageRequests(requireMember({ member: checks.actor })));
    }
    if (checks.memberCount >= guild.maxMembers) throw full(guild);

    await writeAcceptance(client, { guildId: guild.guildId, request, decidedBy: me.characterId, rank: joiningRank, permissions: noPermissions });
    return { guildId: guild.guildId };
  });
}

/**
 * Declining or withdrawing an open request. The receiving side declines (the invitee an invitation, the guild an
 * application); the sending side withdraws (the applicant an application, the guild an invitation).
 */
export async function declineRequest(
  engines: Engines,
  actor: Actor,
  input: { characterId: number; requestId: number },
): Promise<{ status: "declined" | "cancelled" }> {
  return withActorSql(engines.postgres.pool, actor, async (client) => {
    const { me, seen } = await requestAsActor(client, actor, input.requestId, input.characterId);
    const guild = await lockGuild(client, seen.guildId);
    const request = await lockRequest(client, input.requestId);
    if (!request || request.status !== "open") throw new AppError("PRECONDITION_FAILED", `That ${seen.kind} was already ${request?.status ?? "removed"}.`);

    const isSubject = request.characterId === me.characterId;
    if (!isSubject) {
      const member = (await membersOf(client, guild.guildId, [me.characterId])).get(me.characterId);
      if (!member) throw new AppError("FORBIDDEN", "Only the guild or the character concerned can answer this request.");
      enforce(canManageRequests(member));
    }
    const status = (request.kind === "invitation") === isSubject ? "declined" : "cancelled";
    await decideRequest(client, request.requestId, status, me.characterId);
    await recordActivity(client, {
      guildId: guild.guildId,
      actorCharacterId: me.characterId,
      kind: status === "declined" ? "request_declined" : "request_cancelled",
      targetCharacterId: request.characterId,
      details: { requestId: request.requestId, kind: request.kind },
    });
    return { status };
  });
}

export async function leaveGuild(engines: Engines, actor: Actor, input: { characterId: number; guildId: number }): Promise<{ left: true }> {
  await withActorSql(engines.postgres.pool, actor, async (client) => {
    const { me, guild } = await lockGuildActing(client, actor, input.guildId, input.characterId);
    const { actor: standing } = await standings(client, guild.guildId, me.characterId);
    enforce(canLeave(standing));
    await writeWithActivity(client, deleteMemberWrite(guild.guildId, me.characterId), {
      guildId: guild.guildId,
      actorCharacterId: me.characterId,
      kind: "left",
      targetCharacterId: me.characterId,
      details: { rank: standing.rank },
    });
  });
  await dropFromGuildPresence(engines.redis, input.guildId, input.characterId);
  return { left: true };
}

export async function kickMember(
  engines: Engines,
  actor: Actor,
  input: { characterId: number; guildId: number; targetCharacterId: number },
): Promise<{ kicked: true }> {
  await withActorSql(engines.postgres.pool, actor, async (client) => {
    const { me, guild } = await lockGuildActing(client, actor, input.guildId, input.characterId);
    const { actor: standing, target } = await standings(client, guild.guildId, me.characterId, input.targetCharacterId);
    enforce(canKick(standing, target!));
    await writeWithActivity(client, deleteMemberWrite(guild.guildId, target!.characterId), {
      guildId: guild.guildId,
      actorCharacterId: me.characterId,
      kind: "kicked",
      targetCharacterId: target!.characterId,
      details: { rank: target!.rank },
    });
  });
  await dropFromGuildPresence(engines.redis, input.guildId, input.targetCharacterId);
  return { kicked: true };
}
