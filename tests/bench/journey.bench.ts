// Graph round trips of the readiness matrix and of the whole journey (connect, readiness, plan,
// apply), counted from the sandbox's request log, beside the same requests sent one by one.
import { test, expect, Page } from "@playwright/test";
import { writeFileSync, mkdirSync } from "node:fs";
import { SANDBOX, GROUP_SYNC_LABEL, TWENTY_TEAMS, applyAndStart, applyRoundTrips, chooseIncrementalConsent, connectWithWriteAccess, openMappings, openMonitor, selectGroups, step } from "../e2e/helpers";

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

  await step(page, "readiness");
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
  await step(fresh, "settings");
  await fresh.getByLabel(GROUP_SYNC_LABEL).check();
  await selectGroups(fresh, TWENTY_TEAMS);
  await step(fresh, "start");
  await fresh.getByLabel("Start provisioning at the end (step 10)").check();
  await fresh.request.delete(`${SANDBOX}/_sandbox/requests`);
  await fresh.getByTestId("plan-build").click();
  await expect(fresh.getByTestId("plan-list").locator("li")).toHaveCount(29);
  const criticalText = await fresh.getByTestId("plan-trips").innerText();
  await fresh.getByTestId("plan-apply").click();
  await expect(fresh.getByTestId("plan-empty")).toBeVisible({ timeout: 60_000 });
  const groups20 = await applyRoundTrips(fresh);
  const critical = Number(/longest chain: (\d+)/.exec(criticalText)?.[1] ?? "0");

  // Interactive sign-ins and full-page redirects from connect to a started job, Mappings and
  // Monitor: by default (every permission at the first sign-in) and step by step.
  const signIns = async (incremental: boolean) => {
    await page.request.post(`${SANDBOX}/_sandbox/reset`);
    const p = await page.context().browser()!.newPage({ baseURL: test.info().project.use.baseURL });
    if (incremental) await chooseIncrementalConsent(p);
    await p.request.delete(`${SANDBOX}/_sandbox/requests`);
    await connectWithWriteAccess(p);
    await selectGroups(p, [["sales", "Sales"]]);
    await applyAndStart(p);
    await openMappings(p);
    await openMonitor(p);
    const log = (await (await p.request.get(`${SANDBOX}/_sandbox/requests`)).json()).value as { method: string; path: string }[];
    await p.close();
    // Each interactive sign-in is one authorize page (the account picked by POST) and one redirect back.
    return log.filter((e) => e.method === "POST" && e.path.includes("/oauth2/v2.0/authorize")).length;
  };
  const signInsDefault = await signIns(false);
  const signInsIncremental = await signIns(true);

  mkdirSync("target/bench", { recursive: true });
  writeFileSync("target/bench/journey.json", JSON.stringify({ connect, readiness, apply, groups20: { ...groups20, critical }, signIns: { byDefault: signInsDefault, stepByStep: signInsIncremental } }, null, 1));
});
