"use client";

import Link from "next/link";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { FormAlert } from "@/components/ui/field";
import { DegradedNotice } from "@/components/search/degraded-notice";
import { fieldErrorsOf, formMessageOf, issuesToFieldErrors } from "@/components/ui/form-errors";
import { BuyPanel } from "@/components/market/buy-panel";
import { formatAmount, formatSecondsLeft, RarityBadge } from "@/components/market/format";
import { currencyTypes, itemTypes, rarities, searchListingsInput, type SearchListingsInput } from "@/server/market/market.schema";
import type { RouterOutputs } from "@/components/providers/api-types";

type ListingView = RouterOutputs["market"]["search"]["listings"][number];

export type MarketFilters = Omit<SearchListingsInput, "cursor" | "limit">;

const pageSize = 20;

function numberOrUndefined(value: FormDataEntryValue | null): number | undefined {
  const text = String(value ?? "").trim();
  return text === "" ? undefined : Number(text);
}

function stringOrUndefined(value: FormDataEntryValue | null): string | undefined {
  const text = String(value ?? "").trim();
  return text === "" ? undefined : text;
}

function SelectFilter({ id, label, value, options, errors }: { id: string; label: string; value?: string; options: readonly string[]; errors?: string[] }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select id={id} name={id} defaultValue={value ?? ""} className="w-full rounded border border-slate-300 bg-white px-3 py-2 text-sm capitalize focus:outline-none focus:ring-2 focus:ring-ocean-500">
        <option value="">Any</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option.replace("_", " ")}
          </option>
        ))}
      </select>
      {errors?.length ? <p className="text-sm text-red-700">{errors.join(" ")}</p> : null}
    </div>
  );
}

