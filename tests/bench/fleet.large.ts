// The fleet of a source with 50 configurations (Woodgrove in the large seed), in headless Chromium:
// round trips of the fleet's reads (from the sandbox's request log) and the time from clicking
// Fleet to the 50 rows shown.
import { test, expect } from "@playwright/test";
import { writeFileSync, mkdirSync } from "node:fs";
import { SANDBOX, signIn } from "../e2e/helpers";
import { clickToShown, watchNow, whenShown } from "./shown";

const WOODGROVE = "2a89df31-6ea5-5671-9caf-9a9f4333c26b";

test("fleet of 50 configurations", async ({ page }) => {
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
  await page.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} });
  await page.goto("/setup");
  await signIn(page, "source", "woodgrove.onmicrosoft.com", "admin@woodgrove.onmicrosoft.com");
  // With the targets' names (the on-request permission), as an admin would look at it.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Fleet" }).click();
  await page.getByTestId("fleet-names-source").click();
  await page.getByRole("button", { name: /admin@woodgrove/ }).click();
  await expect(page.getByTestId("fleet-row")).toHaveCount(50, { timeout: 60_000 });
  await expect(page.getByTestId("fleet-names-source")).toHaveCount(0);
  await page.waitForLoadState("networkidle");
  const times: number[] = [];
  let trips = 0, requests = 0;
  for (let run = 0; run < 5; run++) {
    await page.goto("/about");
    await page.request.delete(`${SANDBOX}/_sandbox/requests`);
    // From the click to the paint of the 50th row, timed in the page (shown.ts).
    await watchNow(page, { key: "fleet", selector: '[data-testid="fleet-row"]', count: 50 });
    const rows = whenShown(page, "fleet", 60_000);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Fleet" }).click();
    times.push(Math.round(await clickToShown(rows)));
    await expect(page.getByTestId("fleet-row")).toHaveCount(50);
    const log = (await (await page.request.get(`${SANDBOX}/_sandbox/requests`)).json()).value as any[];
    const graph = log.filter((e) => /^\/(v1\.0|beta)\//.test(e.path) && e.tokenTenant === WOODGROVE);
    trips = graph.filter((e) => !e.inBatch).length;
    requests = graph.filter((e) => e.inBatch || !e.path.includes("$batch")).length;
  }
  const sorted = times.slice().sort((a, b) => a - b);
  mkdirSync("target/bench", { recursive: true });
  writeFileSync("target/bench/fleet.json", JSON.stringify({ medianMs: sorted[2], maxMs: sorted[4], trips, requests, times }, null, 1));
});
