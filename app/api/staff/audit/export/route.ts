import { createRequestContext } from "@/server/request-context";
import { auditExportResponse } from "@/server/staff/audit-export.service";

// Reads the session and streams from the database on every request.
export const dynamic = "force-dynamic";

/** The audit log's filtered rows as CSV (same query parameters as /staff/audit); analysts and above. */
export async function GET(request: Request): Promise<Response> {
  const ctx = await createRequestContext(request.headers);
  return auditExportResponse(ctx, new URL(request.url).searchParams);
}