function NumberFilter({ id, label, value, errors, min, max }: { id: string; label: string; value?: number; errors?: string[]; min?: number; max?: number }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={id}
        name={id}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        defaultValue={value}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${id}-error` : undefined}
        className={`w-full rounded border px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-ocean-500 ${errors?.length ? "border-red-500" : "border-slate-300"}`}
      />
      {errors?.length ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** Browse and search active listings: filters, cheapest first, cursor pages, and buying for signed-in players. */
export function MarketBrowser({ initialFilters, signedIn, fixedItemId }: { initialFilters: MarketFilters; signedIn: boolean; fixedItemId?: number }) {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<MarketFilters>(initialFilters);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [formErrors, setFormErrors] = useState<Record<string, string[]>>({});
  const [buying, setBuying] = useState<ListingView | null>(null);
  const cursor = cursors.at(-1) ?? null;
  const query = { ...filters, itemId: fixedItemId ?? filters.itemId, cursor, limit: pageSize };
  const search = useQuery(trpc.market.search.queryOptions(query, { placeholderData: keepPreviousData }));
  const errors = { ...formErrors, ...fieldErrorsOf(search.error) };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: MarketFilters = {
      text: stringOrUndefined(form.get("text")),
      itemType: stringOrUndefined(form.get("itemType")) as MarketFilters["itemType"],
      rarity: stringOrUndefined(form.get("rarity")) as MarketFilters["rarity"],
      currencyType: stringOrUndefined(form.get("currencyType")) as MarketFilters["currencyType"],
      minLevel: numberOrUndefined(form.get("minLevel")),
      maxLevel: numberOrUndefined(form.get("maxLevel")),
      minPrice: numberOrUndefined(form.get("minPrice")),
      maxPrice: numberOrUndefined(form.get("maxPrice")),
    };
    const checked = searchListingsInput.safeParse(next);
    if (!checked.success) {
      setFormErrors(issuesToFieldErrors(checked.error.issues));
      return;
    }
    setFormErrors({});
    setCursors([null]);
    setBuying(null);
    setFilters(next);
    // Keep the address shareable: the filters live in the query string.
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v !== undefined && v !== "") params.set(k, String(v));
    window.history.replaceState(null, "", `${window.location.pathname}${params.size ? `?${params}` : ""}`);
  }

  const listings = search.data?.listings ?? [];
  return (
    <div className="space-y-4">
      {fixedItemId === undefined ? (
        <form onSubmit={onSubmit} role="search" aria-label="Search listings" className="space-y-3 rounded-lg bg-white p-5 shadow" noValidate>
          <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
            <div className="flex-1 space-y-1">
              <label htmlFor="text" className="block text-sm font-medium text-slate-700">
                Item name
              </label>
              <input
                id="text"
                name="text"
                type="search"
                defaultValue={filters.text}
                maxLength={100}
                placeholder="e.g. iron sword"
                className="w-full rounded border border-slate-300 px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-ocean-500"
              />
            </div>
            <button type="submit" className="rounded bg-ocean-600 px-3 py-2 font-semibold text-white hover:bg-ocean-700">
              Search
            </button>
          </div>
          <div className="grid gap-3 sm:grid-cols-4">
            <SelectFilter id="itemType" label="Item type" value={filters.itemType} options={itemTypes} errors={errors.itemType} />
            <SelectFilter id="rarity" label="Rarity" value={filters.rarity} options={rarities} errors={errors.rarity} />
            <SelectFilter id="currencyType" label="Currency" value={filters.currencyType} options={currencyTypes} errors={errors.currencyType} />
            <div className="grid grid-cols-2 gap-2">
              <NumberFilter id="minLevel" label="Min level" value={filters.minLevel} min={1} max={100} errors={errors.minLevel} />
              <NumberFilter id="maxLevel" label="Max level" value={filters.maxLevel} min={1} max={100} errors={errors.maxLevel} />
            </div>
            <NumberFilter id="minPrice" label="Min price per unit" value={filters.minPrice} min={1} errors={errors.minPrice} />
            <NumberFilter id="maxPrice" label="Max price per unit" value={filters.maxPrice} min={1} errors={errors.maxPrice} />
          </div>
        </form>
      ) : null}

      {search.error && !Object.keys(errors).length ? <FormAlert message={formMessageOf(search.error)} /> : null}
      <DegradedNotice show={search.data?.degraded === true} />

      <section aria-labelledby="listings-heading" className="rounded-lg bg-white p-5 shadow">
        <div className="mb-3 flex items-center justify-between">
          <h2 id="listings-heading" className="text-lg font-semibold">
            Listings
          </h2>
          <p className="text-xs text-slate-500" aria-live="polite">
            {search.isFetching ? "Loading…" : `${listings.length} shown, cheapest first`}
          </p>
        </div>
        {listings.length === 0 && !search.isLoading ? (
          <p className="text-sm text-slate-600">
            {search.data?.nextCursor ? "The listings on this page were sold a moment ago; the next page has more." : "No active listings match."}
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Active listings, cheapest per unit first</caption>
              <thead className="border-b text-xs uppercase text-slate-500">
                <tr>
                  <th scope="col" className="py-2 pr-3">Item</th>
                  <th scope="col" className="py-2 pr-3">Rarity</th>
                  <th scope="col" className="py-2 pr-3 text-right">Quantity</th>
                  <th scope="col" className="py-2 pr-3 text-right">Price per unit</th>
                  <th scope="col" className="py-2 pr-3">Seller</th>
                  <th scope="col" className="py-2 pr-3">Time left</th>
                  <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {listings.map((listing) => (
                  <tr key={listing.listingId} className="border-b last:border-0" data-testid="listing-row">
                    <th scope="row" className="py-2 pr-3 font-medium">
                      <Link href={`/market/items/${listing.itemId}`} className="text-ocean-700 underline-offset-2 hover:underline">
                        {listing.itemName}
                      </Link>
                      <span className="block text-xs font-normal capitalize text-slate-500">
                        {listing.itemType}, level {listing.requiredLevel}
                      </span>
                    </th>
                    <td className="py-2 pr-3"><RarityBadge rarity={listing.rarity} /></td>
                    <td className="py-2 pr-3 text-right tabular-nums">{listing.quantity}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{formatAmount(listing.pricePerUnit, listing.currencyType)}</td>
                    <td className="py-2 pr-3">{listing.sellerName}</td>
                    <td className="py-2 pr-3">{formatSecondsLeft(listing.secondsLeft)}</td>
                    <td className="py-2 text-right">
                      {signedIn ? (
                        <button
                          type="button"
                          onClick={() => setBuying(listing)}
                          aria-label={`Buy ${listing.itemName} from ${listing.sellerName}`}
                          className="rounded bg-ocean-600 px-3 py-1 text-sm font-semibold text-white hover:bg-ocean-700"
                        >
                          Buy
                        </button>
                      ) : (
                        <Link href="/sign-in?callbackUrl=/market" className="text-sm text-ocean-700 underline">
                          Sign in to buy
                        </Link>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav aria-label="Listing pages" className="mt-3 flex justify-between">
          <button
            type="button"
            disabled={cursors.length <= 1}
            onClick={() => setCursors((stack) => stack.slice(0, -1))}
            className="rounded border border-slate-300 px-3 py-1 text-sm disabled:opacity-50"
          >
            Previous page
          </button>
          <button
            type="button"
            disabled={!search.data?.nextCursor}
            onClick={() => search.data?.nextCursor && setCursors((stack) => [...stack, search.data!.nextCursor])}
            className="rounded border border-slate-300 px-3 py-1 text-sm disabled:opacity-50"
          >
            Next page
          </button>
        </nav>
      </section>

      {buying ? <BuyPanel key={buying.listingId} listing={buying} onClose={() => setBuying(null)} /> : null}
    </div>
  );
}
