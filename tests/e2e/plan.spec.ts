// Steps 2 to 6 as a reviewed plan: apply, re-run (no writes), resume after a reload, bad input.
import { test, expect, Page } from "@playwright/test";
import { SANDBOX, connectWithWriteAccess, step } from "./helpers";

const FABRIKAM = "8f5de54b-cf27-57b3-affd-9b1efb6cb571";
const CONTOSO = "b3dc6c65-54f5-553b-935b-b02a6b5be925";

async function writes(page: Page) {
  const log = (await (await page.request.get(`${SANDBOX}/_sandbox/requests`)).json()).value;
  // Writes sent alone and writes inside a $batch alike (the batch itself is not a write).
  return log.filter((e: any) => e.method !== "GET" && /^\/(v1\.0|beta)\//.test(e.path) && !e.path.endsWith("/$batch")).map((e: any) => `${e.method} ${e.tokenTenant} ${e.path} ${e.status}`);
}

test.beforeEach(async ({ page }) => {
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
  await page.request.delete(`${SANDBOX}/_sandbox/faults`);
});

test("bad input is refused field by field and nothing is sent", async ({ page }) => {
  await connectWithWriteAccess(page);
  await expect(page.getByTestId("plan-list")).toBeVisible(); // built from the current state on arrival
  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  await step(page, "configuration");
  await page.getByLabel("Configuration name").fill("");
  await step(page, "settings");
  await page.getByLabel("Notification e-mail").fill("ops@");
  await page.getByLabel("Accidental-deletion threshold").fill("-3");
  await expect(page.getByTestId("notification-email-problem")).toContainText("is not an e-mail address");
  await expect(page.getByTestId("deletion-threshold-problem")).toContainText("whole number");
  await expect(page.getByLabel("Notification e-mail")).toHaveAttribute("aria-invalid", "true");
  // The rail marks both pages and blocks the review, naming the page to fix first.
  await expect(page.locator('.rail__item[data-slug="configuration"]')).toHaveAttribute("data-status", "failed");
  await expect(page.locator('.rail__item[data-slug="settings"]')).toHaveAttribute("data-status", "failed");
  const review = page.locator('.rail__item[data-slug="review"]');
  await expect(review).toHaveAttribute("data-status", "blocked");
  await expect(review).toContainText("Fix this first: Give the configuration a name");
  // Reviewing leads to the first refused field instead of a plan.
  await page.getByTestId("plan-build").click();
  await expect(page).toHaveURL(/\/setup\/configuration$/);
  await expect(page.getByTestId("configuration-name-problem")).toContainText("1 to 120 characters");
  await expect(page.getByTestId("plan-counts")).toContainText("No plan");
  await step(page, "review");
  await expect(page.getByTestId("plan-list")).toHaveCount(0);
  const log = (await (await page.request.get(`${SANDBOX}/_sandbox/requests`)).json()).value;
  expect(log).toEqual([]);
});

test("group sync without a selected group is refused before anything is planned", async ({ page }) => {
  await connectWithWriteAccess(page);
  await step(page, "settings");
  await page.getByLabel("Sync security groups too (the target's groupSyncInbound switch is beta-only in Graph)").check();
  await page.getByTestId("plan-build").click();
  await expect(page).toHaveURL(/\/setup\/groups$/);
  await expect(page.getByTestId("group-picker-problem")).toContainText("select at least one eligible group");
  await step(page, "review");
  await expect(page.getByTestId("plan-list")).toHaveCount(0);
});

test("an empty pair gets a seven-request plan (users only); apply runs it; running it again writes nothing", async ({ page }) => {
  await connectWithWriteAccess(page);
  await step(page, "settings");
  await page.getByLabel("Notification e-mail").fill("ops@fabrikam.com");
  await page.getByTestId("plan-build").click();
  const items = page.getByTestId("plan-list").locator("li");
  await expect(items).toHaveCount(7);
  await expect(items.first()).toContainText("POST /v1.0/policies/crossTenantAccessPolicy/partners");
  await expect(page.getByTestId("plan-list")).toContainText("PUT /beta/policies/crossTenantAccessPolicy/partners/" + FABRIKAM + "/identitySynchronization");
  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  await page.getByTestId("plan-apply").click();
  await expect(page.getByTestId("plan-empty")).toBeVisible({ timeout: 20_000 });
  const sent = await writes(page);
  expect(sent).toHaveLength(7);
  expect(sent.every((w: string) => / 20[14]$/.test(w))).toBe(true);
  // The target now allows user and group sync from the source, and test connection passed.
  const state = await (await page.request.get(`${SANDBOX}/_sandbox/requests`)).json();
  expect(state.value.some((e: any) => e.path.endsWith("/validateCredentials") && e.status === 204)).toBe(true);

  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  await page.reload();
  await page.getByTestId("plan-build").click();
  await expect(page.getByTestId("plan-empty")).toBeVisible();
  expect(await writes(page)).toEqual([]);
});

test("a reload in the middle of apply resumes without writing anything twice", async ({ page }) => {
  await connectWithWriteAccess(page);
  await page.getByTestId("plan-build").click();
  await expect(page.getByTestId("plan-list").locator("li")).toHaveCount(7);
  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  // Slow down the configuration's creation so the reload lands in the middle.
  await page.request.put(`${SANDBOX}/_sandbox/faults`, { data: { rules: [{ pathContains: "/instantiate", count: 1, effect: { kind: "latency", ms: 3000 } }] } });
  await page.getByTestId("plan-apply").click();
  await expect(page.locator('[data-write="source-partner"]')).toHaveAttribute("data-state", "done");
  await page.reload();
  await expect(page.getByTestId("apply-resume")).toBeVisible();
  await page.getByTestId("plan-build").click();
  // The partners and the sync policy were applied before the reload: only the source-side
  // configuration steps are left (the configuration itself too, if the reload cut its request off).
  const left = page.getByTestId("plan-list").locator("li");
  await expect(left.last()).toContainText("Provisioning settings");
  expect(await left.count()).toBeLessThanOrEqual(4);
  await expect(page.locator('[data-write="target-partner"], [data-write="target-sync"], [data-write="source-partner"]')).toHaveCount(0);
  await page.getByTestId("plan-apply").click();
  await expect(page.getByTestId("plan-empty")).toBeVisible({ timeout: 20_000 });
  const sent = await writes(page);
  const creates = sent.filter((w: string) => w.startsWith("POST") && !w.includes("validateCredentials"));
  const created = creates.filter((w: string) => / 201$/.test(w)).map((w: string) => w.split(" ").slice(0, 3).join(" "));
  expect(new Set(created).size).toBe(created.length);
  expect(sent.filter((w: string) => w.includes("/instantiate") && w.endsWith(" 201")).length).toBeLessThanOrEqual(1);
  const dump = await (await page.request.get(`${SANDBOX}/_sandbox/state/${FABRIKAM}`)).json();
  expect(dump.configurations).toBe(1);
});

test("a Graph error stops apply at that write with the error shown and the rest untouched", async ({ page }) => {
  await connectWithWriteAccess(page);
  await page.getByTestId("plan-build").click();
  await page.request.put(`${SANDBOX}/_sandbox/faults`, { data: { rules: [{ pathContains: "/identitySynchronization", method: "PUT", effect: { kind: "unavailable", retryAfter: 1 } }] } });
  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  await page.getByTestId("plan-apply").click();
  await expect(page.locator('[data-write="target-sync"]')).toHaveAttribute("data-state", "failed", { timeout: 30_000 });
  await expect(page.getByTestId("plan-step").getByTestId("error-view")).toContainText("ServiceUnavailable");
  // The source's partner write does not depend on the target's and went at the same time; nothing
  // from the configuration on was sent, since it needs the target to allow inbound sync first.
  await expect(page.locator('[data-write="configuration"]')).toHaveAttribute("data-state", "waiting");
  const sent = await writes(page);
  expect(sent.filter((w: string) => w.split(" ")[1] === FABRIKAM && !w.includes("/crossTenantAccessPolicy/partners"))).toEqual([]);
  expect(sent.some((w: string) => w.split(" ")[1] === CONTOSO)).toBe(true);
});

test("with 20 % throttling and 5 % unavailability the plan still applies completely, once", async ({ page }) => {
  await connectWithWriteAccess(page);
  await page.getByTestId("plan-build").click();
  await page.request.put(`${SANDBOX}/_sandbox/faults`, { data: { rules: [
    { rate: 0.2, effect: { kind: "throttle", retryAfter: 1 } },
    { rate: 0.05, effect: { kind: "unavailable", retryAfter: 1 } },
  ] } });
  await page.request.delete(`${SANDBOX}/_sandbox/requests`);
  await page.getByTestId("plan-apply").click();
  await expect(page.getByTestId("plan-empty")).toBeVisible({ timeout: 60_000 });
  const ok = (await writes(page)).filter((w: string) => / 20[14]$/.test(w));
  expect(ok).toHaveLength(7);
});

test("choices made while the tenants are still being read are kept, not undone by what the tenants hold", async ({ page }) => {
  await connectWithWriteAccess(page);
  await step(page, "settings");
  await page.getByLabel("Notification e-mail").fill("ops@fabrikam.com");
  await page.getByTestId("plan-build").click();
  await page.getByTestId("plan-apply").click();
  await expect(page.getByTestId("plan-empty")).toBeVisible({ timeout: 20_000 });
  // On the next visit, every batch (the tenants' state) is held until the admin has chosen.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let waiting = 0;
  await page.route(/\/\$batch$/, async (route) => {
    waiting += 1;
    await held;
    await route.continue();
  });
  await page.goto("/setup/settings");
  await page.getByLabel("Notification e-mail").fill("alerts@fabrikam.com");
  await step(page, "start");
  await page.getByLabel("Start provisioning at the end (step 10)").check();
  await expect.poll(() => waiting).toBeGreaterThan(0); // the read is under way, unanswered
  release();
  await step(page, "review");
  await expect(page.getByTestId("plan-list")).toBeVisible({ timeout: 20_000 });
  // The read filled nothing the admin had set: the plan writes the new e-mail and starts the job.
  await expect(page.locator('[data-write="settings"]')).toContainText("alerts@fabrikam.com");
  await expect(page.locator('[data-write="start"]')).toHaveCount(1);
  await step(page, "settings");
  await expect(page.getByLabel("Notification e-mail")).toHaveValue("alerts@fabrikam.com");
  await step(page, "start");
  await expect(page.getByLabel("Start provisioning at the end (step 10)")).toBeChecked();
});
