import type { FormEvent, InputHTMLAttributes, ReactNode } from "react";

/**
 * The controls of the staff filter bars (audit log, game events, transactions): a small label over a compact select or
 * input, one look for all of them. Labels are tied to their controls by id, which the Playwright specs rely on.
 */

const controlClass = "rounded border border-slate-300 px-2 py-1 text-sm";
const labelClass = "block text-xs font-medium text-slate-600";

/** A select of `options` with "any" (the empty value) first. */
export function FilterSelect({ id, name, label, options }: { id: string; name: string; label: string; options: readonly string[] }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className={labelClass}>{label}</label>
      <select id={id} name={name} className={controlClass} defaultValue="">
        <option value="">any</option>
        {options.map((option) => <option key={option} value={option}>{option}</option>)}
      </select>
    </div>
  );
}

/** An input; `hint` is a line under it, tied by aria-describedby; `width` a Tailwind width class. */
export function FilterInput({ id, name, label, hint, width, ...input }: { id: string; name: string; label: string; hint?: string; width?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className={labelClass}>{label}</label>
      <input id={id} name={name} className={width ? `${controlClass} ${width}` : controlClass} aria-describedby={hintId} {...input} />
      {hint ? <p id={hintId} className="text-xs text-slate-500">{hint}</p> : null}
    </div>
  );
}

/** "From (UTC)" and "To (UTC)" date-time inputs named `from` and `to` (read with fromLocalInput). */
export function TimeRangeInputs({ idPrefix }: { idPrefix: string }) {
  return (
    <>
      <FilterInput id={`${idPrefix}-from`} name="from" label="From (UTC)" type="datetime-local" />
      <FilterInput id={`${idPrefix}-to`} name="to" label="To (UTC)" type="datetime-local" />
    </>
  );
}

/** The bar itself: the controls, an "Apply filters" button, then `after` (an export link, a toggle). */
export function FilterBar({ label, onFilter, after, children }: { label: string; onFilter: (form: FormData) => void; after?: ReactNode; children: ReactNode }) {
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onFilter(new FormData(event.currentTarget));
  }
  return (
    <form onSubmit={submit} aria-label={label} className="flex flex-wrap items-end gap-3 rounded-lg bg-white p-4 shadow">
      {children}
      <button type="submit" className="rounded bg-ocean-600 px-3 py-2 text-white hover:bg-ocean-700">Apply filters</button>
      {after}
    </form>
  );
}
