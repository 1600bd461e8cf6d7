import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SellForm } from "@/components/market/sell-form";
import { serverCaller } from "@/server/caller";

export const metadata: Metadata = { title: "Sell an item" };
export const dynamic = "force-dynamic";

export default async function SellPage() {
  const caller = await serverCaller();
  if (!(await caller.account.me())) redirect("/sign-in?callbackUrl=/market/sell");
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link href="/market" className="text-ocean-700 underline">Market</Link> / Sell
        </p>
        <h1 className="text-2xl font-semibold">Sell an item</h1>
        <p className="text-sm text-slate-600">
          The items leave your inventory while they are listed. Cancel any time to get them back; unsold items come back when the listing expires. A 5&nbsp;% market fee (at least 1) is taken from each sale.
        </p>
      </div>
      <SellForm />
    </div>
  );
}
