// What Microsoft documents and a real tenant does, which the sandbox now does too (issue 12):
// role-gated reads, an optional `scope` in the token response, Retry-After with a fraction, more
// than 999 assignments, properties Graph does not have, the service's own function catalog,
// partial schemas and monitor sections that fail on their own.
import { test, expect, Page } from "@playwright/test";
import { SANDBOX, CONTOSO_ADMIN, applyAndStart, chooseIncrementalConsent, connectWithWriteAccess, grantIfAsked, openMappings, openMonitor, selectGroups, signIn, step } from "./helpers";

const FABRIKAM = "8f5de54b-cf27-57b3-affd-9b1efb6cb571";
const SYNC_ADMIN = "sync@fabrikam.onmicrosoft.com";
// The sandbox's app registration and one of its registered SPA redirect URIs (any loopback root).
const CLIENT = "7d2b6f1c-3c1e-4a53-9b1e-5a0c2f6d8e41";
const REDIRECT = "http://127.0.0.1:9/";

async function control(page: Page, what: string, data: unknown) {
  const r = await page.request.post(`${SANDBOX}/_sandbox/${what}`, { data });
  expect(r.ok(), `${what}: ${await r.text()}`).toBe(true);
  return r;
}

async function faults(page: Page, rules: unknown[]) {
  expect((await page.request.put(`${SANDBOX}/_sandbox/faults`, { data: { rules } })).ok()).toBe(true);
}

async function log(page: Page): Promise<any[]> {
  return (await (await page.request.get(`${SANDBOX}/_sandbox/requests`)).json()).value;
}

function row(page: Page, id: string) {
  return page.locator(`[data-check="${id}"]`);
}

test.beforeEach(async ({ page }) => {
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
  await page.request.delete(`${SANDBOX}/_sandbox/faults`);
  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
});

test.afterEach(async ({ page }) => {
  await page.request.delete(`${SANDBOX}/_sandbox/faults`);
  await control(page, "token-lifetime", { seconds: 3600 });
});

test("an admin holding only Hybrid Identity and Cloud Application Administrator connects; roles come from the memberships", async ({ page }) => {
  await page.goto("/setup");
  await signIn(page, "source", "fabrikam.onmicrosoft.com", SYNC_ADMIN);
  const profile = page.getByTestId("profile-source");
  await expect(profile).toContainText("Hybrid Identity Administrator");
  await expect(profile).toContainText("Cloud Application Administrator");
  const entries = await log(page);
  const roles = entries.filter((e) => e.path.includes("filterByCurrentUser"));
  expect(roles.map((e) => e.status)).toEqual([403]);
  expect(entries.filter((e) => e.path.startsWith("/v1.0/me/memberOf")).map((e) => e.status)).toEqual([200]);
  await signIn(page, "target", CONTOSO_ADMIN.tenant, CONTOSO_ADMIN.account);
  await step(page, "readiness");
  await grantIfAsked(page, "Grant read access in the source tenant", SYNC_ADMIN);
  await expect(row(page, "source-roles")).toHaveAttribute("data-verdict", "Fail");
  await expect(row(page, "source-roles")).toContainText("lacks Security Administrator");
  await expect(row(page, "source-roles")).toContainText("directory role memberships");
  // The rest of the app works: the other checks ran.
  await expect(row(page, "source-licence-users")).toHaveAttribute("data-verdict", "Pass");
});

test("roles that cannot be read at all never stop the connect step; readiness says what to do", async ({ page }) => {
  await faults(page, [{ pathContains: "/me/memberOf", effect: { kind: "status", status: 403, code: "Authorization_RequestDenied" } }]);
  await page.goto("/setup");
  await signIn(page, "source", "fabrikam.onmicrosoft.com", SYNC_ADMIN);
  await expect(page.getByTestId("tenant-name-source")).toHaveText("Fabrikam");
  await expect(page.getByTestId("roles-unreadable-source")).toBeVisible();
  await signIn(page, "target", CONTOSO_ADMIN.tenant, CONTOSO_ADMIN.account);
  await step(page, "readiness");
  await grantIfAsked(page, "Grant read access in the source tenant", SYNC_ADMIN);
  await expect(row(page, "source-roles")).toHaveAttribute("data-verdict", "Warning");
  await expect(row(page, "source-roles")).toContainText("could not be read");
  await expect(row(page, "source-roles")).toContainText("RoleManagement.Read.Directory");
});

