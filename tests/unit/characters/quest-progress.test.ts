import { describe, expect, it } from "vitest";
import { objectiveProgress } from "@/server/character/quest-progress.rules";

const objectives = [
  { type: "kill", target: "goblin", count: 10 },
  { type: "collect", item_id: 1001, count: 5 },
  { id: "talk", type: "talk", target: "the_elder", description: "Speak to the elder" },
];

describe("objectiveProgress", () => {
  it("reads progress keyed by index or by objective id, capping at the required count", () => {
    expect(objectiveProgress(objectives, { "0": 3, "1": 9, talk: 1 })).toEqual([
      { index: 0, description: "Kill 10 × goblin", current: 3, required: 10, done: false },
      { index: 1, description: "Collect 5 × item #1001", current: 5, required: 5, done: true },
      { index: 2, description: "Speak to the elder", current: 1, required: 1, done: true },
    ]);
  });
  it("reads progress as an array by index", () => {
    expect(objectiveProgress(objectives, [10, "2"]).map((o) => o.current)).toEqual([10, 2, 0]);
  });
  it("treats missing or malformed progress as zero, and a completed quest as all done", () => {
    expect(objectiveProgress(objectives, null).map((o) => o.current)).toEqual([0, 0, 0]);
    expect(objectiveProgress(objectives, { "0": "lots", "1": -4 }).map((o) => o.current)).toEqual([0, 0, 0]);
    expect(objectiveProgress(objectives, {}, true).every((o) => o.done)).toBe(true);
  });
  it("returns nothing for objectives that are not an array", () => {
    expect(objectiveProgress({ type: "kill" }, {})).toEqual([]);
    expect(objectiveProgress([null, 5], {})).toHaveLength(2);
  });
});
