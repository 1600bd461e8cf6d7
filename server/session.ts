/** Who is making a request, as the tRPC tiers and services see it. */
export const staffRoles = ["analyst", "game_master", "admin"] as const;
export type StaffRole = (typeof staffRoles)[number];

export interface SessionUser {
  playerId: number;
  username: string;
  /** Staff roles from game_data.staff_roles; empty for ordinary players. */
  roles: StaffRole[];
}

/** Analysts read, game masters act on players, admins do everything. */
const roleRank: Record<StaffRole, number> = { analyst: 1, game_master: 2, admin: 3 };

export function hasRoleAtLeast(user: SessionUser | null, minimum: StaffRole): boolean {
  if (!user) return false;
  return user.roles.some((role) => roleRank[role] >= roleRank[minimum]);
}

/** Why a request that carries a session token has no user: the account is banned (shown to the player). */
export interface BanNotice {
  reason: string;
  /** null = permanent. */
  until: Date | null;
  message: string;
}