for (const mode of ["omit", "lowercase"]) {
  test(`a token response with scope ${mode === "omit" ? "left out" : "in lower case"}: each consent is asked once, and refreshes keep every scope`, async ({ page }) => {
    await control(page, "token-scope", { mode });
    // Step-by-step consent: the case where lost scopes would ask again and again.
    await chooseIncrementalConsent(page);
    // Two-second tokens: every call refreshes, so a refresh that lost the scopes shows at once.
    await control(page, "token-lifetime", { seconds: 2 });
    await connectWithWriteAccess(page);
    await page.getByTestId("plan-build").click();
    await expect(page.getByTestId("plan-list")).toBeVisible({ timeout: 15_000 });
    const entries = await log(page);
    const refreshes = entries.filter((e) => e.method === "POST" && e.path.endsWith("/oauth2/v2.0/token"));
    expect(refreshes.length).toBeGreaterThan(4);
    expect(entries.filter((e) => e.status === 403)).toEqual([]);
    // One interactive sign-in per consent, none repeated: two sign-ins and one write consent in
    // each tenant (the source's write consent covers readiness's Application.Read.All).
    const authorizations = entries.filter((e) => e.method === "POST" && e.path.includes("/oauth2/v2.0/authorize"));
    expect(authorizations.length).toBe(4);
  });
}

test("a Retry-After with a fraction (Microsoft's example: 2.128) is waited out in full", async ({ page }) => {
  // The organization is read inside the profile's $batch: the throttled item is sent again after
  // its own Retry-After (a direct request's fraction is held by the unit tests of retry.rs).
  await faults(page, [{ pathContains: "/v1.0/organization", inBatch: true, count: 1, effect: { kind: "throttle", retryAfter: 2.128 } }]);
  await page.goto("/setup");
  await signIn(page, "source", "fabrikam.onmicrosoft.com", "admin@fabrikam.onmicrosoft.com");
  const org = (await log(page)).filter((e) => e.path.startsWith("/v1.0/organization"));
  expect(org.map((e) => e.status)).toEqual([429, 200]);
  // The client waits from the answer it got; the log stamps arrivals, so allow a little less.
  expect(org[1].atMs - org[0].atMs).toBeGreaterThanOrEqual(2_100);
});

test("a configuration with more than 999 assignments plans no duplicate assignment", async ({ page }) => {
  test.setTimeout(120_000);
  await connectWithWriteAccess(page);
  await page.getByTestId("plan-build").click();
  await page.getByTestId("plan-apply").click();
  await expect(page.getByTestId("plan-empty")).toBeVisible({ timeout: 30_000 });
  await control(page, "bulk-assign", { tenantId: FABRIKAM, count: 1_200 });
  // Sales becomes the 1,201st assignment: on the second page of appRoleAssignedTo.
  await selectGroups(page, [["sales", "Sales"]]);
  await page.getByTestId("plan-build").click();
  await page.getByTestId("plan-apply").click();
  await expect(page.getByTestId("plan-empty")).toBeVisible({ timeout: 30_000 });
  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  // A new tab: nothing chosen in this one carries over.
  await page.evaluate(() => window.sessionStorage.removeItem("tb.setup.draft"));
  await page.reload();
  await expect(page.getByTestId("plan-list").or(page.getByTestId("plan-empty"))).toBeVisible({ timeout: 30_000 });
  await selectGroups(page, [["sales", "Sales"]]);
  await page.getByTestId("plan-build").click();
  await expect(page.getByTestId("plan-empty")).toBeVisible({ timeout: 30_000 });
  const entries = await log(page);
  expect(entries.filter((e) => e.method === "POST" && e.path.endsWith("/appRoleAssignedTo"))).toEqual([]);
  // The assignments were read past the first page, inside the batch and after it.
  expect(entries.some((e) => /appRoleAssignedTo\?.*(skiptoken|skip)/i.test(e.path))).toBe(true);
});

