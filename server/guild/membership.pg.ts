import "server-only";
import type { PoolClient } from "pg";
import type { PgPool } from "@/server/clients/postgres";
import { AppError } from "@/server/errors";
import type { GuildPermissions, GuildRank } from "@/server/guild/guild.schema";
import { toMember, type MemberRow } from "@/server/guild/permissions.rules";

/**
 * Writes of the guild domain, one function per statement, all taking the transaction's client.
 * Services compose them inside withActorSql so the locks, the rule checks and the writes share one transaction.
 */

/** A pooled connection outside any transaction, for look-ups that reuse the functions below. */
export async function withReadClient<T>(pool: PgPool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}

interface PgError {
  code?: string;
  constraint?: string;
}

function pgError(error: unknown): PgError {
  return (error ?? {}) as PgError;
}

export interface OwnedCharacter {
  characterId: number;
  name: string;
}

/** The character if it belongs to the player and is not deleted: ownership lives in the WHERE clause. */
export async function findOwnedCharacter(client: PoolClient, playerId: number, characterId: number): Promise<OwnedCharacter | null> {
  const result = await client.query<{ character_id: number; name: string }>(
    `SELECT character_id, name FROM game_data.characters
      WHERE character_id = $1 AND player_id = $2 AND deleted_at IS NULL`,
    [characterId, playerId],
  );
  const row = result.rows[0];
  return row ? { characterId: row.character_id, name: row.name } : null;
}

export interface LockedGuild {
  guildId: number;
  name: string;
  leaderCharacterId: number;
  maxMembers: number;
  isRecruiting: boolean;
  bankGold: number;
}

/**
 * "exclusive" (FOR NO KEY UPDATE) for everything that changes the roster, ranks, settings or bank; "shared" (FOR SHARE)
 * for applications and invitations, which change none of them (acceptance re-checks everything under the exclusive
 * lock): requests to one guild then run side by side, while every roster change still waits for them and they for it.
 */
export type GuildLockMode = "exclusive" | "shared";

interface GuildLockRow {
  guild_id: number;
  guild_name: string;
  leader_character_id: number;
  max_members: number | null;
  is_recruiting: boolean | null;
  guild_bank_gold: number | null;
}

const guildLockColumns = "guild_id, guild_name, leader_character_id, max_members, is_recruiting, guild_bank_gold";

function toLockedGuild(row: GuildLockRow): LockedGuild {
  return {
    guildId: row.guild_id,
    name: row.guild_name,
    leaderCharacterId: row.leader_character_id,
    maxMembers: row.max_members ?? 50,
    isRecruiting: row.is_recruiting ?? true,
    bankGold: row.guild_bank_gold ?? 0,
  };
}

/**
 * Locks the guild row for the rest of the transaction. Every membership, rank and bank change of a guild takes this
 * lock first, so they run one after another per guild and every check sees the roster it writes to.
 * FOR NO KEY UPDATE (not FOR UPDATE) leaves foreign-key checks of other transactions unblocked.
 */
export async function lockGuild(client: PoolClient, guildId: number): Promise<LockedGuild> {
  const result = await client.query<GuildLockRow>(`SELECT ${guildLockColumns} FROM game_data.guilds WHERE guild_id = $1 FOR NO KEY UPDATE`, [guildId]);
  const row = result.rows[0];
  if (!row) throw new AppError("NOT_FOUND", "That guild does not exist.");
  return toLockedGuild(row);
}

/**
 * lockGuild plus the ownership check of the acting character in the same round trip (ownership does not race with
 * guild changes; memberships do, so read them after this returns). `actor` is null when the player does not own it.
 */
