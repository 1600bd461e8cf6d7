import "server-only";
import type { PgPool } from "@/server/clients/postgres";
import { guildRanks, parseGuildPermissions, type GuildPermissions, type GuildRank } from "@/server/schemas/guild";
import type { ActivityKind, RequestKind } from "@/server/repositories/guild.membership";

/** Reads behind the guild pages: explicit columns, DTOs out, one query per list. */

export interface GuildSummaryDto {
  guildId: number;
  name: string;
  tag: string;
  description: string | null;
  bannerUrl: string | null;
  level: number;
  experiencePoints: number;
  maxMembers: number;
  memberCount: number;
  isRecruiting: boolean;
  createdAt: Date | null;
  bankGold: number;
  leader: { characterId: number; name: string };
}

export async function guildSummary(pool: PgPool, guildId: number): Promise<GuildSummaryDto | null> {
  const result = await pool.query<{
    guild_id: number;
    guild_name: string;
    guild_tag: string;
    description: string | null;
    banner_url: string | null;
    level: number | null;
    experience_points: number | null;
    max_members: number | null;
    is_recruiting: boolean | null;
    created_at: Date | null;
    guild_bank_gold: number | null;
    leader_character_id: number;
    leader_name: string;
    member_count: number;
  }>(
    `SELECT g.guild_id, g.guild_name, g.guild_tag, g.description, g.banner_url, g.level, g.experience_points,
            g.max_members, g.is_recruiting, g.created_at, g.guild_bank_gold, g.leader_character_id, l.name AS leader_name,
            (SELECT count(*)::int FROM game_data.guild_members m WHERE m.guild_id = g.guild_id) AS member_count
       FROM game_data.guilds g
       JOIN game_data.characters l ON l.character_id = g.leader_character_id
      WHERE g.guild_id = $1`,
    [guildId],
  );
  const row = result.rows[0];
  if (!row) return null;
  return {
    guildId: row.guild_id,
    name: row.guild_name,
    tag: row.guild_tag,
    description: row.description,
    bannerUrl: row.banner_url,
    level: row.level ?? 1,
    experiencePoints: row.experience_points ?? 0,
    maxMembers: row.max_members ?? 50,
    memberCount: row.member_count,
    isRecruiting: row.is_recruiting ?? true,
    createdAt: row.created_at,
    bankGold: row.guild_bank_gold ?? 0,
    leader: { characterId: row.leader_character_id, name: row.leader_name },
  };
}

export interface RosterRowDto {
  characterId: number;
  name: string;
  class: string;
  level: number;
  rank: GuildRank;
  contributionPoints: number;
  joinedAt: Date | null;
  permissions: GuildPermissions;
  /** The player's privacy setting player_profiles.privacy_settings.show_online (absent = shown, the seed's default). */
  showsOnline: boolean;
}

/** The roster, leader first, then by rank, contribution and name. */
export async function guildRoster(pool: PgPool, guildId: number): Promise<RosterRowDto[]> {
  const result = await pool.query<{
    character_id: number;
    name: string;
    class: string;
    level: number;
    rank: string;
    contribution_points: number | null;
    joined_at: Date | null;
    permissions: unknown;
    shows_online: boolean;
  }>(
    `SELECT m.character_id, c.name, c.class, c.level, m.rank, m.contribution_points, m.joined_at, m.permissions,
            (p.privacy_settings -> 'show_online') IS DISTINCT FROM 'false'::jsonb AS shows_online
       FROM game_data.guild_members m
       JOIN game_data.characters c ON c.character_id = m.character_id
       LEFT JOIN game_data.player_profiles p ON p.player_id = c.player_id
      WHERE m.guild_id = $1
      ORDER BY array_position($2::text[], m.rank::text), m.contribution_points DESC NULLS LAST, c.name`,
    [guildId, guildRanks],
  );
  return result.rows.map((row) => ({
    characterId: row.character_id,
    name: row.name,
    class: row.class,
    level: row.level,
    rank: (guildRanks as readonly string[]).includes(row.rank) ? (row.rank as GuildRank) : "recruit",
    contributionPoints: row.contribution_points ?? 0,
    joinedAt: row.joined_at,
    permissions: parseGuildPermissions(row.permissions),
    showsOnline: row.shows_online,
  }));
}

