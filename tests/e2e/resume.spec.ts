// Reload or close the tab after each apply step in turn: the next visit resumes, and every run
// ends in the same state as an uninterrupted apply, with no create applied twice. ("After write k":
// once write k and all before it are done; later ones may be done too, since writes that depend on
// nothing share a round trip.)
import { test, expect, Page, Browser } from "@playwright/test";
import { SANDBOX, connectWithWriteAccess } from "./helpers";

const FABRIKAM = "8f5de54b-cf27-57b3-affd-9b1efb6cb571";
/** The users-only plan on an empty pair, in order (see plan.spec.ts). */
const WRITES = 7;

async function state(page: Page) {
  const s = await (await page.request.get(`${SANDBOX}/_sandbox/state/${FABRIKAM}`)).json();
  const t = await (await page.request.get(`${SANDBOX}/_sandbox/state/contoso.onmicrosoft.com`)).json();
  return {
    source: { configurations: s.configurations, partners: s.partners, jobs: s.configurationDetails.map((c: any) => c.jobs.length), secrets: s.configurationDetails.map((c: any) => c.secrets.slice().sort()) },
    target: { partners: t.partners },
  };
}

async function fresh(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  return context.newPage();
}

async function reset(page: Page) {
  await page.request.post(`${SANDBOX}/_sandbox/reset`);
  await page.request.delete(`${SANDBOX}/_sandbox/faults`);
}

for (let k = 1; k < WRITES; k++) {
  const close = k % 2 === 0;
  test(`${close ? "closing the tab" : "a reload"} after write ${k} of ${WRITES}: the next visit resumes and ends as an uninterrupted apply`, async ({ browser }) => {
    test.setTimeout(90_000);
    // The reference: the same plan applied without interruption.
    const clean = await fresh(browser);
    await reset(clean);
    await connectWithWriteAccess(clean);
    await clean.getByTestId("plan-build").click();
    await expect(clean.getByTestId("plan-list").locator("li")).toHaveCount(WRITES);
    await clean.getByTestId("plan-apply").click();
    await expect(clean.getByTestId("plan-empty")).toBeVisible({ timeout: 30_000 });
    const expected = await state(clean);
    await clean.context().close();

    let page = await fresh(browser);
    await reset(page);
    await connectWithWriteAccess(page);
    await page.getByTestId("plan-build").click();
    const items = page.getByTestId("plan-list").locator("li");
    await expect(items).toHaveCount(WRITES);
    const ids = await items.evaluateAll((li) => li.map((x) => x.getAttribute("data-write")));
    // Every write takes a moment, so the interruption lands between write k and write k + 1.
    await page.request.put(`${SANDBOX}/_sandbox/faults`, { data: { rules: [
      { pathContains: "/v1.0/", method: "POST", effect: { kind: "latency", ms: 700 } },
      { pathContains: "/v1.0/", method: "PUT", effect: { kind: "latency", ms: 700 } },
      { pathContains: "/beta/", method: "PUT", effect: { kind: "latency", ms: 700 } },
      { pathContains: "/v1.0/", method: "PATCH", effect: { kind: "latency", ms: 700 } },
    ] } });
    await page.request.delete(`${SANDBOX}/_sandbox/requests`);
    await page.getByTestId("plan-apply").click();
    // Writes k and every one before it are done (independent writes go concurrently and several
    // share a round trip, so plan order is not send order); when the last round trip carried them,
    // the apply may already have finished and the plan reads as done.
    for (const id of ids.slice(0, k)) {
      await expect(page.locator(`[data-write="${id}"][data-state="done"]`).or(page.getByTestId("plan-empty")).first()).toBeVisible({ timeout: 30_000 });
    }
    if (close) {
      // A closed tab loses its sessionStorage (the tokens); the progress survives in localStorage.
      const context = page.context();
      await page.close();
      page = await context.newPage();
      await page.request.delete(`${SANDBOX}/_sandbox/faults`);
      await connectWithWriteAccess(page);
    } else {
      await page.reload();
      await page.request.delete(`${SANDBOX}/_sandbox/faults`);
    }
    await expect(page.getByTestId("apply-resume").or(page.getByTestId("plan-list")).or(page.getByTestId("plan-empty")).first()).toBeVisible({ timeout: 15_000 });
    await page.getByTestId("plan-build").click();
    const done = page.getByTestId("plan-empty");
    if (!(await done.isVisible())) {
      await expect(page.getByTestId("plan-list").locator("li")).not.toHaveCount(0);
      // Nothing written before the interruption is planned again. (The connection test is a check
      // that writes nothing; it runs again while the job does not exist yet, which is harmless.)
      for (const id of ids.slice(0, k).filter((id) => id !== "test-connection")) await expect(page.locator(`[data-write="${id}"]`)).toHaveCount(0);
      await page.getByTestId("plan-apply").click();
      await expect(done).toBeVisible({ timeout: 30_000 });
    }
    expect(await state(page)).toEqual(expected);
    const log = (await (await page.request.get(`${SANDBOX}/_sandbox/requests`)).json()).value;
    const creates = log.filter((e: any) => e.method === "POST" && e.status === 201).map((e: any) => `${e.tokenTenant} ${e.path.split("?")[0]}`);
    expect(new Set(creates).size).toBe(creates.length);
    await page.context().close();
  });
}
