"use client";

import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { currencyNames } from "@/components/market/format";
import type { CurrencyType } from "@/server/market/market.schema";
import type { RouterOutputs } from "@/components/providers/api-types";

type PricePoint = RouterOutputs["market"]["item"]["history"][number];

/** Median unit price (line) and units sold (bars) per day; the same numbers are in a table for screen readers. */
export function PriceHistoryChart({ points, currency }: { points: PricePoint[]; currency: CurrencyType }) {
  if (points.length === 0) return <p className="mt-2 text-sm text-slate-600">No sales in the last 30 days.</p>;
  return (
    <figure className="mt-2">
      <div className="h-64" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="day" tick={{ fontSize: 12 }} />
            <YAxis yAxisId="price" tick={{ fontSize: 12 }} label={{ value: currencyNames[currency], angle: -90, position: "insideLeft", fontSize: 12 }} />
            <YAxis yAxisId="volume" orientation="right" tick={{ fontSize: 12 }} allowDecimals={false} />
            <Tooltip />
            <Bar yAxisId="volume" dataKey="volume" name="Units sold" fill="#d9ecff" />
            <Line yAxisId="price" dataKey="median" name="Median price" stroke="#1f66b3" strokeWidth={2} dot={{ r: 3 }} type="monotone" />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">Median price per unit and units sold per day</figcaption>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-slate-600">Show as a table</summary>
        <table className="mt-2 w-full text-left">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th scope="col">Day</th>
              <th scope="col" className="text-right">Median price</th>
              <th scope="col" className="text-right">Units sold</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.day}>
                <th scope="row" className="font-normal">{p.day}</th>
                <td className="text-right tabular-nums">{p.median}</td>
                <td className="text-right tabular-nums">{p.volume}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
