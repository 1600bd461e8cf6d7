import "server-only";
import { serverCaller } from "@/server/caller";
import type { StaffViewer } from "@/components/staff/staff-access";
import { hasRoleAtLeast, type SessionUser } from "@/server/session";

/** The signed-in staff member for a staff page (checked on the server for every request), or null. */
export async function staffViewer(): Promise<StaffViewer | null> {
  const me = await (await serverCaller()).account.me();
  if (!me) return null;
  const user: SessionUser = { playerId: me.playerId, username: me.username, roles: me.roles };
  if (!hasRoleAtLeast(user, "analyst")) return null;
  return { playerId: me.playerId, username: me.username, roles: me.roles, canAct: hasRoleAtLeast(user, "game_master") };
}
