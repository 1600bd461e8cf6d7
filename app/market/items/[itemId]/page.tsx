import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { MarketBrowser } from "@/components/market/market-browser";
import { PriceHistoryChart } from "@/components/market/price-history-chart";
import { formatAmount, RarityBadge } from "@/components/market/format";
import { serverCaller } from "@/server/caller";

export const metadata: Metadata = { title: "Item prices" };
export const dynamic = "force-dynamic";

export default async function ItemMarketPage({ params }: { params: Promise<{ itemId: string }> }) {
  const { itemId: raw } = await params;
  const itemId = Number(raw);
  if (!Number.isSafeInteger(itemId) || itemId < 1 || itemId > 2_147_483_647) notFound();
  const caller = await serverCaller();
  const [market, me] = await Promise.all([
    caller.market.item({ itemId }).catch((error: unknown) => {
      if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
      throw error;
    }),
    caller.account.me(),
  ]);
  const { item, lowest, history } = market;
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link href="/market" className="text-ocean-700 underline">Market</Link> / {item.itemName}
        </p>
        <h1 className="text-2xl font-semibold">{item.itemName}</h1>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm capitalize text-slate-600">
          <RarityBadge rarity={item.rarity} /> {item.itemType} · level {item.requiredLevel} · stacks to {item.maxStackSize}
          {item.isTradeable ? null : <span className="normal-case text-red-700"> · cannot be traded</span>}
        </p>
        {item.description ? <p className="mt-2 max-w-2xl text-sm text-slate-700">{item.description}</p> : null}
      </div>
      <section aria-labelledby="prices-heading" className="grid gap-4 lg:grid-cols-[1fr_2fr]">
        <div className="rounded-lg bg-white p-5 shadow">
          <h2 id="prices-heading" className="text-lg font-semibold">Current price</h2>
          <dl className="mt-2 space-y-1 text-sm">
            <div className="flex justify-between">
              <dt className="text-slate-600">Lowest price per unit</dt>
              <dd className="font-semibold tabular-nums" data-testid="lowest-price">
                {lowest.lowestPrice === null ? "none listed" : formatAmount(lowest.lowestPrice, market.currencyType)}
              </dd>
            </div>
            <div className="flex justify-between">
              <dt className="text-slate-600">Active listings</dt>
              <dd className="tabular-nums">{lowest.activeListings}</dd>
            </div>
            <div className="flex justify-between">
              <dt className="text-slate-600">Units for sale</dt>
              <dd className="tabular-nums">{lowest.unitsForSale}</dd>
            </div>
          </dl>
        </div>
        <div className="rounded-lg bg-white p-5 shadow">
          <h2 className="text-lg font-semibold">Price history (30 days)</h2>
          <PriceHistoryChart points={history} currency={market.currencyType} />
        </div>
      </section>
      <MarketBrowser initialFilters={{}} signedIn={Boolean(me)} fixedItemId={item.itemId} />
    </div>
  );
}
