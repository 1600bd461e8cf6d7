/** Formatting shared by the staff components: UTC everywhere, so staff in different time zones read the same times. */
export function formatTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  const date = typeof value === "string" ? new Date(value) : value;
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : value.toLocaleString("en-GB");
}

/** "2026-11-26T14:00" for <input type="datetime-local">, read as UTC. */
export function toLocalInput(date: Date): string {
  return date.toISOString().slice(0, 16);
}

export function fromLocalInput(value: string): Date | undefined {
  if (!value) return undefined;
  const date = new Date(`${value}:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export const severityColors: Record<string, string> = {
  debug: "#94a3b8",
  info: "#0ea5e9",
  warning: "#f59e0b",
  error: "#ef4444",
  critical: "#7f1d1d",
};
