"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Field, FormAlert } from "@/components/ui/field";
import { fieldErrorsOf, formMessageOf } from "@/components/ui/form-errors";
import { currencyNames, formatAmount, RarityBadge } from "@/components/market/format";
import { currencyTypes, type CurrencyType } from "@/server/market/market.schema";
import type { RouterOutputs } from "@/components/providers/api-types";

type TradeView = RouterOutputs["trade"]["get"];
type TradeSide = TradeView["me"];

function SideCard({ side, title, editable, onWithdraw }: { side: TradeSide; title: string; editable: boolean; onWithdraw?: (slot: number) => void }) {
  return (
    <section aria-label={title} className="rounded-lg bg-white p-5 shadow">
      <div className="flex items-center justify-between">
        <h2 className="text-lg font-semibold">{title}</h2>
        <span className={`rounded px-2 py-0.5 text-xs font-medium ${side.confirmed ? "bg-emerald-100 text-emerald-800" : "bg-slate-100 text-slate-700"}`}>
          {side.confirmed ? "Confirmed" : "Not confirmed"}
        </span>
      </div>
      {side.items.length === 0 && side.currencies.length === 0 ? <p className="mt-2 text-sm text-slate-600">Nothing offered yet.</p> : null}
      <ul className="mt-2 space-y-1 text-sm">
        {side.items.map((item) => (
          <li key={item.inventorySlotId} className="flex items-center justify-between gap-2">
            <span>
              {item.quantity} × {item.itemName} <RarityBadge rarity={item.rarity} />
            </span>
            {editable && item.slotPosition !== null ? (
              <button type="button" onClick={() => onWithdraw?.(item.slotPosition!)} className="text-xs text-red-700 underline">
                Withdraw
              </button>
            ) : null}
          </li>
        ))}
        {side.currencies.map((c) => (
          <li key={c.currencyType}>{formatAmount(c.amount, c.currencyType)}</li>
        ))}
      </ul>
    </section>
  );
}

