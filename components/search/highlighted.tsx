import type { HighlightSegment } from "@/server/search/highlight.rules";

/**
 * Renders a search highlight: matched parts in <mark>. Segments are plain text from the server (never HTML), so
 * React escapes them like any other text and no markup from a name can reach the page.
 */
export function Highlighted({ segments }: { segments: HighlightSegment[] }) {
  return (
    <>
      {segments.map((segment, i) =>
        segment.hit ? (
          <mark key={i} className="rounded-sm bg-amber-100 px-0.5 text-inherit">
            {segment.text}
          </mark>
        ) : (
          <span key={i}>{segment.text}</span>
        ),
      )}
    </>
  );
}
