import "server-only";

/**
 * Turning what a person typed into safe PostgreSQL match parameters. Text is always a bound value; these only make
 * sure its characters mean themselves.
 */

/** `%`, `_` and `\` typed by a player are literal characters, not LIKE wildcards: "a_b" → `%a\_b%`, lower-cased. */
export function likeContains(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** 'iron sw' → 'iron:* & sw:*' (letters and digits only, so user input can never be tsquery syntax). */
export function prefixTsQuery(text: string): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length ? words.slice(0, 8).map((word) => `${word}:*`).join(" & ") : null;
}
