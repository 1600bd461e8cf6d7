import { expect, test, type Page } from "@playwright/test";
import { registerPlayer, withDb } from "./fixtures";

/**
 * One player lists an item, a second finds it by search and buys it; both see the new gold and bags, and the listing
 * shows as sold in the seller's history. Characters and the item are created in the e2e database directly
 * (items come from the game server, not the portal).
 */


async function makeCharacter(playerId: number, name: string, gold: number): Promise<number> {
  return withDb(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      "INSERT INTO game_data.characters (player_id, name, class, level) VALUES ($1, $2, 'ranger', 12) RETURNING character_id AS id",
      [playerId, name],
    );
    const id = Number(rows[0]!.id);
    await client.query("INSERT INTO game_data.character_currencies (character_id, currency_type, amount) VALUES ($1, 'gold', $2)", [id, gold]);
    return id;
  });
}

async function giveStack(characterId: number, itemName: string, quantity: number, slotPosition: number): Promise<number> {
  return withDb(async (client) => {
    const itemId = 1_000_000_000 + Math.floor(Math.random() * 1_000_000_000);
    await client.query(
      "INSERT INTO game_data.items_master (item_id, item_name, item_type, rarity, max_stack_size) VALUES ($1, $2, 'material', 'uncommon', 10)",
      [itemId, itemName],
    );
    await client.query("INSERT INTO game_data.character_inventory (character_id, item_id, quantity, slot_position) VALUES ($1, $2, $3, $4)", [
      characterId,
      itemId,
      quantity,
      slotPosition,
    ]);
    return itemId;
  });
}

/** The bag as the sell form lists it, and the gold as the character picker shows it. */
async function expectCharacterState(page: Page, characterName: string, gold: string, bagEntry: RegExp) {
  await page.goto("/market/sell");
  const main = page.getByRole("main");
  const picker = main.getByLabel("Sell as");
  await expect(picker.getByRole("option", { name: new RegExp(`^${characterName} \\(level 12, ${gold} gold\\)$`) })).toBeAttached();
  await picker.selectOption({ label: `${characterName} (level 12, ${gold} gold)` });
  await expect(main.getByLabel("Item", { exact: true }).getByRole("option", { name: bagEntry })).toBeAttached();
}

test("a listed item is found by search, bought, and both sides see the result", async ({ page, browser }) => {
  // Five pages on a dev server compile on first visit; give the walk-through room on a busy machine.
  test.setTimeout(180_000);
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
  const itemName = `Lantern ${tag}`;
  const sellerName = `Seller_${tag}`;
  const buyerName = `Buyer_${tag}`;

  const seller = await registerPlayer(page);
  const sellerCharacter = await makeCharacter(seller.playerId, sellerName, 100);
  await giveStack(sellerCharacter, itemName, 5, 0);

  // The seller lists 3 of 5 lanterns at 40 gold each. (Forms are addressed inside <main>: the header has a search box too.)
  await page.goto("/market/sell");
  const main = page.getByRole("main");
  await main.getByLabel("Sell as").selectOption({ label: `${sellerName} (level 12, 100 gold)` });
  await main.getByLabel("Item", { exact: true }).selectOption({ label: `Slot 0: ${itemName} × 5` });
  await main.getByLabel("Quantity").fill("3");
  await main.getByLabel("Price per unit").fill("40");
  await main.getByLabel("Currency").selectOption("gold");
  await main.getByLabel("Duration").selectOption("24");
  await main.getByRole("button", { name: "List for sale" }).click();
  await expect(main.getByRole("status")).toHaveText(`Listed 3 ${itemName} at 40 gold each.`);

  // A second player finds it by a word of its name and buys all three.
  const buyerContext = await browser.newContext();
  const buyerPage = await buyerContext.newPage();
  try {
    const buyer = await registerPlayer(buyerPage);
    await makeCharacter(buyer.playerId, buyerName, 1_000);
    await buyerPage.goto("/market");
    const search = buyerPage.getByRole("main").getByRole("search", { name: "Search listings" });
    await search.getByLabel("Item name").fill(tag);
    await search.getByRole("button", { name: "Search" }).click();
    const row = buyerPage.getByTestId("listing-row").filter({ hasText: itemName });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("uncommon");
    await expect(row).toContainText("40 gold");
    await expect(row).toContainText(sellerName);
    await expect(row.getByRole("cell").nth(4)).toHaveText(/^(23 h \d+ min|24 h)$/);
    await row.getByRole("button", { name: `Buy ${itemName} from ${sellerName}` }).click();
    const panel = buyerPage.getByRole("region", { name: `Buy ${itemName} from ${sellerName}` });
    await panel.getByLabel("Buy as").selectOption({ label: `${buyerName} (level 12, 1,000 gold)` });
    await expect(panel.getByLabel("Quantity")).toHaveValue("3");
    await panel.getByRole("button", { name: "Buy for 120 gold" }).click();
    await expect(panel.getByRole("status")).toHaveText(`Bought 3 ${itemName} for 120 gold. Your balance: 880 gold.`);
    await expect(buyerPage.getByTestId("listing-row").filter({ hasText: itemName })).toHaveCount(0);

    // The buyer's gold and bag.
    await expectCharacterState(buyerPage, buyerName, "880", new RegExp(`^Slot 0: ${itemName} × 3$`));
  } finally {
    await buyerContext.close();
  }

  // The seller: 100 + 120 − 6 (5 % fee) gold, two lanterns left, and the listing is sold in the history.
  await expectCharacterState(page, sellerName, "214", new RegExp(`^Slot 0: ${itemName} × 2$`));
  await page.goto("/market/history");
  await page.getByRole("main").getByLabel("Character").selectOption({ label: `${sellerName} (level 12, 214 gold)` });
  const listingRow = page.getByTestId("my-listing-row").filter({ hasText: itemName });
  await expect(listingRow).toContainText("sold");
  await expect(listingRow.getByRole("cell").nth(1)).toHaveText("3");
  const sale = page.getByTestId("trade-line").filter({ hasText: itemName });
  await expect(sale).toContainText("sale");
  await expect(sale).toContainText("+114 gold");
  await expect(sale).toContainText(buyerName);
});
