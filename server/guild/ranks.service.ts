import "server-only";
import type { Engines } from "@/server/engines";
import { withActorSql, type Actor } from "@/server/db/actor-transaction";
import {
  memberPermissionsWrite,
  memberRankWrite,
  recordActivity,
  setGuildLeader,
  updateMemberPermissions,
  updateMemberRank,
  writeWithActivity,
} from "@/server/guild/membership.pg";
import type { GuildPermissions, GuildRank } from "@/server/guild/guild.schema";
import { enforce, lockGuildActing, standings } from "@/server/guild/acting-member.service";
import { allPermissions, canChangeRank, canEditPermissions, canTransferLeadership } from "@/server/guild/permissions.rules";

/** Ranks, per-member permissions and leadership. The rules are in guild-permissions.ts; these apply them under the guild lock. */

type MemberTarget = { characterId: number; guildId: number; targetCharacterId: number };

export async function changeRank(engines: Engines, actor: Actor, input: MemberTarget & { rank: GuildRank }): Promise<{ rank: GuildRank }> {
  return withActorSql(engines.postgres.pool, actor, async (client) => {
    const { me, guild } = await lockGuildActing(client, actor, input.guildId, input.characterId);
    const { actor: standing, target } = await standings(client, guild.guildId, me.characterId, input.targetCharacterId);
    enforce(canChangeRank(standing, target!, input.rank));
    await writeWithActivity(client, memberRankWrite(guild.guildId, target!.characterId, input.rank), {
      guildId: guild.guildId,
      actorCharacterId: me.characterId,
      kind: "rank_changed",
      targetCharacterId: target!.characterId,
      details: { from: target!.rank, to: input.rank },
    });
    return { rank: input.rank };
  });
}

export async function setMemberPermissions(
  engines: Engines,
  actor: Actor,
  input: MemberTarget & { permissions: GuildPermissions },
): Promise<{ permissions: GuildPermissions }> {
  return withActorSql(engines.postgres.pool, actor, async (client) => {
    const { me, guild } = await lockGuildActing(client, actor, input.guildId, input.characterId);
    const { actor: standing, target } = await standings(client, guild.guildId, me.characterId, input.targetCharacterId);
    const next: GuildPermissions = { invite: input.permissions.invite, kick: input.permissions.kick, bank: input.permissions.bank };
    enforce(canEditPermissions(standing, target!, next));
    await writeWithActivity(client, memberPermissionsWrite(guild.guildId, target!.characterId, next), {
      guildId: guild.guildId,
      actorCharacterId: me.characterId,
      kind: "permissions_changed",
      targetCharacterId: target!.characterId,
      details: { from: target!.permissions, to: next },
    });
    return { permissions: next };
  });
}

/**
 * The leader hands over in one transaction: they become an officer (keeping every permission flag), the target becomes
 * leader, and guilds.leader_character_id follows, so guild_members.rank and the guild row never disagree.
 */
export async function transferLeadership(engines: Engines, actor: Actor, input: MemberTarget): Promise<{ leaderCharacterId: number }> {
  return withActorSql(engines.postgres.pool, actor, async (client) => {
    const { me, guild } = await lockGuildActing(client, actor, input.guildId, input.characterId);
    const { actor: standing, target } = await standings(client, guild.guildId, me.characterId, input.targetCharacterId);
    enforce(canTransferLeadership(standing, target!));
    await updateMemberRank(client, guild.guildId, me.characterId, "officer");
    await updateMemberPermissions(client, guild.guildId, me.characterId, allPermissions);
    await updateMemberRank(client, guild.guildId, target!.characterId, "leader");
    await updateMemberPermissions(client, guild.guildId, target!.characterId, allPermissions);
    await setGuildLeader(client, guild.guildId, target!.characterId);
    await recordActivity(client, {
      guildId: guild.guildId,
      actorCharacterId: me.characterId,
      kind: "leadership_transferred",
      targetCharacterId: target!.characterId,
      details: { previousRank: target!.rank },
    });
    return { leaderCharacterId: target!.characterId };
  });
}
