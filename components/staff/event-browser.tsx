"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc-provider";
import { FormAlert } from "@/components/ui/field";
import { formMessageOf } from "@/components/ui/form-errors";
import { formatTime, fromLocalInput, severityColors } from "@/components/staff/format";
import { FilterBar, FilterInput, FilterSelect, TimeRangeInputs } from "@/components/staff/filter-controls";
import { PageButtons, useFilteredPages } from "@/components/staff/use-keyset-pages";
import { severities, type GameEventFilter } from "@/server/staff/game-event.schema";

const tailPollMs = 2_000;
const tailKeep = 200;

type EventRow = { eventId: number; eventType: string; characterId: number | null; characterName: string | null; eventData: unknown; createdAt: Date; severity: string };

function readFilter(form: FormData): GameEventFilter {
  const text = (name: string) => ((form.get(name) as string) ?? "").trim() || undefined;
  return {
    eventType: text("eventType"),
    severity: text("severity") as GameEventFilter["severity"],
    characterId: text("characterId") ? Number(text("characterId")) : undefined,
    from: fromLocalInput(text("from") ?? ""),
    to: fromLocalInput(text("to") ?? ""),
  };
}

function EventTable({ rows, caption }: { rows: EventRow[]; caption: string }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="text-slate-500">
        <tr><th scope="col">Id</th><th scope="col">When</th><th scope="col">Severity</th><th scope="col">Type</th><th scope="col">Character</th><th scope="col">Data</th></tr>
      </thead>
      <tbody>
        {rows.map((e) => (
          <tr key={e.eventId} className="border-t border-slate-100 align-top">
            <td>{e.eventId}</td>
            <td className="whitespace-nowrap">{formatTime(e.createdAt)}</td>
            <td><span className="rounded px-1 text-xs text-white" style={{ background: severityColors[e.severity] ?? "#64748b" }}>{e.severity}</span></td>
            <td>{e.eventType}</td>
            <td>{e.characterName ? `${e.characterName} #${e.characterId}` : e.characterId ?? "—"}</td>
            <td className="max-w-md truncate font-mono text-xs" title={JSON.stringify(e.eventData)}>{JSON.stringify(e.eventData)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Events per hour by severity, stacked. The numbers are also in a table for screen readers. */
function HourlyChart({ filter }: { filter: GameEventFilter }) {
  const trpc = useTRPC();
  const chart = useQuery({ ...trpc.staff.events.hourly.queryOptions({ filter, hours: 48 }), placeholderData: keepPreviousData });
  if (chart.error) return <FormAlert message={formMessageOf(chart.error)} />;
  const data = (chart.data?.hours ?? []).map((h) => ({ ...h, label: h.hour.slice(5, 13).replace("T", " ") + "h" }));
  return (
    <figure className="rounded-lg bg-white p-4 shadow">
      <figcaption className="text-sm font-semibold">Events per hour by severity ({chart.data?.total ?? 0} in the window, UTC)</figcaption>
      <div className="mt-2 h-64" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={{ fontSize: 10 }} interval="preserveStartEnd" />
            <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
            <Tooltip />
            <Legend />
            {severities.map((s) => <Bar key={s} dataKey={s} stackId="severity" fill={severityColors[s]} />)}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-slate-600">Show as a table</summary>
        <table className="mt-2 w-full text-left">
          <thead><tr><th scope="col">Hour</th>{severities.map((s) => <th key={s} scope="col" className="text-right">{s}</th>)}</tr></thead>
          <tbody>
            {data.filter((h) => severities.some((s) => h[s] > 0)).map((h) => (
              <tr key={h.hour}><th scope="row" className="font-normal">{h.label}</th>{severities.map((s) => <td key={s} className="text-right tabular-nums">{h[s]}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** Polls every 2 s with the last id seen (one request at a time); keeps the newest 200 events. */
function LiveTail({ filter }: { filter: GameEventFilter }) {
  const client = useTRPCClient();
  const [rows, setRows] = useState<EventRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    let afterId: number | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function poll() {
      try {
        const result = await client.staff.events.tail.query({ filter, afterId });
        if (stopped) return;
        const fresh = [...result.rows].reverse() as EventRow[];
        // The first answer only says where to start: a new filter starts from an empty list.
        setRows((current) => (afterId === null ? [] : fresh.concat(current).slice(0, tailKeep)));
        afterId = result.lastId;
        setError(null);
      } catch (failure) {
        if (!stopped) setError(formMessageOf(failure));
      }
      if (!stopped) timer = setTimeout(poll, tailPollMs);
    }
    timer = setTimeout(poll, 0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [client, filter]);
  return (
    <section aria-labelledby="tail-heading" className="rounded-lg bg-white p-4 shadow">
      <h2 id="tail-heading" className="text-sm font-semibold">Live tail <span className="font-normal text-slate-500">(new events every {tailPollMs / 1000} s, newest first)</span></h2>
      <FormAlert message={error} />
      <div aria-live="polite" aria-relevant="additions">
        {rows.length === 0 ? <p className="mt-2 text-sm text-slate-600">Waiting for new events…</p> : <EventTable rows={rows} caption="Live events" />}
      </div>
    </section>
  );
}

/** The game-event browser: filters, hourly chart, live tail or keyset pages. */
export function EventBrowser() {
  const trpc = useTRPC();
  const { filter, pages, applyFilter } = useFilteredPages<GameEventFilter, { timestamp: string; eventId: number }>(readFilter, {});
  const [live, setLive] = useState(false);
  const list = useQuery({ ...trpc.staff.events.list.queryOptions({ filter, cursor: pages.cursor, limit: 50 }), placeholderData: keepPreviousData, enabled: !live });

  return (
    <div className="space-y-4">
      <FilterBar
        label="Filter game events"
        onFilter={applyFilter}
        after={
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={live} onChange={(event) => setLive(event.target.checked)} />
            Live tail
          </label>
        }
      >
        <FilterInput id="ev-type" name="eventType" label="Event type" />
        <FilterSelect id="ev-severity" name="severity" label="Severity" options={severities} />
        <FilterInput id="ev-character" name="characterId" label="Character id" type="number" width="w-32" />
        <TimeRangeInputs idPrefix="ev" />
      </FilterBar>
      <HourlyChart filter={filter} />
      {live ? (
        <LiveTail filter={filter} />
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white p-4 shadow">
          {list.error ? <FormAlert message={formMessageOf(list.error)} /> : null}
          <EventTable rows={list.data?.rows ?? []} caption="Game events, newest first" />
          {list.data && list.data.rows.length === 0 ? <p className="mt-2 text-sm text-slate-600">No events match.</p> : null}
          <PageButtons page={pages.page} hasNext={Boolean(list.data?.nextCursor)} onPrevious={pages.previous} onNext={() => list.data?.nextCursor && pages.next(list.data.nextCursor)} />
        </div>
      )}
    </div>
  );
}
