/** Reading a page's URL query (Next.js `searchParams`): the first value of a key, trimmed; empty counts as absent. */
export type SearchParams = Record<string, string | string[] | undefined>;

export function one(params: SearchParams, key: string): string | undefined {
  const value = params[key];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

/** The value only when it is one of `allowed` (a hand-edited URL with another value reads as absent). */
export function oneOf<T extends string>(params: SearchParams, key: string, allowed: readonly T[]): T | undefined {
  const value = one(params, key);
  return allowed.includes(value as T) ? (value as T) : undefined;
}
