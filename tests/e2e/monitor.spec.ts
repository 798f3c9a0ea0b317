// Monitoring after a real cycle of the sandbox engine: job overview, log filters, explanations.
import { test, expect } from "@playwright/test";
import { SANDBOX, applyAndStart, connectWithWriteAccess, openMonitor, selectGroupsUsersOnly, grantIfAsked, step } from "./helpers";

test.beforeEach(async ({ page }) => {
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
});

test("the job overview, the provisioning log (filters, explanations, CSV) and both audit logs show what the cycle did", async ({ page }) => {
  await connectWithWriteAccess(page);
  await selectGroupsUsersOnly(page, [["leavers", "Leavers"], ["sales", "Sales"]]);
  await applyAndStart(page);
  await page.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} });
  await openMonitor(page);
  await expect(page.getByTestId("job-status")).toHaveText("Active");
  // Sales has Ada and 20 users; Leavers adds 2 enabled users (its disabled member is skipped).
  await expect(page.getByTestId("job-counts")).toContainText("user to User: 23");
  await expect(page.getByTestId("job-health")).toContainText("Healthy");
  const log = page.getByTestId("provisioning-log");
  await expect(page.getByTestId("log-count")).toHaveText("26 of 26 events");
  await expect(log.getByRole("img", { name: "Events by status: success: 23, skipped: 3" })).toBeVisible();
  await expect(log.getByRole("img", { name: "Top error and skip codes: EntityTypeNotSupported: 2, NotEffectivelyEntitled: 1" })).toBeVisible();
  await log.getByLabel("Status", { exact: true }).selectOption("skipped");
  await expect(page.getByTestId("log-count")).toHaveText("3 of 26 events");
  await log.getByLabel("Object type", { exact: true }).selectOption("Group");
  await expect(page.getByTestId("log-count")).toHaveText("2 of 26 events");
  await log.getByRole("button", { name: "Details of Sales" }).click();
  await expect(page.getByTestId("event-explanation")).toContainText("EntityTypeNotSupported");
  await expect(page.getByTestId("event-explanation")).toContainText("group mapping");
  await log.getByLabel("Object type", { exact: true }).selectOption("User");
  await log.getByRole("button", { name: "Details of Former Employee" }).click();
  await expect(page.getByTestId("event-explanation")).toContainText("NotEffectivelyEntitled");
  await expect(page.getByTestId("event-explanation")).toContainText("enable the account");

  const download = page.waitForEvent("download");
  await log.getByRole("button", { name: "Export shown events (CSV)" }).click();
  const csv = await (await download).path().then((p) => require("node:fs").readFileSync(p!, "utf8"));
  expect(csv.split("\r\n")[0]).toBe("time,object,type,action,status,code,reason");
  expect(csv).toContain("Former Employee,User,other,skipped,NotEffectivelyEntitled");
  const jsonDownload = page.waitForEvent("download");
  await log.getByRole("button", { name: "Export shown events (JSON)" }).click();
  const exported = JSON.parse(await (await jsonDownload).path().then((p) => require("node:fs").readFileSync(p!, "utf8")));
  expect(exported).toHaveLength(1);
  expect(exported[0].provisioningStatusInfo.errorInformation.errorCode).toBe("NotEffectivelyEntitled");

  const audit = page.getByTestId("audit-logs");
  await audit.getByRole("button", { name: "Source: provisioning service entries" }).click();
  await expect(page.getByTestId("audit-count")).toHaveText("Source tenant: 26 entries");
  await grantIfAsked(page, "Grant audit read access in the target tenant", "admin@contoso");
  await expect(page).toHaveURL(/\/monitor$/);
  await page.getByTestId("audit-logs").getByRole("button", { name: "Target: changes by Microsoft.Azure.SyncFabric" }).click();
  await expect(page.getByTestId("audit-count")).toHaveText("Target tenant: 23 entries");
  await expect(page.getByTestId("audit-table")).toContainText("Microsoft.Azure.SyncFabric");
  await expect(page.getByTestId("audit-table")).toContainText("Add user");
});

