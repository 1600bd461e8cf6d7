import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { concreteIndexName, versionOf } from "@/server/search/index-names.rules";
import { editDistanceWithin, highlightSubstrings, highlightWords } from "@/server/search/highlight.rules";
import { backoffMs } from "@/server/search/outbox-worker.service";

describe("search highlights", () => {
  it("marks the words a query matches by prefix or with one typo, like the Elasticsearch query", () => {
    expect(highlightWords("Iron Sword", "iron sw")).toEqual([
      { text: "Iron", hit: true },
      { text: " ", hit: false },
      { text: "Sword", hit: true },
    ]);
    expect(highlightWords("Glacier Warhammer", "glaicer")).toEqual([{ text: "Glacier", hit: true }, { text: " Warhammer", hit: false }]);
    expect(highlightWords("Healing Potion", "healng")).toEqual([{ text: "Healing", hit: true }, { text: " Potion", hit: false }]);
    expect(highlightWords("Éowyn_Shield", "eow")).toEqual([{ text: "Éowyn", hit: true }, { text: "_Shield", hit: false }]);
    // No typo allowance under four letters, and no substring matches inside a word.
    expect(highlightWords("Iron Sword", "irn")).toEqual([{ text: "Iron Sword", hit: false }]);
    expect(highlightWords("Iron Sword", "word")).toEqual([{ text: "Iron ", hit: false }, { text: "Sword", hit: true }]);
    expect(highlightWords("Iron Sword", "ron")).toEqual([{ text: "Iron Sword", hit: false }]);
    fc.assert(
      fc.property(fc.string(), fc.string(), (text, query) => {
        expect(highlightWords(text, query).map((s) => s.text).join("")).toBe(text);
      }),
    );
  });

  it("counts a swap of neighbouring letters as one edit", () => {
    expect(editDistanceWithin("glaicer", "glacier", 1)).toBe(true);
    expect(editDistanceWithin("healng", "healing", 1)).toBe(true);
    expect(editDistanceWithin("sword", "swrod", 1)).toBe(true);
    expect(editDistanceWithin("sword", "shield", 1)).toBe(false);
    expect(editDistanceWithin("abcd", "badc", 1)).toBe(false);
    expect(editDistanceWithin("abcd", "badc", 2)).toBe(true);
  });

  it("marks case-insensitive word matches for PostgreSQL answers without changing the text", () => {
    expect(highlightSubstrings("Iron Sword", "sword")).toEqual([{ text: "Iron ", hit: false }, { text: "Sword", hit: true }]);
    expect(highlightSubstrings("<b>x</b>", "b")).toEqual([
      { text: "<", hit: false },
      { text: "b", hit: true },
      { text: ">x</", hit: false },
      { text: "b", hit: true },
      { text: ">", hit: false },
    ]);
    fc.assert(
      fc.property(fc.string(), fc.string(), (text, query) => {
        expect(highlightSubstrings(text, query).map((s) => s.text).join("")).toBe(text);
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