export async function lockGuildAs(
  client: PoolClient,
  guildId: number,
  playerId: number,
  characterId: number,
  mode: GuildLockMode = "exclusive",
): Promise<{ guild: LockedGuild; actor: OwnedCharacter | null }> {
  const result = await client.query<GuildLockRow & { actor_id: number | null; actor_name: string | null }>(
    `SELECT g.guild_id, g.guild_name, g.leader_character_id, g.max_members, g.is_recruiting, g.guild_bank_gold,
            c.character_id AS actor_id, c.name AS actor_name
       FROM game_data.guilds g
       LEFT JOIN game_data.characters c ON c.character_id = $2 AND c.player_id = $3 AND c.deleted_at IS NULL
      WHERE g.guild_id = $1
        FOR ${mode === "shared" ? "SHARE" : "NO KEY UPDATE"} OF g`,
    [guildId, characterId, playerId],
  );
  const row = result.rows[0];
  if (!row) throw new AppError("NOT_FOUND", "That guild does not exist.");
  return {
    guild: toLockedGuild(row),
    actor: row.actor_id !== null && row.actor_name !== null ? { characterId: row.actor_id, name: row.actor_name } : null,
  };
}

export interface ActorStanding {
  characterId: number;
  name: string;
  /** null when the character is not a member of the guild. */
  member: MemberRow | null;
  bankGold: number;
}

/** For reads: the acting character (if owned) with its membership in the guild and the bank balance, in one query. */
export async function actorStanding(pool: PgPool, playerId: number, characterId: number, guildId: number): Promise<ActorStanding | null> {
  const result = await pool.query<{ character_id: number; name: string; rank: string | null; permissions: unknown; bank_gold: number | null }>(
    `SELECT c.character_id, c.name, m.rank, m.permissions,
            (SELECT g.guild_bank_gold FROM game_data.guilds g WHERE g.guild_id = $3) AS bank_gold
       FROM game_data.characters c
       LEFT JOIN game_data.guild_members m ON m.character_id = c.character_id AND m.guild_id = $3
      WHERE c.character_id = $1 AND c.player_id = $2 AND c.deleted_at IS NULL`,
    [characterId, playerId, guildId],
  );
  const row = result.rows[0];
  if (!row) return null;
  return {
    characterId: row.character_id,
    name: row.name,
    member: row.rank === null ? null : toMember({ character_id: row.character_id, rank: row.rank, permissions: row.permissions }),
    bankGold: row.bank_gold ?? 0,
  };
}

/**
 * Serialises everything that makes one character join a guild (accepting any invitation or application, founding a
 * guild). Without it, two acceptances of the same character in different guilds each hold their guild lock and wait on
 * each other (the unique index on one side, the other guild's request row on the other): a deadlock. Take it after
 * the guild lock and before the request lock. FOR NO KEY UPDATE leaves foreign-key checks on the character unblocked.
 */
export async function lockCharacterForJoining(client: PoolClient, characterId: number): Promise<void> {
  await client.query("SELECT 1 FROM game_data.characters WHERE character_id = $1 FOR NO KEY UPDATE", [characterId]);
}

/** Memberships of these characters in this guild (absent ids are not members). */
export async function membersOf(client: PoolClient, guildId: number, characterIds: number[]): Promise<Map<number, MemberRow>> {
  const result = await client.query<{ character_id: number; rank: string; permissions: unknown }>(
    "SELECT character_id, rank, permissions FROM game_data.guild_members WHERE guild_id = $1 AND character_id = ANY($2::bigint[])",
    [guildId, characterIds],
  );
  return new Map(result.rows.map((row) => [row.character_id, toMember(row)]));
}

/** The guild a character belongs to, if any. */
export async function guildOfCharacter(client: PoolClient, characterId: number): Promise<number | null> {
  const result = await client.query<{ guild_id: number }>("SELECT guild_id FROM game_data.guild_members WHERE character_id = $1", [characterId]);
  return result.rows[0]?.guild_id ?? null;
}

export async function countMembers(client: PoolClient, guildId: number): Promise<number> {
  const result = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM game_data.guild_members WHERE guild_id = $1", [guildId]);
  return result.rows[0]?.n ?? 0;
}

/**
 * What joining checks under the guild lock, read in one statement after the lock is held (so it sees every change the
 * previous holder committed): the joining character's current guild, the member count, and optionally the acting
 * member's standing. `joinerName` finds the joiner by name instead of id (invitations).
 */
