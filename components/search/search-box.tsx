"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Highlighted } from "@/components/search/highlighted";

/** Waits until typing pauses, so suggestions are asked for once per pause rather than per key. */
function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * The global search box (header and /search): suggestions as you type (items, guilds, players) in an ARIA combobox;
 * arrow keys move through them, Enter opens one or runs the full search, Escape closes the list.
 */
export function SearchBox({ initialQuery = "", variant = "header" }: { initialQuery?: string; variant?: "header" | "page" }) {
  const trpc = useTRPC();
  const router = useRouter();
  const listId = useId();
  const inputId = useId();
  const [query, setQuery] = useState(initialQuery);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const debounced = useDebounced(query.trim(), 200);
  const suggestions = useQuery({
    ...trpc.search.suggest.queryOptions({ q: debounced.slice(0, 100), limit: 4 }),
    enabled: open && debounced.length >= 2,
    staleTime: 10_000,
  });
  const items = debounced.length >= 2 ? (suggestions.data?.suggestions ?? []) : [];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const chosen = active >= 0 ? items[active] : undefined;
    setOpen(false);
    if (chosen) router.push(chosen.href);
    else if (query.trim()) router.push(`/search?q=${encodeURIComponent(query.trim().slice(0, 100))}`);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(items.length - 1, i + 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((i) => Math.max(-1, i - 1));
    } else if (event.key === "Escape") {
      setOpen(false);
      setActive(-1);
    }
  }

  const showList = open && items.length > 0;
  const wide = variant === "page";
  return (
    <form role="search" onSubmit={submit} className={`relative ${wide ? "w-full" : "w-44 sm:w-56"}`}>
      <label htmlFor={inputId} className="sr-only">
        Search items, guilds and players
      </label>
      <input
        id={inputId}
        type="search"
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
        autoComplete="off"
        maxLength={100}
        placeholder="Search…"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
        className={
          wide
            ? "w-full rounded border border-slate-300 px-3 py-2 text-slate-900"
            : "w-full rounded border border-ocean-500 bg-ocean-600 px-2 py-1 text-sm text-white placeholder:text-ocean-100 focus:bg-white focus:text-slate-900"
        }
      />
      <ul
        id={listId}
        role="listbox"
        aria-label="Suggestions"
        hidden={!showList}
        className="absolute right-0 z-40 mt-1 w-80 max-w-[90vw] overflow-hidden rounded-lg bg-white text-slate-900 shadow-lg ring-1 ring-slate-200"
      >
        {items.map((item, i) => (
          <li
            key={`${item.kind}-${item.id}`}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={`cursor-pointer px-3 py-2 text-sm ${i === active ? "bg-ocean-50" : ""}`}
            onMouseDown={(event) => {
              event.preventDefault();
              setOpen(false);
              router.push(item.href);
            }}
          >
            <span className="font-medium">
              <Highlighted segments={item.label} />
            </span>
            <span className="ml-2 text-xs text-slate-500">{item.detail}</span>
          </li>
        ))}
        {suggestions.data?.degraded ? <li className="px-3 py-1 text-xs text-amber-800">Search is running in reduced mode</li> : null}
      </ul>
    </form>
  );
}