test("provisioning a user on demand shows the engine's steps and explains a skip", async ({ page }) => {
  await connectWithWriteAccess(page);
  await selectGroupsUsersOnly(page, [["sales", "Sales"]]);
  await applyAndStart(page);
  await openMonitor(page);
  const card = page.getByTestId("on-demand");
  await card.getByLabel("Find a source user by name").fill("grace");
  await card.getByRole("button", { name: "Find" }).click();
  await card.getByRole("button", { name: "Provision Grace Hopper now" }).click();
  const result = page.getByTestId("on-demand-result");
  await expect(result).toContainText("Skipped");
  await expect(result).toContainText("NotEffectivelyEntitled");
  await expect(result).toContainText("Assigned to the application: False");
  await expect(result).toContainText("Assign the user or group directly");

  await card.getByLabel("Find a source user by name").fill("ada");
  await card.getByRole("button", { name: "Find" }).click();
  await card.getByRole("button", { name: "Provision Ada Lovelace now" }).click();
  await expect(result).toContainText("Success");
  await expect(result).toContainText("EntryExportAdd");
  const target = await (await page.request.get(`${SANDBOX}/_sandbox/state/contoso.onmicrosoft.com`)).json();
  expect(target.syncedUsers.map((u: any) => u.displayName)).toEqual(["Ada Lovelace"]);
});

test("deletions held by the threshold are reviewed, then allowed in two steps", async ({ page }) => {
  await connectWithWriteAccess(page);
  await step(page, "settings");
  await page.getByLabel("Accidental-deletion threshold").fill("5");
  await selectGroupsUsersOnly(page, [["sales", "Sales"]]);
  await applyAndStart(page);
  await page.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} });

  // Another admin removes the group from the configuration: all 21 members leave the scope.
  const dump = await (await page.request.get(`${SANDBOX}/_sandbox/state/fabrikam.onmicrosoft.com`)).json();
  const sp = dump.configurationDetails[0].id;
  const { access_token } = await (await page.request.post(`${SANDBOX}/_sandbox/token`, { data: { tenantId: "fabrikam.onmicrosoft.com", userPrincipalName: "admin@fabrikam.onmicrosoft.com", scopes: "AppRoleAssignment.ReadWrite.All Application.Read.All" } })).json();
  const headers = { Authorization: `Bearer ${access_token}` };
  const assignments = await (await page.request.get(`${SANDBOX}/v1.0/servicePrincipals/${sp}/appRoleAssignedTo`, { headers })).json();
  expect((await page.request.delete(`${SANDBOX}/v1.0/servicePrincipals/${sp}/appRoleAssignedTo/${assignments.value[0].id}`, { headers })).status()).toBe(204);
  await page.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} });

  await openMonitor(page);
  await expect(page.getByTestId("job-status")).toHaveText("Quarantine");
  const review = page.getByTestId("deletion-review");
  await expect(review).toContainText("21 deletion(s) held");
  await expect(review).toContainText("Ada Lovelace (User)");
  await review.getByRole("button", { name: "Allow these 21 deletions…" }).click();
  await review.getByRole("button", { name: "Allow the deletions (restart with ForceDeletes)" }).click();
  await expect(page.getByTestId("deletes-allowed")).toBeVisible();
  await page.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} });
  const target = await (await page.request.get(`${SANDBOX}/_sandbox/state/contoso.onmicrosoft.com`)).json();
  expect(target.deletedUsers).toBe(21);
});

