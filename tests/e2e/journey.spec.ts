// The journey from an empty pair to a started job with groups assigned, checked in the sandbox.
import { test, expect } from "@playwright/test";
import { SANDBOX, GROUP_SYNC_LABEL, connectWithWriteAccess, selectGroups, selectGroupsUsersOnly, step } from "./helpers";

const FABRIKAM = "8f5de54b-cf27-57b3-affd-9b1efb6cb571";

test.beforeEach(async ({ page }) => {
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
});

test("group search shows each group's eligibility; unsupported types cannot be selected", async ({ page }) => {
  await connectWithWriteAccess(page);
  await step(page, "groups");
  const picker = page.getByTestId("group-picker");
  await picker.getByRole("button", { name: "Search", exact: true }).click();
  await expect(picker.locator("#group-search-hint")).toContainText("Type part of a group name");
  await picker.getByLabel("Search source groups by name").fill("distribution");
  await picker.getByRole("button", { name: "Search", exact: true }).click();
  const results = page.getByTestId("group-results");
  await expect(results.locator('[data-group="All Staff Distribution"]')).toContainText("Distribution groups are not supported");
  await expect(results.locator('[data-group="Dynamic Distribution Everyone"]')).toContainText("Dynamic distribution groups are not supported");
  await expect(results.getByRole("button")).toHaveCount(0);
  await picker.getByLabel("Search source groups by name").fill("helpdesk");
  await picker.getByRole("button", { name: "Search", exact: true }).click();
  await expect(results.locator('[data-group="Helpdesk Admins"]')).toContainText("Role-assignable groups are not supported");
});

