/**
 * The guild rank ladder and who may do what, as pure functions (unit-tested in tests/unit/guild-permissions.test.ts).
 * Services call these inside the transaction that holds the guild's row lock, so a decision and the write it allows
 * see the same roster.
 */
import { guildPermissionNames, guildRanks, parseGuildPermissions, type GuildPermissionName, type GuildPermissions, type GuildRank } from "@/server/guild/guild.schema";

export { guildPermissionNames, guildRanks, type GuildPermissionName, type GuildPermissions, type GuildRank };

/** Ranks a new member gets, and the permissions the seed's column default gives everyone. */
export const joiningRank: GuildRank = "recruit";
export const noPermissions: GuildPermissions = { invite: false, kick: false, bank: false };
export const allPermissions: GuildPermissions = { invite: true, kick: true, bank: true };

const rankLevel: Record<GuildRank, number> = { leader: 5, officer: 4, veteran: 3, member: 2, recruit: 1 };

export function isGuildRank(value: string): value is GuildRank {
  return (guildRanks as readonly string[]).includes(value);
}

/** Positive when `a` outranks `b`. */
export function compareRanks(a: GuildRank, b: GuildRank): number {
  return rankLevel[a] - rankLevel[b];
}

export function rankLabel(rank: GuildRank): string {
  return rank.charAt(0).toUpperCase() + rank.slice(1);
}

/**
 * What a member may actually do: the leader everything; officers always invite (and so accept or decline requests),
 * kick and bank only when granted; everyone else exactly their flags.
 */
export function effectivePermissions(rank: GuildRank, flags: GuildPermissions): GuildPermissions {
  if (rank === "leader") return { ...allPermissions };
  if (rank === "officer") return { ...flags, invite: true };
  return { ...flags };
}

export interface MemberStanding {
  characterId: number;
  rank: GuildRank;
  permissions: GuildPermissions;
}

export type Decision = { ok: true } | { ok: false; code: "FORBIDDEN" | "BAD_INPUT" | "PRECONDITION_FAILED"; message: string };

const allow: Decision = { ok: true };
const forbid = (message: string): Decision => ({ ok: false, code: "FORBIDDEN", message });

function manages(actor: MemberStanding): boolean {
  return actor.rank === "leader" || actor.rank === "officer";
}

export function can(actor: MemberStanding, permission: GuildPermissionName): boolean {
  return effectivePermissions(actor.rank, actor.permissions)[permission];
}

/** Inviting, and accepting, declining or cancelling requests on the guild's side. */
export function canManageRequests(actor: MemberStanding): Decision {
  return can(actor, "invite") ? allow : forbid("You need the invite permission to do that.");
}

export function canWithdraw(actor: MemberStanding): Decision {
  return can(actor, "bank") ? allow : forbid("You need the bank permission to withdraw gold.");
}

/** The ledger is for the leader, officers and whoever may withdraw. */
export function canReadLedger(actor: MemberStanding): boolean {
  return manages(actor) || can(actor, "bank");
}

export function canLeave(member: MemberStanding): Decision {
  return member.rank === "leader"
    ? { ok: false, code: "PRECONDITION_FAILED", message: "The leader cannot leave the guild. Transfer leadership to another member first." }
    : allow;
}

export function canKick(actor: MemberStanding, target: MemberStanding): Decision {
  if (actor.characterId === target.characterId) return { ok: false, code: "BAD_INPUT", message: "You cannot kick yourself; leave the guild instead." };
  if (!can(actor, "kick")) return forbid("You need the kick permission to do that.");
  if (compareRanks(actor.rank, target.rank) <= 0) return forbid("You can only kick members ranked below you.");
  return allow;
}

/** Promote or demote: only the leader and officers, only members strictly below them, only to ranks strictly below them. */
export function canChangeRank(actor: MemberStanding, target: MemberStanding, newRank: GuildRank): Decision {
  if (actor.characterId === target.characterId) return { ok: false, code: "BAD_INPUT", message: "You cannot change your own rank." };
  if (newRank === "leader") return { ok: false, code: "BAD_INPUT", message: "Use “Transfer leadership” to make someone the leader." };
  if (!manages(actor)) return forbid("Only the leader and officers can change ranks.");
  if (compareRanks(actor.rank, target.rank) <= 0) return forbid("You can only change the rank of members ranked below you.");
  if (compareRanks(actor.rank, newRank) <= 0) return forbid("You can only give ranks below your own.");
  if (target.rank === newRank) return { ok: false, code: "BAD_INPUT", message: `They already are ${rankLabel(newRank).toLowerCase()}.` };
  return allow;
}

/**
 * Editing another member's flags: the leader and officers, for members strictly below them, and only the flags they
 * hold themselves (an officer without `bank` cannot hand out `bank`).
 */
export function canEditPermissions(actor: MemberStanding, target: MemberStanding, next: GuildPermissions): Decision {
  if (actor.characterId === target.characterId) return { ok: false, code: "BAD_INPUT", message: "You cannot change your own permissions." };
  if (!manages(actor)) return forbid("Only the leader and officers can change permissions.");
  if (compareRanks(actor.rank, target.rank) <= 0) return forbid("You can only change the permissions of members ranked below you.");
  const held = effectivePermissions(actor.rank, actor.permissions);
  const changed = guildPermissionNames.filter((name) => next[name] !== target.permissions[name]);
  if (changed.length === 0) return { ok: false, code: "BAD_INPUT", message: "Nothing to change." };
  const notHeld = changed.filter((name) => !held[name]);
  if (notHeld.length > 0) return forbid(`You can only grant or revoke permissions you hold yourself (${notHeld.join(", ")}).`);
  return allow;
}

export function canTransferLeadership(actor: MemberStanding, target: MemberStanding): Decision {
  if (actor.rank !== "leader") return forbid("Only the leader can hand over leadership.");
  if (actor.characterId === target.characterId) return { ok: false, code: "BAD_INPUT", message: "You already lead this guild." };
  return allow;
}

/** Guild settings (description, banner, recruiting, size): the leader and officers. */
export function canEditSettings(actor: MemberStanding): Decision {
  return manages(actor) ? allow : forbid("Only the leader and officers can change the guild's settings.");
}

/** Ranks the actor may assign to someone below them, highest first (for the rank picker). */
export function assignableRanks(actor: MemberStanding): GuildRank[] {
  if (!manages(actor)) return [];
  return guildRanks.filter((rank) => rank !== "leader" && compareRanks(actor.rank, rank) > 0);
}

/** Which of a member's flags the actor may toggle (empty when the actor may not edit that member at all). */
export function editablePermissions(actor: MemberStanding, target: MemberStanding): GuildPermissionName[] {
  if (actor.characterId === target.characterId || !manages(actor) || compareRanks(actor.rank, target.rank) <= 0) return [];
  const held = effectivePermissions(actor.rank, actor.permissions);
  return guildPermissionNames.filter((name) => held[name]);
}

/** A guild_members row as the rules see it; an unknown rank in the database reads as the lowest. */
export interface MemberRow {
  characterId: number;
  rank: GuildRank;
  permissions: GuildPermissions;
}

export function toMember(row: { character_id: number; rank: string; permissions: unknown }): MemberRow {
  return {
    characterId: row.character_id,
    rank: (guildRanks as readonly string[]).includes(row.rank) ? (row.rank as GuildRank) : "recruit",
    permissions: parseGuildPermissions(row.permissions),
  };
}