export interface ActivityDto {
  activityId: number;
  kind: ActivityKind;
  actor: { characterId: number; name: string } | null;
  target: { characterId: number; name: string } | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

export async function recentActivity(pool: PgPool, guildId: number, limit: number): Promise<ActivityDto[]> {
  const result = await pool.query<{
    activity_id: number;
    kind: ActivityKind;
    details: Record<string, unknown> | null;
    created_at: Date;
    actor_character_id: number | null;
    actor_name: string | null;
    target_character_id: number | null;
    target_name: string | null;
  }>(
    `SELECT a.activity_id, a.kind, a.details, a.created_at,
            a.actor_character_id, ac.name AS actor_name, a.target_character_id, tc.name AS target_name
       FROM game_data.guild_activity a
       LEFT JOIN game_data.characters ac ON ac.character_id = a.actor_character_id
       LEFT JOIN game_data.characters tc ON tc.character_id = a.target_character_id
      WHERE a.guild_id = $1
      ORDER BY a.activity_id DESC
      LIMIT $2`,
    [guildId, limit],
  );
  return result.rows.map((row) => ({
    activityId: row.activity_id,
    kind: row.kind,
    actor: row.actor_character_id !== null && row.actor_name !== null ? { characterId: row.actor_character_id, name: row.actor_name } : null,
    target: row.target_character_id !== null && row.target_name !== null ? { characterId: row.target_character_id, name: row.target_name } : null,
    details: row.details ?? {},
    createdAt: row.created_at,
  }));
}

export interface OpenRequestDto {
  requestId: number;
  kind: RequestKind;
  createdAt: Date;
  character: { characterId: number; name: string; level: number; class: string };
  createdBy: { characterId: number; name: string };
  guild: { guildId: number; name: string; tag: string };
}

type OpenRequestRow = {
  request_id: number;
  kind: RequestKind;
  created_at: Date;
  character_id: number;
  name: string;
  level: number;
  class: string;
  created_by: number;
  created_by_name: string;
  guild_id: number;
  guild_name: string;
  guild_tag: string;
};

const openRequestSelect = `
  SELECT r.request_id, r.kind, r.created_at, r.character_id, c.name, c.level, c.class,
         r.created_by, cb.name AS created_by_name, r.guild_id, g.guild_name, g.guild_tag
    FROM game_data.guild_join_requests r
    JOIN game_data.characters c ON c.character_id = r.character_id
    JOIN game_data.characters cb ON cb.character_id = r.created_by
    JOIN game_data.guilds g ON g.guild_id = r.guild_id`;

function toOpenRequest(row: OpenRequestRow): OpenRequestDto {
  return {
    requestId: row.request_id,
    kind: row.kind,
    createdAt: row.created_at,
    character: { characterId: row.character_id, name: row.name, level: row.level, class: row.class },
    createdBy: { characterId: row.created_by, name: row.created_by_name },
    guild: { guildId: row.guild_id, name: row.guild_name, tag: row.guild_tag },
  };
}

/** Open applications and invitations of a guild, newest first (idx_guild_requests_guild_open). */
export async function openRequestsOfGuild(pool: PgPool, guildId: number, limit = 100): Promise<OpenRequestDto[]> {
  const result = await pool.query<OpenRequestRow>(
    `${openRequestSelect} WHERE r.guild_id = $1 AND r.status = 'open' ORDER BY r.created_at DESC LIMIT $2`,
    [guildId, limit],
  );
  return result.rows.map(toOpenRequest);
}

/** Open applications and invitations concerning any of the player's characters. */
export async function openRequestsOfPlayer(pool: PgPool, playerId: number): Promise<OpenRequestDto[]> {
  const result = await pool.query<OpenRequestRow>(
    `${openRequestSelect} WHERE c.player_id = $1 AND c.deleted_at IS NULL AND r.status = 'open' ORDER BY r.created_at DESC LIMIT 100`,
    [playerId],
  );
  return result.rows.map(toOpenRequest);
}

export interface PlayerCharacterDto {
  characterId: number;
  name: string;
  level: number;
  class: string;
  gold: number;
  guild: { guildId: number; name: string; tag: string; rank: GuildRank } | null;
}

/** The player's characters with their guild and gold: who they can act as on the guild pages. */
export async function playerCharacters(pool: PgPool, playerId: number): Promise<PlayerCharacterDto[]> {
  const result = await pool.query<{
    character_id: number;
    name: string;
    level: number;
    class: string;
    gold: number | null;
    guild_id: number | null;
    guild_name: string | null;
    guild_tag: string | null;
    rank: string | null;
  }>(
    `SELECT c.character_id, c.name, c.level, c.class, cc.amount AS gold, m.guild_id, g.guild_name, g.guild_tag, m.rank
       FROM game_data.characters c
       LEFT JOIN game_data.character_currencies cc ON cc.character_id = c.character_id AND cc.currency_type = 'gold'
       LEFT JOIN game_data.guild_members m ON m.character_id = c.character_id
       LEFT JOIN game_data.guilds g ON g.guild_id = m.guild_id
      WHERE c.player_id = $1 AND c.deleted_at IS NULL
      ORDER BY c.name`,
    [playerId],
  );
  return result.rows.map((row) => ({
    characterId: row.character_id,
    name: row.name,
    level: row.level,
    class: row.class,
    gold: row.gold ?? 0,
    guild:
      row.guild_id !== null && row.guild_name !== null && row.guild_tag !== null
        ? { guildId: row.guild_id, name: row.guild_name, tag: row.guild_tag, rank: (row.rank ?? "recruit") as GuildRank }
        : null,
  }));
}