test("the editor tests the default mapping's expression without asking Graph for netId, and knows the service's catalog", async ({ page }) => {
  test.setTimeout(120_000);
  await connectWithWriteAccess(page);
  await selectGroups(page, [["sales", "Sales"]]);
  await applyAndStart(page);
  await openMappings(page);
  const rows = page.getByTestId("mapping-rows");
  await rows.getByRole("button", { name: "Edit the mapping to displayName" }).click();
  const form = page.getByTestId("row-form");
  await form.getByLabel("Mapping type").selectOption("Expression");
  // netId exists only in the synchronization schema (the default mapping's AltSecIdFromNetId).
  await form.getByLabel("Expression").fill("Append([displayName], AltSecIdFromNetId([netId]))");
  await form.getByText("Test on a real object").click();
  await form.getByLabel("Find a source user by name").fill("ada");
  await form.getByRole("button", { name: "Find" }).click();
  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  await form.getByRole("button", { name: /Test with Ada Lovelace/ }).click();
  await expect(form.getByTestId("expression-result")).toBeVisible();
  await expect(form.getByTestId("expression-left-out")).toContainText("netId");
  await expect(form.getByTestId("error-view")).toHaveCount(0);
  const reads = (await log(page)).filter((e) => e.path.includes("/users/") && e.path.includes("$select"));
  expect(reads.length).toBe(1);
  expect(reads[0].status).toBe(200);
  expect(decodeURIComponent(reads[0].path)).not.toContain("netId");
  // A function the service's catalog lists beyond the reference page is valid.
  await form.getByLabel("Expression").fill("IsNothing([mail])");
  await expect(form).not.toContainText("is not a known function");
  await form.getByText("Functions", { exact: true }).click();
  await expect(form.getByTestId("function-palette")).toContainText("IsNothing(value) (listed by the service, not documented)");
});

test("Monitor: a refused job read leaves the provisioning log and the audit logs working", async ({ page }) => {
  test.setTimeout(120_000);
  await connectWithWriteAccess(page);
  await selectGroups(page, [["sales", "Sales"]]);
  await applyAndStart(page);
  await page.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} });
  // Monitor reads each configuration's job inside a $batch: the refusal is that item's alone.
  await faults(page, [{ pathContains: "/synchronization/jobs", method: "GET", inBatch: true, effect: { kind: "status", status: 403, code: "Authorization_RequestDenied" } }]);
  await openMonitor(page);
  await expect(page.getByTestId("job-unreadable")).toContainText("could not be read");
  // The item's own error, as a direct GET would have given it: code, status and the request.
  await expect(page.getByTestId("job-unreadable")).toContainText("Authorization_RequestDenied");
  await expect(page.getByTestId("job-unreadable")).toContainText("403");
  await expect(page.getByTestId("job-unreadable")).toContainText(/GET \/beta\/servicePrincipals\/[0-9a-f-]+\/synchronization\/jobs/);
  await expect(page.getByTestId("log-loaded")).toContainText(/[1-9]\d* events loaded/, { timeout: 15_000 });
  await expect(page.getByTestId("on-demand")).toContainText("Needs the job");
  await page.getByRole("button", { name: "Source: provisioning service entries" }).click();
  await expect(page.getByTestId("audit-count")).toContainText("entries", { timeout: 15_000 });
  // Without the job ID the log is asked by the configuration's service principal.
  const logs = (await log(page)).filter((e) => e.path.startsWith("/v1.0/auditLogs/provisioning"));
  expect(decodeURIComponent(logs[0].path)).toContain("servicePrincipal/id eq");
  expect(decodeURIComponent(logs[0].path)).toContain("$orderby=activityDateTime desc");
});

test("Monitor: a throttled job read inside the batch is sent again after its Retry-After, and the job shows", async ({ page }) => {
  test.setTimeout(120_000);
  await connectWithWriteAccess(page);
  await selectGroups(page, [["sales", "Sales"]]);
  await applyAndStart(page);
  await faults(page, [{ pathContains: "/synchronization/jobs", method: "GET", inBatch: true, count: 1, effect: { kind: "throttle", retryAfter: 1 } }]);
  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  await openMonitor(page);
  await expect(page.getByTestId("job-overview")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId("job-unreadable")).toHaveCount(0);
  const items = (await log(page)).filter((e) => e.inBatch && e.method === "GET" && /\/synchronization\/jobs$/.test(e.path.split("?")[0]));
  // The throttled item, then the same item sent again in a later batch, after its Retry-After.
  const throttled = items.filter((e) => e.fault === "throttle");
  expect(throttled).toHaveLength(1);
  expect(throttled[0].status).toBe(429);
  const again = items.find((e) => e.path === throttled[0].path && e.status === 200 && e.atMs > throttled[0].atMs);
  expect(again).toBeTruthy();
  expect(again.atMs - throttled[0].atMs).toBeGreaterThanOrEqual(900);
});

