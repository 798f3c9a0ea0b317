// Graph round trips of the readiness matrix and of the whole journey (connect, readiness, plan,
// apply), counted from the sandbox's request log, beside the same requests sent one by one.
import { test, expect, Page } from "@playwright/test";
import { writeFileSync, mkdirSync } from "node:fs";
import { SANDBOX, GROUP_SYNC_LABEL, TWENTY_TEAMS, applyRoundTrips, connectWithWriteAccess, selectGroups } from "../e2e/helpers";

type Entry = { method: string; path: string; inBatch?: string };

async function graphLog(page: Page): Promise<Entry[]> {
  const log = (await (await page.request.get(`${SANDBOX}/_sandbox/requests`)).json()).value as Entry[];
  return log.filter((e) => /^\/(v1\.0|beta)\//.test(e.path));
}

/** Round trips as sent, and as they would be without batching (every inner request alone). */
function count(entries: Entry[]) {
  const trips = entries.filter((e) => !e.inBatch).length;
  const unbatched = entries.filter((e) => e.inBatch || !e.path.endsWith("/$batch")).length;
  return { trips, unbatched };
}

test("journey round trips", async ({ page }) => {
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  await page.goto("/setup");
  await expect(page.getByTestId("page-setup")).toBeVisible();
  await connectWithWriteAccess(page);
  const connect = count(await graphLog(page));

  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  await page.getByTestId("readiness-run").click();
  await expect(page.getByTestId("readiness-run")).toHaveText("Run the checks again");
  await expect(page.getByTestId("readiness-summary")).toContainText("passed");
  const readiness = count(await graphLog(page));

  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  await page.getByTestId("plan-build").click();
  await expect(page.getByTestId("plan-list").locator("li")).toHaveCount(7);
  await page.getByTestId("plan-apply").click();
  await expect(page.getByTestId("plan-empty")).toBeVisible({ timeout: 30_000 });
  const apply = count(await graphLog(page));

  // Plan and apply on an empty pair with group sync, 20 groups and start (issue 19).
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
  const fresh = await page.context().newPage();
  await connectWithWriteAccess(fresh);
  await fresh.getByLabel(GROUP_SYNC_LABEL).check();
  await selectGroups(fresh, TWENTY_TEAMS);
  await fresh.getByLabel("Start provisioning at the end (step 10)").check();
  await fresh.request.delete(`${SANDBOX}/_sandbox/requests`);
  await fresh.getByTestId("plan-build").click();
  await expect(fresh.getByTestId("plan-list").locator("li")).toHaveCount(29);
  const criticalText = await fresh.getByTestId("plan-trips").innerText();
  await fresh.getByTestId("plan-apply").click();
  await expect(fresh.getByTestId("plan-empty")).toBeVisible({ timeout: 60_000 });
  const groups20 = await applyRoundTrips(fresh);
  const critical = Number(/longest chain: (\d+)/.exec(criticalText)?.[1] ?? "0");

  mkdirSync("target/bench", { recursive: true });
  writeFileSync("target/bench/journey.json", JSON.stringify({ connect, readiness, apply, groups20: { ...groups20, critical } }, null, 1));
});
