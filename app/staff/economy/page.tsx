import type { Metadata } from "next";
import { EconomyView } from "@/components/staff/economy-view";
import { StaffForbidden, StaffHeader } from "@/components/staff/staff-access";
import { staffViewer } from "@/app/staff/staff-viewer";

export const metadata: Metadata = { title: "Staff · Economy" };
export const dynamic = "force-dynamic";

export default async function StaffEconomyPage() {
  const viewer = await staffViewer();
  if (!viewer) return <StaffForbidden />;
  return (
    <div>
      <StaffHeader title="Economy" viewer={viewer} />
      <EconomyView />
    </div>
  );
}
