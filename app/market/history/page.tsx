import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { MarketHistoryPanel } from "@/components/market/market-history-panel";
import { serverCaller } from "@/server/caller";

export const metadata: Metadata = { title: "My market history" };
export const dynamic = "force-dynamic";

export default async function MarketHistoryPage() {
  const caller = await serverCaller();
  if (!(await caller.account.me())) redirect("/sign-in?callbackUrl=/market/history");
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link href="/market" className="text-ocean-700 underline">Market</Link> / History
        </p>
        <h1 className="text-2xl font-semibold">My market history</h1>
      </div>
      <MarketHistoryPanel />
    </div>
  );
}
