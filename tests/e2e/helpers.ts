// Shared steps for the end-to-end specs: they drive the real sandbox sign-in pages.
import { expect, Page } from "@playwright/test";

export const SANDBOX = process.env.TB_SANDBOX_URL!;

/** How long the helpers wait for each step; specs that inject faults raise it with `patience`. */
let wait = 5_000;
export function patience(ms: number) {
  wait = ms;
}

/** Signs in to one side through the sandbox's authorize page, picking `account`. */
export async function signIn(page: Page, role: "source" | "target", tenant: string, account: string) {
  const card = page.getByTestId(`tenant-card-${role}`);
  await card.getByLabel("Tenant ID or domain").fill(tenant);
  await card.getByRole("button", { name: /Sign in to the/ }).click();
  await page.getByRole("button", { name: new RegExp(account) }).click();
  await expect(page.getByTestId(`profile-${role}`)).toBeVisible({ timeout: wait });
}

/** A tenant to connect: what to type, which seeded admin to pick, and the name the header shows. */
export type Admin = { tenant: string; account: string; name: string };
export const FABRIKAM_ADMIN: Admin = { tenant: "fabrikam.onmicrosoft.com", account: "admin@fabrikam.onmicrosoft.com", name: "Fabrikam" };
export const CONTOSO_ADMIN: Admin = { tenant: "contoso.onmicrosoft.com", account: "admin@contoso.onmicrosoft.com", name: "Contoso" };

/** Opens a page of the setup wizard from its step rail (`slug` as in the route: connect,
 *  readiness, target, source, configuration, settings, groups, mappings, review, start). */
export async function step(page: Page, slug: string) {
  if (!page.url().endsWith(`/setup/${slug}`)) {
    await page.locator(`.rail__item[data-slug="${slug}"] a.rail__link`).click();
  }
  await expect(page).toHaveURL(new RegExp(`/setup/${slug}$`));
  await expect(page.getByTestId("wizard-step")).toHaveAttribute("data-slug", slug);
}

/** Chooses consent step by step (least privilege per step) for this browser context, instead of
 *  every permission at the first sign-in to each tenant (the default). */
export async function chooseIncrementalConsent(page: Page) {
  await page.goto("/setup");
  await page.getByLabel("Ask for permissions step by step").check();
}

/** With step-by-step consent (see `chooseIncrementalConsent`), clicks the consent button and picks
 *  the account; with the default (every permission at the first sign-in) there is none to click. */
export async function grantIfAsked(page: Page, button: string, account: string) {
  const incremental = await page.evaluate(() => window.localStorage.getItem("tb.consent.incremental") === "1");
  if (!incremental) {
    await expect(page.getByRole("button", { name: button })).toHaveCount(0);
    return;
  }
  // Step by step, a step asks only for what earlier consents did not cover: the button may not come.
  const b = page.getByRole("button", { name: button });
  await b.waitFor({ timeout: 3_000 }).catch(() => {});
  if (await b.isVisible()) {
    await b.click();
    await page.getByRole("button", { name: new RegExp(account) }).click();
  }
}

/** Signs in to the source (Fabrikam) and the target (Contoso) as their full-rights admins on the
 *  wizard's Connect page (granting the write permissions too where consent is step by step), checks
 *  readiness, and ends on Review and apply with the first plan shown (or, without `expectPlan`,
 *  with whatever Review shows). */
export async function connectWithWriteAccess(page: Page, source: Admin = FABRIKAM_ADMIN, target: Admin = CONTOSO_ADMIN, expectPlan = true) {
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/setup\/connect$/);
  await signIn(page, "source", source.tenant, source.account);
  await signIn(page, "target", target.tenant, target.account);
  await expect(page.getByTestId("tenant-name-source")).toHaveText(source.name, { timeout: wait });
  await expect(page.getByTestId("tenant-name-target")).toHaveText(target.name, { timeout: wait });
  await step(page, "target");
  await grantIfAsked(page, "Grant write permissions in the target tenant", target.account);
  await grantIfAsked(page, "Grant write permissions in the source tenant", source.account);
  await expect(page.getByRole("button", { name: /Grant write permissions/ })).toHaveCount(0, { timeout: wait });
  await step(page, "readiness");
  await expect(page.getByTestId("readiness-summary")).toContainText("passed", { timeout: wait });
  await step(page, "review");
  // A pair whose prefilled choices are refused (group sync on, every group unassigned) has no plan.
  const shown = expectPlan ? page.getByTestId("plan-list").or(page.getByTestId("plan-empty")) : page.getByTestId("plan-step");
  await expect(shown).toBeVisible({ timeout: wait });
}

/** Selects source groups in the picker: each pair is [search term, exact group name]. */
export async function selectGroups(page: Page, groups: [string, string][]) {
  await step(page, "groups");
  const picker = page.getByTestId("group-picker");
  for (const [term, name] of groups) {
    await picker.getByLabel("Search source groups by name").fill(term);
    await picker.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByTestId("group-results").getByRole("button", { name: `Select ${name}`, exact: true }).click({ timeout: wait });
  }
}

