// Monitoring after a real cycle of the sandbox engine: job overview, log filters, explanations.
import { test, expect } from "@playwright/test";
import { SANDBOX, connectWithWriteAccess } from "./helpers";

test.beforeEach(async ({ page }) => {
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
});

test("the job overview and the provisioning log show what the cycle did, with codes explained", async ({ page }) => {
  await connectWithWriteAccess(page);
  const picker = page.getByTestId("group-picker");
  for (const [term, name] of [["leavers", "Leavers"], ["sales", "Sales"]]) {
    await picker.getByLabel("Search source groups by name").fill(term);
    await picker.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByTestId("group-results").getByRole("button", { name: `Select ${name}`, exact: true }).click();
  }
  await page.getByLabel("Also allow group sync into the target (beta switch groupSyncInbound)").uncheck();
  await page.getByLabel("Start provisioning at the end (step 10)").check();
  await page.getByTestId("plan-build").click();
  await page.getByTestId("plan-apply").click();
  await expect(page.getByTestId("plan-empty")).toBeVisible({ timeout: 30_000 });
  await page.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} });

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Monitor" }).click();
  await page.getByRole("button", { name: "Grant monitoring read access" }).click();
  await page.getByRole("button", { name: /admin@fabrikam/ }).click();
  await expect(page).toHaveURL(/\/monitor$/);
  await expect(page.getByTestId("job-status")).toHaveText("Active");
  // Sales has Ada and 20 users; Leavers adds 2 enabled users (its disabled member is skipped).
  await expect(page.getByTestId("job-counts")).toContainText("user to User: 23");
  await expect(page.getByTestId("job-health")).toContainText("Healthy");
  const log = page.getByTestId("provisioning-log");
  await expect(page.getByTestId("log-count")).toHaveText("26 of 26 events");
  await log.getByLabel("Status").selectOption("skipped");
  await expect(page.getByTestId("log-count")).toHaveText("3 of 26 events");
  await log.getByLabel("Object type").selectOption("Group");
  await expect(page.getByTestId("log-count")).toHaveText("2 of 26 events");
  await log.getByRole("button", { name: "Details of Sales" }).click();
  await expect(page.getByTestId("event-explanation")).toContainText("EntityTypeNotSupported");
  await expect(page.getByTestId("event-explanation")).toContainText("group mapping");
  await log.getByLabel("Object type").selectOption("User");
  await log.getByRole("button", { name: "Details of Former Employee" }).click();
  await expect(page.getByTestId("event-explanation")).toContainText("NotEffectivelyEntitled");
  await expect(page.getByTestId("event-explanation")).toContainText("enable the account");
});
