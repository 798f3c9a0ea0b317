// The first screen ships alone; Mappings, Monitor and the wizard after Connect come as wasm parts
// the first time they are opened. Each part is checked by its integrity, kept by the service worker
// once loaded (so it works offline), and a part that cannot be fetched is a message with a retry,
// never a dead app.
import { test, expect, Page } from "@playwright/test";
import { FABRIKAM_ADMIN, SANDBOX, signIn } from "./helpers";

/** The files boot.js fetches at the first idle moment (index.html's `data-idle-prefetch`). */
async function idlePrefetched(page: Page): Promise<string[]> {
  const html = await (await page.request.get("/setup")).text();
  return html.match(/data-idle-prefetch="([^"]+)"/)![1].split(" ");
}

async function controlled(page: Page) {
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

test.describe("lazily loaded parts", () => {
  test("the first screen fetches no part; opening Monitor fetches its part, with an integrity check", async ({ page }) => {
    const wasm: string[] = [];
    page.on("request", (r) => { if (r.url().endsWith(".wasm")) wasm.push(new URL(r.url()).pathname); });
    // What was requested before the connect step was in the document (the sign-in part follows
    // once the page is idle, see the next test).
    await page.addInitScript(() => {
      new MutationObserver((_, o) => {
        if (document.querySelector('[data-testid="connect-step"]')) {
          o.disconnect();
          (window as any).__beforeScreen = performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname).filter((p) => p.endsWith(".wasm"));
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto("/setup");
    await expect(page.getByTestId("connect-step")).toBeVisible();
    // A fresh visit's first screen is static markup (first-screen.spec.ts): no wasm before it.
    const before: string[] = await page.evaluate(() => (window as any).__beforeScreen);
    expect(before).toEqual([]);
    await expect.poll(() => wasm.filter((p) => p.endsWith("_bg.wasm")).length).toBe(1);
    // Every file index.html names carries its integrity (SHA-384), and so do the app's modules
    // boot.js preloads and its wasm; the loader, itself checked so, fetches each part with its own
    // (SHA-256, lighter in the first screen's loader).
    const html = await (await page.request.get("/setup")).text();
    for (const tag of html.match(/<(link|script)[^>]+(href|src)="\/[^"]+\.(js|css|wasm)"[^>]*>/g) ?? []) {
      expect(tag).toMatch(/integrity="sha384-[A-Za-z0-9+/=]{64}"/);
    }
    const meta = html.match(/<meta name="tb-bundle"[^>]*>/)![0];
    for (const key of ["js", "link", "wasm"]) expect(meta).toMatch(new RegExp(`data-${key}-integrity="sha384-[A-Za-z0-9+/=]{64}"`));
    await expect.poll(() => page.evaluate(() => [...document.querySelectorAll('link[rel="modulepreload"]')].map((l) => (l as HTMLLinkElement).integrity))).toEqual([
      expect.stringMatching(/^sha384-/), expect.stringMatching(/^sha384-/),
    ]);
    const loader = meta.match(/data-link="(\/pkg-[0-9a-f]{16}\/__wasm_split\.js)"/)![1];
    const js = await (await page.request.get(loader)).text();
    const fetches = js.match(/fetch\(new URL\("[^"]+\.wasm",\s*import\.meta\.url\)[^)]*\)/g) ?? [];
    expect(fetches.length).toBeGreaterThan(2);
    for (const f of fetches) expect(f).toMatch(/integrity:\s*"sha256-[A-Za-z0-9+/]{43}="/);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Monitor" }).click();
    await expect(page.getByTestId("page-monitor")).toBeVisible();
    expect(wasm.some((p) => /monitor/.test(p))).toBe(true);
    expect(wasm.some((p) => /mappings/.test(p))).toBe(false);
  });

  test("once the first screen is idle the sign-in part is fetched ahead: Sign in then needs no download, even offline", async ({ page, context }) => {
    const fetched: string[] = [];
    page.on("requestfinished", (r) => { if (r.url().endsWith(".wasm")) fetched.push(new URL(r.url()).pathname); });
    await page.goto("/setup");
    await expect(page.getByTestId("connect-step")).toBeVisible();
    const ahead = await idlePrefetched(page);
    expect(ahead.some((p) => /\/split_session\.wasm$/.test(p))).toBe(true);
    // No click: the files arrive by themselves, and nothing of the other parts with them.
    await expect.poll(() => ahead.every((p) => fetched.includes(p)), { timeout: 10_000 }).toBe(true);
    expect(fetched.some((p) => /split_(monitor|mappings|wizard|fleet|preview|ascode)/.test(p))).toBe(false);
    // Offline now: the sign-in code comes from the cache (without it the page would say that a
    // part could not be downloaded), so the click gets as far as the request for the sign-in page.
    const card = page.getByTestId("tenant-card-source");
    await card.getByLabel("Tenant ID or domain").fill("fabrikam.onmicrosoft.com");
    await context.setOffline(true);
    try {
      const toSignIn = page.waitForRequest((r) => r.isNavigationRequest() && /\/oauth2\/v2\.0\/authorize/.test(r.url()), { timeout: 10_000 });
      await card.getByRole("button", { name: /Sign in to the/ }).click();
      await toSignIn;
    } finally {
      await context.setOffline(false);
    }
  });

  test("on the sign-in reply page, which has used the sign-in part, the idle moment does not ask for it again", async ({ page }) => {
    await page.goto("/setup");
    await expect(page.getByTestId("connect-step")).toBeVisible();
    const ahead = await idlePrefetched(page);
    // Counted from the sign-in page on: the reply page's own requests.
    const asked = new Map<string, number>();
    let counting = false;
    page.on("framenavigated", (f) => { if (f === page.mainFrame() && /\/oauth2\/v2\.0\/authorize/.test(f.url())) counting = true; });
    page.on("request", (r) => {
      const path = new URL(r.url()).pathname;
      if (counting && ahead.includes(path)) asked.set(path, (asked.get(path) ?? 0) + 1);
    });
    await signIn(page, "source", FABRIKAM_ADMIN.tenant, FABRIKAM_ADMIN.account);
    // The reply used the part: its files were each asked for once.
    expect([...asked.keys()].sort()).toEqual([...ahead].sort());
    // Past boot.js's idle moment (its idle callback was queued before these), and a little after.
    await page.evaluate(async () => {
      for (let i = 0; i < 2; i++) await new Promise((done) => requestIdleCallback(() => done(null), { timeout: 3000 }));
    });
    await page.waitForTimeout(500);
    expect(Object.fromEntries(asked)).toEqual(Object.fromEntries(ahead.map((p) => [p, 1])));
  });

  test("a part loaded once works offline from cache; a part never loaded says so and loads on retry", async ({ page, context }) => {
    await page.goto("/setup");
    await expect(page.getByTestId("connect-step")).toBeVisible();
    await controlled(page);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Monitor" }).click();
    await expect(page.getByTestId("page-monitor")).toBeVisible();

    await context.setOffline(true);
    await page.reload();
    await expect(page.getByTestId("page-monitor")).toBeVisible();
    await expect(page.getByTestId("part-failed")).toHaveCount(0);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Setup" }).click();
    await expect(page.getByTestId("connect-step")).toBeVisible();

    // Mappings was never opened: offline its part cannot come, and the page says what to do.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Mappings" }).click();
    await expect(page.getByTestId("part-failed")).toContainText("could not be downloaded");
    await expect(page.getByTestId("tenant-badge-source")).toBeVisible();

    await context.setOffline(false);
    await page.getByTestId("part-failed").getByRole("button", { name: "Try again" }).click();
    await expect(page.getByTestId("page-mappings")).toBeVisible();
    await expect(page.getByTestId("part-failed")).toHaveCount(0);
  });
});

test.describe("parts opened before the service worker took control", () => {
  test("a part opened before the worker took control is kept for offline use too", async ({ page, context }) => {
    // The worker's script held back 2 s (context.route sees the worker's own fetch): Monitor's
    // part is fetched while no worker runs, so the worker never sees that fetch.
    await context.route("**/sw.js", async (route) => {
      await new Promise((r) => setTimeout(r, 2000));
      await route.continue();
    });
    await page.goto("/setup");
    await expect(page.getByTestId("connect-step")).toBeVisible();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Monitor" }).click();
    await expect(page.getByTestId("page-monitor")).toBeVisible();
    expect(await page.evaluate(() => navigator.serviceWorker.controller === null)).toBe(true);
    await controlled(page);
    const kept = () => page.evaluate(async () => {
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) if (/\/split_monitor\.wasm$/.test(request.url)) return true;
      }
      return false;
    });
    await expect.poll(kept).toBe(true);

    await context.setOffline(true);
    await page.reload();
    await expect(page.getByTestId("page-monitor")).toBeVisible();
    await expect(page.getByTestId("part-failed")).toHaveCount(0);
  });
});

test.describe("requests to other origins", () => {
  test("a Graph read does not start a stopped service worker; a file of the app's own does", async ({ page, context }) => {
    await page.goto("/setup");
    await expect(page.getByTestId("connect-step")).toBeVisible();
    await controlled(page);
    // The browser stops an idle worker after about 30 s; the DevTools protocol stops it now.
    const cdp = await context.newCDPSession(page);
    const seen: string[] = [];
    cdp.on("ServiceWorker.workerVersionUpdated", ({ versions }) => { for (const v of versions) seen.push(v.runningStatus); });
    await cdp.send("ServiceWorker.enable");
    await cdp.send("ServiceWorker.stopAllWorkers");
    await expect.poll(() => seen.at(-1)).toBe("stopped");
    seen.length = 0;
    // A request as the app's Graph client makes it: another origin, a bearer token (refused here).
    const status = await page.evaluate(async (graph) => (await fetch(`${graph}/v1.0/organization`, { headers: { Authorization: "Bearer not-a-token" } })).status, SANDBOX);
    expect(status).toBe(401);
    await page.waitForTimeout(500);
    expect(seen.filter((status) => status !== "stopped")).toEqual([]);
    // The same watch sees a start: config.json, same origin, goes through the worker.
    expect(await page.evaluate(async () => (await fetch("/config.json")).status)).toBe(200);
    await expect.poll(() => seen.includes("running")).toBe(true);
  });
});

test.describe("integrity of the parts", () => {
  // Every request goes through the page (no service worker), so the route below sees the parts.
  test.use({ serviceWorkers: "block" });

  test("a part whose bytes do not match its integrity is refused, and the page says so", async ({ page }) => {
    let altered = 0;
    await page.route(/\/pkg-[0-9a-f]{16}\/(?!tenant-bridge_bg)[^/]+\.wasm$/, async (route) => {
      const response = await route.fetch();
      // A custom section appended: still a valid module that would load, but another hash.
      const body = Buffer.concat([await response.body(), Buffer.from([0x00, 0x05, 0x04, 0x74, 0x65, 0x73, 0x74])]);
      altered += 1;
      await route.fulfill({ response, body });
    });
    await page.goto("/setup");
    await expect(page.getByTestId("connect-step")).toBeVisible();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Monitor" }).click();
    await expect(page.getByTestId("part-failed")).toContainText("could not be downloaded intact");
    await expect(page.getByTestId("part-failed")).toContainText("changed the file");
    expect(altered).toBeGreaterThan(0); // (without the integrity values, the same altered part loads and Monitor shows)
  });

  const mainModule = /\/pkg-[0-9a-f]{16}\/tenant-bridge_bg\.wasm$/;

  test("a main module whose bytes do not match its integrity stops the start with a message, and Try again recovers", async ({ page }) => {
    let altered = 0;
    await page.route(mainModule, async (route) => {
      const response = await route.fetch();
      const body = Buffer.concat([await response.body(), Buffer.from([0x00, 0x05, 0x04, 0x74, 0x65, 0x73, 0x74])]);
      altered += 1;
      await route.fulfill({ response, body });
    });
    await page.goto("/setup");
    const failed = page.getByTestId("start-failed");
    await expect(failed.getByRole("alert")).toContainText("could not be downloaded intact");
    await expect(failed).toContainText("The browser said:");
    await expect(page.getByTestId("connect-step")).toHaveCount(0);
    expect(altered).toBe(1);
    // The file is whole again: Try again starts the app.
    await page.unroute(mainModule);
    await failed.getByRole("button", { name: "Try again" }).click();
    await expect(page.getByTestId("connect-step")).toBeVisible();
    await expect(page.getByTestId("start-failed")).toHaveCount(0);
  });

  test("a main module whose download fails stops the start with a message instead of a blank page", async ({ page }) => {
    await page.route(mainModule, (route) => route.abort("connectionreset"));
    await page.goto("/setup");
    await expect(page.getByTestId("start-failed").getByRole("alert")).toContainText("the connection dropped");
    await expect(page.getByTestId("start-failed").getByRole("button", { name: "Try again" })).toBeVisible();
  });
});
