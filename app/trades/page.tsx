import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { TradeList } from "@/components/trade/trade-list";
import { serverCaller } from "@/server/caller";

export const metadata: Metadata = { title: "Direct trades" };
export const dynamic = "force-dynamic";

export default async function TradesPage() {
  const caller = await serverCaller();
  if (!(await caller.account.me())) redirect("/sign-in?callbackUrl=/trades");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Direct trades</h1>
        <p className="text-sm text-slate-600">
          Put up items and currency, and confirm. The swap happens only when both sides confirm the same offer; any change resets both confirmations.
        </p>
      </div>
      <TradeList />
    </div>
  );
}
