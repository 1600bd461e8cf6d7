import "server-only";
import type { PgPool } from "@/server/clients/postgres";
import { guildRanks, parseGuildPermissions, type GuildPermissions, type GuildRank } from "@/server/guild/guild.schema";
import type { ActivityKind, RequestKind } from "@/server/guild/membership.pg";
import { toMember, type MemberRow } from "@/server/guild/permissions.rules";

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

type SummaryRow = {
  guild_id: number;
  guild_name: string;
  guild_tag: string;
  description: string | null;
  banner_url: string | null;
  level: number | null;
  experience_points: number | null;
  max_members: number | null;
  is_recruiting: boolean | null;
  created_at: Date | string | null;
  guild_bank_gold: number | null;
  leader_character_id: number;
  leader_name: string;
  member_count: number;
};

function toSummary(row: SummaryRow): GuildSummaryDto {
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
    createdAt: toDate(row.created_at),
    bankGold: row.guild_bank_gold ?? 0,
    leader: { characterId: row.leader_character_id, name: row.leader_name },
  };
}

/** Timestamps arrive as Date from a column and as ISO text from json_agg. */
function toDate(value: Date | string): Date;
function toDate(value: Date | string | null): Date | null;
function toDate(value: Date | string | null): Date | null {
  return value === null ? null : value instanceof Date ? value : new Date(value);
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

type RosterRow = {
  character_id: number;
  name: string;
  class: string;
  level: number;
  rank: string;
  contribution_points: number | null;
  joined_at: Date | string | null;
  permissions: unknown;
  shows_online: boolean;
};

function toRosterRow(row: RosterRow): RosterRowDto {
  return {
    characterId: row.character_id,
    name: row.name,
    class: row.class,
    level: row.level,
    rank: (guildRanks as readonly string[]).includes(row.rank) ? (row.rank as GuildRank) : "recruit",
    contributionPoints: row.contribution_points ?? 0,
    joinedAt: toDate(row.joined_at),
    permissions: parseGuildPermissions(row.permissions),
    showsOnline: row.shows_online,
  };
}

/**
 * The public guild page in one statement: the summary row with the roster (leader first, then by rank, contribution
 * and name) as a JSON array beside it. One round trip per page view; null when the guild does not exist.
 */
export async function guildPageRows(pool: PgPool, guildId: number): Promise<{ summary: GuildSummaryDto; roster: RosterRowDto[] } | null> {
  const result = await pool.query<SummaryRow & { roster: RosterRow[] | null }>({
    name: "guild.page",
    text: `SELECT g.guild_id, g.guild_name, g.guild_tag, g.description, g.banner_url, g.level, g.experience_points,
            g.max_members, g.is_recruiting, g.created_at, g.guild_bank_gold, g.leader_character_id, l.name AS leader_name,
            r.member_count, r.roster
       FROM game_data.guilds g
       JOIN game_data.characters l ON l.character_id = g.leader_character_id
       CROSS JOIN LATERAL (
         SELECT count(*)::int AS member_count,
                json_agg(json_build_object(
                  'character_id', m.character_id, 'name', c.name, 'class', c.class, 'level', c.level, 'rank', m.rank,
                  'contribution_points', m.contribution_points, 'joined_at', m.joined_at, 'permissions', m.permissions,
                  'shows_online', (p.privacy_settings -> 'show_online') IS DISTINCT FROM 'false'::jsonb)
                  ORDER BY array_position($2::text[], m.rank::text), m.contribution_points DESC NULLS LAST, c.name) AS roster
           FROM game_data.guild_members m
           JOIN game_data.characters c ON c.character_id = m.character_id
           LEFT JOIN game_data.player_profiles p ON p.player_id = c.player_id
          WHERE m.guild_id = g.guild_id
       ) r
      WHERE g.guild_id = $1`,
    values: [guildId, guildRanks],
  });
  const row = result.rows[0];
  if (!row) return null;
  return { summary: toSummary(row), roster: (row.roster ?? []).map(toRosterRow) };
}

export interface ActivityDto {
  activityId: number;
  kind: ActivityKind;
  actor: { characterId: number; name: string } | null;
  target: { characterId: number; name: string } | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

type ActivityRow = {
  activity_id: number;
  kind: ActivityKind;
  details: Record<string, unknown> | null;
  created_at: Date | string;
  actor_character_id: number | null;
  actor_name: string | null;
  target_character_id: number | null;
  target_name: string | null;
};

function activitySql(guildParam: string, limitParam: string): string {
  return `SELECT a.activity_id, a.kind, a.details, a.created_at,
            a.actor_character_id, ac.name AS actor_name, a.target_character_id, tc.name AS target_name
       FROM game_data.guild_activity a
       LEFT JOIN game_data.characters ac ON ac.character_id = a.actor_character_id
       LEFT JOIN game_data.characters tc ON tc.character_id = a.target_character_id
      WHERE a.guild_id = ${guildParam}
      ORDER BY a.activity_id DESC
      LIMIT ${limitParam}`;
}

function toActivity(row: ActivityRow): ActivityDto {
  return {
    activityId: row.activity_id,
    kind: row.kind,
    actor: row.actor_character_id !== null && row.actor_name !== null ? { characterId: row.actor_character_id, name: row.actor_name } : null,
    target: row.target_character_id !== null && row.target_name !== null ? { characterId: row.target_character_id, name: row.target_name } : null,
    details: row.details ?? {},
    createdAt: toDate(row.created_at),
  };
}

// ------------------------------------------------------------------ bank ledger (written by guild.bank.ts)

export interface LedgerEntryDto {
  entryId: number;
  characterId: number | null;
  characterName: string | null;
  direction: "deposit" | "withdraw";
  amount: number;
  balanceAfter: number;
  createdAt: Date;
}

type LedgerRow = {
  entry_id: number;
  character_id: number | null;
  name: string | null;
  direction: "deposit" | "withdraw";
  amount: number;
  balance_after: number;
  created_at: Date | string;
};

/** Newest first, keyset-paginated on entry_id (idx_guild_bank_ledger_guild); the parameters are placeholders or NULL. */
function ledgerSql(guildParam: string, cursorParam: string, limitParam: string): string {
  return `SELECT l.entry_id, l.character_id, c.name, l.direction, l.amount, l.balance_after, l.created_at
       FROM game_data.guild_bank_ledger l
       LEFT JOIN game_data.characters c ON c.character_id = l.character_id
      WHERE l.guild_id = ${guildParam} AND (${cursorParam}::bigint IS NULL OR l.entry_id < ${cursorParam})
      ORDER BY l.entry_id DESC
      LIMIT ${limitParam}`;
}

function toLedgerEntry(row: LedgerRow): LedgerEntryDto {
  return {
    entryId: row.entry_id,
    characterId: row.character_id,
    characterName: row.name,
    direction: row.direction,
    amount: row.amount,
    balanceAfter: row.balance_after,
    createdAt: toDate(row.created_at),
  };
}

export async function ledgerPage(pool: PgPool, guildId: number, cursor: number | undefined, limit: number): Promise<LedgerEntryDto[]> {
  const result = await pool.query<LedgerRow>(ledgerSql("$1", "$2", "$3"), [guildId, cursor ?? null, limit]);
  return result.rows.map(toLedgerEntry);
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
  created_at: Date | string;
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
    createdAt: toDate(row.created_at),
    character: { characterId: row.character_id, name: row.name, level: row.level, class: row.class },
    createdBy: { characterId: row.created_by, name: row.created_by_name },
    guild: { guildId: row.guild_id, name: row.guild_name, tag: row.guild_tag },
  };
}

/** Open applications and invitations of a guild, newest first (idx_guild_requests_guild_open). */
function guildRequestsSql(guildParam: string, limit: number): string {
  return `${openRequestSelect} WHERE r.guild_id = ${guildParam} AND r.status = 'open' ORDER BY r.created_at DESC LIMIT ${limit}`;
}

/**
 * What a member's view of the guild page needs beyond the public page, in one statement: the acting character (if the
 * player owns it) with its membership and the bank balance, every member's rank and permissions (for the per-member
 * actions), the recent activity, open requests and the newest ledger entries. Requests and ledger are read for every
 * member and dropped by the service for those who may not see them: cheaper than a second round trip.
 */
export async function memberPageRows(
  pool: PgPool,
  p: { playerId: number; characterId: number; guildId: number; activity: number; requests: number; ledger: number },
): Promise<{
  standing: { characterId: number; member: MemberRow | null; bankGold: number };
  members: MemberRow[];
  activity: ActivityDto[];
  requests: OpenRequestDto[];
  ledger: LedgerEntryDto[];
} | null> {
  for (const limit of [p.activity, p.requests, p.ledger]) if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new RangeError(`bad limit ${limit}`);
  const result = await pool.query<{
    character_id: number;
    rank: string | null;
    permissions: unknown;
    bank_gold: number | null;
    members: [number, string, unknown][] | null;
    activity: ActivityRow[] | null;
    requests: OpenRequestRow[] | null;
    ledger: LedgerRow[] | null;
  }>({
    // The limits are literals (whole numbers from the service), not parameters: with LIMIT $n the generic plan of
    // this prepared statement is costed for an unknown limit, PostgreSQL keeps re-planning it for every call, and
    // planning costs more than running it (bench:guild page load 1,220 → 700 ops/s).
    name: `guild.member_page.${p.activity}.${p.requests}.${p.ledger}`,
    text: `SELECT c.character_id, m.rank, m.permissions, g.guild_bank_gold AS bank_gold,
            (SELECT json_agg(json_build_array(gm.character_id, gm.rank, gm.permissions)) FROM game_data.guild_members gm WHERE gm.guild_id = $3) AS members,
            (SELECT json_agg(x) FROM (${activitySql("$3", String(p.activity))}) x) AS activity,
            (SELECT json_agg(x) FROM (${guildRequestsSql("$3", p.requests)}) x) AS requests,
            (SELECT json_agg(x) FROM (${ledgerSql("$3", "NULL", String(p.ledger))}) x) AS ledger
       FROM game_data.characters c
       LEFT JOIN game_data.guild_members m ON m.character_id = c.character_id AND m.guild_id = $3
       LEFT JOIN game_data.guilds g ON g.guild_id = $3
      WHERE c.character_id = $1 AND c.player_id = $2 AND c.deleted_at IS NULL`,
    values: [p.characterId, p.playerId, p.guildId],
  });
  const row = result.rows[0];
  if (!row) return null;
  return {
    standing: {
      characterId: row.character_id,
      member: row.rank === null ? null : toMember({ character_id: row.character_id, rank: row.rank, permissions: row.permissions }),
      bankGold: row.bank_gold ?? 0,
    },
    members: (row.members ?? []).map(([character_id, rank, permissions]) => toMember({ character_id, rank, permissions })),
    activity: (row.activity ?? []).map(toActivity),
    requests: (row.requests ?? []).map(toOpenRequest),
    ledger: (row.ledger ?? []).map(toLedgerEntry),
  };
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
