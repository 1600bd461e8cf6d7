"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { FormAlert } from "@/components/ui/field";
import { formMessageOf } from "@/components/ui/form-errors";
import { CharacterPicker } from "@/components/market/character-picker";
import { formatAmount, RarityBadge } from "@/components/market/format";

const statusStyles: Record<string, string> = {
  active: "bg-ocean-100 text-ocean-900",
  sold: "bg-emerald-100 text-emerald-800",
  expired: "bg-amber-100 text-amber-900",
  cancelled: "bg-slate-100 text-slate-700",
};

const dateTime = (value: Date | string | null) => (value ? new Date(value).toLocaleString("en-GB", { dateStyle: "short", timeStyle: "short" }) : "");

/** A character's listings (with status and a cancel button), purchases and sales, and the returns mailbox. */
export function MarketHistoryPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [characterId, setCharacterId] = useState<number | null>(null);
  const history = useQuery(trpc.market.history.queryOptions({ characterId: characterId ?? 0 }, { enabled: characterId !== null }));
  const cancel = useMutation(trpc.market.cancel.mutationOptions());
  const claim = useMutation(trpc.market.claimMailbox.mutationOptions());
  const [message, setMessage] = useState<{ text: string; tone: "error" | "success" } | null>(null);

  async function refresh() {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.market.history.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.market.myCharacters.queryKey() }),
    ]);
  }

  async function onCancel(listingId: number, itemName: string) {
    setMessage(null);
    try {
      const returned = await cancel.mutateAsync({ listingId });
      setMessage({
        text:
          returned.toMailbox > 0
            ? `${itemName}: ${returned.toBag} back in your bag, ${returned.toMailbox} waiting in your mailbox (your bag is full).`
            : `${itemName}: ${returned.quantity} back in your bag.`,
        tone: "success",
      });
    } catch (error) {
      setMessage({ text: formMessageOf(error), tone: "error" });
    }
    await refresh();
  }

  async function onClaim() {
    if (!characterId) return;
    setMessage(null);
    try {
      const result = await claim.mutateAsync({ characterId });
      setMessage({ text: `Collected ${result.claimed} item(s)${result.left ? `; ${result.left} still waiting for room` : ""}.`, tone: "success" });
    } catch (error) {
      setMessage({ text: formMessageOf(error), tone: "error" });
    }
    await refresh();
  }

  const data = history.data;
  return (
    <div className="space-y-4">
      <div className="max-w-sm">
        <CharacterPicker id="historyCharacterId" value={characterId} onChange={setCharacterId} />
      </div>
      <FormAlert message={message?.text ?? null} tone={message?.tone} />
      {history.error ? <FormAlert message={formMessageOf(history.error)} /> : null}
      {data && data.mailbox.length > 0 ? (
        <section aria-labelledby="mailbox-heading" className="rounded-lg border border-amber-200 bg-amber-50 p-5">
          <h2 id="mailbox-heading" className="text-lg font-semibold">Returned items waiting for room</h2>
          <ul className="mt-2 list-inside list-disc text-sm">
            {data.mailbox.map((p) => (
              <li key={p.parcelId}>
                {p.quantity} × {p.itemName} ({p.reason})
              </li>
            ))}
          </ul>
          <button type="button" onClick={onClaim} disabled={claim.isPending} className="mt-3 rounded bg-ocean-600 px-3 py-2 text-sm font-semibold text-white hover:bg-ocean-700 disabled:opacity-60">
            Collect into my bag
          </button>
        </section>
      ) : null}
      {data ? (
        <>
          <section aria-labelledby="my-listings-heading" className="rounded-lg bg-white p-5 shadow">
            <h2 id="my-listings-heading" className="text-lg font-semibold">My listings</h2>
            {data.listings.length === 0 ? (
              <p className="mt-2 text-sm text-slate-600">
                No listings yet. <Link href="/market/sell" className="text-ocean-700 underline">Sell an item</Link>.
              </p>
            ) : (
              <div className="mt-2 overflow-x-auto">
                <table className="w-full text-left text-sm">
                  <thead className="border-b text-xs uppercase text-slate-500">
                    <tr>
                      <th scope="col" className="py-2 pr-3">Item</th>
                      <th scope="col" className="py-2 pr-3">Status</th>
                      <th scope="col" className="py-2 pr-3 text-right">Sold</th>
                      <th scope="col" className="py-2 pr-3 text-right">Left / returned</th>
                      <th scope="col" className="py-2 pr-3 text-right">Price per unit</th>
                      <th scope="col" className="py-2 pr-3">Listed</th>
                      <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.listings.map((l) => (
                      <tr key={l.listingId} className="border-b last:border-0" data-testid="my-listing-row">
                        <th scope="row" className="py-2 pr-3 font-medium">
                          <Link href={`/market/items/${l.itemId}`} className="text-ocean-700 hover:underline">{l.itemName}</Link> <RarityBadge rarity={l.rarity} />
                        </th>
                        <td className="py-2 pr-3">
                          <span className={`rounded px-2 py-0.5 text-xs font-medium capitalize ${statusStyles[l.status] ?? ""}`}>{l.status}</span>
                        </td>
                        <td className="py-2 pr-3 text-right tabular-nums">{l.soldQuantity}</td>
                        <td className="py-2 pr-3 text-right tabular-nums">{l.status === "sold" ? 0 : l.quantity}</td>
                        <td className="py-2 pr-3 text-right tabular-nums">{formatAmount(l.pricePerUnit, l.currencyType)}</td>
                        <td className="py-2 pr-3">{dateTime(l.listedAt)}</td>
                        <td className="py-2 text-right">
                          {l.status === "active" ? (
                            <button
                              type="button"
                              onClick={() => onCancel(l.listingId, l.itemName)}
                              disabled={cancel.isPending}
                              aria-label={`Cancel listing of ${l.itemName}`}
                              className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50"
                            >
                              Cancel
                            </button>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section aria-labelledby="trades-heading" className="rounded-lg bg-white p-5 shadow">
            <h2 id="trades-heading" className="text-lg font-semibold">Purchases and sales</h2>
            {data.trades.length === 0 ? (
              <p className="mt-2 text-sm text-slate-600">Nothing bought or sold yet.</p>
            ) : (
              <div className="mt-2 overflow-x-auto">
                <table className="w-full text-left text-sm">
                  <thead className="border-b text-xs uppercase text-slate-500">
                    <tr>
                      <th scope="col" className="py-2 pr-3">When</th>
                      <th scope="col" className="py-2 pr-3">What</th>
                      <th scope="col" className="py-2 pr-3">Item</th>
                      <th scope="col" className="py-2 pr-3 text-right">Quantity</th>
                      <th scope="col" className="py-2 pr-3 text-right">Amount</th>
                      <th scope="col" className="py-2 pr-3">With</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.trades.map((t) => (
                      <tr key={t.transactionId} className="border-b last:border-0" data-testid="trade-line">
                        <td className="py-2 pr-3">{dateTime(t.createdAt)}</td>
                        <td className="py-2 pr-3 capitalize">{t.kind}</td>
                        <td className="py-2 pr-3">{t.itemName}</td>
                        <td className="py-2 pr-3 text-right tabular-nums">{t.quantity}</td>
                        <td className="py-2 pr-3 text-right tabular-nums">
                          {t.kind === "purchase" ? "−" : "+"}
                          {formatAmount(t.amount, t.currencyType)}
                          {t.kind === "sale" ? <span className="block text-xs text-slate-500">fee {formatAmount(t.fee, t.currencyType)}</span> : null}
                        </td>
                        <td className="py-2 pr-3">{t.counterpartyName ?? "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      ) : characterId ? (
        <p className="text-sm text-slate-600">Loading…</p>
      ) : (
        <p className="text-sm text-slate-600">Choose a character to see its listings, purchases and sales.</p>
      )}
    </div>
  );
}
