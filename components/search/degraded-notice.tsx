/** Shown wherever an answer came from PostgreSQL because Elasticsearch is unavailable (docs/search.md, degraded mode). */
export function DegradedNotice({ show }: { show: boolean }) {
  if (!show) return null;
  return (
    <p role="status" data-testid="search-degraded" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      Search is running in reduced mode: results come straight from the database, without typo tolerance. They are still complete.
    </p>
  );
}