export const GROUP_SYNC_LABEL = "Sync security groups too (the target's groupSyncInbound switch is beta-only in Graph)";

/** Selects groups to scope users only: choosing a group turns group sync on when the source holds
 *  the licence (it is generally available), so this clears it again. */
export async function selectGroupsUsersOnly(page: Page, groups: [string, string][]) {
  await selectGroups(page, groups);
  await step(page, "settings");
  await page.getByLabel(GROUP_SYNC_LABEL).uncheck();
}

/** Ticks "start provisioning", reviews the plan, applies it and waits until nothing is left. */
export async function applyAndStart(page: Page) {
  await step(page, "start");
  await page.getByLabel("Start provisioning at the end (step 10)").check();
  await page.getByTestId("plan-build").click();
  await expect(page).toHaveURL(/\/setup\/review$/);
  await page.getByTestId("plan-apply").click();
  await expect(page.getByTestId("plan-empty")).toBeVisible({ timeout: 30_000 });
}

/** Opens Monitor and grants its read permissions in the source tenant. */
export async function openMonitor(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Monitor" }).click();
  await grantIfAsked(page, "Grant monitoring read access", "admin@fabrikam");
  await expect(page).toHaveURL(/\/monitor$/, { timeout: wait });
}

/** Opens the mapping editor, granting its permissions in the source tenant when the write
 *  consent did not already cover them. */
export async function openMappings(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Mappings" }).click();
  const rows = page.getByTestId("mapping-rows");
  await grantIfAsked(page, "Grant mapping access", "admin@fabrikam");
  await expect(page).toHaveURL(/\/mappings$/, { timeout: wait });
  await expect(rows).toBeVisible({ timeout: wait });
}

/** The twenty "Team NN" groups of the default seed, as [search term, name] pairs for `selectGroups`. */
export const TWENTY_TEAMS: [string, string][] = Array.from({ length: 20 }, (_, i) => {
  const name = `Team ${String(i + 1).padStart(2, "0")}`;
  return [name.toLowerCase(), name];
});

/** Round trips of the plan and apply, from the sandbox's request log since it was cleared, up to
 *  and including the last write (later reads, the plan built again, are not the apply's): as sent,
 *  without batching (each inner request alone), and the writes among them. */
export async function applyRoundTrips(page: Page) {
  const log = (await (await page.request.get(`${SANDBOX}/_sandbox/requests`)).json()).value as any[];
  const graph = log.filter((e) => /^\/(v1\.0|beta)\//.test(e.path));
  const isWrite = (e: any) => e.method !== "GET" && !e.path.endsWith("/$batch");
  const last = graph.map(isWrite).lastIndexOf(true);
  // Inner requests are logged before their batch: the batch that carries the last write comes after it.
  const upTo = graph.findIndex((e, i) => i >= last && !e.inBatch);
  const part = graph.slice(0, upTo + 1);
  return {
    trips: part.filter((e) => !e.inBatch).length,
    unbatched: part.filter((e) => e.inBatch || !e.path.endsWith("/$batch")).length,
    writes: part.filter(isWrite).length,
  };
}

/** Walks every page and the setup page's states on a fresh sandbox, calling `at` on each: signed
 *  out, connected with a plan shown, Mappings (and its row editor), Monitor, About, not found. */
export async function visitEveryPage(page: Page, at: (where: string) => Promise<void>) {
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
  await page.goto("/setup");
  await expect(page.getByTestId("connect-step")).toBeVisible();
  await at("setup-connect");
  await step(page, "review");
  await expect(page.getByTestId("plan-none")).toBeVisible();
  await at("setup-review-blocked");
  await page.goto("/about");
  await at("about");
  await page.goto("/no-such-page");
  await at("not-found");
  await connectWithWriteAccess(page);
  await selectGroups(page, [["sales", "Sales"], ["leavers", "Leavers"]]);
  for (const slug of ["readiness", "target", "source", "configuration", "settings", "groups", "mappings", "start"]) {
    await step(page, slug);
    await at(`setup-${slug}`);
  }
  await page.getByTestId("plan-build").click();
  await expect(page.getByTestId("plan-list")).toBeVisible();
  await at("setup-review");
  await applyAndStart(page);
  await page.request.post(`${SANDBOX}/_sandbox/cycle`, { data: {} });
  await openMappings(page);
  await at("mappings");
  await page.getByTestId("mapping-rows").getByRole("button", { name: "Edit the mapping to displayName" }).click();
  await at("mappings-row-editor");
  await openMonitor(page);
  await expect(page.getByTestId("log-loaded")).toContainText("events loaded");
  await at("monitor");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "As code" }).click();
  await page.getByTestId("as-code-text").fill(JSON.stringify({ kind: "tenantBridge.crossTenantSyncPair", version: 9 }));
  await page.getByTestId("as-code-check").click();
  await expect(page.getByTestId("as-code-refused")).toBeVisible();
  await at("as-code");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Fleet" }).click();
  await expect(page.getByTestId("fleet-row")).toHaveCount(1);
  await expect(page.getByTestId("partner-row").first()).toBeVisible();
  await at("fleet");
}
