import { expect, test, type Page } from "@playwright/test";
import { makeStaff, registerPlayer, signIn } from "./fixtures";

/**
 * The octree region viewer (needs `npm run world:seed` in the e2e keyspace: scripts/stack/prepare-data.sh does it).
 * deck.gl renders through SwiftShader here, so assertions go through deck.pickObject and layer state, not pixels.
 */

// Cold region reads stream several levels from Cassandra; on a busy shared machine that can take a while.
test.setTimeout(240_000);

async function waitForRegion(page: Page): Promise<void> {
  await expect(page.getByTestId("world-canvas")).toHaveAttribute("data-loading", "false", { timeout: 180_000 });
  await expect.poll(() => page.evaluate(() => window.__worldViewer?.drawnCount ?? 0), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect.poll(() => page.evaluate(() => window.__worldViewer?.frames ?? 0)).toBeGreaterThan(0);
}

test("staff see a region rendered; picking a voxel finds its node and the tooltip shows it", async ({ page }) => {
  const staff = await registerPlayer(page.request);
  await makeStaff(staff.username, "analyst");
  await signIn(page, staff.username, staff.password, "/staff/world");
  await page.goto("/staff/world");
  await expect(page.getByRole("heading", { level: 1, name: "World viewer" })).toBeVisible();
  await expect(page.getByLabel("Named region")).toBeVisible();
  await waitForRegion(page);
  await expect(page.getByLabel("Material legend").getByRole("listitem").first()).toBeVisible();
  await expect(page.getByTestId("view-status")).toContainText("voxels drawn");

  // Find a pixel with a voxel under it by asking deck.pickObject over a grid of the canvas.
  const canvas = page.getByTestId("world-canvas");
  const size = (await canvas.boundingBox())!;
  const hit = await page.evaluate(
    ({ width, height }) => {
      const viewer = window.__worldViewer!;
      for (let fy = 0.5; fy < 0.95; fy += 0.05) {
        for (let fx = 0.2; fx < 0.8; fx += 0.05) {
          const index = viewer.pickNode(width * fx, height * fy);
          if (index !== null) return { x: width * fx, y: height * fy, index, node: viewer.describe(index) };
        }
      }
      return null;
    },
    { width: size.width, height: size.height },
  );
  expect(hit, "some voxel is under the canvas grid").not.toBeNull();
  expect(hit!.node?.mortonCode).toMatch(/^\d+$/);

  // The projected centre of that node picks a node too (pickObject at a voxel returns a node).
  const again = await page.evaluate((index) => {
    const viewer = window.__worldViewer!;
    const at = viewer.screenOf(index);
    return at ? viewer.pickNode(at[0], at[1]) : null;
  }, hit!.index);
  expect(again).not.toBeNull();

  await page.mouse.move(size.x + hit!.x, size.y + hit!.y);
  const tooltip = page.getByTestId("node-tooltip");
  await expect(tooltip).toBeVisible();
  await expect(page.getByTestId("tooltip-morton")).toHaveText(hit!.node!.mortonCode);
  await expect(page.getByTestId("tooltip-level")).toContainText(String(hit!.node!.level));
  await expect(tooltip).toContainText("Homogeneity");
  await expect(tooltip).toContainText("Last change");
});

test("the deltas timeline lists who changed what and scrubs the region back in time", async ({ page }) => {
  const staff = await registerPlayer(page.request);
  await makeStaff(staff.username, "analyst");
  await signIn(page, staff.username, staff.password, "/staff/world");
  await page.goto("/staff/world");
  const select = page.getByLabel("Named region");
  const settlement = await select.locator("option", { hasText: "Settlement A" }).getAttribute("value");
  await select.selectOption(settlement!);
  await waitForRegion(page);
  const table = page.getByRole("table", { name: /Player changes/ });
  await expect(table.getByRole("row").nth(1)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("timeline-as-of")).toHaveText("now");
  await page.getByLabel(/Showing the region/).fill("0");
  await expect(page.getByTestId("timeline-as-of")).toContainText("before");
});

test("a player is refused the page and the API", async ({ page }) => {
  const player = await registerPlayer(page.request);
  await signIn(page, player.username, player.password);
  await page.goto("/staff/world");
  await expect(page.getByRole("heading", { level: 1, name: /403/ })).toBeVisible();
  await expect(page.getByTestId("world-canvas")).toHaveCount(0);
  const response = await page.request.get("/api/trpc/world.regions");
  expect(response.status()).toBe(403);
});
