import "server-only";
import { z } from "zod";
import type { InnerContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { auditFilterFromSearchParams, auditFilterInput } from "@/server/staff/audit.schema";
import { auditCsv } from "@/server/staff/audit-log.service";
import { hasRoleAtLeast } from "@/server/session";

/**
 * GET /api/staff/audit/export: the filtered audit log as a streamed CSV. The same checks as the analyst tier
 * (signed in, analyst or higher), made here because a route handler is not a tRPC procedure. Web-standard
 * Request/Response only, so tests call it with an inner context.
 */

function plain(status: number, message: string): Response {
  return new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

export async function auditExportResponse(ctx: InnerContext, params: URLSearchParams): Promise<Response> {
  if (!ctx.session) return plain(401, "Please sign in first.");
  if (!hasRoleAtLeast(ctx.session, "analyst")) return plain(403, "This needs the analyst (or higher) role.");
  const parsed = auditFilterInput.safeParse(auditFilterFromSearchParams(params));
  if (!parsed.success) return plain(400, z.prettifyError(parsed.error));

  let lines: AsyncGenerator<string>;
  try {
    lines = await auditCsv(ctx.engines, parsed.data);
  } catch (error) {
    if (error instanceof AppError) return plain(400, error.message);
    throw error;
  }
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    // Pull-based: the next batch of 1000 rows is read only when the client has taken the previous one.
    async pull(controller) {
      try {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        console.error("[audit export] failed mid-stream", error);
        controller.error(error);
      }
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-log-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
}
