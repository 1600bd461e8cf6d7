"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { FormAlert } from "@/components/ui/field";
import { formMessageOf } from "@/components/ui/form-errors";
import { formatNumber, formatTime, fromLocalInput } from "@/components/staff/format";
import { FilterBar, FilterInput, FilterSelect, TimeRangeInputs } from "@/components/staff/filter-controls";
import { PageButtons, useFilteredPages } from "@/components/staff/use-keyset-pages";
import { reviewCurrencyTypes, transactionStatuses, transactionTypes, type TransactionFilter } from "@/server/staff/transaction-review.schema";

function readFilter(form: FormData): TransactionFilter {
  const text = (name: string) => ((form.get(name) as string) ?? "").trim();
  const number = (name: string) => (text(name) ? Number(text(name)) : undefined);
  return {
    type: (text("type") || undefined) as TransactionFilter["type"],
    status: (text("status") || undefined) as TransactionFilter["status"],
    characterId: number("characterId"),
    itemId: number("itemId"),
    currencyType: (text("currencyType") || undefined) as TransactionFilter["currencyType"],
    minAmount: number("minAmount"),
    maxAmount: number("maxAmount"),
    from: fromLocalInput(text("from")),
    to: fromLocalInput(text("to")),
  };
}

/** Transaction review: filters, keyset pages, and a detail panel with cancel / reverse for game masters. */
export function TransactionBrowser({ canAct, initialId }: { canAct: boolean; initialId: number | null }) {
  const trpc = useTRPC();
  const { filter, pages, applyFilter } = useFilteredPages<TransactionFilter, number>(readFilter, {});
  const [selected, setSelected] = useState<number | null>(initialId);
  const list = useQuery({ ...trpc.staff.transactions.list.queryOptions({ filter, beforeId: pages.cursor, limit: 50 }), placeholderData: keepPreviousData });
  const rows = list.data?.rows ?? [];

  return (
    <div className="space-y-4">
      <FilterBar
        label="Filter transactions"
        onFilter={applyFilter}
      >
        <FilterSelect id="tx-type" name="type" label="Type" options={transactionTypes} />
        <FilterSelect id="tx-status" name="status" label="Status" options={transactionStatuses} />
        <FilterInput id="tx-characterId" name="characterId" label="Character id" type="number" width="w-36" />
        <FilterInput id="tx-itemId" name="itemId" label="Item id" type="number" width="w-36" />
        <FilterSelect id="tx-currencyType" name="currencyType" label="Currency" options={reviewCurrencyTypes} />
        <FilterInput id="tx-minAmount" name="minAmount" label="Min amount" type="number" width="w-36" />
        <FilterInput id="tx-maxAmount" name="maxAmount" label="Max amount" type="number" width="w-36" />
        <TimeRangeInputs idPrefix="tx" />
      </FilterBar>
      {list.error ? <FormAlert message={formMessageOf(list.error)} /> : null}
      {selected !== null ? <TransactionDetail transactionId={selected} canAct={canAct} onClose={() => setSelected(null)} onOpen={setSelected} /> : null}
      <div className="overflow-x-auto rounded-lg bg-white p-4 shadow">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Transactions, newest first</caption>
          <thead className="text-slate-500">
            <tr>
              <th scope="col">Id</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">From → to</th>
              <th scope="col">Amount</th><th scope="col">Item</th><th scope="col">Created</th><th scope="col"><span className="sr-only">Details</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((t) => (
              <tr key={t.transactionId} className="border-t border-slate-100">
                <td>#{t.transactionId}</td>
                <td>{t.transactionType}{t.metadata?.reverses ? " (reversal)" : t.metadata?.reversed_by ? " (reversed)" : ""}</td>
                <td>{t.transactionStatus}</td>
                <td>{t.fromCharacterName ?? "—"} → {t.toCharacterName ?? "—"}</td>
                <td>{t.currencyAmount !== null ? `${formatNumber(t.currencyAmount)} ${t.currencyType}` : "—"}</td>
                <td>{t.itemName ? `${t.itemName} × ${t.itemQuantity}` : "—"}</td>
                <td>{formatTime(t.createdAt)}</td>
                <td><button type="button" onClick={() => setSelected(t.transactionId)} className="text-ocean-700 underline">Details<span className="sr-only"> of #{t.transactionId}</span></button></td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.isLoading ? <p role="status" className="mt-2 text-sm">Loading…</p> : null}
        {!list.isLoading && rows.length === 0 ? <p className="mt-2 text-sm text-slate-600">No transactions match.</p> : null}
        <PageButtons page={pages.page} hasNext={Boolean(list.data?.nextBeforeId)} onPrevious={pages.previous} onNext={() => list.data?.nextBeforeId && pages.next(list.data.nextBeforeId)} />
      </div>
    </div>
  );
}

function TransactionDetail({ transactionId, canAct, onClose, onOpen }: { transactionId: number; canAct: boolean; onClose: () => void; onOpen: (id: number) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery(trpc.staff.transactions.get.queryOptions({ transactionId }));
  const [reason, setReason] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.staff.transactions.pathKey() });
  const reverse = useMutation(trpc.staff.transactions.reverse.mutationOptions({ onSuccess: (r) => { setDone(`Reversed by #${r.reversalIds.join(", #")}.`); void refresh(); } }));
  const cancel = useMutation(trpc.staff.transactions.cancel.mutationOptions({ onSuccess: () => { setDone("Cancelled."); void refresh(); } }));
  const error = reverse.error ?? cancel.error;

  if (detail.error) return <FormAlert message={detail.error.message} />;
  if (!detail.data) return <p role="status">Loading transaction #{transactionId}…</p>;
  const { transaction: t, linked, reversible } = detail.data;
  return (
    <section aria-labelledby="tx-detail-heading" className="rounded-lg bg-white p-5 shadow">
      <div className="flex items-start justify-between">
        <h2 id="tx-detail-heading" className="text-lg font-semibold">Transaction #{t.transactionId}</h2>
        <button type="button" onClick={onClose} className="text-sm underline">Close</button>
      </div>
      <dl className="mt-2 grid grid-cols-2 gap-x-4 text-sm sm:grid-cols-4">
        <div><dt className="text-slate-500">Type</dt><dd>{t.transactionType}</dd></div>
        <div><dt className="text-slate-500">Status</dt><dd data-testid="tx-status">{t.transactionStatus}</dd></div>
        <div><dt className="text-slate-500">From</dt><dd>{t.fromCharacterName ?? "—"} {t.fromCharacterId ? `#${t.fromCharacterId}` : ""}</dd></div>
        <div><dt className="text-slate-500">To</dt><dd>{t.toCharacterName ?? "—"} {t.toCharacterId ? `#${t.toCharacterId}` : ""}</dd></div>
        <div><dt className="text-slate-500">Amount</dt><dd>{t.currencyAmount !== null ? `${formatNumber(t.currencyAmount)} ${t.currencyType}` : "—"}</dd></div>
        <div><dt className="text-slate-500">Item</dt><dd>{t.itemName ? `${t.itemName} × ${t.itemQuantity}` : "—"}</dd></div>
        <div><dt className="text-slate-500">Created</dt><dd>{formatTime(t.createdAt)}</dd></div>
        <div><dt className="text-slate-500">Completed</dt><dd>{formatTime(t.completedAt)}</dd></div>
      </dl>
      <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(t.metadata, null, 2)}</pre>
      {linked.length ? (
        <p className="mt-2 text-sm">
          Linked:{" "}
          {linked.map((l) => (
            <button key={l.transactionId} type="button" onClick={() => onOpen(l.transactionId)} className="mr-2 text-ocean-700 underline">
              #{l.transactionId} ({l.metadata?.reverses ? "the reversal" : "the original"})
            </button>
          ))}
        </p>
      ) : null}
      {canAct ? (
        <div className="mt-4 space-y-2 border-t border-slate-100 pt-4">
          <FormAlert message={done} tone="success" />
          <FormAlert message={error ? formMessageOf(error) : null} />
          {!reversible.ok && t.transactionStatus !== "pending" ? <p className="text-sm text-slate-600">{reversible.reason}</p> : null}
          {reversible.ok || t.transactionStatus === "pending" ? (
            <>
              <label htmlFor="tx-reason" className="block text-sm font-medium text-slate-700">Reason (stored with the change)</label>
              <input id="tx-reason" value={reason} onChange={(event) => setReason(event.target.value)} className="w-full rounded border border-slate-300 px-3 py-2 text-sm" />
              <div className="flex gap-2">
                {t.transactionStatus === "pending" ? (
                  <button type="button" disabled={cancel.isPending} onClick={() => cancel.mutate({ transactionId: t.transactionId, reason })} className="rounded bg-ocean-600 px-3 py-2 text-white hover:bg-ocean-700 disabled:opacity-50">
                    Cancel transaction
                  </button>
                ) : (
                  <button type="button" disabled={reverse.isPending} onClick={() => reverse.mutate({ transactionId: t.transactionId, reason })} className="rounded bg-red-600 px-3 py-2 text-white hover:bg-red-700 disabled:opacity-50">
                    Reverse transaction
                  </button>
                )}
              </div>
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
