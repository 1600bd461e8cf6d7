import { expect as baseExpect, test, type Browser, type Page } from "@playwright/test";
import { makeStaff, registerPlayer, signIn, type RegisteredPlayer, type StaffRoleName, withDb } from "./fixtures";

// Pages render against real engines (and a dev server compiles routes on first visit): wait for states generously.
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 180_000 });


/** A signed-in browser page of a fresh account, staff if a role is given. */
async function signedIn(browser: Browser, role: StaffRoleName | null): Promise<{ page: Page; account: RegisteredPlayer }> {
  const context = await browser.newContext();
  const account = await registerPlayer(context.request);
  if (role) await makeStaff(account.username, role);
  const page = await context.newPage();
  await signIn(page, account.username, account.password);
  return { page, account };
}

/** A character with gold (and optionally items), straight into the e2e database. */
async function makeCharacter(playerId: number, gold: number): Promise<{ characterId: number; name: string }> {
  const name = `e2e_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return withDb(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      "INSERT INTO game_data.characters (player_id, name, class, level) VALUES ($1, $2, 'warrior', 10) RETURNING character_id AS id",
      [playerId, name],
    );
    const characterId = Number(rows[0]!.id);
    await client.query("INSERT INTO game_data.character_currencies (character_id, currency_type, amount) VALUES ($1, 'gold', $2)", [characterId, gold]);
    return { characterId, name };
  });
}

/**
 * A completed market purchase as server/market/market.service.ts records one: the buyer paid 300 gold for 3 units,
 * the seller received 285 (fee 15), the units sit in the buyer's bag; 'purchase' and 'sale' rows plus the fee row.
 */
async function recordPurchase(buyer: number, seller: number): Promise<{ purchaseId: number; itemName: string }> {
  return withDb(async (client) => {
    const itemId = 1_500_000_000 + Math.floor(Math.random() * 400_000_000);
    const itemName = `E2E Relic ${itemId}`;
    await client.query("INSERT INTO game_data.items_master (item_id, item_name, item_type, rarity, max_stack_size) VALUES ($1, $2, 'material', 'rare', 20)", [itemId, itemName]);
    await client.query("UPDATE game_data.character_currencies SET amount = amount - 300 WHERE character_id = $1", [buyer]);
    await client.query("UPDATE game_data.character_currencies SET amount = amount + 285 WHERE character_id = $1", [seller]);
    await client.query("INSERT INTO game_data.character_inventory (character_id, item_id, quantity, slot_position) VALUES ($1, $2, 3, 0)", [buyer, itemId]);
    const listingId = itemId;
    const metadata = JSON.stringify({ listing_id: listingId, fee: 15, idempotency_key: `e2e-${itemId}`, unit_price: 100 });
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO game_data.transactions (transaction_type, from_character_id, to_character_id, currency_type, currency_amount, item_id, item_quantity, transaction_status, completed_at, metadata)
       VALUES ('purchase', $1, $2, 'gold', 300, $3, 3, 'completed', now(), $4), ('sale', $2, $1, 'gold', 285, $3, 3, 'completed', now(), $4)
       RETURNING transaction_id AS id`,
      [buyer, seller, itemId, metadata],
    );
    const [purchaseId, saleId] = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
    await client.query("INSERT INTO game_data.market_fees (listing_id, transaction_id, seller_character_id, currency_type, amount) VALUES ($1, $2, $3, 'gold', 15)", [listingId, saleId, seller]);
    return { purchaseId: purchaseId!, itemName };
  });
}

test("a GM bans a player and the player's next page shows the ban", async ({ browser }) => {
  const { page: playerPage, account: player } = await signedIn(browser, null);
  const { page: gm } = await signedIn(browser, "game_master");

  await gm.goto(`/staff/players?q=${player.username}`);
  await gm.getByRole("link", { name: player.username }).click();
  await expect(gm.getByRole("heading", { level: 1, name: `Player ${player.username}` })).toBeVisible();
  const form = gm.getByRole("form", { name: `Ban ${player.username}` });
  await form.getByLabel("Reason").selectOption("cheating");
  await form.getByLabel("Details").fill("speed hack seen in zone 4");
  await form.getByLabel("Duration").selectOption("7");
  await form.getByRole("button", { name: "Ban player" }).click();
  await expect(gm.getByTestId("staff-ban-state")).toContainText("Cheating or using exploits: speed hack seen in zone 4");
  await expect(gm.getByTestId("ban-history")).toContainText(`#`);

  await playerPage.goto("/profile");
  await expect(playerPage.getByTestId("ban-message")).toContainText("Cheating or using exploits: speed hack seen in zone 4");
});

