// Signing in to both sandbox tenants through the real redirect flow, and what must never happen.
import { test, expect, Page } from "@playwright/test";
import { SANDBOX, signIn } from "./helpers";
const FABRIKAM = "8f5de54b-cf27-57b3-affd-9b1efb6cb571";
const CONTOSO = "b3dc6c65-54f5-553b-935b-b02a6b5be925";

async function control(page: Page, path: string, body?: unknown) {
  const r = await page.request.post(`${SANDBOX}/_sandbox/${path}`, { data: body ?? {} });
  expect(r.ok()).toBe(true);
}

test.beforeEach(async ({ page }) => {
  await control(page, "token-lifetime", { seconds: 3600 });
});

test("signing in to both tenants shows each tenant, cloud, admin and active roles", async ({ page }) => {
  await page.goto("/setup");
  await signIn(page, "source", "fabrikam.onmicrosoft.com", "admin@fabrikam.onmicrosoft.com");
  const source = page.getByTestId("profile-source");
  await expect(page.getByTestId("tenant-name-source")).toHaveText("Fabrikam");
  await expect(source).toContainText(FABRIKAM);
  await expect(source).toContainText("Microsoft Azure (global)");
  await expect(source).toContainText("admin@fabrikam.onmicrosoft.com");
  await expect(source).toContainText("Hybrid Identity Administrator");
  await expect(page.getByTestId("tenant-badge-source")).toContainText("Fabrikam");
  await expect(page.getByTestId("tenant-badge-target")).toContainText("Not connected");
  // The code and state never stay in the address bar.
  expect(page.url()).not.toMatch(/code=|state=/);

  await signIn(page, "target", CONTOSO, "admin@contoso.onmicrosoft.com");
  await expect(page.getByTestId("tenant-name-target")).toHaveText("Contoso");
  await expect(page.getByTestId("profile-target")).toContainText("Security Administrator");
  await expect(page.getByTestId("tenant-badge-target")).toContainText("Contoso");
  await expect(page).toHaveURL(/\/setup\/connect$/);
});

test("a reload keeps both sessions; tokens are in sessionStorage only, never localStorage or the URL", async ({ page }) => {
  await page.goto("/setup");
  await signIn(page, "source", "fabrikam.com", "admin@fabrikam.onmicrosoft.com");
  await signIn(page, "target", "contoso.com", "admin@contoso.onmicrosoft.com");
  await page.reload();
  await expect(page.getByTestId("tenant-name-source")).toHaveText("Fabrikam");
  await expect(page.getByTestId("tenant-name-target")).toHaveText("Contoso");
  const storage = await page.evaluate(() => ({
    local: JSON.stringify(Object.assign({}, localStorage)),
    session: JSON.stringify(Object.assign({}, sessionStorage)),
  }));
  expect(storage.session).toContain("access_token");
  expect(storage.local).not.toMatch(/eyJ|access_token|refresh_token/);
  const log = await (await page.request.get(`${SANDBOX}/_sandbox/requests`)).json();
  for (const entry of log.value) expect(entry.path).not.toMatch(/access_token|refresh_token|eyJ/);
});

test("a forged state in the reply is refused and nothing is signed in", async ({ page }) => {
  await page.goto("/setup");
  const card = page.getByTestId("tenant-card-source");
  await card.getByLabel("Tenant ID or domain").fill("fabrikam.onmicrosoft.com");
  await card.getByRole("button", { name: /Sign in to the/ }).click();
  await expect(page.getByRole("button", { name: /admin@fabrikam/ })).toBeVisible();
  // Come back with a code minted for someone else's sign-in and a state this tab never sent.
  await page.goto("/?code=stolen-code&state=forged-state");
  await expect(page.getByTestId("connect-step").getByRole("alert")).toContainText("state_mismatch");
  await expect(page.getByTestId("tenant-badge-source")).toContainText("Not connected");
  expect(page.url()).not.toMatch(/code=|state=/);
});

test("a replayed reply (same code and state, used once already) is refused", async ({ page }) => {
  await page.goto("/setup");
  const card = page.getByTestId("tenant-card-source");
  await card.getByLabel("Tenant ID or domain").fill("fabrikam.onmicrosoft.com");
  await card.getByRole("button", { name: /Sign in to the/ }).click();
  let reply = "";
  page.on("framenavigated", (f) => { if (f === page.mainFrame() && /code=/.test(f.url())) reply = f.url(); });
  await page.getByRole("button", { name: /admin@fabrikam/ }).click();
  await expect(page.getByTestId("profile-source")).toBeVisible();
  expect(reply).toContain("code=");
  await page.getByRole("button", { name: "Sign out of the source tenant" }).click();
  await page.goto(reply);
  await expect(page.getByTestId("connect-step").getByRole("alert")).toContainText("state_mismatch");
  await expect(page.getByTestId("tenant-badge-source")).toContainText("Not connected");
});

