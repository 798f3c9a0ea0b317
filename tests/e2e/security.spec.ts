// Security in the browser: tenant-supplied strings are text; tokens go only to Graph, each tenant's
// only to its own calls, never into a URL; the return-to value cannot redirect off the app.
import { test, expect, Page, Request } from "@playwright/test";
import { SANDBOX, CONTOSO_ADMIN, applyAndStart, connectWithWriteAccess, selectGroups, step } from "./helpers";

const FABRIKAM = "8f5de54b-cf27-57b3-affd-9b1efb6cb571";
const CONTOSO = "b3dc6c65-54f5-553b-935b-b02a6b5be925";
const TAILSPIN_NAME = 'Tailspin <img src=x onerror="window.__xss=3"><script>window.__xss=4</script>';

test.beforeEach(async ({ page }) => {
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
  await page.request.delete(`${SANDBOX}/_sandbox/faults`);
});

/** Elements that markup in a name would have created, anywhere in the app's main area. */
async function injected(page: Page) {
  return page.locator("main img, main script, main iframe, main [onerror], main [onload], main a[href^='javascript']").count();
}

test("a group name carrying HTML and script is rendered as text and nothing executes", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  await connectWithWriteAccess(page);
  await step(page, "groups");
  const picker = page.getByTestId("group-picker");
  await picker.getByLabel("Search source groups by name").fill("marketing");
  await picker.getByRole("button", { name: "Search", exact: true }).click();
  const results = page.getByTestId("group-results");
  await expect(results).toContainText('<img src=x onerror="window.__xss=1">Marketing <script>window.__xss=2</script>');
  await results.getByRole("button", { name: /^Select / }).click();
  await expect(page.getByTestId("selected-groups")).toContainText("<script>");
  expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  expect(await injected(page)).toBe(0);
  expect(dialogs).toEqual([]);
});

test("tenant, admin, user and group names carrying markup are text in the header, the pickers and the plan", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  await connectWithWriteAccess(page, { tenant: "tailspin.onmicrosoft.com", account: "admin@tailspin.onmicrosoft.com", name: TAILSPIN_NAME }, CONTOSO_ADMIN);
  await step(page, "connect");
  await expect(page.getByTestId("profile-source")).toContainText('Admin <svg onload="window.__xss=5"></svg>');
  await step(page, "groups");
  const users = page.getByTestId("user-picker");
  await users.getByLabel("Search source users by name").fill("mallory");
  await users.getByRole("button", { name: "Search users" }).click();
  await expect(page.getByTestId("user-results")).toContainText('Mallory <img src=x onerror="window.__xss=6">');
  await users.getByLabel("Search source users by name").fill("trent");
  await users.getByRole("button", { name: "Search users" }).click();
  await expect(page.getByTestId("user-results")).toContainText('Trent "><iframe src=javascript:window.__xss=8>');
  await page.getByTestId("user-results").getByRole("button", { name: /^Select Trent/ }).click();
  const picker = page.getByTestId("group-picker");
  await picker.getByLabel("Search source groups by name").fill("ops");
  await picker.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByTestId("group-results")).toContainText('Ops <a href="javascript:window.__xss=9">click</a>');
  await page.getByTestId("plan-build").click();
  await expect(page.getByTestId("plan-list")).toContainText('Assign "Trent "><iframe src=javascript:window.__xss=8>"');
  expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  expect(await injected(page)).toBe(0);
  expect(dialogs).toEqual([]);
});

/** The `tid` claim of a bearer token. */
function tid(authorization: string): string {
  const payload = authorization.replace(/^Bearer /, "").split(".")[1];
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")).tid;
}