test("by default the whole journey costs two interactive sign-ins: connect, apply and start, Mappings, Monitor, both audit logs", async ({ page }) => {
  test.setTimeout(120_000);
  await connectWithWriteAccess(page);
  await selectGroups(page, [["sales", "Sales"]]);
  await applyAndStart(page);
  await openMappings(page);
  await openMonitor(page);
  await expect(page.getByTestId("job-overview")).toBeVisible();
  await page.getByRole("button", { name: "Source: provisioning service entries" }).click();
  await expect(page.getByTestId("audit-count")).toContainText("Source tenant");
  await page.getByRole("button", { name: "Target: changes by Microsoft.Azure.SyncFabric" }).click();
  await expect(page.getByTestId("audit-count")).toContainText("Target tenant");
  const authorizations = (await log(page)).filter((e) => e.method === "POST" && e.path.includes("/oauth2/v2.0/authorize"));
  expect(authorizations.length).toBe(2);
  expect((await log(page)).filter((e) => e.status === 403)).toEqual([]);
});

test("on the sandbox the connect step names the demo tenants and their admins", async ({ page }) => {
  await page.goto("/setup");
  const demo = page.getByTestId("demo-tenants");
  await expect(demo).toContainText("Source: Fabrikam — fabrikam.onmicrosoft.com");
  await expect(demo).toContainText("Target: Contoso — contoso.onmicrosoft.com");
  await expect(demo).toContainText("sync@fabrikam.onmicrosoft.com (Hybrid Identity Administrator, Cloud Application Administrator)");
  await expect(page.getByTestId("tenant-card-source").getByLabel("Tenant ID or domain")).toHaveAttribute("placeholder", "fabrikam.onmicrosoft.com");
  await expect(page.getByTestId("tenant-card-target").getByLabel("Tenant ID or domain")).toHaveAttribute("placeholder", "contoso.onmicrosoft.com");
  // The other emulated tenants are folded away under a summary that opens them.
  const more = demo.getByTestId("demo-tenants-more");
  await expect(more).toContainText(/\d+ more emulated tenant\(s\)/);
  const northwind = more.getByRole("listitem").filter({ hasText: "Also: Northwind (no Governance licence) — northwind.onmicrosoft.com" });
  await expect(northwind).toBeHidden();
  await more.getByText(/more emulated tenant/).click();
  await expect(northwind).toBeVisible();
  await expect(more).toContainText("Also: Northwind (no Governance licence) — northwind.onmicrosoft.com");
  // Tenant-supplied names stay text (Tailspin's carry markup).
  await expect(more).toContainText('Also: Tailspin <img src=x onerror="window.__xss=3"><script>window.__xss=4</script> — tailspin.onmicrosoft.com');
  expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
});

test("readiness is read again after an apply, without running the checks by hand", async ({ page }) => {
  await connectWithWriteAccess(page);
  await step(page, "readiness");
  await expect(row(page, "target-identity-sync")).toContainText("no synchronization policy");
  await page.getByTestId("plan-build").click();
  await page.getByTestId("plan-apply").click();
  await expect(page.getByTestId("plan-empty")).toBeVisible({ timeout: 30_000 });
  await step(page, "readiness");
  await expect(row(page, "target-identity-sync")).not.toContainText("no synchronization policy", { timeout: 15_000 });
  await expect(row(page, "target-identity-sync")).toHaveAttribute("data-verdict", "Pass");
});

