import type { Metadata } from "next";
import { BulkBanForm } from "@/components/staff/ban-forms";
import { PlayerSearch } from "@/components/staff/player-search";
import { StaffForbidden, StaffHeader } from "@/components/staff/staff-access";
import { staffViewer } from "@/app/staff/staff-viewer";

export const metadata: Metadata = { title: "Staff · Players" };
export const dynamic = "force-dynamic";

export default async function StaffPlayersPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const viewer = await staffViewer();
  if (!viewer) return <StaffForbidden />;
  const { q } = await searchParams;
  return (
    <div className="space-y-6">
      <StaffHeader title="Players" viewer={viewer} />
      <PlayerSearch initialQuery={q ?? ""} />
      {viewer.canAct ? <BulkBanForm /> : null}
    </div>
  );
}