test("through the wizard's pages (rail, Next and Back, browser back and forward, reload on a page) from an empty pair to a started job whose first cycle provisions the groups; re-running writes nothing", async ({ page }) => {
  const rail = (slug: string) => page.locator(`.rail__item[data-slug="${slug}"]`);
  const next = () => page.getByTestId("wizard-next").click();
  // Before connecting, every later page is blocked and names the page that unblocks it.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/setup\/connect$/);
  await expect(rail("connect")).toHaveAttribute("data-status", "todo");
  await step(page, "review");
  await expect(rail("review")).toHaveAttribute("data-status", "blocked");
  await expect(rail("review")).toContainText("Connect both tenants first.");
  await rail("review").getByRole("link", { name: "Go to Connect" }).click();
  await expect(page).toHaveURL(/\/setup\/connect$/);

  await connectWithWriteAccess(page);
  await expect(rail("connect")).toHaveAttribute("data-status", "done");
  await expect(rail("readiness")).toHaveAttribute("data-status", "done");
  await expect(rail("target")).toHaveAttribute("data-status", "planned");
  await expect(rail("target")).toContainText("2 request(s) planned");
  await expect(rail("mappings")).toHaveAttribute("data-status", "blocked");
  await expect(rail("mappings")).toContainText("needs the configuration");
  await expect(page.getByTestId("plan-counts")).toHaveText("2 write(s) to the target, 5 to the source");

  // Next and Back walk the pages in order; the browser's history follows.
  await step(page, "target");
  await expect(page.getByTestId("step-writes")).toContainText("POST /v1.0/policies/crossTenantAccessPolicy/partners");
  await next();
  await expect(page).toHaveURL(/\/setup\/source$/);
  await next();
  await expect(page).toHaveURL(/\/setup\/configuration$/);
  await expect(page.getByTestId("step-writes")).toContainText("check, changes nothing");
  await page.getByTestId("wizard-back").click();
  await expect(page).toHaveURL(/\/setup\/source$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/setup\/configuration$/);
  await page.goForward();
  await expect(page).toHaveURL(/\/setup\/source$/);
  await page.goBack();
  await expect(page.getByLabel("Configuration name")).toBeVisible();
  await next();
  await expect(page).toHaveURL(/\/setup\/settings$/);
  await page.getByLabel(GROUP_SYNC_LABEL).check();
  const gate = page.getByTestId("group-gate");
  await expect(gate.locator('[data-met="Met"]')).toHaveCount(1);
  await expect(gate.locator('[data-met="Met"]')).toContainText("Governance");
  await expect(gate.locator('[data-met="Not met"]')).toHaveCount(4);
  // Group sync without a group is refused on the groups page, and the review says where to go.
  await expect(rail("groups")).toHaveAttribute("data-status", "failed");
  await expect(rail("review")).toContainText("Fix this first");
  await next();
  await selectGroups(page, [["sales", "Sales"], ["emea", "EMEA Sales"], ["partners", "Partners Shared"], ["phoenix", "Project Phoenix"]]);
  const selected = page.getByTestId("selected-groups");
  await expect(selected.locator('[data-selected="Sales"]')).toContainText("21 direct user member(s)");
  await expect(selected.locator('[data-selected="EMEA Sales"]')).toContainText("1 nested group(s) are ignored");
  // A reload on a page comes back to that page with every choice made so far.
  await page.reload();
  await expect(page).toHaveURL(/\/setup\/groups$/);
  await expect(page.getByTestId("selected-groups").locator("[data-selected]")).toHaveCount(4, { timeout: 10_000 });
  await expect(selected.locator('[data-selected="Partners Shared"]')).toContainText("will NOT be adopted");
  await expect(selected.locator('[data-selected="Project Phoenix"]')).toContainText("Microsoft 365");
  await expect(rail("groups")).toHaveAttribute("data-status", "planned");
  await next();
  await expect(page).toHaveURL(/\/setup\/mappings$/);
  await expect(page.getByTestId("step-writes")).toContainText("Enable the group object mapping");
  await next();
  await expect(page).toHaveURL(/\/setup\/review$/);
  await next();
  await expect(page).toHaveURL(/\/setup\/start$/);
  await page.getByLabel("Start provisioning at the end (step 10)").check();
  const items = page.getByTestId("plan-list").locator("li");
  await expect(items).toHaveCount(13);
  await expect(items.last()).toContainText("Start provisioning");
  await page.getByTestId("plan-apply").click();
  await expect(page.getByTestId("step-done")).toBeVisible({ timeout: 30_000 });
  for (const slug of ["target", "source", "configuration", "settings", "groups", "mappings", "review", "start"]) {
    await expect(rail(slug)).toHaveAttribute("data-status", "done");
  }
  await expect(page.getByTestId("wizard-next")).toHaveText("Next: Monitor");

  const dump = await (await page.request.get(`${SANDBOX}/_sandbox/state/${FABRIKAM}`)).json();
  expect(dump.configurations).toBe(1);
  const config = dump.configurationDetails[0];
  expect(config.assignments.sort()).toEqual(["EMEA Sales", "Partners Shared", "Project Phoenix", "Sales"]);
  expect(config.jobs).toHaveLength(1);
  expect(config.jobs[0].schedule).toBe("Active");
  expect(config.secrets.sort()).toEqual(["AuthenticationType", "CompanyId", "SyncAll", "SyncNotificationSettings"]);
  const target = await (await page.request.get(`${SANDBOX}/_sandbox/state/contoso.onmicrosoft.com`)).json();
  expect(target.partners[0]).toMatchObject({ tenantId: FABRIKAM, inboundAllowed: true, userSyncAllowed: true, groupSyncAllowed: true });

  // One provisioning cycle: the groups arrive in the target as static security groups.
  await page.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} });
  const after = await (await page.request.get(`${SANDBOX}/_sandbox/state/contoso.onmicrosoft.com`)).json();
  const synced = Object.fromEntries(after.syncedGroups.map((g: any) => [g.displayName, g]));
  expect(Object.keys(synced).sort()).toEqual(["EMEA Sales", "Partners Shared", "Project Phoenix", "Sales"]);
  expect(synced["EMEA Sales"].members).toBe(5);
  expect(synced["Project Phoenix"]).toMatchObject({ securityEnabled: true, mailEnabled: false, groupTypes: [] });
  expect(after.groupNames.filter((n: string) => n === "Partners Shared")).toHaveLength(2);
  expect(after.syncedUsers.every((u: any) => u.userType === "Member")).toBe(true);

  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  await page.goto("/setup/review");
  await expect(page.getByTestId("plan-empty")).toBeVisible();
  await step(page, "settings");
  await expect(page.getByTestId("group-gate").locator('[data-met="Met"]')).toHaveCount(5);
  // Readiness ran again after the apply: it finds the configuration that serves this pair.
  await step(page, "readiness");
  await expect(page.locator('[data-check="source-configurations"]')).toHaveAttribute("data-verdict", "Pass");
  await expect(page.locator('[data-check="source-configurations"]')).toContainText("serves this pair");
  // The header's Setup link leads to the first page not done: here all are, so the last.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Setup" }).click();
  await expect(page).toHaveURL(/\/setup\/start$/);
  const log = (await (await page.request.get(`${SANDBOX}/_sandbox/requests`)).json()).value;
  expect(log.filter((e: any) => e.method !== "GET" && !e.path.endsWith("/$batch") && /^\/(v1\.0|beta)\//.test(e.path))).toEqual([]);
});

