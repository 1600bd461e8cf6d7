import "server-only";
import type { Engines } from "@/server/engines";
import { AppError } from "@/server/errors";
import { withActorSql, type Actor } from "@/server/db/actor-transaction";
import { guildEntriesByIds, guildLeaderboard, searchGuildsByName, type GuildDirectoryEntry, type GuildSearchResult } from "@/server/guild/directory.pg";
import { findGuildIdsEs } from "@/server/search/directory.service";
import {
  cancelOpenRequestsOf,
  countMembers,
  guildOfCharacter,
  insertGuild,
  insertMember,
  lockCharacterForJoining,
  recordActivity,
  updateGuildSettings,
} from "@/server/guild/membership.pg";
import { onlineGuildMembers } from "@/server/presence/presence.service";
import {
  guildPageRows,
  memberPageRows,
  openRequestsOfPlayer,
  playerCharacters,
  type ActivityDto,
  type GuildSummaryDto,
  type LedgerEntryDto,
  type OpenRequestDto,
  type PlayerCharacterDto,
  type RosterRowDto,
} from "@/server/guild/guild.pg";
import type { DirectoryInput, GuildPermissionName, GuildPermissions, GuildRank } from "@/server/guild/guild.schema";
import { actingCharacter, enforce, lockGuildActing, requireMember, standings } from "@/server/guild/acting-member.service";
import {
  allPermissions,
  assignableRanks,
  canChangeRank,
  canEditSettings,
  canKick,
  canLeave,
  canReadLedger,
  editablePermissions,
  effectivePermissions,
  type MemberStanding,
} from "@/server/guild/permissions.rules";

/** Creating guilds, their settings, and the reads behind the guild pages. */

export async function createGuild(
  engines: Engines,
  actor: Actor,
  input: { characterId: number; name: string; tag: string; description: string; bannerUrl: string; isRecruiting: boolean; maxMembers: number },
): Promise<{ guildId: number }> {
  return withActorSql(engines.postgres.pool, actor, async (client) => {
    const me = await actingCharacter(client, actor, input.characterId);
    await lockCharacterForJoining(client, me.characterId);
    if ((await guildOfCharacter(client, me.characterId)) !== null) {
      throw new AppError("CONFLICT", `${me.name} is already in a guild. Leave it before founding a new one.`, { fieldErrors: { characterId: ["Already in a guild."] } });
    }
    const guildId = await insertGuild(client, { ...input, leaderCharacterId: me.characterId });
    // The unique index on guild_members(character_id) settles a character founding two guilds at once.
    await insertMember(client, guildId, me.characterId, "leader", allPermissions);
    await cancelOpenRequestsOf(client, me.characterId);
    await recordActivity(client, { guildId, actorCharacterId: me.characterId, kind: "created", details: { name: input.name, tag: input.tag } });
    return { guildId };
  });
}

export async function updateSettings(
  engines: Engines,
  actor: Actor,
  input: { characterId: number; guildId: number; description: string; bannerUrl: string; isRecruiting: boolean; maxMembers: number },
): Promise<{ updated: true }> {
  return withActorSql(engines.postgres.pool, actor, async (client) => {
    const { me, guild } = await lockGuildActing(client, actor, input.guildId, input.characterId);
    const { actor: standing } = await standings(client, guild.guildId, me.characterId);
    enforce(canEditSettings(standing));
    const members = await countMembers(client, guild.guildId);
    if (input.maxMembers < members) {
      throw new AppError("BAD_INPUT", `The guild already has ${members} members.`, { fieldErrors: { maxMembers: [`At least ${members}, the current member count.`] } });
    }
    await updateGuildSettings(client, guild.guildId, input);
    await recordActivity(client, {
      guildId: guild.guildId,
      actorCharacterId: me.characterId,
      kind: "settings_updated",
      details: { isRecruiting: input.isRecruiting, maxMembers: input.maxMembers },
    });
    return { updated: true };
  });
}

export interface RosterEntry extends Omit<RosterRowDto, "showsOnline"> {
  /** true/false from the presence set; null when the player hides it or presence is unavailable. */
  online: boolean | null;
}

export interface GuildPage {
  guild: Omit<GuildSummaryDto, "bankGold">;
  roster: RosterEntry[];
  onlineCount: number | null;
}

