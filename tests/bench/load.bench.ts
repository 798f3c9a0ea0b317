// Time from navigation to the first interactive screen, in a fresh browser context each run (empty
// cache), for the app (/setup: the connect form ready) and for a plain Leptos page built and served
// the same way (the baseline: what Leptos and the wasm loader cost by themselves); beside them, the
// app's own first screen as a static page (what showing that screen costs without any script).
import { test, expect, Browser, BrowserContext, Page } from "@playwright/test";
import { writeFileSync, mkdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync } from "node:zlib";
import { clickToShown, watchFromStart, watchNow, whenShown } from "./shown";
import { setDifference, wasmRunBeforeScreen } from "./wasm";

const RUNS = 7;
// The goal is judged on the first 7 pairs; 24 more pairs in the same run give a steadier figure
// beside it (on the 2-core machine the median of 7 moves by up to 0.25x from run to run).
const MORE = 24;

// A fresh context and page; with `latencyMs`, every request of the page waits that long first and
// the link carries SLOW_MBIT down, half that up (Chromium's network emulation; the sandbox sends the
// brotli copies the bench wrote beside each file, as a deployed host does, so the limit counts the
// bytes a browser really receives). The emulation does not reach the service worker's own fetches,
// so the worker is blocked then: every file comes over the network.
async function open(browser: Browser, latencyMs = 0): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(latencyMs > 0 ? { serviceWorkers: "block" } : {});
  const page = await context.newPage();
  if (latencyMs > 0) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    const bytesPerSecond = (SLOW_MBIT * 1_000_000) / 8;
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: latencyMs, downloadThroughput: bytesPerSecond, uploadThroughput: bytesPerSecond / 2 });
  }
  await settle();
  return { context, page };
}

// Each fresh context opens a new browser window, and Chromium (156, headless) then loads the
// window's own WebUI (the omnibox popup, chrome://omnibox-popup.top-chrome/) in a renderer of its
// own: about 0.6 s with both cores of the bench machine busy (/proc/stat, 100 ms windows after
// newPage: 180 160 160 170 110 130 0 0 ms). A load started at once competed with it, the longer
// load more (the app's first screen: 315 ms against 190 after the window settled, the plain page's
// 135 against 103; medians of 11). An admin opens the app in a window that is already up, so the
// loads start once the machine is quiet: two 100 ms windows in a row with at most 20 ms of CPU
// (/proc/stat counts 10 ms ticks), at most 3 s; without /proc, after 1 s.
async function settle(): Promise<void> {
  if (machineCpuMs() === null) return new Promise((done) => setTimeout(done, 1000));
  const deadline = Date.now() + 3000;
  let [quiet, last] = [0, machineCpuMs()!];
  while (quiet < 2 && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 100));
    const now = machineCpuMs()!;
    quiet = now - last <= 20 ? quiet + 1 : 0;
    last = now;
  }
}

// CPU time the whole machine spent so far (ms; /proc/stat: user, nice, system, irq, softirq of
// all cores), or null where there is no /proc. On the 2-core bench machine the wall time of a load
// follows the CPU of every process (the browser's, its renderer's, its GPU process', the server's),
// which is steadier from run to run than the wall time.
function machineCpuMs(): number | null {
  if (!existsSync("/proc/stat")) return null;
  const [user, nice, system, , , irq, softirq] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  return ((user + nice + system + irq + softirq) * 1000) / 100; // USER_HZ is 100 on Linux
}

/** Wall time from the navigation's start to the first paint of the screen (the element with
 *  `testId`), timed in the page (shown.ts: Playwright's waits would round it up to their next look)
 *  and put on Node's clock through the page's time origin; with `cpu`, the machine's CPU time during
 *  the load is pushed to it. */
async function timeToScreen(browser: Browser, url: string, testId: string, latencyMs = 0, cpu?: number[], own?: number[]): Promise<number> {
  const { context, page } = await open(browser, latencyMs);
  await watchFromStart(context, { key: "screen", selector: `[data-testid="${testId}"]` });
  const screen = whenShown(page, "screen");
  // With `own`: also the paint of the app's own screen, once it has taken over the static one that
  // boot.js shows first (which marks its elements `data-static-screen`).
  if (own) await watchFromStart(context, { key: "own", selector: OWN_SCREEN });
  const ownScreen = own ? whenShown(page, "own") : null;
  const cpuBefore = machineCpuMs();
  const started = Date.now();
  await page.goto(url);
  const { origin, at } = await screen;
  const ms = origin + at - started;
  const cpuAfter = machineCpuMs();
  if (cpu && cpuBefore !== null && cpuAfter !== null) cpu.push(cpuAfter - cpuBefore);
  if (own && ownScreen) {
    const shown = await ownScreen;
    own.push(Math.round(shown.origin + shown.at - started));
  }
  await context.close();
  return Math.round(ms);
}

/** The app's own first screen, which takes over the static one boot.js shows before the wasm (and
 *  marks `data-static-screen`). */
