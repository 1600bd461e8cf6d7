import { expect, test } from "@playwright/test";

test("the home page shows the portal's navigation", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome to BlueMarble" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const label of ["Profile", "Characters", "Market", "Guilds", "Leaderboards"]) {
    await expect(nav.getByRole("link", { name: label })).toBeAttached();
  }
  await expect(page.getByRole("main")).toBeVisible();
});

test("/api/health reports every engine up", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.status).toBe("ok");
  for (const name of ["postgres", "redis", "cassandra", "elasticsearch"]) {
    expect(body.engines[name].state, `${name}: ${body.engines[name].detail ?? ""}`).toBe("up");
  }
});

test("the status page shows each engine's state", async ({ page }) => {
  await page.goto("/status");
  const table = page.getByRole("table");
  for (const name of ["PostgreSQL", "Redis", "Cassandra", "Elasticsearch"]) {
    await expect(table.getByRole("row", { name: new RegExp(name) })).toContainText("up");
  }
});