test("group sync is generally available: choosing a group turns it on when the source holds the licence, never without it", async ({ page }) => {
  await connectWithWriteAccess(page);
  const groupSync = page.getByLabel("Sync security groups too (the target's groupSyncInbound switch is beta-only in Graph)");
  await step(page, "settings");
  await expect(groupSync).not.toBeChecked();
  await selectGroups(page, [["sales", "Sales"]]);
  await step(page, "settings");
  await expect(groupSync).toBeChecked();
  // Northwind has no Entra ID Governance: the choice stays off.
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
  const other = await page.context().browser()!.newPage({ baseURL: test.info().project.use.baseURL });
  await connectWithWriteAccess(other, { tenant: "northwind.onmicrosoft.com", account: "admin@northwind.onmicrosoft.com", name: "Northwind (no Governance licence)" });
  await selectGroups(other, [["staff", "Staff"]]);
  await step(other, "settings");
  await expect(other.getByLabel("Sync security groups too (the target's groupSyncInbound switch is beta-only in Graph)")).not.toBeChecked();
  await other.close();
});

test("with .default a sign-in gets what an administrator granted to the app, asks nothing by name, and readiness names what the grant lacks", async ({ page }) => {
  const source = ["User.Read", "RoleManagement.Read.Directory", "LicenseAssignment.Read.All", "Policy.Read.All", "Application.Read.All", "Policy.ReadWrite.CrossTenantAccess",
    "Application.ReadWrite.All", "Synchronization.ReadWrite.All", "AppRoleAssignment.ReadWrite.All", "Group.Read.All", "User.Read.All", "Synchronization.Read.All", "Directory.Read.All"];
  const target = ["User.Read", "RoleManagement.Read.Directory", "LicenseAssignment.Read.All", "Policy.Read.All", "Policy.ReadWrite.CrossTenantAccess", "Group.Read.All", "AuditLog.Read.All", "Directory.Read.All"];
  // The source's grant lacks AuditLog.Read.All (Monitor's logs); the target's is complete.
  await control(page, "app-grant", { tenantId: "fabrikam.onmicrosoft.com", scopes: source });
  await control(page, "app-grant", { tenantId: "contoso.onmicrosoft.com", scopes: target });
  await page.goto("/setup");
  await page.getByLabel("Use the permissions granted to the app (.default)").check();
  await signIn(page, "source", "fabrikam.onmicrosoft.com", "admin@fabrikam.onmicrosoft.com");
  await signIn(page, "target", CONTOSO_ADMIN.tenant, CONTOSO_ADMIN.account);
  const asked = (await log(page)).filter((e) => e.method === "GET" && e.path.includes("/oauth2/v2.0/authorize")).map((e) => decodeURIComponent(e.path));
  expect(asked).toHaveLength(2);
  for (const a of asked) {
    const scope = new URLSearchParams(a.split("?")[1]).get("scope")!.split(" ");
    expect(scope.filter((s) => s.includes("/")).map((s) => s.split("/").pop())).toEqual([".default"]);
    expect(scope.filter((s) => !s.includes("/")).sort()).toEqual(["offline_access", "openid", "profile"]);
  }
  await step(page, "readiness");
  await expect(row(page, "source-scopes")).toHaveAttribute("data-verdict", "Warning");
  await expect(row(page, "source-scopes")).toContainText("AuditLog.Read.All");
  await expect(row(page, "source-scopes")).toContainText("Grant admin consent");
  await expect(row(page, "target-scopes")).toHaveAttribute("data-verdict", "Pass");
  // What the grant holds is enough to plan: no consent is asked on the way.
  await step(page, "review");
  await expect(page.getByTestId("plan-list")).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole("button", { name: /Grant write permissions/ })).toHaveCount(0);
});

test("the sandbox refuses .default combined with a named permission, as Entra does (AADSTS70011)", async ({ page }) => {
  const r = await page.request.get(`${SANDBOX}/fabrikam.onmicrosoft.com/oauth2/v2.0/authorize?client_id=${CLIENT}&response_type=code&redirect_uri=${encodeURIComponent(REDIRECT)}&code_challenge=${"a".repeat(43)}&code_challenge_method=S256&scope=${encodeURIComponent("openid https://graph.microsoft.com/.default https://graph.microsoft.com/User.Read")}`, { maxRedirects: 0 });
  expect(r.status()).toBe(303);
  expect(decodeURIComponent(r.headers()["location"])).toContain("AADSTS70011");
});