export async function joinChecks(
  client: PoolClient,
  p: { guildId: number; joinerId?: number; joinerName?: string; actorId?: number },
): Promise<{ joiner: (OwnedCharacter & { guildId: number | null }) | null; memberCount: number; actor: MemberRow | null }> {
  const result = await client.query<{
    joiner_id: number | null;
    joiner_name: string | null;
    joiner_guild: number | null;
    member_count: number;
    actor_rank: string | null;
    actor_permissions: unknown;
  }>({
    name: "guild.join_checks",
    text: `SELECT j.character_id AS joiner_id, j.name AS joiner_name,
            (SELECT gm.guild_id FROM game_data.guild_members gm WHERE gm.character_id = j.character_id) AS joiner_guild,
            (SELECT count(*)::int FROM game_data.guild_members gm WHERE gm.guild_id = $1) AS member_count,
            a.rank AS actor_rank, a.permissions AS actor_permissions
       FROM (SELECT 1) AS one
       LEFT JOIN LATERAL (
         SELECT character_id, name FROM game_data.characters WHERE character_id = $2 AND deleted_at IS NULL
         UNION ALL
         SELECT character_id, name FROM game_data.characters WHERE $2::bigint IS NULL AND name = $3 AND deleted_at IS NULL
         LIMIT 1
       ) j ON TRUE
       LEFT JOIN game_data.guild_members a ON a.guild_id = $1 AND a.character_id = $4`,
    values: [p.guildId, p.joinerId ?? null, p.joinerName ?? null, p.actorId ?? null],
  });
  const row = result.rows[0]!;
  return {
    joiner: row.joiner_id !== null && row.joiner_name !== null ? { characterId: row.joiner_id, name: row.joiner_name, guildId: row.joiner_guild } : null,
    memberCount: row.member_count,
    actor: row.actor_rank === null || p.actorId === undefined ? null : toMember({ character_id: p.actorId, rank: row.actor_rank, permissions: row.actor_permissions }),
  };
}

export interface NewGuild {
  name: string;
  tag: string;
  description: string;
  bannerUrl: string;
  isRecruiting: boolean;
  maxMembers: number;
  leaderCharacterId: number;
}

/** Inserts the guild; duplicate names (any letter case) and tags come back as field errors. */
export async function insertGuild(client: PoolClient, guild: NewGuild): Promise<number> {
  try {
    const result = await client.query<{ guild_id: number }>(
      `INSERT INTO game_data.guilds (guild_name, guild_tag, leader_character_id, description, banner_url, is_recruiting, max_members)
       VALUES ($1, $2, $3, NULLIF($4, ''), NULLIF($5, ''), $6, $7) RETURNING guild_id`,
      [guild.name, guild.tag, guild.leaderCharacterId, guild.description, guild.bannerUrl, guild.isRecruiting, guild.maxMembers],
    );
    return result.rows[0]!.guild_id;
  } catch (error) {
    const { code, constraint } = pgError(error);
    if (code === "23505" && (constraint === "guilds_guild_name_key" || constraint === "unique_guild_name_ci")) {
      throw new AppError("CONFLICT", "A guild with that name already exists.", { fieldErrors: { name: ["A guild with that name already exists."] } });
    }
    if (code === "23505" && constraint === "guilds_guild_tag_key") {
      throw new AppError("CONFLICT", "A guild with that tag already exists.", { fieldErrors: { tag: ["A guild with that tag already exists."] } });
    }
    throw error;
  }
}

export async function updateGuildSettings(
  client: PoolClient,
  guildId: number,
  settings: { description: string; bannerUrl: string; isRecruiting: boolean; maxMembers: number },
): Promise<void> {
  await client.query(
    `UPDATE game_data.guilds SET description = NULLIF($2, ''), banner_url = NULLIF($3, ''), is_recruiting = $4, max_members = $5
      WHERE guild_id = $1`,
    [guildId, settings.description, settings.bannerUrl, settings.isRecruiting, settings.maxMembers],
  );
}

/**
 * Adds the member. The unique index on guild_members(character_id) is the last guard of "one guild per character":
 * two acceptances racing in different guilds (different locks) end here, and the loser gets a clear message.
 */
export async function insertMember(client: PoolClient, guildId: number, characterId: number, rank: GuildRank, permissions: GuildPermissions): Promise<void> {
  try {
    await client.query(
      "INSERT INTO game_data.guild_members (guild_id, character_id, rank, permissions) VALUES ($1, $2, $3, $4::jsonb)",
      [guildId, characterId, rank, JSON.stringify(permissions)],
    );
  } catch (error) {
    throw memberConflict(error);
  }
}

