import type { Metadata } from "next";
import Link from "next/link";
import { SearchBox } from "@/components/search/search-box";
import { DegradedNotice } from "@/components/search/degraded-notice";
import { Highlighted } from "@/components/search/highlighted";
import { one, oneOf, type SearchParams } from "@/components/ui/search-params";
import { serverCaller } from "@/server/caller";
import { itemTypes, rarities } from "@/server/market/market.schema";
import { Panel } from "@/components/ui/panel";

export const metadata: Metadata = { title: "Search" };
export const dynamic = "force-dynamic";

function searchHref(q: string, facets: { itemType?: string; rarity?: string }): string {
  const params = new URLSearchParams({ q });
  if (facets.itemType) params.set("itemType", facets.itemType);
  if (facets.rarity) params.set("rarity", facets.rarity);
  return `/search?${params.toString()}`;
}

/** The global search: items (with type and rarity facets), guilds and players, matches highlighted. */
export default async function SearchPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const q = one(params, "q")?.slice(0, 100) ?? "";
  const itemType = oneOf(params, "itemType", itemTypes);
  const rarity = oneOf(params, "rarity", rarities);
  const result = q ? await (await serverCaller()).search.global({ q, itemType, rarity, limit: 20 }) : null;

  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">Search</h1>
        <SearchBox initialQuery={q} variant="page" />
      </div>
      {result ? <DegradedNotice show={result.degraded} /> : <p className="text-slate-600">Type the name of an item, a guild or a player.</p>}
      {result ? (
        <div className="grid gap-6 md:grid-cols-[14rem_1fr]">
          <aside aria-labelledby="facets-heading" className="space-y-4 rounded-lg bg-white p-5 shadow">
            <h2 id="facets-heading" className="font-semibold">
              Filter items
            </h2>
            {(
              [
                ["Type", "itemType", result.items.facets.itemType, itemType],
                ["Rarity", "rarity", result.items.facets.rarity, rarity],
              ] as const
            ).map(([label, key, counts, selected]) => (
              <nav key={key} aria-label={`Item ${label.toLowerCase()}`}>
                <h3 className="text-sm font-medium text-slate-700">{label}</h3>
                <ul className="mt-1 space-y-1 text-sm">
                  {counts.length === 0 ? <li className="text-slate-500">none</li> : null}
                  {counts.map((facet) => {
                    const active = selected === facet.value;
                    const next = { itemType, rarity, [key]: active ? undefined : facet.value };
                    return (
                      <li key={facet.value}>
                        <Link
                          href={searchHref(q, next)}
                          aria-current={active ? "true" : undefined}
                          className={`flex justify-between rounded px-2 py-1 hover:bg-ocean-50 ${active ? "bg-ocean-100 font-semibold" : ""}`}
                        >
                          <span className="capitalize">{facet.value}</span>
                          <span className="text-slate-500">{facet.count}</span>
                        </Link>
                      </li>
                    );
                  })}
                </ul>
              </nav>
            ))}
          </aside>
          <div className="space-y-6">
            <Panel id="items-heading" title={<>Items <span className="text-sm font-normal text-slate-500">({result.items.total})</span></>}>
              {result.items.hits.length === 0 ? <p className="mt-2 text-sm text-slate-600">No items match.</p> : null}
              <ul className="mt-2 divide-y" data-testid="search-items">
                {result.items.hits.map((item) => (
                  <li key={item.itemId} className="flex items-center justify-between py-2">
                    <Link href={`/market/items/${item.itemId}`} className="font-medium text-ocean-700 hover:underline">
                      <Highlighted segments={item.name} />
                    </Link>
                    <span className="text-sm capitalize text-slate-600">
                      {item.rarity} {item.itemType} · level {item.requiredLevel} ·{" "}
                      <Link className="text-ocean-700 hover:underline" href={`/market?text=${encodeURIComponent(item.itemName)}`}>
                        on the market
                      </Link>
                    </span>
                  </li>
                ))}
              </ul>
            </Panel>
            <Panel id="guilds-heading" title="Guilds">
              {result.guilds.length === 0 ? <p className="mt-2 text-sm text-slate-600">No guilds match.</p> : null}
              <ul className="mt-2 divide-y" data-testid="search-guilds">
                {result.guilds.map((guild) => (
                  <li key={guild.guildId} className="flex items-center justify-between py-2">
                    <Link href={`/guilds/${guild.guildId}`} className="font-medium text-ocean-700 hover:underline">
                      <Highlighted segments={guild.name} />
                    </Link>
                    <span className="text-sm text-slate-600">
                      [{guild.guildTag}] · level {guild.level}
                      {guild.isRecruiting ? " · recruiting" : ""}
                    </span>
                  </li>
                ))}
              </ul>
            </Panel>
            <Panel id="players-heading" title="Players">
              {result.players.length === 0 ? <p className="mt-2 text-sm text-slate-600">No players match.</p> : null}
              <ul className="mt-2 divide-y" data-testid="search-players">
                {result.players.map((player) => (
                  <li key={player.playerId} className="flex items-center justify-between py-2">
                    <Link href={`/players/${encodeURIComponent(player.username)}`} className="font-medium text-ocean-700 hover:underline">
                      <Highlighted segments={player.name} />
                    </Link>
                    {player.displayName ? <span className="text-sm text-slate-600">{player.displayName}</span> : null}
                  </li>
                ))}
              </ul>
            </Panel>
          </div>
        </div>
      ) : null}
    </div>
  );
}
