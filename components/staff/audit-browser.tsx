"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { FormAlert } from "@/components/ui/field";
import { fieldErrorsOf, formMessageOf } from "@/components/ui/form-errors";
import { diffRows, formatValue } from "@/components/staff/audit-diff";
import { formatTime, fromLocalInput } from "@/components/staff/format";
import { FilterBar, FilterInput, FilterSelect, TimeRangeInputs } from "@/components/staff/filter-controls";
import { PageButtons, useFilteredPages } from "@/components/staff/use-keyset-pages";
import { auditOperations, type AuditCursor, type AuditFilter } from "@/server/staff/audit.schema";

function readFilter(form: FormData): AuditFilter {
  const text = (name: string) => ((form.get(name) as string) ?? "").trim() || undefined;
  return {
    table: text("table"),
    operation: text("operation") as AuditFilter["operation"],
    actor: text("actor"),
    from: fromLocalInput(text("from") ?? ""),
    to: fromLocalInput(text("to") ?? ""),
    text: text("text"),
  };
}

function exportHref(filter: AuditFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    params.set(key, value instanceof Date ? value.toISOString() : String(value));
  }
  return `/api/staff/audit/export?${params}`;
}

type AuditRow = { auditId: number; changeTimestamp: Date; tableName: string; operation: string; userId: number | null; actorUsername: string | null; ipAddress: string | null; changedData: Record<string, unknown> | null; oldData: Record<string, unknown> | null };

function RowDiff({ row }: { row: AuditRow }) {
  const lines = row.operation === "UPDATE" ? diffRows(row.oldData, row.changedData) : diffRows(null, row.changedData);
  if (row.operation !== "UPDATE") {
    return (
      <table className="w-full text-xs">
        <caption className="sr-only">{row.operation === "DELETE" ? "The deleted row" : "The inserted row"}</caption>
        <tbody>
          {lines.map((line) => (
            <tr key={line.key}><th scope="row" className="pr-2 text-left font-medium text-slate-600">{line.key}</th><td className="break-all">{formatValue(line.after)}</td></tr>
          ))}
        </tbody>
      </table>
    );
  }
  return (
    <table className="w-full text-xs">
      <caption className="sr-only">Before and after</caption>
      <thead><tr><th scope="col" className="text-left">Column</th><th scope="col" className="text-left">Before</th><th scope="col" className="text-left">After</th></tr></thead>
      <tbody>
        {lines.map((line) => (
          <tr key={line.key} className={line.changed ? "bg-amber-50 font-semibold" : ""} data-changed={line.changed || undefined}>
            <th scope="row" className="pr-2 text-left font-medium text-slate-600">{line.key}{line.changed ? <span className="sr-only"> (changed)</span> : null}</th>
            <td className="break-all pr-2">{formatValue(line.before)}</td>
            <td className="break-all">{formatValue(line.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The audit-log browser: filters, keyset pages, before/after of each change, CSV export of the filtered set. */
export function AuditBrowser({ initialActor }: { initialActor?: string }) {
  const trpc = useTRPC();
  const { filter, pages, applyFilter } = useFilteredPages<AuditFilter, AuditCursor>(readFilter, initialActor ? { actor: initialActor } : {});
  const [open, setOpen] = useState<number | null>(null);
  const tables = useQuery(trpc.staff.audit.tables.queryOptions());
  const list = useQuery({ ...trpc.staff.audit.list.queryOptions({ filter, cursor: pages.cursor, limit: 50 }), placeholderData: keepPreviousData });
  const errors = fieldErrorsOf(list.error);

  return (
    <div className="space-y-4">
      <FilterBar
        label="Filter the audit log"
        onFilter={applyFilter}
        after={
          <a href={exportHref(filter)} className="rounded border border-ocean-600 px-3 py-2 text-sm text-ocean-700 hover:bg-ocean-50" download>
            Export CSV
          </a>
        }
      >
        <FilterSelect id="audit-table" name="table" label="Table" options={tables.data ?? []} />
        <FilterSelect id="audit-operation" name="operation" label="Operation" options={auditOperations} />
        <FilterInput id="audit-actor" name="actor" label="Actor (id, username or “system”)" defaultValue={initialActor} aria-invalid={errors.actor ? true : undefined} />
        <TimeRangeInputs idPrefix="audit" />
        <FilterInput
          id="audit-text"
          name="text"
          label="Words in the data"
          hint="Whole words or numbers, all required; the last may be its start"
          aria-invalid={errors.text ? true : undefined}
        />
      </FilterBar>
      {list.error ? <FormAlert message={Object.values(errors).flat()[0] ?? formMessageOf(list.error)} /> : null}
      <div className="overflow-x-auto rounded-lg bg-white p-4 shadow">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Audit log, newest first</caption>
          <thead className="text-slate-500">
            <tr><th scope="col">Id</th><th scope="col">When</th><th scope="col">Table</th><th scope="col">Operation</th><th scope="col">Actor</th><th scope="col">IP</th><th scope="col"><span className="sr-only">Details</span></th></tr>
          </thead>
          {(list.data?.rows ?? []).map((row) => (
            <tbody key={row.auditId} className="border-t border-slate-100">
              <tr>
                <td>{row.auditId}</td>
                <td>{formatTime(row.changeTimestamp)}</td>
                <td>{row.tableName}</td>
                <td>{row.operation}</td>
                <td>{row.userId === null ? "system" : `${row.actorUsername ?? "?"} (#${row.userId})`}</td>
                <td>{row.ipAddress ?? "—"}</td>
                <td>
                  <button type="button" aria-expanded={open === row.auditId} onClick={() => setOpen(open === row.auditId ? null : row.auditId)} className="text-ocean-700 underline">
                    {row.operation === "UPDATE" ? "Before / after" : "Row"}<span className="sr-only"> of change {row.auditId}</span>
                  </button>
                </td>
              </tr>
              {open === row.auditId ? (
                <tr><td colSpan={7} className="bg-slate-50 p-2"><RowDiff row={row} /></td></tr>
              ) : null}
            </tbody>
          ))}
        </table>
        {list.isLoading ? <p role="status" className="mt-2 text-sm">Loading…</p> : null}
        {list.data && list.data.rows.length === 0 ? <p className="mt-2 text-sm text-slate-600">No changes match.</p> : null}
        <PageButtons page={pages.page} hasNext={Boolean(list.data?.nextCursor)} onPrevious={pages.previous} onNext={() => list.data?.nextCursor && pages.next(list.data.nextCursor)} />
      </div>
    </div>
  );
}
