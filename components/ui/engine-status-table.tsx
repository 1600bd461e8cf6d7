import type { RouterOutputs } from "@/components/providers/api-types";

type HealthReport = RouterOutputs["health"]["status"];

const engineLabels: Record<keyof HealthReport["engines"], string> = {
  postgres: "PostgreSQL",
  redis: "Redis",
  cassandra: "Cassandra",
  elasticsearch: "Elasticsearch",
};

export function EngineStatusTable({ report }: { report: HealthReport }) {
  return (
    <table className="w-full max-w-xl overflow-hidden rounded-lg bg-white text-left text-sm shadow">
      <caption className="sr-only">State of each engine</caption>
      <thead className="bg-slate-100 text-slate-600">
        <tr>
          <th scope="col" className="px-4 py-2">Engine</th>
          <th scope="col" className="px-4 py-2">State</th>
          <th scope="col" className="px-4 py-2 text-right">Round trip</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(report.engines).map(([name, engine]) => (
          <tr key={name} className="border-t border-slate-100" data-engine={name} data-state={engine.state}>
            <th scope="row" className="px-4 py-2 font-medium">{engineLabels[name as keyof HealthReport["engines"]]}</th>
            <td className="px-4 py-2">
              <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${engine.state === "up" ? "bg-emerald-100 text-emerald-800" : "bg-red-100 text-red-800"}`}>
                {engine.state}
              </span>
              {engine.detail ? <span className="ml-2 text-xs text-slate-500">{engine.detail}</span> : null}
            </td>
            <td className="px-4 py-2 text-right tabular-nums">{engine.roundTripMs === null ? "—" : `${engine.roundTripMs} ms`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
