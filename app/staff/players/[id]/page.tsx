import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { BanPanel } from "@/components/staff/ban-forms";
import { StaffPlayerView } from "@/components/staff/player-view";
import { StaffForbidden, StaffHeader } from "@/components/staff/staff-access";
import { staffViewer } from "@/app/staff/staff-viewer";
import { serverCaller } from "@/server/caller";

export const metadata: Metadata = { title: "Staff · Player" };
export const dynamic = "force-dynamic";

export default async function StaffPlayerPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await staffViewer();
  if (!viewer) return <StaffForbidden />;
  const playerId = Number((await params).id);
  if (!Number.isSafeInteger(playerId) || playerId < 1) notFound();
  const page = await (await serverCaller()).staff.players.get({ playerId }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return (
    <div className="space-y-6">
      <StaffHeader title={`Player ${page.account.username}`} viewer={viewer} />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <StaffPlayerView page={page} />
        </div>
        <div>{viewer.canAct ? <BanPanel playerId={page.account.playerId} username={page.account.username} banned={page.account.banned} /> : null}</div>
      </div>
    </div>
  );
}
