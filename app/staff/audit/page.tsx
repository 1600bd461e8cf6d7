import type { Metadata } from "next";
import { AuditBrowser } from "@/components/staff/audit-browser";
import { StaffForbidden, StaffHeader } from "@/components/staff/staff-access";
import { staffViewer } from "@/app/staff/staff-viewer";

export const metadata: Metadata = { title: "Staff · Audit log" };
export const dynamic = "force-dynamic";

export default async function StaffAuditPage({ searchParams }: { searchParams: Promise<{ actor?: string }> }) {
  const viewer = await staffViewer();
  if (!viewer) return <StaffForbidden />;
  const { actor } = await searchParams;
  return (
    <div>
      <StaffHeader title="Audit log" viewer={viewer} />
      <AuditBrowser initialActor={actor} />
    </div>
  );
}
