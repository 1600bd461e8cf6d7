import "server-only";
import { clientIpFrom } from "@/server/auth/client-ip";
import type { Engines } from "@/server/engines";
import type { SessionUser } from "@/server/session";

export interface InnerContext {
  engines: Engines;
  session: SessionUser | null;
  clientIp: string | null;
}

/** The context without a request: what tests pass to createCaller. */
export function createInnerContext(input: { engines: Engines; session?: SessionUser | null; clientIp?: string | null }): InnerContext {
  return { engines: input.engines, session: input.session ?? null, clientIp: input.clientIp ?? null };
}

export function clientIpOf(headers: Headers): string | null {
  return clientIpFrom((name) => headers.get(name));
}