/** A second membership of one character (the unique index is the last guard) becomes a clear message. */
function memberConflict(error: unknown): unknown {
  const { code, constraint } = pgError(error);
  if (code === "23505" && (constraint === "unique_guild_member_character" || constraint === "guild_members_pkey")) {
    return new AppError("CONFLICT", "That character is already in a guild.");
  }
  return error;
}

export async function updateMemberRank(client: PoolClient, guildId: number, characterId: number, rank: GuildRank): Promise<void> {
  await client.query("UPDATE game_data.guild_members SET rank = $3 WHERE guild_id = $1 AND character_id = $2", [guildId, characterId, rank]);
}

export async function updateMemberPermissions(client: PoolClient, guildId: number, characterId: number, permissions: GuildPermissions): Promise<void> {
  await client.query("UPDATE game_data.guild_members SET permissions = $3::jsonb WHERE guild_id = $1 AND character_id = $2", [
    guildId,
    characterId,
    JSON.stringify(permissions),
  ]);
}

export async function setGuildLeader(client: PoolClient, guildId: number, characterId: number): Promise<void> {
  await client.query("UPDATE game_data.guilds SET leader_character_id = $2 WHERE guild_id = $1", [guildId, characterId]);
}

// ------------------------------------------------------------------ applications and invitations

export type RequestKind = "application" | "invitation";
export type RequestStatus = "open" | "accepted" | "declined" | "cancelled";

export interface RequestRow {
  requestId: number;
  guildId: number;
  characterId: number;
  kind: RequestKind;
  status: RequestStatus;
  createdBy: number;
}

/** Inserts an application or invitation and its activity row ("applied" / "invited") in one statement. */
export async function insertRequest(
  client: PoolClient,
  request: { guildId: number; characterId: number; kind: RequestKind; createdBy: number },
): Promise<number> {
  try {
    const result = await client.query<{ request_id: number }>({
      name: "guild.insert_request",
      text: `WITH request AS (
         INSERT INTO game_data.guild_join_requests (guild_id, character_id, kind, created_by)
         VALUES ($1, $2, $3, $4) RETURNING request_id
       ), activity AS (
         INSERT INTO game_data.guild_activity (guild_id, actor_character_id, kind, target_character_id, details)
         SELECT $1, $4, CASE WHEN $3 = 'application' THEN 'applied' ELSE 'invited' END, $2, jsonb_build_object('requestId', request_id)
           FROM request
       )
       SELECT request_id FROM request`,
      values: [request.guildId, request.characterId, request.kind, request.createdBy],
    });
    return result.rows[0]!.request_id;
  } catch (error) {
    const { code, constraint } = pgError(error);
    if (code === "23505" && constraint === "unique_open_guild_request") {
      throw new AppError("CONFLICT", "There is already an open application or invitation for that character and guild.");
    }
    throw error;
  }
}

interface RequestDbRow {
  request_id: number;
  guild_id: number;
  character_id: number;
  kind: RequestKind;
  status: RequestStatus;
  created_by: number;
}

const requestColumns = "request_id, guild_id, character_id, kind, status, created_by";

function toRequest(row: RequestDbRow): RequestRow {
  return { requestId: row.request_id, guildId: row.guild_id, characterId: row.character_id, kind: row.kind, status: row.status, createdBy: row.created_by };
}

/** The request without a lock (enough to learn which guild to lock first) and the ownership check of the acting character. */
export async function findRequestAs(
  client: PoolClient,
  requestId: number,
  playerId: number,
  characterId: number,
): Promise<{ request: RequestRow | null; actor: OwnedCharacter | null }> {
  const result = await client.query<Partial<RequestDbRow> & { actor_id: number | null; actor_name: string | null }>({
    name: "guild.find_request_as",
    text: `SELECT r.request_id, r.guild_id, r.character_id, r.kind, r.status, r.created_by, c.character_id AS actor_id, c.name AS actor_name
       FROM (SELECT 1) AS one
       LEFT JOIN game_data.guild_join_requests r ON r.request_id = $1
       LEFT JOIN game_data.characters c ON c.character_id = $2 AND c.player_id = $3 AND c.deleted_at IS NULL`,
    values: [requestId, characterId, playerId],
  });
  const row = result.rows[0]!;
  return {
    request: row.request_id == null ? null : toRequest(row as RequestDbRow),
    actor: row.actor_id !== null && row.actor_name !== null ? { characterId: row.actor_id, name: row.actor_name } : null,
  };
}