const OWN_SCREEN = 'main:not([data-static-screen]) [data-testid="connect-step"]';

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// The mean, not the median: /proc/stat counts in 10 ms ticks, which only a mean of many loads resolves.
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const cpuFigures = (app: number[], plain: number[]) =>
  app.length && plain.length ? { appCpuMeanMs: Math.round(mean(app)), plainCpuMeanMs: Math.round(mean(plain)), appCpu: app, plainCpu: plain } : {};

/** The app's first screen as a static page, written into `dir` (served at TB_MARKUP_URL): the
 *  document as the app shows it once `testId` is on screen, without its scripts, preloads and bundle
 *  meta, so that only its markup and the app's stylesheet remain. Returns its element count. */
async function writeStaticFirstScreen(browser: Browser, url: string, testId: string, dir: string): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await watchFromStart(context, { key: "screen", selector: `[data-testid="${testId}"]` });
  const screen = whenShown(page, "screen");
  await page.goto(url);
  // Read just after the frame that painted it. A fresh context holds no tenant, so nothing the app
  // reads afterwards changes this screen until the admin acts; the idle prefetch adds no element.
  await screen;
  const { html, elements } = await page.evaluate(() => {
    const root = document.documentElement.cloneNode(true) as HTMLElement;
    for (const e of root.querySelectorAll('script, link[rel="modulepreload"], link[rel="preload"], meta[name="tb-bundle"], template')) e.remove();
    for (const e of root.querySelectorAll("[data-static-screen]")) e.removeAttribute("data-static-screen");
    return { html: `<!doctype html>\n${root.outerHTML}`, elements: root.querySelectorAll("body *").length };
  });
  await context.close();
  if (!html.includes(`data-testid="${testId}"`)) throw new Error(`${url}: the captured first screen has no ${testId}`);
  // As the other two sites are served: the brotli copy beside the file.
  writeFileSync(join(dir, "index.html"), html);
  writeFileSync(join(dir, "index.html.br"), brotliCompressSync(html));
  return elements;
}

test("first screen: the app, a plain Leptos page, and the app's first screen as a static page", async ({ browser }) => {
  const app = process.env.TB_APP_URL!;
  const plain = process.env.TB_PLAIN_URL!;
  // The third page tells how much of the app's time its screen itself costs (parsing that markup,
  // its style, layout and paint) and how much is the app's code: a page with no script at all
  // under the app's stylesheet, holding what the app's first screen holds.
  const [markup, markupDir] = [process.env.TB_MARKUP_URL, process.env.TB_MARKUP_DIR];
  if (!markup || !markupDir) throw new Error("TB_MARKUP_URL and TB_MARKUP_DIR are set by `cargo xtask bench`");
  test.setTimeout(420_000);
  const appRuns: number[] = [];
  const plainRuns: number[] = [];
  const markupRuns: number[] = [];
  const [appCpu, plainCpu, markupCpu]: number[][] = [[], [], []];
  // When the app has mounted its own first screen behind the static one and taken it over.
  const ownRuns: number[] = [];
  const appPage = (cpu?: number[]) => timeToScreen(browser, `${app}/setup`, "connect-step", 0, cpu, cpu ? ownRuns : undefined);
  const plainPage = (cpu?: number[]) => timeToScreen(browser, `${plain}/`, "plain-page", 0, cpu);
  const markupPage = (cpu?: number[]) => timeToScreen(browser, `${markup}/`, "connect-step", 0, cpu);
  const markupElements = await writeStaticFirstScreen(browser, `${app}/setup`, "connect-step", markupDir);
  // One load of each first, not counted: the first navigation after the browser started pays its
  // own start-up (in the bench of 2026-12-01 the first pair took 226 and 159 ms against medians of
  // 199 and 131), and it always fell to the app, which went first.
  await appPage();
  await plainPage();
  await markupPage();
  // Interleaved, so that machine load affects all alike, and which of the app and the plain page
  // goes first alternates (each load follows another page's context being closed); the static page
  // goes last, then first.
  for (let i = 0; i < RUNS + MORE; i++) {
    if (i % 2 === 0) {
      appRuns.push(await appPage(appCpu));
      plainRuns.push(await plainPage(plainCpu));
      markupRuns.push(await markupPage(markupCpu));
    } else {
      markupRuns.push(await markupPage(markupCpu));
      plainRuns.push(await plainPage(plainCpu));
      appRuns.push(await appPage(appCpu));
    }
  }
  const [app7, plain7, markup7, own7] = [appRuns.slice(0, RUNS), plainRuns.slice(0, RUNS), markupRuns.slice(0, RUNS), ownRuns.slice(0, RUNS)];
  mkdirSync("target/bench", { recursive: true });
  writeFileSync(
    "target/bench/load.json",
    JSON.stringify(
      {
        runs: RUNS, appMedianMs: median(app7), plainMedianMs: median(plain7), allRuns: RUNS + MORE, appMedianAllMs: median(appRuns), plainMedianAllMs: median(plainRuns), appRuns, plainRuns, ...cpuFigures(appCpu, plainCpu),
        appOwnScreen: { medianMs: median(own7), medianAllMs: median(ownRuns), runs: ownRuns },
        staticScreen: { elements: markupElements, medianMs: median(markup7), medianAllMs: median(markupRuns), runs: markupRuns, ...(markupCpu.length ? { cpuMeanMs: Math.round(mean(markupCpu)) } : {}) },
      },
      null,
      1,
    ),
  );
});

