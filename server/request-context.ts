import "server-only";
import { clientIpOf, createInnerContext, type InnerContext } from "@/server/context";
import { processEngines } from "@/server/engines";
import { currentSessionUser } from "@/server/auth/current-user";

/** The context of a real HTTP request: process-wide engines plus the signed-in user, re-checked every request. */
export async function createRequestContext(headers: Headers): Promise<InnerContext> {
  const engines = processEngines();
  const session = await currentSessionUser(engines);
  return createInnerContext({ engines, session, clientIp: clientIpOf(headers) });
}
