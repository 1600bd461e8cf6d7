import { expect as baseExpect, test } from "@playwright/test";

// Page loads include server rendering against real engines (and route compilation on a dev server): wait for states generously.
const expect = baseExpect.configure({ timeout: 60_000 });
test.describe.configure({ timeout: 240_000 });
import { banPlayer, defaultPassword, registerPlayer, signIn, signOut } from "./fixtures";

test("register → profile edit → public profile → sign out → sign in", async ({ page }) => {
  const player = await registerPlayer(page);
  await expect(page.getByRole("status")).toContainText(`Welcome to BlueMarble, ${player.username}`);
  await expect(page.getByLabel("Signed in as")).toHaveText(player.username);

  const form = page.getByRole("form", { name: "Edit profile" });
  await form.getByLabel("Display name").fill("Captain E2E");
  await form.getByLabel("Bio").fill("Charting the voxel seas.");
  await form.getByLabel("Avatar URL").fill("javascript:alert(1)");
  await form.getByRole("button", { name: "Save profile" }).click();
  await expect(form.getByText("The avatar URL must be an http:// or https:// address.")).toBeVisible();
  await form.getByLabel("Avatar URL").fill("");
  await form.getByLabel("Time zone").selectOption("Europe/Berlin");
  await form.getByLabel("Show my achievements").uncheck();
  await form.getByRole("button", { name: "Save profile" }).click();
  await expect(form.getByRole("status")).toHaveText("Profile saved.");

  await page.reload();
  await expect(form.getByLabel("Display name")).toHaveValue("Captain E2E");
  await expect(form.getByLabel("Time zone")).toHaveValue("Europe/Berlin");
  await expect(form.getByLabel("Show my achievements")).not.toBeChecked();

  await page.getByRole("link", { name: "See your public profile" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Captain E2E" })).toBeVisible();
  await expect(page.getByText("Charting the voxel seas.")).toBeVisible();
  await expect(page.getByText("This player keeps their achievements private.")).toBeVisible();

  await signOut(page);
  await page.goto("/profile");
  await expect(page).toHaveURL(/\/sign-in/);

  await page.getByLabel("Username or email").fill(player.username);
  await page.getByLabel("Password").fill("definitely-wrong-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong username or password.");
  await signIn(page, player.username, player.password);
  await expect(page).toHaveURL(/\/profile/);
});

test("registration shows the rules field by field", async ({ page }) => {
  await page.goto("/register");
  await page.getByLabel("Username").fill("no spaces allowed");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Usernames are 3 to 50 letters, digits, underscores or hyphens.")).toBeVisible();
  await expect(page.getByText("That does not look like an email address.")).toBeVisible();
  await expect(page.getByText("Passwords are at least 10 characters.")).toBeVisible();
  await expect(page).toHaveURL(/\/register/);
});

test("a banned player cannot sign in and is told why and until when", async ({ page, request }) => {
  const player = await registerPlayer(request);
  await banPlayer(player.username, "gold duplication", new Date("2099-03-04T05:06:00Z"));
  await page.goto("/sign-in");
  await page.getByLabel("Username or email").fill(player.username);
  await page.getByLabel("Password").fill(defaultPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Your account is banned: gold duplication until 2099-03-04 05:06 UTC.");
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
});

test("an open session sees a ban at its next page", async ({ page }) => {
  const player = await registerPlayer(page);
  await banPlayer(player.username, "harassment", null);
  await page.goto("/leaderboards");
  await expect(page.getByTestId("ban-message")).toHaveText("Your account is banned: harassment permanently.");
  await expect(page.getByLabel("Signed in as")).toHaveCount(0);
  await page.goto("/profile");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Your account is banned: harassment permanently.");
});

test("an expired ban no longer stops sign-in", async ({ page, request }) => {
  const player = await registerPlayer(request);
  await banPlayer(player.username, "old offence", new Date(Date.now() - 60_000));
  await signIn(page, player.username, player.password);
});

test("changing the password signs out every session; the new password signs in", async ({ page, browser }) => {
  const player = await registerPlayer(page);
  // A second session of the same account, e.g. on another device.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, player.username, player.password);

  const form = page.getByRole("form", { name: "Change password" });
  await form.getByLabel("Current password").fill(player.password);
  await form.getByLabel("New password").fill("a-completely-new-secret");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/sign-in\?passwordChanged=1/);
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Your password was changed and every session signed out. Sign in with the new password.");

  // The other device's next page no longer has a session.
  await other.goto("/profile");
  await expect(other).toHaveURL(/\/sign-in/);
  await expect(other.getByLabel("Signed in as")).toHaveCount(0);
  await otherContext.close();

  await signIn(page, player.username, "a-completely-new-secret");
});
