import type { Metadata } from "next";
import { EngineStatusTable } from "@/components/ui/engine-status-table";
import { serverCaller } from "@/server/caller";

export const metadata: Metadata = { title: "System status" };
export const dynamic = "force-dynamic";

export default async function StatusPage() {
  const report = await (await serverCaller()).health.status();
  return (
    <section aria-labelledby="status-heading" className="space-y-4">
      <h1 id="status-heading" className="text-2xl font-semibold">System status</h1>
      <p className="text-sm text-slate-600">
        Version {report.version} · overall <strong data-testid="overall-status">{report.status}</strong> · checked {new Date(report.checkedAt).toLocaleTimeString("en-GB")}
      </p>
      <EngineStatusTable report={report} />
    </section>
  );
}
