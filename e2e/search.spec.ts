/**
 * The global search: an item created in the database becomes findable from the header's search box (suggestions as
 * you type, highlighted) and on /search with facet counts. Works whether Elasticsearch answers (after the outbox
 * worker drained the change) or PostgreSQL does (reduced mode), so it waits for the state, never a fixed time.
 */
import { expect as baseExpect, test } from "@playwright/test";
import pg from "pg";
import { e2eDatabaseUrl } from "./fixtures";

const expect = baseExpect.configure({ timeout: 60_000 });

async function createItem(name: string): Promise<number> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl });
  await client.connect();
  try {
    const itemId = 1_000_000_000 + Math.floor(Math.random() * 900_000_000);
    await client.query(
      "INSERT INTO game_data.items_master (item_id, item_name, item_type, rarity) VALUES ($1, $2, 'weapon', 'legendary')",
      [itemId, name],
    );
    return itemId;
  } finally {
    await client.end();
  }
}

test("an item is suggested while typing and found on the search page with facets", async ({ page }) => {
  test.setTimeout(180_000);
  const tag = `srch${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
  const name = `Starforged Halberd ${tag}`;
  const itemId = await createItem(name);

  // The search page: retry until the outbox worker has drained the new item (or PostgreSQL answers).
  await expect(async () => {
    await page.goto(`/search?q=${encodeURIComponent(tag)}`);
    await baseExpect(page.getByTestId("search-items").getByRole("link", { name })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 90_000 });
  await expect(page.getByRole("heading", { name: "Search", level: 1 })).toBeVisible();
  const link = page.getByTestId("search-items").getByRole("link", { name });
  await expect(link).toHaveAttribute("href", `/market/items/${itemId}`);
  await expect(link.locator("mark").filter({ hasText: tag })).toBeVisible();
  const rarity = page.getByRole("navigation", { name: "Item rarity" });
  await expect(rarity.getByRole("link", { name: /legendary\s*1/ })).toBeVisible();

  // Picking the facet keeps the item and marks the facet as current. (Facets are plain links; following the href
  // rather than clicking keeps the spec independent of hydration on a busy dev server.)
  const facetHref = await rarity.getByRole("link", { name: /legendary/ }).getAttribute("href");
  expect(facetHref).toBe(`/search?q=${tag}&rarity=legendary`);
  await expect(async () => {
    await page.goto(facetHref!);
    await baseExpect(page.getByRole("navigation", { name: "Item rarity" }).getByRole("link", { name: /legendary/ })).toHaveAttribute("aria-current", "true", { timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId("search-items").getByRole("link", { name })).toBeVisible();

  // The header box suggests it while typing; Enter on the suggestion opens the item.
  const box = page.getByRole("banner").getByRole("combobox", { name: "Search items, guilds and players" });
  const option = page.getByRole("banner").getByRole("option", { name: new RegExp(tag) });
  // A dev server that rebuilds may re-render the header mid-typing: type again until the list is there.
  await expect(async () => {
    await box.fill(`starforged ${tag}`);
    await baseExpect(option).toBeVisible({ timeout: 5_000 });
    await box.press("ArrowDown");
    await baseExpect(option).toHaveAttribute("aria-selected", "true", { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await box.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/market/items/${itemId}$`));
});
