/**
 * Highlights as text segments (text, hit), never markup: the UI renders hits in <mark> itself.
 *
 * Elasticsearch answers are highlighted here rather than by the node: its highlighter re-analysed every hit and
 * re-expanded the typo-tolerant clauses, about a third of a player search's cost under load (bench:search). The rules
 * mirror the query (server/search/query.es.ts): a word of the text is a hit when a query word is a prefix
 * of it (as you type) or, for query words of 4 to 19 letters, is one edit away from it (one typo; 2 edits from 20).
 */

export interface HighlightSegment {
  text: string;
  hit: boolean;
}

/** Lower case without diacritics, like the indices' lowercase + asciifolding filters. Keeps the length of plain text. */
function fold(text: string): string {
  return text.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
}

const wordPattern = /[\p{L}\p{N}]+/gu;

/** Optimal string alignment distance (a swap of neighbours is one edit, as in Elasticsearch), stopping above `max`. */
export function editDistanceWithin(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return false;
    before = previous;
    previous = current;
  }
  return previous[b.length]! <= max;
}

function typosAllowed(queryWord: string): number {
  return queryWord.length < 4 ? 0 : queryWord.length < 20 ? 1 : 2;
}

/** Marks the words of `text` that the query's words match: by prefix, or within the typo allowance. */
export function highlightWords(text: string, query: string): HighlightSegment[] {
  const queryWords = [...new Set(fold(query).match(wordPattern) ?? [])];
  if (!queryWords.length) return [{ text, hit: false }];
  const folded = fold(text);
  // Folding can change the length of exotic text; then fall back to no highlight rather than marking the wrong letters.
  if (folded.length !== text.length) return [{ text, hit: false }];
  const marks = new Array<boolean>(text.length).fill(false);
  for (const match of folded.matchAll(wordPattern)) {
    const word = match[0];
    if (queryWords.some((q) => word.startsWith(q) || (typosAllowed(q) > 0 && editDistanceWithin(q, word, typosAllowed(q))))) {
      marks.fill(true, match.index, match.index + word.length);
    }
  }
  const segments = segmentsOf(text, marks);
  return segments.length ? segments : [{ text, hit: false }];
}

/** Case-insensitive substring highlighting for PostgreSQL answers, whose ILIKE matches substrings. */
export function highlightSubstrings(text: string, query: string): HighlightSegment[] {
  const words = (query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter(Boolean);
  if (!words.length) return [{ text, hit: false }];
  const lower = text.toLowerCase();
  const marks = new Array<boolean>(text.length).fill(false);
  for (const word of words) {
    for (let at = lower.indexOf(word); at !== -1; at = lower.indexOf(word, at + 1)) marks.fill(true, at, at + word.length);
  }
  return segmentsOf(text, marks);
}

/** Runs of marked and unmarked characters as segments (none for empty text). */
function segmentsOf(text: string, marks: readonly boolean[]): HighlightSegment[] {
  const segments: HighlightSegment[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = segments[segments.length - 1];
    if (last && last.hit === marks[i]) last.text += text[i];
    else segments.push({ text: text[i]!, hit: marks[i]! });
  }
  return segments;
}
