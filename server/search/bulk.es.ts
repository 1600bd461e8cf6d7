import "server-only";
import type { Client } from "@elastic/elasticsearch";
import type { SearchDocument } from "@/server/search/documents.pg";

/** One document's new state: a document to index, or null to delete it. */
export interface DocumentChange {
  id: number;
  doc: SearchDocument | null;
}

export class BulkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BulkError";
  }
}

/**
 * Applies `changes` to every index in `targets` in one bulk request. Deleting a document that is not there is fine;
 * any other item failure throws, so the caller retries the whole batch (each action is idempotent).
 */
export async function applyChanges(
  es: Client,
  targets: string[],
  changes: DocumentChange[],
  options: { refresh?: boolean; timeoutMs?: number } = {},
): Promise<void> {
  if (!changes.length || !targets.length) return;
  const operations: unknown[] = [];
  for (const target of targets) {
    for (const change of changes) {
      if (change.doc) operations.push({ index: { _index: target, _id: String(change.id) } }, change.doc);
      else operations.push({ delete: { _index: target, _id: String(change.id) } });
    }
  }
  const result = await es.bulk({ operations, refresh: options.refresh ? true : undefined }, { requestTimeout: options.timeoutMs ?? 30_000, maxRetries: 0 });
  if (!result.errors) return;
  const failures = result.items
    .map((item) => Object.values(item)[0])
    .filter((item) => item && item.error && !(item.status === 404 && item.error.type !== "index_not_found_exception"));
  if (failures.length) {
    const first = failures[0]!;
    throw new BulkError(`${failures.length} bulk action(s) failed, e.g. ${first._index}/${first._id}: ${first.error?.type}: ${first.error?.reason ?? ""}`);
  }
}
