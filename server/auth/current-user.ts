import "server-only";
import type { Engines } from "@/server/context";
import type { SessionUser } from "@/server/session";

/**
 * The signed-in user of the current request. Accounts arrive with the player-portal work;
 * until then every request is anonymous.
 */
export async function currentSessionUser(_engines: Engines): Promise<SessionUser | null> {
  return null;
}
