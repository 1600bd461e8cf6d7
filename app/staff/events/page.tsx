import type { Metadata } from "next";
import { EventBrowser } from "@/components/staff/event-browser";
import { StaffForbidden, StaffHeader } from "@/components/staff/staff-access";
import { staffViewer } from "@/app/staff/staff-viewer";

export const metadata: Metadata = { title: "Staff · Game events" };
export const dynamic = "force-dynamic";

export default async function StaffEventsPage() {
  const viewer = await staffViewer();
  if (!viewer) return <StaffForbidden />;
  return (
    <div>
      <StaffHeader title="Game events" viewer={viewer} />
      <EventBrowser />
    </div>
  );
}