/** The public guild page: summary, roster with online state. Bank, requests and activity are for members (memberView). */
export async function getGuild(engines: Engines, input: { guildId: number }): Promise<GuildPage> {
  const [rows, online] = await Promise.all([guildPageRows(engines.postgres.pool, input.guildId), onlineGuildMembers(engines.redis, input.guildId, Date.now())]);
  if (!rows) throw new AppError("NOT_FOUND", "That guild does not exist.");
  const { summary, roster } = rows;
  const { bankGold: _bankGold, ...guild } = summary;
  const entries = roster.map(({ showsOnline, ...row }) => ({ ...row, online: online === null || !showsOnline ? null : online.has(row.characterId) }));
  return { guild, roster: entries, onlineCount: online === null ? null : entries.filter((row) => row.online === true).length };
}

export interface MemberActions {
  ranks: GuildRank[];
  kick: boolean;
  permissions: GuildPermissionName[];
  transferLeadership: boolean;
}

export interface MemberView {
  me: {
    characterId: number;
    rank: GuildRank;
    permissions: GuildPermissions;
    effective: GuildPermissions;
    canLeave: boolean;
    canEditSettings: boolean;
    canReadLedger: boolean;
  };
  bankGold: number;
  activity: ActivityDto[];
  /** Open applications and invitations; only for members who may answer them. */
  requests: OpenRequestDto[] | null;
  /** The newest ledger entries; only for the leader, officers and bank holders. */
  ledger: LedgerEntryDto[] | null;
  /** What the acting character may do to each other member, by character id. */
  actions: Record<number, MemberActions>;
}

/** Everything a member sees beyond the public page, computed for the acting character. */
export async function memberView(engines: Engines, actor: Actor, input: { characterId: number; guildId: number }): Promise<MemberView> {
  const rows =
    actor.playerId === null
      ? null
      : await memberPageRows(engines.postgres.pool, { playerId: actor.playerId, characterId: input.characterId, guildId: input.guildId, activity: 20, requests: 100, ledger: 10 });
  const standing = requireMember(rows?.standing ?? null);
  const { bankGold } = rows!.standing;
  const effective = effectivePermissions(standing.rank, standing.permissions);
  const ledgerVisible = canReadLedger(standing);
  const { members: roster, activity } = rows!;
  const requests = effective.invite ? rows!.requests : null;
  const ledger = ledgerVisible ? rows!.ledger : null;
  const actions: Record<number, MemberActions> = {};
  for (const row of roster) {
    if (row.characterId === standing.characterId) continue;
    const target: MemberStanding = { characterId: row.characterId, rank: row.rank, permissions: row.permissions };
    actions[row.characterId] = {
      ranks: assignableRanks(standing).filter((rank) => canChangeRank(standing, target, rank).ok),
      kick: canKick(standing, target).ok,
      permissions: editablePermissions(standing, target),
      transferLeadership: standing.rank === "leader",
    };
  }
  return {
    me: {
      characterId: standing.characterId,
      rank: standing.rank,
      permissions: standing.permissions,
      effective,
      canLeave: canLeave(standing).ok,
      canEditSettings: canEditSettings(standing).ok,
      canReadLedger: ledgerVisible,
    },
    bankGold,
    activity,
    requests,
    ledger,
    actions,
  };
}

export async function guildDirectory(engines: Engines, input: DirectoryInput): Promise<GuildSearchResult & { page: number }> {
  const search = { query: input.query, recruitingOnly: input.recruitingOnly, limit: input.pageSize, offset: (input.page - 1) * input.pageSize };
  // Elasticsearch finds and orders the ids (typo-tolerant, as you type); the rows come from PostgreSQL, which also
  // answers the whole search when Elasticsearch is off or failed (then the page says "reduced mode").
  const found = await findGuildIdsEs(engines, search);
  if (found && "ids" in found) {
    return { items: await guildEntriesByIds(engines.postgres.pool, found.ids), hasMore: found.hasMore, degraded: false, page: input.page };
  }
  const result = await searchGuildsByName(engines.postgres.pool, search);
  return { ...result, degraded: found !== null, page: input.page };
}

export async function guildRanking(engines: Engines, input: { limit: number }): Promise<GuildDirectoryEntry[]> {
  return guildLeaderboard(engines.postgres.pool, input.limit);
}

export interface MyGuildContext {
  characters: PlayerCharacterDto[];
  requests: OpenRequestDto[];
}

/** The signed-in player's characters (with guild and gold) and their open applications and invitations. */
export async function myGuildContext(engines: Engines, actor: Actor): Promise<MyGuildContext> {
  if (actor.playerId === null) throw new AppError("UNAUTHENTICATED", "Please sign in first.");
  const [characters, requests] = await Promise.all([
    playerCharacters(engines.postgres.pool, actor.playerId),
    openRequestsOfPlayer(engines.postgres.pool, actor.playerId),
  ]);
  return { characters, requests };
}
