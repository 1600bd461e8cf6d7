import { expect, test } from "@playwright/test";
import { registerPlayer } from "./fixtures";
import { characterIdByName, giveItem } from "./fixtures-characters";

test("create a character → it is listed → move and equip items → the character page shows them", async ({ page }) => {
  // A long flow over three pages; on a cold dev server each first visit compiles.
  test.slow();
  await registerPlayer(page);

  await page.goto("/characters");
  await expect(page.getByRole("heading", { level: 1, name: "Characters" })).toBeVisible();
  const name = `Hero_${Date.now().toString(36)}`;
  const form = page.getByRole("form", { name: "Create a character" });
  await form.getByLabel("Name").fill("no spaces allowed");
  await form.getByRole("button", { name: "Create character" }).click();
  await expect(form.getByText("Character names are 3 to 50 letters, digits, underscores or hyphens.")).toBeVisible();
  await form.getByLabel("Name").fill(name);
  await form.getByRole("radio", { name: /^warrior/i }).check();
  await form.getByRole("button", { name: "Create character" }).click();
  await expect(form.getByRole("status")).toHaveText(`${name} the warrior is ready.`);
  const card = page.getByTestId("character-card").filter({ hasText: name });
  await expect(card).toContainText("Level 1 warrior");

  const characterId = await characterIdByName(name);
  await giveItem(characterId, { name: "Tidecaller Blade", itemType: "weapon" }, 0, 1, { current: 80, max: 100 });
  await giveItem(characterId, { name: "Kelp Tonic", itemType: "consumable", maxStackSize: 20 }, 1, 12);

  await card.getByRole("link", { name }).click();
  await page.waitForURL(new RegExp(`/characters/${characterId}$`));
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  // Warrior: strength 16, agility 10 → attack power 16*2 + 10; vitality 15 → defense 45.
  await expect(page.getByTestId("stat-attack-power")).toHaveText("42");
  await expect(page.getByTestId("stat-defense-rating")).toHaveText("45");
  await expect(page.getByTestId("zone")).toHaveText("1");
  await expect(page.getByTestId("currency-gold")).toHaveText("0");

  // Move the tonic stack from slot 1 to slot 5.
  await page.getByRole("button", { name: "Slot 1: Kelp Tonic × 12 +2" }).click();
  await page.getByLabel("Move to slot (swaps if taken)").fill("5");
  await page.getByRole("button", { name: "Move", exact: true }).click();
  await expect(page.getByRole("button", { name: "Slot 5: Kelp Tonic × 12 +2" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Slot 1: empty" })).toBeVisible();

  // Equip the blade in the main hand.
  await page.getByRole("button", { name: /^Slot 0: Tidecaller Blade/ }).click();
  await expect(page.getByRole("heading", { name: "Slot 0: Tidecaller Blade" })).toBeVisible();
  await page.getByLabel("Equip in").selectOption("main_hand");
  await page.getByRole("button", { name: "Equip", exact: true }).click();
  await expect(page.getByTestId("equipment-main_hand")).toContainText("Tidecaller Blade +2");
  await expect(page.getByTestId("equipment-main_hand")).toContainText("Durability 80 / 100");

  // Destroying needs the confirmation dialog; cancel keeps the item.
  await page.getByRole("button", { name: "Slot 5: Kelp Tonic × 12 +2" }).click();
  await page.getByRole("button", { name: "Destroy…" }).click();
  const dialog = page.getByRole("dialog", { name: "Destroy this item?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();

  // Everything persisted.
  await page.reload();
  await expect(page.getByRole("button", { name: "Slot 5: Kelp Tonic × 12 +2" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Slot 0: Tidecaller Blade +2 (equipped: main hand)" })).toBeVisible();
  await expect(page.getByTestId("equipment-main_hand")).toContainText("Tidecaller Blade");

  await page.getByRole("tab", { name: "Quests" }).click();
  await expect(page.getByRole("region", { name: "In progress quests" })).toContainText("None.");
  await page.getByRole("tab", { name: "Achievements" }).click();
  await expect(page.getByText(/0 achievement points/)).toBeVisible();
});