/**
 * The three locks of an acceptance in one round trip, in the documented order: the guild (exclusive), the joining
 * character (lockCharacterForJoining), then the request. Each CTE waits for the one before it (its EXISTS runs first),
 * so the order holds inside the statement. The request row is re-read after its lock, so its status is current.
 */
export async function lockForAcceptance(
  client: PoolClient,
  p: { guildId: number; characterId: number; requestId: number },
): Promise<{ guild: LockedGuild | null; request: RequestRow | null }> {
  const result = await client.query<Partial<RequestDbRow> & Omit<GuildLockRow, "guild_id"> & { g_id: number | null }>({
    name: "guild.lock_for_acceptance",
    text: `WITH g AS MATERIALIZED (
       SELECT ${guildLockColumns} FROM game_data.guilds WHERE guild_id = $1 FOR NO KEY UPDATE
     ), c AS MATERIALIZED (
       SELECT character_id FROM game_data.characters WHERE character_id = $2 AND EXISTS (SELECT 1 FROM g) FOR NO KEY UPDATE
     ), r AS MATERIALIZED (
       SELECT ${requestColumns} FROM game_data.guild_join_requests
        WHERE request_id = $3 AND EXISTS (SELECT 1 FROM g) AND EXISTS (SELECT 1 FROM c)
        FOR UPDATE
     )
     SELECT g.guild_id AS g_id, g.guild_name, g.leader_character_id, g.max_members, g.is_recruiting, g.guild_bank_gold, r.*
       FROM (SELECT 1) AS one LEFT JOIN g ON TRUE LEFT JOIN r ON TRUE`,
    values: [p.guildId, p.characterId, p.requestId],
  });
  const row = result.rows[0]!;
  return {
    guild: row.g_id == null ? null : toLockedGuild({ ...row, guild_id: row.g_id }),
    request: row.request_id == null ? null : toRequest(row as RequestDbRow),
  };
}

/** The request locked for a decision (take the guild lock first, so every path locks in the same order). */
export async function lockRequest(client: PoolClient, requestId: number): Promise<RequestRow | null> {
  const result = await client.query<RequestDbRow>(`SELECT ${requestColumns} FROM game_data.guild_join_requests WHERE request_id = $1 FOR UPDATE`, [requestId]);
  return result.rows[0] ? toRequest(result.rows[0]) : null;
}

export async function decideRequest(client: PoolClient, requestId: number, status: Exclude<RequestStatus, "open">, decidedBy: number): Promise<void> {
  await client.query(
    "UPDATE game_data.guild_join_requests SET status = $2, decided_by = $3, decided_at = now() WHERE request_id = $1 AND status = 'open'",
    [requestId, status, decidedBy],
  );
}

/**
 * Everything accepting a request writes, in one statement: the new member, the request decided, the character's
 * other open requests closed by the system (decided_by NULL), and the "joined" activity row. The unique index on
 * guild_members(character_id) still settles two guilds accepting the same character at once (a clear message).
 */
export async function writeAcceptance(
  client: PoolClient,
  a: { guildId: number; request: RequestRow; decidedBy: number; rank: GuildRank; permissions: GuildPermissions },
): Promise<void> {
  try {
    await client.query({
      name: "guild.write_acceptance",
      text: `WITH member AS (
         INSERT INTO game_data.guild_members (guild_id, character_id, rank, permissions) VALUES ($1, $2, $5, $6::jsonb)
       ), decided AS (
         UPDATE game_data.guild_join_requests SET status = 'accepted', decided_by = $4, decided_at = now()
          WHERE request_id = $3 AND status = 'open'
       ), others AS (
         UPDATE game_data.guild_join_requests SET status = 'cancelled', decided_at = now()
          WHERE character_id = $2 AND status = 'open' AND request_id <> $3
       )
       INSERT INTO game_data.guild_activity (guild_id, actor_character_id, kind, target_character_id, details)
       VALUES ($1, $4, 'joined', $2, jsonb_build_object('requestId', $3::bigint, 'via', $7::text))`,
      values: [a.guildId, a.request.characterId, a.request.requestId, a.decidedBy, a.rank, JSON.stringify(a.permissions), a.request.kind],
    });
  } catch (error) {
    throw memberConflict(error);
  }
}

