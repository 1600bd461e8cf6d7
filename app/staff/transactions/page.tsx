import type { Metadata } from "next";
import { StaffForbidden, StaffHeader } from "@/components/staff/staff-access";
import { staffViewer } from "@/app/staff/staff-viewer";
import { TransactionBrowser } from "@/components/staff/transaction-browser";

export const metadata: Metadata = { title: "Staff · Transactions" };
export const dynamic = "force-dynamic";

export default async function StaffTransactionsPage({ searchParams }: { searchParams: Promise<{ id?: string }> }) {
  const viewer = await staffViewer();
  if (!viewer) return <StaffForbidden />;
  const id = Number((await searchParams).id);
  return (
    <div>
      <StaffHeader title="Transactions" viewer={viewer} />
      <TransactionBrowser canAct={viewer.canAct} initialId={Number.isSafeInteger(id) && id > 0 ? id : null} />
    </div>
  );
}
