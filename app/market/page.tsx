import type { Metadata } from "next";
import Link from "next/link";
import { MarketBrowser, type MarketFilters } from "@/components/market/market-browser";
import { one, oneOf, type SearchParams } from "@/components/ui/search-params";
import { serverCaller } from "@/server/caller";
import { currencyTypes, itemTypes, rarities } from "@/server/market/market.schema";

export const metadata: Metadata = { title: "Market" };
export const dynamic = "force-dynamic";

function positiveInt(params: SearchParams, key: string): number | undefined {
  const value = Number(one(params, key));
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** The filters a shared link carries; anything malformed is dropped rather than shown as an error. */
function filtersFrom(params: SearchParams): MarketFilters {
  return {
    text: one(params, "text")?.slice(0, 100),
    itemType: oneOf(params, "itemType", itemTypes),
    rarity: oneOf(params, "rarity", rarities),
    currencyType: oneOf(params, "currencyType", currencyTypes),
    minLevel: positiveInt(params, "minLevel"),
    maxLevel: positiveInt(params, "maxLevel"),
    minPrice: positiveInt(params, "minPrice"),
    maxPrice: positiveInt(params, "maxPrice"),
  };
}

export default async function MarketPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const [params, caller] = await Promise.all([searchParams, serverCaller()]);
  const me = await caller.account.me();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Market</h1>
          <p className="text-sm text-slate-600">Buy from other players. Every purchase is one atomic step: the gold and the items move together or not at all.</p>
        </div>
        {me ? (
          <nav aria-label="Market" className="flex gap-2">
            <Link href="/market/sell" className="rounded bg-ocean-600 px-3 py-2 text-sm font-semibold text-white hover:bg-ocean-700">
              Sell an item
            </Link>
            <Link href="/market/history" className="rounded border border-ocean-600 px-3 py-2 text-sm font-semibold text-ocean-700 hover:bg-ocean-50">
              My market history
            </Link>
            <Link href="/trades" className="rounded border border-ocean-600 px-3 py-2 text-sm font-semibold text-ocean-700 hover:bg-ocean-50">
              Direct trades
            </Link>
          </nav>
        ) : null}
      </div>
      <MarketBrowser initialFilters={filtersFrom(params)} signedIn={Boolean(me)} />
    </div>
  );
}