test("a GM reverses a purchase and both characters' gold and items are back", async ({ browser }) => {
  const { page: gm } = await signedIn(browser, "game_master");
  const context = await browser.newContext();
  const buyerAccount = await registerPlayer(context.request);
  const sellerAccount = await registerPlayer(context.request);
  const buyer = await makeCharacter(buyerAccount.playerId, 1_000);
  const seller = await makeCharacter(sellerAccount.playerId, 1_000);
  const { purchaseId, itemName } = await recordPurchase(buyer.characterId, seller.characterId);

  await gm.goto(`/staff/transactions?id=${purchaseId}`);
  await expect(gm.getByRole("heading", { name: `Transaction #${purchaseId}` })).toBeVisible();
  await gm.getByLabel("Reason (stored with the change)").fill("Buyer's account was stolen");
  await gm.getByRole("button", { name: "Reverse transaction" }).click();
  await expect(gm.getByRole("status").filter({ hasText: "Reversed by #" })).toBeVisible();

  await gm.goto(`/staff/players/${buyerAccount.playerId}`);
  await expect(gm.getByTestId(`staff-currencies-${buyer.name}`)).toContainText("gold: 1,000");
  await expect(gm.getByTestId(`staff-inventory-${buyer.name}`)).not.toContainText(itemName);
  await gm.goto(`/staff/players/${sellerAccount.playerId}`);
  await expect(gm.getByTestId(`staff-currencies-${seller.name}`)).toContainText("gold: 1,000");
  await expect(gm.getByTestId(`staff-inventory-${seller.name}`)).toContainText(`${itemName} × 3`);
});

test("an analyst sees the audit log but has no ban button and is refused by the API", async ({ browser }) => {
  const { page: analyst, account: me } = await signedIn(browser, "analyst");
  const context = await browser.newContext();
  const victim = await registerPlayer(context.request);

  // Signing in stamped the analyst's own last_login: an UPDATE on players made by the analyst.
  await analyst.goto(`/staff/audit?actor=${me.playerId}`);
  await expect(analyst.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await analyst.getByRole("button", { name: /^Before \/ after/ }).first().click();
  await expect(analyst.getByRole("row", { name: /last_login \(changed\)/ })).toBeVisible();

  // The filter bar: the victim's sign-up, found by the words of their username in the changed data.
  await analyst.getByLabel("Actor (id, username or “system”)").fill("");
  await analyst.getByLabel("Table").selectOption("players");
  await analyst.getByLabel("Words in the data").fill(victim.username);
  await analyst.getByRole("button", { name: "Apply filters" }).click();
  await expect(analyst.getByRole("row", { name: /\bplayers\b.*\bINSERT\b/ })).toBeVisible();
  await expect(analyst.getByRole("row", { name: /\bUPDATE\b|\bDELETE\b/ })).toHaveCount(0);

  await analyst.goto(`/staff/players/${victim.playerId}`);
  await expect(analyst.getByRole("heading", { level: 1, name: `Player ${victim.username}` })).toBeVisible();
  await expect(analyst.getByRole("button", { name: /ban/i })).toHaveCount(0);

  const response = await analyst.request.post("/api/trpc/staff.bans.ban", { data: { json: { playerId: victim.playerId, template: "cheating", expiresAt: null } } });
  expect(response.status()).toBe(403);
  const banned = await withDb((client) => client.query("SELECT is_banned FROM game_data.players WHERE player_id = $1", [victim.playerId]));
  expect(banned.rows[0].is_banned).toBe(false);
});

test("a player sees a 403 page in the staff area", async ({ browser }) => {
  const { page } = await signedIn(browser, null);
  await page.goto("/staff/audit");
  await expect(page.getByRole("heading", { level: 1, name: "403 · Staff only" })).toBeVisible();
});
