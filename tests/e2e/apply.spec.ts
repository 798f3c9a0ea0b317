// Apply at the dependency limit (issue 19): independent writes share a round trip, the two tenants'
// first writes go at the same time, and the plan still lists every request on its own.
import { test, expect } from "@playwright/test";
import { SANDBOX, GROUP_SYNC_LABEL, TWENTY_TEAMS, applyRoundTrips, connectWithWriteAccess, selectGroups, step } from "./helpers";

test.beforeEach(async ({ page }) => {
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
  await page.request.delete(`${SANDBOX}/_sandbox/faults`);
});

test("an empty pair with group sync and 20 groups is planned and applied in at most 12 round trips, each write once", async ({ page }) => {
  test.setTimeout(120_000);
  await connectWithWriteAccess(page);
  await step(page, "settings");
  await page.getByLabel(GROUP_SYNC_LABEL).check();
  await selectGroups(page, TWENTY_TEAMS);
  await step(page, "start");
  await page.getByLabel("Start provisioning at the end (step 10)").check();
  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  await page.getByTestId("plan-build").click();
  const list = page.getByTestId("plan-list");
  await expect(list.locator("li")).toHaveCount(29);
  await expect(page.getByTestId("plan-trips")).toContainText("29 request(s) in 8 round trip(s)");
  await expect(list.locator('[data-write="job"]').getByTestId("plan-trip")).toHaveText(await list.locator('[data-write="settings"]').getByTestId("plan-trip").innerText());
  await page.getByTestId("plan-apply").click();
  await expect(page.getByTestId("plan-empty")).toBeVisible({ timeout: 60_000 });
  const counted = await applyRoundTrips(page);
  expect(counted.writes).toBe(29);
  expect(counted.trips).toBeLessThanOrEqual(12);
  expect(counted.unbatched).toBeGreaterThan(30);
  const s = await (await page.request.get(`${SANDBOX}/_sandbox/state/fabrikam.onmicrosoft.com`)).json();
  expect(s.configurations).toBe(1);
  expect(s.configurationDetails[0].jobs.length).toBe(1);
  expect(s.configurationDetails[0].assignments.length).toBe(20);
  await expect(page.getByTestId("apply-notes")).toHaveCount(0);
  // The first cycle provisions the groups.
  await page.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} });
  const t = await (await page.request.get(`${SANDBOX}/_sandbox/state/contoso.onmicrosoft.com`)).json();
  expect(t.syncedGroups.length).toBe(20);
});

test("a batch of assignments whose answer is lost is read back: each assignment made once", async ({ page }) => {
  test.setTimeout(120_000);
  await connectWithWriteAccess(page);
  await selectGroups(page, TWENTY_TEAMS.slice(0, 5));
  await page.getByTestId("plan-build").click();
  await expect(page.getByTestId("plan-list")).toBeVisible();
  // The batch carrying the assignments is applied, then answered 504.
  await page.request.put(`${SANDBOX}/_sandbox/faults`, { data: { rules: [{ pathContains: "/$batch", bodyContains: "appRoleAssignedTo", method: "POST", count: 1, effect: { kind: "appliedThen", status: 504 } }] } });
  try {
    await page.getByTestId("plan-apply").click();
    await expect(page.getByTestId("plan-empty")).toBeVisible({ timeout: 60_000 });
  } finally {
    await page.request.delete(`${SANDBOX}/_sandbox/faults`);
  }
  const s = await (await page.request.get(`${SANDBOX}/_sandbox/state/fabrikam.onmicrosoft.com`)).json();
  expect(s.configurations).toBe(1);
  expect(s.configurationDetails[0].jobs.length).toBe(1);
  expect(s.configurationDetails[0].assignments.length).toBe(5);
  await expect(page.getByTestId("apply-notes")).toContainText("lost its answer");
});
