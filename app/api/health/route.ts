import { processEngines } from "@/server/engines";
import { checkHealth } from "@/server/health/health.service";

export const dynamic = "force-dynamic";

/** 200 while PostgreSQL answers (other engines may be degraded), 503 when it does not. */
export async function GET(): Promise<Response> {
  const report = await checkHealth(processEngines());
  return Response.json(report, { status: report.status === "down" ? 503 : 200, headers: { "cache-control": "no-store" } });
}
