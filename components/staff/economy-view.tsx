"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTRPC } from "@/components/providers/trpc-provider";
import { FormAlert } from "@/components/ui/field";
import { formMessageOf } from "@/components/ui/form-errors";
import { formatNumber, formatTime } from "@/components/staff/format";

const currencyColors: Record<string, string> = { gold: "#d97706", gems: "#7c3aed", pvp_tokens: "#dc2626", event_currency: "#059669" };

/** Money supply, market volume and fees, top items and the conservation check (red when it fails). */
export function EconomyView() {
  const trpc = useTRPC();
  const [days, setDays] = useState(30);
  const dashboard = useQuery(trpc.staff.economy.dashboard.queryOptions({ days }));
  if (dashboard.error) return <FormAlert message={formMessageOf(dashboard.error)} />;
  if (!dashboard.data) return <p role="status">Loading the economy…</p>;
  const d = dashboard.data;
  const supply = d.supply.map((p) => ({ day: p.day.slice(5), ...p.supply }));
  const volumeByDay = d.days.map((day) => {
    const entry: Record<string, string | number> = { day: day.slice(5) };
    for (const v of d.volume.filter((v) => v.day === day)) entry[`volume_${v.currencyType}`] = v.volume;
    for (const f of d.fees.filter((f) => f.day === day)) entry[`fees_${f.currencyType}`] = f.fees;
    return entry;
  });
  const conservation = d.conservation;

  return (
    <div className="space-y-6">
      <section aria-labelledby="conservation-heading" data-testid="conservation" data-ok={conservation.ok ? "true" : "false"}
        className={`rounded-lg p-5 shadow ${conservation.ok ? "bg-emerald-50 text-emerald-900" : "bg-red-100 text-red-900"}`}>
        <h2 id="conservation-heading" className="text-lg font-semibold">Conservation check: {conservation.ok ? "balanced" : "FAILED"}</h2>
        {"error" in conservation ? (
          <p>The check could not run: {conservation.error}</p>
        ) : (
          <>
            <p className="text-sm">
              Checked {formatTime(conservation.checkedAt)}
              {conservation.baseline ? ` against the baseline of ${formatTime(conservation.baseline.takenAt)}` : ""}.
              {conservation.negativeBalances.length ? ` ${conservation.negativeBalances.length} negative balances!` : ""}
            </p>
            <table className="mt-2 text-sm">
              <thead><tr><th scope="col" className="pr-4 text-left">Currency</th><th scope="col" className="pr-4 text-right">Balances + fees</th><th scope="col" className="pr-4 text-right">Expected</th><th scope="col" className="text-left">State</th></tr></thead>
              <tbody>
                {conservation.currencies.map((c) => (
                  <tr key={c.currencyType}><th scope="row" className="pr-4 text-left font-normal">{c.currencyType}</th><td className="pr-4 text-right tabular-nums">{formatNumber(c.actual)}</td><td className="pr-4 text-right tabular-nums">{formatNumber(c.expected)}</td><td>{c.ok ? "ok" : "MISMATCH"}</td></tr>
                ))}
              </tbody>
            </table>
            {conservation.items.length ? <p className="mt-2 text-sm">{conservation.items.length} item totals differ from the baseline (first: item #{conservation.items[0]!.itemId}).</p> : null}
          </>
        )}
      </section>

      <div className="flex items-center gap-2 text-sm">
        <label htmlFor="economy-days">History</label>
        <select id="economy-days" value={days} onChange={(event) => setDays(Number(event.target.value))} className="rounded border border-slate-300 px-2 py-1">
          {[7, 30, 90, 365].map((n) => <option key={n} value={n}>{n} days</option>)}
        </select>
      </div>

      <figure className="rounded-lg bg-white p-4 shadow">
        <figcaption className="text-sm font-semibold">Money supply per currency (end of each UTC day)</figcaption>
        <div className="mt-2 h-64" aria-hidden="true">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={supply}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis dataKey="day" tick={{ fontSize: 11 }} />
              <YAxis tick={{ fontSize: 11 }} />
              <Tooltip />
              <Legend />
              {d.currencies.map((c) => <Line key={c} dataKey={c} stroke={currencyColors[c] ?? "#334155"} dot={false} strokeWidth={2} />)}
            </LineChart>
          </ResponsiveContainer>
        </div>
        <p className="text-sm">Today: {d.currencies.map((c) => `${c} ${formatNumber(d.supply[d.supply.length - 1]?.supply[c] ?? 0)}`).join(" · ")}</p>
      </figure>

      <figure className="rounded-lg bg-white p-4 shadow">
        <figcaption className="text-sm font-semibold">Daily market volume and fees</figcaption>
        <div className="mt-2 h-64" aria-hidden="true">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={volumeByDay}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis dataKey="day" tick={{ fontSize: 11 }} />
              <YAxis tick={{ fontSize: 11 }} />
              <Tooltip />
              <Legend />
              {d.currencies.map((c) => <Bar key={`v${c}`} dataKey={`volume_${c}`} name={`volume (${c})`} fill={currencyColors[c] ?? "#334155"} />)}
              {d.currencies.map((c) => <Bar key={`f${c}`} dataKey={`fees_${c}`} name={`fees (${c})`} fill="#94a3b8" />)}
            </BarChart>
          </ResponsiveContainer>
        </div>
        <details className="mt-2 text-sm">
          <summary className="cursor-pointer text-slate-600">Show as a table</summary>
          <table className="mt-2 w-full text-left">
            <thead><tr><th scope="col">Day</th><th scope="col">Currency</th><th scope="col" className="text-right">Purchases</th><th scope="col" className="text-right">Units</th><th scope="col" className="text-right">Volume</th></tr></thead>
            <tbody>{d.volume.map((v) => <tr key={`${v.day}${v.currencyType}`}><td>{v.day}</td><td>{v.currencyType}</td><td className="text-right">{v.purchases}</td><td className="text-right">{v.units}</td><td className="text-right">{formatNumber(v.volume)}</td></tr>)}</tbody>
          </table>
        </details>
      </figure>

      <section aria-labelledby="top-items-heading" className="rounded-lg bg-white p-4 shadow">
        <h2 id="top-items-heading" className="text-sm font-semibold">Top traded items ({days} days)</h2>
        <table className="mt-2 w-full text-left text-sm">
          <thead className="text-slate-500"><tr><th scope="col">Item</th><th scope="col">Currency</th><th scope="col" className="text-right">Purchases</th><th scope="col" className="text-right">Units</th><th scope="col" className="text-right">Volume</th></tr></thead>
          <tbody>
            {d.topItems.map((item) => (
              <tr key={`${item.itemId}${item.currencyType}`} className="border-t border-slate-100"><td>{item.itemName}</td><td>{item.currencyType}</td><td className="text-right">{item.purchases}</td><td className="text-right">{formatNumber(item.units)}</td><td className="text-right">{formatNumber(item.volume)}</td></tr>
            ))}
          </tbody>
        </table>
        {d.topItems.length === 0 ? <p className="mt-2 text-sm text-slate-600">No purchases in this window.</p> : null}
      </section>
    </div>
  );
}