test("the log at scale: older pages load up to the cap, the table stays one page, charts count everything loaded", async ({ page }) => {
  // Six more report pages, paced at 5 requests per 10 s.
  test.setTimeout(90_000);
  await connectWithWriteAccess(page);
  await selectGroupsUsersOnly(page, [["sales", "Sales"]]);
  await applyAndStart(page);
  const FABRIKAM = "8f5de54b-cf27-57b3-affd-9b1efb6cb571";
  const generated = await (await page.request.post(`${SANDBOX}/_sandbox/generate-events`, { data: { tenantId: FABRIKAM, count: 3000 } })).json();
  expect(generated.byStatus).toEqual({ success: 2400, skipped: 360, failure: 180, warning: 60 });
  await openMonitor(page);
  const log = page.getByTestId("provisioning-log");
  // The first page: 500 of 3,000.
  await expect(page.getByTestId("log-loaded")).toHaveText("500 events loaded, older ones exist");
  await expect(log.getByTestId("log-table").locator("tbody tr")).toHaveCount(50);
  await expect(page.getByTestId("log-page")).toHaveText("Page 1 of 10");
  // Everything, paced by the report budget (7 report requests here).
  await log.getByLabel("Load up to").selectOption("10000");
  await page.getByTestId("log-load-more").click();
  await expect(page.getByTestId("log-loaded")).toHaveText("3000 events loaded, all there are", { timeout: 60_000 });
  await expect(log.getByRole("img", { name: "Events by status: success: 2400, skipped: 360, failure: 180, warning: 60" })).toBeVisible();
  await expect(log.getByRole("img", { name: /^Events over time by status: 24 slots; success: 2400, failure: 180, skipped: 360, warning: 60/ })).toBeVisible();
  await expect(log.getByTestId("log-table").locator("tbody tr")).toHaveCount(50);
  await expect(page.getByTestId("log-page")).toHaveText("Page 1 of 60");
  await log.getByLabel("Status", { exact: true }).selectOption("failure");
  await log.getByLabel("Action", { exact: true }).selectOption("create");
  // Per 100 generated: 3 failed creates (DuplicateTargetEntries) and 1 (InvitationCreationFailure…).
  await expect(page.getByTestId("log-count")).toHaveText("120 of 3000 events");
  await page.getByTestId("log-next").click();
  await expect(page.getByTestId("log-page")).toHaveText("Page 2 of 3");
  await expect(log.getByTestId("log-table").locator("tbody tr")).toHaveCount(50);
  await expect(log.getByTestId("log-table").locator('tbody tr[data-status="failure"]')).toHaveCount(50);
  const measured = Number(await log.getAttribute("data-aggregate-ms"));
  expect(measured).toBeGreaterThanOrEqual(0);
});

test("an object's history joins its source events with the target's audit entries and says why it is (not) in the target", async ({ page }) => {
  await connectWithWriteAccess(page);
  await selectGroupsUsersOnly(page, [["leavers", "Leavers"], ["sales", "Sales"]]);
  await applyAndStart(page);
  await page.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} });
  await openMonitor(page);
  const audit = page.getByTestId("audit-logs");
  await grantIfAsked(page, "Grant audit read access in the target tenant", "admin@contoso");
  await page.getByTestId("audit-logs").getByRole("button", { name: "Target: changes by Microsoft.Azure.SyncFabric" }).click();
  await expect(page.getByTestId("audit-count")).toHaveText("Target tenant: 23 entries");

  const log = page.getByTestId("provisioning-log");
  await log.getByLabel("Name or ID").fill("Ada Lovelace");
  await log.getByRole("button", { name: "Details of Ada Lovelace" }).click();
  const history = page.getByTestId("object-history");
  await expect(page.getByTestId("object-verdict")).toContainText("In the target: provisioned successfully");
  await expect(history.locator('[data-side="source"]')).toContainText("create (success)");
  await expect(history.locator('[data-side="target"]')).toContainText("Add user");
  await expect(history.locator('[data-side="target"]')).toContainText("by Microsoft.Azure.SyncFabric");

  await log.getByLabel("Name or ID").fill("Former Employee");
  await log.getByRole("button", { name: "Details of Former Employee" }).click();
  await expect(page.getByTestId("object-verdict")).toContainText("Not in the target: skipped with NotEffectivelyEntitled");
  await expect(page.getByTestId("object-verdict")).toContainText("What to do");
  await expect(history.locator('[data-side="target"]')).toHaveCount(0);
});