/** Once a character has joined a guild its other open requests are moot: closed by the system (decided_by NULL). */
export async function cancelOpenRequestsOf(client: PoolClient, characterId: number): Promise<number> {
  const result = await client.query(
    "UPDATE game_data.guild_join_requests SET status = 'cancelled', decided_at = now() WHERE character_id = $1 AND status = 'open'",
    [characterId],
  );
  return result.rowCount ?? 0;
}

// ------------------------------------------------------------------ activity

export type ActivityKind =
  | "created"
  | "settings_updated"
  | "applied"
  | "invited"
  | "request_accepted"
  | "request_declined"
  | "request_cancelled"
  | "joined"
  | "left"
  | "kicked"
  | "rank_changed"
  | "permissions_changed"
  | "leadership_transferred"
  | "deposit"
  | "withdraw";

/**
 * A write of the guild domain and its activity row in one statement (one round trip instead of two). `write` is one
 * INSERT/UPDATE/DELETE with its own $1..$n parameters; returns how many rows it changed (it must end in RETURNING 1).
 */
export async function writeWithActivity(
  client: PoolClient,
  write: { name: string; text: string; values: unknown[] },
  entry: { guildId: number; actorCharacterId: number; kind: ActivityKind; targetCharacterId?: number | null; details?: Record<string, unknown> },
): Promise<number> {
  const n = write.values.length;
  const result = await client.query<{ changed: number }>({
    name: `guild.${write.name}+activity`,
    text: `WITH write AS (${write.text}), activity AS (
       INSERT INTO game_data.guild_activity (guild_id, actor_character_id, kind, target_character_id, details)
       VALUES ($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}::jsonb)
     )
     SELECT count(*)::int AS changed FROM write`,
    values: [...write.values, entry.guildId, entry.actorCharacterId, entry.kind, entry.targetCharacterId ?? null, JSON.stringify(entry.details ?? {})],
  });
  return result.rows[0]!.changed;
}

/** The member removed (leave, kick), as a write for writeWithActivity. */
export function deleteMemberWrite(guildId: number, characterId: number) {
  return { name: "delete_member", text: "DELETE FROM game_data.guild_members WHERE guild_id = $1 AND character_id = $2 RETURNING 1", values: [guildId, characterId] };
}

/** A member's rank changed, as a write for writeWithActivity. */
export function memberRankWrite(guildId: number, characterId: number, rank: GuildRank) {
  return { name: "member_rank", text: "UPDATE game_data.guild_members SET rank = $3 WHERE guild_id = $1 AND character_id = $2 RETURNING 1", values: [guildId, characterId, rank] };
}

/** A member's permission flags changed, as a write for writeWithActivity. */
export function memberPermissionsWrite(guildId: number, characterId: number, permissions: GuildPermissions) {
  return {
    name: "member_permissions",
    text: "UPDATE game_data.guild_members SET permissions = $3::jsonb WHERE guild_id = $1 AND character_id = $2 RETURNING 1",
    values: [guildId, characterId, JSON.stringify(permissions)],
  };
}

/** One row of the guild's activity feed, with the acting character (the audit trigger logs it with the account). */
export async function recordActivity(
  client: PoolClient,
  entry: { guildId: number; actorCharacterId: number; kind: ActivityKind; targetCharacterId?: number | null; details?: Record<string, unknown> },
): Promise<void> {
  await client.query(
    `INSERT INTO game_data.guild_activity (guild_id, actor_character_id, kind, target_character_id, details)
     VALUES ($1, $2, $3, $4, $5::jsonb)`,
    [entry.guildId, entry.actorCharacterId, entry.kind, entry.targetCharacterId ?? null, JSON.stringify(entry.details ?? {})],
  );
}
