import { expect as baseExpect, test } from "@playwright/test";
import { createCharacterFor, registerPlayer, signIn, signOut } from "./fixtures";

const expect = baseExpect.configure({ timeout: 60_000 });
test.describe.configure({ timeout: 240_000 });

test("a friend request is sent, accepted and listed on both sides", async ({ page, request }) => {
  const alice = await registerPlayer(request);
  const bob = await registerPlayer(request);
  const aliceHero = await createCharacterFor(alice.username, { level: 5 });
  const bobHero = await createCharacterFor(bob.username, { level: 6 });

  await signIn(page, alice.username, alice.password, "/friends");
  await expect(page.getByRole("heading", { level: 1, name: "Friends" })).toBeVisible();
  await expect(page.getByLabel("Acting as")).toHaveValue(String(aliceHero.characterId));
  await page.getByLabel("Character name").fill("no_such_hero_zz");
  await page.getByRole("button", { name: "Send friend request" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("There is no character called no_such_hero_zz.");
  await page.getByLabel("Character name").fill(bobHero.name);
  await page.getByRole("button", { name: "Send friend request" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText(`Friend request sent to ${bobHero.name}.`);
  await expect(page.getByRole("region", { name: "Sent requests" }).getByText(bobHero.name)).toBeVisible();
  await signOut(page);

  await signIn(page, bob.username, bob.password, "/friends");
  const incoming = page.getByRole("region", { name: `Requests to ${bobHero.name}` });
  await incoming.getByRole("button", { name: `Accept ${aliceHero.name}` }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText(`You and ${aliceHero.name} are now friends.`);
  const friends = page.getByRole("region", { name: "Friends" });
  await expect(friends.getByText(aliceHero.name)).toBeVisible();
  await expect(friends.getByRole("link", { name: alice.username })).toBeVisible();
});
