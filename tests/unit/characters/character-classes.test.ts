import { describe, expect, it } from "vitest";
import { characterClasses, characterNamePattern, createCharacterInput } from "@/server/character/character.schema";
import { startingPosition, startingStats } from "@/server/character/classes.rules";

describe("character classes", () => {
  it("give every class positive stats (positive_stats CHECK)", () => {
    for (const characterClass of characterClasses) {
      for (const [stat, value] of Object.entries(startingStats[characterClass])) expect(value, `${characterClass}.${stat}`).toBeGreaterThan(0);
    }
  });
  it("start inside valid_coordinates", () => {
    expect(Math.abs(startingPosition.positionX)).toBeLessThanOrEqual(20_000_000);
    expect(Math.abs(startingPosition.positionY)).toBeLessThanOrEqual(10_000_000);
    expect(Math.abs(startingPosition.positionZ)).toBeLessThanOrEqual(10_000_000);
  });
});

describe("createCharacterInput", () => {
  it("mirrors character_name_format", () => {
    expect(characterNamePattern.source).toBe("^[a-zA-Z0-9_-]{3,50}$");
    expect(createCharacterInput.safeParse({ name: "Ab_c-9", characterClass: "mage" }).success).toBe(true);
    for (const name of ["ab", "a b c", "x".repeat(51), "naïve"]) expect(createCharacterInput.safeParse({ name, characterClass: "mage" }).success, name).toBe(false);
    expect(createCharacterInput.safeParse({ name: "Valid", characterClass: "bard" }).success).toBe(false);
  });
});