test("denied consent is explained on that tenant's card", async ({ page }) => {
  await page.goto("/setup");
  const card = page.getByTestId("tenant-card-target");
  await card.getByLabel("Tenant ID or domain").fill("contoso.onmicrosoft.com");
  await card.getByRole("button", { name: /Sign in to the/ }).click();
  await page.getByRole("button", { name: "Deny consent" }).click();
  await expect(card.getByRole("alert")).toContainText("AADSTS65004");
  await expect(card.getByRole("alert")).toContainText("declined to consent");
});

test("a malformed or unknown tenant is refused before leaving the app", async ({ page }) => {
  await page.goto("/setup");
  const card = page.getByTestId("tenant-card-source");
  await card.getByLabel("Tenant ID or domain").fill("not a tenant");
  await card.getByRole("button", { name: /Sign in to the/ }).click();
  await expect(page.getByTestId("tenant-problem-source")).toContainText("neither a tenant ID");
  await expect(card.getByLabel("Tenant ID or domain")).toHaveAttribute("aria-invalid", "true");
  await card.getByLabel("Tenant ID or domain").fill("nobody.example.com");
  await card.getByRole("button", { name: /Sign in to the/ }).click();
  await expect(page.getByTestId("tenant-problem-source")).toContainText("was not found");
  await expect(page).toHaveURL(/\/setup\/connect$/);
});

test("the same tenant on both sides is refused", async ({ page }) => {
  await page.goto("/setup");
  await signIn(page, "source", "contoso.onmicrosoft.com", "admin@contoso.onmicrosoft.com");
  await signIn(page, "target", "contoso.com", "admin@contoso.onmicrosoft.com");
  await expect(page.getByTestId("same-tenant")).toContainText("same tenant");
});

test("an expired access token is refreshed without the admin noticing", async ({ page }) => {
  await control(page, "token-lifetime", { seconds: 2 });
  await page.goto("/setup");
  await signIn(page, "source", "fabrikam.onmicrosoft.com", "admin@fabrikam.onmicrosoft.com");
  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  await page.reload();
  await expect(page.getByTestId("tenant-name-source")).toHaveText("Fabrikam");
  const log = await (await page.request.get(`${SANDBOX}/_sandbox/requests`)).json();
  const refreshes = log.value.filter((e: any) => e.method === "POST" && e.path.endsWith("/oauth2/v2.0/token"));
  expect(refreshes.length).toBeGreaterThanOrEqual(1);
  expect(log.value.filter((e: any) => e.status === 401)).toEqual([]);
  await expect(page.getByTestId("renewal-source")).toHaveCount(0);
});

test("a revoked refresh token leads back to sign-in with a clear message", async ({ page }) => {
  await control(page, "token-lifetime", { seconds: 2 });
  await page.goto("/setup");
  await signIn(page, "target", "contoso.onmicrosoft.com", "admin@contoso.onmicrosoft.com");
  await control(page, "revoke-refresh-tokens", { tenantId: CONTOSO });
  await page.reload();
  const renewal = page.getByTestId("renewal-target");
  await expect(renewal).toContainText("revoked");
  await expect(renewal).toContainText("Sign in to the target tenant again");
  await renewal.getByRole("button", { name: "Sign in again" }).click();
  await page.getByRole("button", { name: /admin@contoso/ }).click();
  await expect(page.getByTestId("tenant-name-target")).toHaveText("Contoso");
  await expect(page.getByTestId("renewal-target")).toHaveCount(0);
});

test("429 with Retry-After and a dropped connection are waited out and the profile still loads", async ({ page }) => {
  await page.goto("/setup");
  await signIn(page, "source", "fabrikam.onmicrosoft.com", "admin@fabrikam.onmicrosoft.com");
  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  // The profile is one $batch (the admin, the organization, the roles): the batch's connection
  // is cut once, and then the organization inside it is throttled twice.
  const r = await page.request.put(`${SANDBOX}/_sandbox/faults`, { data: { rules: [
    { pathContains: "/v1.0/organization", inBatch: true, count: 2, effect: { kind: "throttle", retryAfter: 1 } },
    { pathContains: "/v1.0/$batch", method: "POST", count: 1, effect: { kind: "drop" } },
  ] } });
  expect(r.status()).toBe(204);
  try {
    const started = Date.now();
    await page.reload();
    await expect(page.getByTestId("tenant-name-source")).toHaveText("Fabrikam");
    const log = (await (await page.request.get(`${SANDBOX}/_sandbox/requests`)).json()).value;
    const org = log.filter((e: any) => e.path.startsWith("/v1.0/organization")).map((e: any) => e.status);
    expect(org).toEqual([429, 429, 200]);
    const batches = log.filter((e: any) => e.method === "POST" && e.path.startsWith("/v1.0/$batch") && !e.inBatch);
    expect(batches[0].fault).toBe("drop");
    // Resent after the cut (a batch of reads changes nothing), then once per throttled round.
    expect(batches.length).toBeGreaterThanOrEqual(4);
    const me = log.filter((e: any) => e.path.startsWith("/v1.0/me?") && e.inBatch).map((e: any) => e.status);
    expect(me).toEqual([200]);
    // Two Retry-After waits of one second each were honoured.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
  } finally {
    await page.request.delete(`${SANDBOX}/_sandbox/faults`);
  }
});
