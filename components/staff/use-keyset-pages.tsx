"use client";

import { useState } from "react";

/** Keyset paging state: the cursors of the pages visited so far, so "Previous" goes back without offsets. */
export function useKeysetPages<C>() {
  const [stack, setStack] = useState<(C | null)[]>([null]);
  return {
    cursor: stack[stack.length - 1] ?? null,
    page: stack.length,
    next: (cursor: C) => setStack((s) => [...s, cursor]),
    previous: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    reset: () => setStack([null]),
  };
}

/**
 * A filter bar's filter and the keyset pages under it: applying a filter read from the bar's form starts again at page 1.
 * `applyFilter` is the FilterBar's onFilter.
 */
export function useFilteredPages<F, C>(readFilter: (form: FormData) => F, initial: F) {
  const [filter, setFilter] = useState<F>(initial);
  const pages = useKeysetPages<C>();
  const applyFilter = (form: FormData) => {
    pages.reset();
    setFilter(readFilter(form));
  };
  return { filter, pages, applyFilter };
}

export function PageButtons({ page, hasNext, onPrevious, onNext }: { page: number; hasNext: boolean; onPrevious: () => void; onNext: () => void }) {
  return (
    <nav aria-label="Pages" className="mt-3 flex items-center gap-2 text-sm">
      <button type="button" onClick={onPrevious} disabled={page <= 1} className="rounded border border-slate-300 px-3 py-1 disabled:opacity-40">
        Previous
      </button>
      <span>Page {page}</span>
      <button type="button" onClick={onNext} disabled={!hasNext} className="rounded border border-slate-300 px-3 py-1 disabled:opacity-40">
        Next
      </button>
    </nav>
  );
}
