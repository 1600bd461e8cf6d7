/**
 * Guilds, end to end: found a guild, invite a second player who accepts, promote them, deposit and withdraw gold.
 * Characters and their gold are inserted into the e2e database directly (they come from the character domain and the game).
 */
import { expect as baseExpect, test, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { e2eDatabaseUrl, registerPlayer } from "./fixtures";

// Each step is a mutation plus a refetch of the guild queries; on a shared, busy dev server that can take a while.
const expect = baseExpect.configure({ timeout: 30_000 });

async function newCharacter(playerId: number, gold: number): Promise<string> {
  const name = `Gc${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const client = new pg.Client({ connectionString: e2eDatabaseUrl });
  await client.connect();
  try {
    await client.query(
      `WITH c AS (INSERT INTO game_data.characters (player_id, name, class, level) VALUES ($1, $2, 'warrior', 12) RETURNING character_id)
       INSERT INTO game_data.character_currencies (character_id, currency_type, amount) SELECT character_id, 'gold', $3 FROM c`,
      [playerId, name, gold],
    );
  } finally {
    await client.end();
  }
  return name;
}

async function signedInPlayer(browser: Browser, gold: number): Promise<{ page: Page; character: string }> {
  const page = await (await browser.newContext()).newPage();
  const player = await registerPlayer(page);
  return { page, character: await newCharacter(player.playerId, gold) };
}

test("found a guild, invite a player who accepts, promote them, deposit and withdraw gold", async ({ browser }) => {
  // Several pages and two browser contexts; a dev server compiles each route on first use.
  test.setTimeout(300_000);
  const leader = await signedInPlayer(browser, 500);
  const recruit = await signedInPlayer(browser, 0);
  const suffix = Math.random().toString(36).slice(2, 7).toUpperCase();
  const guildName = `Blue Wardens ${suffix}`;

  // Found the guild.
  await leader.page.goto("/guilds/new");
  await expect(leader.page.getByLabel("Leader")).toContainText(leader.character);
  await leader.page.getByLabel("Guild name").fill(guildName);
  await leader.page.getByLabel("Tag").fill(`bw${suffix}`.slice(0, 10));
  await expect(leader.page.getByLabel("Tag")).toHaveValue(`BW${suffix}`.slice(0, 10));
  await leader.page.getByRole("button", { name: "Found guild" }).click();
  await expect(leader.page).toHaveURL(/\/guilds\/\d+$/);
  await expect(leader.page.getByRole("heading", { level: 1, name: new RegExp(guildName) })).toBeVisible();
  await expect(leader.page.getByTestId(`member-${leader.character}`).getByTestId("rank")).toHaveText("Leader");

  // Invite the second player's character.
  await leader.page.getByLabel("Invite a character by name").fill(recruit.character);
  await leader.page.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(leader.page.getByRole("status").filter({ hasText: `${recruit.character} was invited.` })).toBeVisible();

  // The second player accepts from the guild list.
  await recruit.page.goto("/guilds");
  await recruit.page.getByRole("button", { name: `Accept invitation to ${guildName}` }).click();
  await expect(recruit.page.getByRole("status").filter({ hasText: `${recruit.character} joined ${guildName}.` })).toBeVisible();

  // The leader sees them as a recruit and promotes them to member.
  await leader.page.reload();
  const row = leader.page.getByTestId(`member-${recruit.character}`);
  await expect(row.getByTestId("rank")).toHaveText("Recruit");
  await expect(leader.page.getByTestId("member-count")).toHaveText("2 / 50");
  await row.getByText(`Manage ${recruit.character}`).click();
  await row.getByLabel(`New rank for ${recruit.character}`).selectOption("member");
  await row.getByRole("button", { name: "Change rank" }).click();
  await expect(row.getByTestId("rank")).toHaveText("Member");

  // Deposit and withdraw; the ledger shows both moves.
  await leader.page.getByLabel("Deposit amount").fill("200");
  await leader.page.getByRole("button", { name: "Deposit", exact: true }).click();
  await expect(leader.page.getByTestId("bank-balance")).toHaveText("200");
  await leader.page.getByLabel("Withdraw amount").fill("75");
  await leader.page.getByRole("button", { name: "Withdraw", exact: true }).click();
  await expect(leader.page.getByTestId("bank-balance")).toHaveText("125");
  const ledger = leader.page.getByRole("table", { name: "Guild bank ledger, newest first" });
  await expect(ledger.getByRole("row")).toHaveCount(3);
  await expect(ledger.getByRole("row").nth(1)).toContainText("−75");
  await expect(ledger.getByRole("row").nth(2)).toContainText("+200");

  // Withdrawing more than the bank holds is refused with the reason, and nothing changes.
  await leader.page.getByLabel("Withdraw amount").fill("1000");
  await leader.page.getByRole("button", { name: "Withdraw", exact: true }).click();
  await expect(leader.page.getByRole("alert").filter({ hasText: "The guild bank holds only 125 gold." })).toBeVisible();
  await expect(leader.page.getByTestId("bank-balance")).toHaveText("125");
});