/** One trade: both offers, my offer forms, confirm and cancel. Polls so the other side's changes show up. */
export function TradeRoom({ tradeId, characterId }: { tradeId: number; characterId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ref = { tradeId, characterId };
  const trade = useQuery(trpc.trade.get.queryOptions(ref, { refetchInterval: (q) => (q.state.data?.status === "open" ? 2_000 : false) }));
  const slots = useQuery(trpc.market.sellableSlots.queryOptions({ characterId }));
  const offerItem = useMutation(trpc.trade.offerItem.mutationOptions());
  const withdrawItem = useMutation(trpc.trade.withdrawItem.mutationOptions());
  const offerCurrency = useMutation(trpc.trade.offerCurrency.mutationOptions());
  const confirm = useMutation(trpc.trade.confirm.mutationOptions());
  const cancel = useMutation(trpc.trade.cancel.mutationOptions());
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ text: string; tone: "error" | "success" } | null>(null);

  async function act(work: () => Promise<TradeView>, success?: (view: TradeView) => string) {
    setMessage(null);
    setFieldErrors({});
    try {
      const view = await work();
      queryClient.setQueryData(trpc.trade.get.queryKey(ref), view);
      if (success) setMessage({ text: success(view), tone: "success" });
    } catch (error) {
      setFieldErrors(fieldErrorsOf(error));
      setMessage({ text: formMessageOf(error), tone: "error" });
      await queryClient.invalidateQueries({ queryKey: trpc.trade.get.queryKey(ref) });
    }
    await queryClient.invalidateQueries({ queryKey: trpc.market.sellableSlots.queryKey({ characterId }) });
  }

  function onOfferItem(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const slot = String(form.get("slotPosition") ?? "");
    if (slot === "") {
      setFieldErrors({ slotPosition: ["Choose an item."] });
      return;
    }
    void act(() => offerItem.mutateAsync({ ...ref, slotPosition: Number(slot), quantity: Number(form.get("itemQuantity")) }));
  }

  function onOfferCurrency(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void act(() => offerCurrency.mutateAsync({ ...ref, currencyType: String(form.get("offerCurrency")) as CurrencyType, amount: Number(form.get("amount")) }));
  }

  if (trade.error) return <FormAlert message={formMessageOf(trade.error)} />;
  const view = trade.data;
  if (!view) return <p className="text-sm text-slate-600">Loading…</p>;
  const open = view.status === "open";
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">
        Trade with {view.them.name} <span className="text-base font-normal capitalize text-slate-600">({view.status})</span>
      </h1>
      <FormAlert message={message?.text ?? null} tone={message?.tone} />
      {view.status === "completed" ? <FormAlert tone="success" message="The trade is complete: both sides received their goods." /> : null}
      <div className="grid gap-4 md:grid-cols-2">
        <SideCard side={view.me} title={`Your offer (${view.me.name})`} editable={open} onWithdraw={(slot) => void act(() => withdrawItem.mutateAsync({ ...ref, slotPosition: slot }))} />
        <SideCard side={view.them} title={`${view.them.name}'s offer`} editable={false} />
      </div>
      {open ? (
        <>
          <div className="grid gap-4 md:grid-cols-2">
            <form onSubmit={onOfferItem} className="space-y-3 rounded-lg bg-white p-5 shadow" aria-labelledby="offer-item-heading" noValidate>
              <h2 id="offer-item-heading" className="font-semibold">Offer an item</h2>
              <div className="space-y-1">
                <label htmlFor="slotPosition" className="block text-sm font-medium text-slate-700">Item</label>
                <select id="slotPosition" name="slotPosition" defaultValue="" className="w-full rounded border border-slate-300 bg-white px-3 py-2 text-sm">
                  <option value="">Choose an item</option>
                  {slots.data?.map((s) => (
                    <option key={s.slotPosition} value={s.slotPosition} disabled={s.blockedReason !== null}>
                      Slot {s.slotPosition}: {s.itemName} × {s.quantity}
                      {s.blockedReason ? ` (${s.blockedReason})` : ""}
                    </option>
                  ))}
                </select>
                {fieldErrors.slotPosition ? <p className="text-sm text-red-700">{fieldErrors.slotPosition.join(" ")}</p> : null}
              </div>
              <Field label="Quantity" name="itemQuantity" type="number" min={1} defaultValue={1} errors={fieldErrors.quantity} />
              <button type="submit" className="rounded bg-ocean-600 px-3 py-2 text-sm font-semibold text-white hover:bg-ocean-700">Add to my offer</button>
            </form>
            <form onSubmit={onOfferCurrency} className="space-y-3 rounded-lg bg-white p-5 shadow" aria-labelledby="offer-currency-heading" noValidate>
              <h2 id="offer-currency-heading" className="font-semibold">Offer currency</h2>
              <div className="space-y-1">
                <label htmlFor="offerCurrency" className="block text-sm font-medium text-slate-700">Currency</label>
                <select id="offerCurrency" name="offerCurrency" defaultValue="gold" className="w-full rounded border border-slate-300 bg-white px-3 py-2 text-sm">
                  {currencyTypes.map((c) => (
                    <option key={c} value={c}>{currencyNames[c]}</option>
                  ))}
                </select>
              </div>
              <Field label="Amount" name="amount" type="number" min={0} defaultValue={0} errors={fieldErrors.amount} hint="0 takes this currency off your offer." />
              <button type="submit" className="rounded bg-ocean-600 px-3 py-2 text-sm font-semibold text-white hover:bg-ocean-700">Set amount</button>
            </form>
          </div>
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              disabled={view.me.confirmed || confirm.isPending}
              onClick={() =>
                void act(
                  () => confirm.mutateAsync({ ...ref, version: view.version }),
                  (v) => (v.status === "completed" ? "Trade complete." : `Confirmed. Waiting for ${v.them.name}.`),
                )
              }
              className="rounded bg-emerald-600 px-3 py-2 font-semibold text-white hover:bg-emerald-700 disabled:opacity-60"
            >
              {view.me.confirmed ? "You confirmed" : "Confirm this offer"}
            </button>
            <button type="button" onClick={() => void act(() => cancel.mutateAsync(ref), () => "Trade cancelled.")} className="rounded border border-red-300 px-3 py-2 text-sm text-red-700 hover:bg-red-50">
              Cancel trade
            </button>
          </div>
        </>
      ) : null}
    </div>
  );
}