// What the first screen's time is made of, in a figure that does not move from run to run: the wasm
// functions the start-up runs (each compiled on the main thread at its first call), for both pages.
// Two loads each: the same functions must run both times, or the figure would not be one.
test("first screen: the wasm functions it runs", async ({ browser }) => {
  const app = process.env.TB_APP_URL!;
  const plain = process.env.TB_PLAIN_URL!;
  const [app1, app2] = [await wasmRunBeforeScreen(browser, `${app}/setup`, OWN_SCREEN), await wasmRunBeforeScreen(browser, `${app}/setup`, OWN_SCREEN)];
  const [plain1, plain2] = [await wasmRunBeforeScreen(browser, `${plain}/`, '[data-testid="plain-page"]'), await wasmRunBeforeScreen(browser, `${plain}/`, '[data-testid="plain-page"]')];
  // The same functions, not only as many: a set that changed with an equal count would hide a change.
  expect(setDifference(app1, app2), "the app's first screen ran other functions on its second load").toEqual({ onlyFirst: [], onlySecond: [] });
  expect(setDifference(plain1, plain2), "the plain page ran other functions on its second load").toEqual({ onlyFirst: [], onlySecond: [] });
  expect(app1.functions).toBeGreaterThan(plain1.functions);
  mkdirSync("target/bench", { recursive: true });
  writeFileSync("target/bench/wasm-run.json", JSON.stringify({ app: app1, plain: plain1, appSecond: app2, plainSecond: plain2 }, null, 1));
});

// Mappings and Monitor load their code when first opened: the time from the click in the header
// (the click event's time in the page) to the page's first paint, on a cold cache (a fresh context
// that has only loaded /setup).
async function timeToLazyPage(browser: Browser, url: string, link: string, testId: string, latencyMs = 0): Promise<number> {
  const { context, page } = await open(browser, latencyMs);
  await page.goto(url);
  // Once the app has taken over the first screen (a click on the static screen before that waits
  // for the app's start, then goes on in it: first-screen.spec.ts).
  await expect(page.locator(OWN_SCREEN)).toBeVisible({ timeout: 30_000 });
  await watchNow(page, { key: "lazy", selector: `[data-testid="${testId}"]` });
  const lazy = whenShown(page, "lazy");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: link }).click();
  const ms = await clickToShown(lazy);
  await context.close();
  return Math.round(ms);
}

test("lazily loaded pages: Mappings and Monitor from a cold cache", async ({ browser }) => {
  const app = process.env.TB_APP_URL!;
  const mappings: number[] = [];
  const monitor: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    mappings.push(await timeToLazyPage(browser, `${app}/setup`, "Mappings", "page-mappings"));
    monitor.push(await timeToLazyPage(browser, `${app}/setup`, "Monitor", "page-monitor"));
  }
  mkdirSync("target/bench", { recursive: true });
  writeFileSync("target/bench/lazy.json", JSON.stringify({ runs: RUNS, mappingsMedianMs: median(mappings), monitorMedianMs: median(monitor), mappings, monitor }, null, 1));
});

// A slow network (a hotel link, a VDI far from its exit): 100 ms added to every request and
// 10 Mbit/s. What counts then is the chain of requests and the compressed bytes, not the CPU: the
// first screen of both pages, and the lazily loaded pages, whose parts come in 4 to 11 files since
// the small chunks are joined.
const SLOW_MS = 100;
const SLOW_MBIT = 10;

test("on a slow network: the first screen and the lazily loaded pages", async ({ browser }) => {
  test.setTimeout(300_000);
  const app = process.env.TB_APP_URL!;
  const plain = process.env.TB_PLAIN_URL!;
  const [appRuns, plainRuns, mappings, monitor, ownRuns]: number[][] = [[], [], [], [], []];
  for (let i = 0; i < RUNS; i++) {
    appRuns.push(await timeToScreen(browser, `${app}/setup`, "connect-step", SLOW_MS, undefined, ownRuns));
    plainRuns.push(await timeToScreen(browser, `${plain}/`, "plain-page", SLOW_MS));
    mappings.push(await timeToLazyPage(browser, `${app}/setup`, "Mappings", "page-mappings", SLOW_MS));
    monitor.push(await timeToLazyPage(browser, `${app}/setup`, "Monitor", "page-monitor", SLOW_MS));
  }
  mkdirSync("target/bench", { recursive: true });
  writeFileSync(
    "target/bench/slow.json",
    JSON.stringify({ runs: RUNS, latencyMs: SLOW_MS, downloadMbit: SLOW_MBIT, appMedianMs: median(appRuns), plainMedianMs: median(plainRuns), appOwnScreenMedianMs: median(ownRuns), appOwnScreenRuns: ownRuns, mappingsMedianMs: median(mappings), monitorMedianMs: median(monitor), appRuns, plainRuns, mappings, monitor }, null, 1),
  );
});
