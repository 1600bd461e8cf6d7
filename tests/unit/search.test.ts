import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseHighlight } from "@/server/repositories/search-query.es";
import { concreteIndexName, versionOf } from "@/server/repositories/search-indices.es";
import { highlightText } from "@/server/services/search";
import { backoffMs } from "@/server/services/search-worker";

describe("search highlights", () => {
  it("parses marker characters into segments and keeps every other character as text", () => {
    expect(parseHighlight("\u0002Iron\u0003 Sword")).toEqual([{ text: "Iron", hit: true }, { text: " Sword", hit: false }]);
    fc.assert(
      fc.property(fc.string().filter((s) => !/[\u0002\u0003]/.test(s)), (text) => {
        expect(parseHighlight(text).map((s) => s.text).join("")).toBe(text);
      }),
    );
  });

  it("marks case-insensitive word matches for PostgreSQL answers without changing the text", () => {
    expect(highlightText("Iron Sword", "sword")).toEqual([{ text: "Iron ", hit: false }, { text: "Sword", hit: true }]);
    expect(highlightText("<b>x</b>", "b")).toEqual([
      { text: "<", hit: false },
      { text: "b", hit: true },
      { text: ">x</", hit: false },
      { text: "b", hit: true },
      { text: ">", hit: false },
    ]);
    fc.assert(
      fc.property(fc.string(), fc.string(), (text, query) => {
        expect(highlightText(text, query).map((s) => s.text).join("")).toBe(text);
      }),
    );
  });
});

describe("search index names and back-off", () => {
  it("encodes the mapping version in the concrete index name", () => {
    const name = concreteIndexName("bluemarble", "items", 3, new Date("2026-11-26T03:15:00.123Z"));
    expect(name).toBe("bluemarble_items_v3_20261126t031500123z");
    expect(versionOf(name)).toBe(3);
    expect(versionOf("bluemarble_items")).toBeNull();
  });

  it("backs off exponentially up to 30 s", () => {
    expect([0, 1, 2, 3, 7, 50].map(backoffMs)).toEqual([0, 500, 1000, 2000, 30_000, 30_000]);
  });
});
