import "server-only";
import type { Engines } from "@/server/engines";
import { AppError } from "@/server/errors";
import { withActorSql, type Actor } from "@/server/db/actor-transaction";
import {
  banHistory,
  clearBanState,
  insertBans,
  liftActiveBans,
  lockBanTargets,
  resolvePlayerIdentifiers,
  type BanHistoryRow,
  type BanTarget,
} from "@/server/staff/ban.pg";
import { composeBanReason, type BanInput, type BulkBanInput, type UnbanInput } from "@/server/staff/ban.schema";
import { hasRoleAtLeast, type SessionUser } from "@/server/session";

/**
 * Bans and unbans. A ban writes the history row (player_bans) and the current state (players.is_banned, ban_reason,
 * ban_expires_at) in one transaction through withActorSql, so the audit rows name the staff member. The session check
 * re-reads players on every request (server/auth/current-user.ts): the ban takes effect at the player's next request.
 *
 * Rules: nobody bans themselves; only admins ban staff accounts; a new ban on a banned player supersedes the ban in
 * force (which is closed with "Superseded by ban #n", so the history stays complete).
 */

export interface BanResult {
  bans: { banId: number; playerId: number; username: string }[];
  /** Bans in force that the new ban replaced. */
  superseded: number;
}

function refuseUnbannable(staff: SessionUser, targets: BanTarget[]): void {
  for (const target of targets) {
    if (target.playerId === staff.playerId) throw new AppError("BAD_INPUT", "You cannot ban your own account.");
    if (target.role && !hasRoleAtLeast(staff, "admin")) {
      throw new AppError("FORBIDDEN", `${target.username} is a staff account (${target.role.replace("_", " ")}); only an admin can ban staff.`);
    }
  }
}

async function banResolved(engines: Engines, staff: SessionUser, actor: Actor, playerIds: number[], input: BanInput | BulkBanInput): Promise<BanResult> {
  const reason = composeBanReason(input.template, input.details);
  // The schema refuses these already; repeated here because the service is also called without a router.
  if (reason.length === 0) throw new AppError("BAD_INPUT", "A ban needs a reason.", { fieldErrors: { template: ["A ban needs a reason."] } });
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now())
    throw new AppError("BAD_INPUT", "The expiry must be in the future.", { fieldErrors: { expiresAt: ["The expiry must be in the future."] } });

  return withActorSql(engines.postgres.pool, actor, async (client) => {
    const targets = await lockBanTargets(client, playerIds);
    const missing = playerIds.filter((id) => !targets.some((target) => target.playerId === id));
    if (missing.length) throw new AppError("NOT_FOUND", `No player with id ${missing.join(", ")}. Nothing was changed.`);
    refuseUnbannable(staff, targets);
    const banned = targets.filter((target) => target.banned).map((target) => target.playerId);
    const inserted = await insertBans(client, playerIds, { reason, expiresAt: input.expiresAt, bannedBy: staff.playerId });
    let superseded = 0;
    // Close the old bans after inserting the new ones so the lift reason can name the ban that replaced them.
    for (const playerId of banned) {
      const replacement = inserted.find((ban) => ban.playerId === playerId)!;
      superseded += await liftActiveBans(client, [playerId], staff.playerId, `Superseded by ban #${replacement.banId}`, [replacement.banId]);
    }
    const names = new Map(targets.map((target) => [target.playerId, target.username]));
    return { bans: inserted.map((ban) => ({ ...ban, username: names.get(ban.playerId)! })), superseded };
  });
}

export async function banPlayer(engines: Engines, staff: SessionUser, actor: Actor, input: BanInput): Promise<BanResult> {
  return banResolved(engines, staff, actor, [input.playerId], input);
}

/**
 * Bans every listed player (ids, usernames or emails) with one reason and expiry, all or nothing: one unknown name,
 * or one account the staff member may not ban, refuses the whole list with a message naming it.
 */
export async function bulkBanPlayers(engines: Engines, staff: SessionUser, actor: Actor, input: BulkBanInput): Promise<BanResult> {
  const resolved = await resolvePlayerIdentifiers(engines.postgres.pool, input.players);
  const unknown = input.players.filter((entry) => !resolved.has(entry));
  if (unknown.length) {
    throw new AppError("NOT_FOUND", `Unknown player${unknown.length > 1 ? "s" : ""}: ${unknown.slice(0, 20).join(", ")}${unknown.length > 20 ? ", …" : ""}. Nobody was banned.`, {
      fieldErrors: { players: [`Not found: ${unknown.slice(0, 20).join(", ")}`] },
    });
  }
  const ids = [...new Set(resolved.values())];
  return banResolved(engines, staff, actor, ids, input);
}

export async function unbanPlayer(engines: Engines, staff: SessionUser, actor: Actor, input: UnbanInput): Promise<{ playerId: number; lifted: number }> {
  return withActorSql(engines.postgres.pool, actor, async (client) => {
    const [target] = await lockBanTargets(client, [input.playerId]);
    if (!target) throw new AppError("NOT_FOUND", `No player with id ${input.playerId}.`);
    if (!target.banned) throw new AppError("CONFLICT", `${target.username} is not banned. Nothing was changed.`);
    const lifted = await liftActiveBans(client, [target.playerId], staff.playerId, input.reason);
    await clearBanState(client, target.playerId);
    return { playerId: target.playerId, lifted };
  });
}

export async function playerBanHistory(engines: Engines, playerId: number): Promise<BanHistoryRow[]> {
  return banHistory(engines.postgres.pool, playerId);
}