test("a user assigned directly is provisioned by the next cycle", async ({ page }) => {
  await connectWithWriteAccess(page);
  await step(page, "groups");
  const users = page.getByTestId("user-picker");
  await users.getByLabel("Search source users by name").fill("grace");
  await users.getByRole("button", { name: "Search users" }).click();
  await page.getByTestId("user-results").getByRole("button", { name: "Select Grace Hopper" }).click();
  await expect(page.getByTestId("selected-users")).toContainText("Grace Hopper");
  await step(page, "start");
  await page.getByLabel("Start provisioning at the end (step 10)").check();
  await page.getByTestId("plan-build").click();
  await expect(page.getByTestId("plan-list")).toContainText('Assign "Grace Hopper"');
  await page.getByTestId("plan-apply").click();
  await expect(page.getByTestId("plan-empty")).toBeVisible({ timeout: 30_000 });
  await page.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} });
  const target = await (await page.request.get(`${SANDBOX}/_sandbox/state/contoso.onmicrosoft.com`)).json();
  expect(target.syncedUsers.map((u: any) => u.displayName)).toEqual(["Grace Hopper"]);
});

test("a group taken out of scope is unassigned by one DELETE, and the next cycle removes its users from the target", async ({ page }) => {
  await connectWithWriteAccess(page);
  await selectGroupsUsersOnly(page, [["leavers", "Leavers"], ["sales", "Sales"]]);
  await step(page, "start");
  await page.getByLabel("Start provisioning at the end (step 10)").check();
  await page.getByTestId("plan-build").click();
  await page.getByTestId("plan-apply").click();
  await expect(page.getByTestId("plan-empty")).toBeVisible({ timeout: 30_000 });
  await page.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} });
  const before = (await (await page.request.get(`${SANDBOX}/_sandbox/state/contoso.onmicrosoft.com`)).json()).syncedUsers.length;

  await step(page, "groups");
  const assigned = page.getByTestId("assigned-now");
  await expect(assigned.locator("[data-assigned]")).toHaveCount(2);
  await assigned.getByLabel("Remove Leavers (group)").check();
  await page.getByTestId("plan-build").click();
  const items = page.getByTestId("plan-list").locator("li");
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText('Remove "Leavers" from the configuration');
  // The blast radius of the removal: the users only Leavers reaches, named before anything is sent;
  // the plan applies once their count is typed back.
  const apply = page.getByTestId("plan-apply");
  await expect(apply).toBeDisabled();
  const forecast = page.getByTestId("removal-forecast");
  await forecast.getByTestId("removal-compute").click();
  await expect(forecast.getByTestId("blast-summary")).toHaveText("In scope now: 23; after the removal: 21. The next cycle soft-deletes 2 user(s) in the target.");
  await expect(forecast.getByTestId("blast-removed").locator("li")).toHaveText([/^User 111 /, /^User 112 /]);
  await forecast.getByTestId("blast-confirm").fill("1");
  await expect(apply).toBeDisabled();
  await forecast.getByTestId("blast-confirm").fill("2");
  await expect(apply).toBeEnabled();
  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  await page.getByTestId("plan-apply").click();
  await expect(page.getByTestId("plan-empty")).toBeVisible({ timeout: 30_000 });
  const log = (await (await page.request.get(`${SANDBOX}/_sandbox/requests`)).json()).value;
  expect(log.filter((e: any) => e.method === "DELETE").map((e: any) => e.status)).toEqual([204]);
  const dump = await (await page.request.get(`${SANDBOX}/_sandbox/state/${FABRIKAM}`)).json();
  expect(dump.configurationDetails[0].assignments).toEqual(["Sales"]);
  await step(page, "groups");
  await expect(page.getByTestId("assigned-now").locator("[data-assigned]")).toHaveCount(1);

  // Leavers had two enabled users who are not in Sales: the next cycle soft-deletes them.
  await page.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} });
  const after = await (await page.request.get(`${SANDBOX}/_sandbox/state/contoso.onmicrosoft.com`)).json();
  expect(after.syncedUsers.length).toBe(before - 2);
  expect(after.deletedUsers).toBe(2);
});
