/**
 * `npx tsx scripts/bench/world-viewer.ts [--base http://127.0.0.1:3200] [--runs 5] [--user demo_analyst --password …]`
 * Time from choosing a region to the finished first frame of the viewer in headless Chromium (PLATFORM.md flags),
 * against a running server whose accounts live in the e2e database (the fixtures sign up and promote a fresh analyst
 * there). For the scale world (a survey area of ~19,000 drawn voxels), after `next build`:
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bluemarble_e2e REDIS_URL=redis://127.0.0.1:6379/4 \
 *   CASSANDRA_KEYSPACE=bluemarble_scale NEXTAUTH_URL=http://127.0.0.1:3200 npx next start -p 3200 -H 127.0.0.1
 * Prints the drawn voxel count and p50/p95/p99 of "complete" (last level drawn) and "first frame" (first level drawn).
 * `--user`/`--password` sign in as an existing staff account instead (`npm run bench` uses the scale data's demo_analyst
 * against the portal it started on the scale database).
 */
import { chromium } from "@playwright/test";
import { makeStaff, registerPlayer, signIn } from "../../e2e/fixtures";
import { numberOption, percentile, recordLatency, textOption } from "./lib";

const base = textOption("base", "http://127.0.0.1:3200");
const runs = numberOption("runs", 5);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
});
try {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const user = textOption("user", "");
  if (user) {
    await signIn(page, user, textOption("password", ""), "/staff/world");
  } else {
    const staff = await registerPlayer(page.request);
    await makeStaff(staff.username, "analyst");
    await signIn(page, staff.username, staff.password, "/staff/world");
  }
  const complete: number[] = [];
  const first: number[] = [];
  let drawn = 0;
  for (let run = 0; run <= runs; run++) {
    await page.goto("/staff/world");
    const select = page.getByLabel("Named region");
    const survey = await select.locator("option", { hasText: "Survey area" }).getAttribute("value");
    await select.selectOption(survey!);
    await page.getByTestId("complete-ms").waitFor({ timeout: 180_000 });
    const status = await page.getByTestId("view-status").innerText();
    drawn = Number((await page.getByTestId("drawn-count").innerText()).replace(/,/g, ""));
    const firstMs = Number(/first frame (\d+) ms/.exec(status)?.[1]);
    const completeMs = Number(await page.getByTestId("complete-ms").innerText());
    // Run 0 warms the server's cache and the dev compile; it is not counted.
    if (run > 0) {
      first.push(firstMs);
      complete.push(completeMs);
    }
    console.log(`run ${run}: ${drawn} voxels drawn, first frame ${firstMs} ms, complete ${completeMs} ms${run === 0 ? " (warm-up)" : ""}`);
  }
  for (const [name, samples] of [["first frame", first], ["complete (all levels)", complete]] as const) {
    const sorted = [...samples].sort((a, b) => a - b);
    recordLatency("bench:viewer", `viewer.${name.split(" ")[0]}`, `viewer ${name}, ${drawn} voxels`, sorted);
    console.log(`viewer ${name.padEnd(22)} ${drawn} voxels  p50 ${percentile(sorted, 50)} ms  p95 ${percentile(sorted, 95)} ms  p99 ${percentile(sorted, 99)} ms  (target < 2000 ms)`);
  }
} finally {
  await browser.close();
}