test("tokens go only to Graph, each tenant's token only to its own calls, never into a URL; the browser and the sandbox logs agree", async ({ page }) => {
  test.setTimeout(60_000);
  const sent: { method: string; url: string; tenant: string; token: string }[] = [];
  const urls: string[] = [];
  page.on("request", (r: Request) => {
    urls.push(r.url());
    const auth = r.headers()["authorization"];
    if (auth) sent.push({ method: r.method(), url: r.url(), tenant: tid(auth), token: auth.slice(7) });
  });
  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  await connectWithWriteAccess(page);
  await selectGroups(page, [["sales", "Sales"]]);
  await step(page, "settings");
  await page.getByLabel("Sync security groups too (the target's groupSyncInbound switch is beta-only in Graph)").check();
  await applyAndStart(page);

  // Only to Graph on the sandbox: never to the app's origin, never to a sign-in path.
  expect(sent.length).toBeGreaterThan(20);
  for (const s of sent) {
    const u = new URL(s.url);
    expect(u.origin, s.url).toBe(new URL(SANDBOX).origin);
    expect(u.pathname, s.url).toMatch(/^\/(v1\.0|beta)\//);
  }
  // Each side's token on its own side's calls. The sandbox log holds the requests inside each
  // $batch too (with the batch's token), so it is the record checked here; that it agrees with the
  // browser for every round trip is checked below.
  const all = (await (await page.request.get(`${SANDBOX}/_sandbox/requests`)).json()).value.filter((e: any) => /^\/(v1\.0|beta)\//.test(e.path));
  const on = (re: RegExp) => all.filter((e: any) => re.test(decodeURIComponent(e.path).split("?")[0]));
  const aboutSource = on(new RegExp(`/partners/${FABRIKAM}`)); // the target's partner entry for the source
  const aboutTarget = on(new RegExp(`/partners/${CONTOSO}`)); // the source's partner entry for the target
  expect(aboutSource.length).toBeGreaterThan(2);
  expect(aboutTarget.length).toBeGreaterThan(0);
  expect(aboutSource.every((e: any) => e.tokenTenant === CONTOSO)).toBe(true);
  expect(aboutTarget.every((e: any) => e.tokenTenant === FABRIKAM)).toBe(true);
  expect(on(/\/partners$/).filter((e: any) => e.method === "POST").map((e: any) => e.tokenTenant).sort()).toEqual([CONTOSO, FABRIKAM].sort());
  const sourceOnly = on(/\/servicePrincipals|\/applicationTemplates|\/synchronization|\/appRoleAssignedTo/);
  expect(sourceOnly.length).toBeGreaterThan(5);
  expect(sourceOnly.every((e: any) => e.tokenTenant === FABRIKAM)).toBe(true);
  // Group reads on the target side (same-name check) use the target's token.
  expect(on(/^\/v1\.0\/groups$/).some((e: any) => e.tokenTenant === CONTOSO)).toBe(true);

  // Never in a URL: no request of any kind carries a token in its address.
  const tokens = [...new Set(sent.map((s) => s.token))];
  expect(tokens.length).toBeGreaterThanOrEqual(2);
  for (const url of urls) for (const token of tokens) expect(url.includes(token)).toBe(false);
  expect(page.url()).not.toMatch(/code=|access_token|id_token/);

  // The sandbox saw the same Graph calls, with the same tenants.
  const log = all.filter((e: any) => !e.inBatch);
  const norm = (method: string, path: string, tenant: string) => `${method} ${decodeURIComponent(path).split("?")[0]} ${tenant}`;
  const browser = sent.map((s) => norm(s.method, new URL(s.url).pathname, s.tenant)).sort();
  const sandbox = log.map((e: any) => norm(e.method, e.path, e.tokenTenant)).sort();
  expect(sandbox).toEqual(browser);
});

for (const [returnTo, landing] of [["/about", "/about"], ["https://evil.example/", "/setup/connect"], ["//evil.example/x", "/setup/connect"], ["/\\evil.example", "/setup/connect"], ["javascript:window.__xss=10", "/setup/connect"]]) {
  const evil = returnTo;
  test(`a return-to of ${JSON.stringify(evil)} lands on ${landing}, inside the app`, async ({ browser }) => {
    const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    // Tamper with the pending sign-in just before the app handles the reply.
    await context.addInitScript((target) => {
      const key = "tb.signin.pending";
      const raw = sessionStorage.getItem(key);
      if (raw && location.search.includes("code=")) {
        const pending = JSON.parse(raw);
        pending.return_to = target;
        pending.returnTo = target;
        sessionStorage.setItem(key, JSON.stringify(pending));
      }
    }, evil);
    const page = await context.newPage();
    await page.goto("/about");
    await page.goto("/setup");
    const card = page.getByTestId("tenant-card-source");
    await card.getByLabel("Tenant ID or domain").fill("fabrikam.onmicrosoft.com");
    await card.getByRole("button", { name: /Sign in to the/ }).click();
    await page.getByRole("button", { name: /admin@fabrikam/ }).click();
    const appOrigin = new URL(test.info().project.use.baseURL!).origin;
    await expect(page).toHaveURL(new RegExp(`^${appOrigin.replace(/\./g, "\\.")}${landing}$`));
    // Signed in all the same: on the landing page once the code is redeemed, and after a reload.
    await expect(page.getByTestId("tenant-badge-source")).toContainText("Fabrikam");
    await page.goto("/setup");
    await expect(page.getByTestId("tenant-name-source")).toHaveText("Fabrikam");
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
    await context.close();
  });
}
