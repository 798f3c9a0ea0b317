// When something is on screen, timed inside the page. Playwright's own waits poll from Node: in
// 1.65 `locator.waitFor` looks again after 0, 20, 50, 100, 100 and then every 500 ms, and
// `expect(...).toBeVisible()` after 100, 250, 500 and 1000 ms, so a time read after them is rounded
// up to the next look: by up to 500 ms (measured: Mappings painted 420 ms after the click on the
// slow network, `waitFor` returned 830 ms after it). Here a watcher in the page notes the frame that
// first paints the awaited element, and the page tells it through the console.
import type { BrowserContext, Page } from "@playwright/test";

/** What to wait for: `count` elements matching `selector` (1 if not given), the first of them laid
 *  out (it has a box) and, with `text`, holding that text. */
export type Awaited = { key: string; selector: string; count?: number; text?: string };

/** In the page: with `afterClick`, the elements count only once a click was seen (what was on
 *  screen before it, such as the previous run's rows, is not the click's answer). */
type Watch = Awaited & { afterClick: boolean };

/** The watcher, run in the page: on each DOM change it checks cheaply (no layout); once the awaited
 *  elements exist, the next animation frame checks that the first has a box, and a message posted
 *  from that frame's callback notes the time: such a message runs after the frame's style, layout
 *  and paint. It also notes the first click's time (`event.timeStamp`, when the browser took the
 *  input), for the figures that start at a click. */
function install(awaited: Watch) {
  const all = ((window as any).__tbShown ??= {});
  const state: { click?: number; at?: number } = (all[awaited.key] = {});
  document.addEventListener("click", (event) => { state.click ??= event.timeStamp; }, { capture: true });
  const present = () => {
    const found = document.querySelectorAll(awaited.selector);
    return found.length >= (awaited.count ?? 1) && (awaited.text === undefined || (found[0].textContent ?? "").includes(awaited.text)) ? found[0] : null;
  };
  let framing = false;
  const check = () => {
    if (state.at !== undefined || framing || (awaited.afterClick && state.click === undefined) || !present()) return;
    framing = true;
    const frame = () =>
      requestAnimationFrame(() => {
        if (state.at !== undefined) return;
        const first = present();
        if (!first) {
          framing = false; // gone again: the next change looks anew
          return;
        }
        if (first.getClientRects().length === 0) return frame(); // not laid out yet (hidden): next frame
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          if (state.at !== undefined) return;
          state.at = performance.now();
          // On the trace's clock too (the first screen's wasm functions are counted up to it).
          performance.mark(`__tbShown:${awaited.key}`);
          observer.disconnect();
          // Told to Node through the console (no script of Playwright's runs in the page to ask:
          // its injected script takes about 10 ms of the main thread the first time).
          console.debug("__tbShown", JSON.stringify({ key: awaited.key, at: state.at, click: state.click, origin: performance.timeOrigin }));
        };
        channel.port2.postMessage(null);
      });
    frame();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
  check();
}

/** Watches every page of `context` from its first byte (for a navigation's figure). */
export async function watchFromStart(context: BrowserContext, awaited: Awaited): Promise<void> {
  await context.addInitScript(install, { ...awaited, afterClick: false });
}

/** Watches `page` from its next click (for a click's figure: call it just before the click). */
export async function watchNow(page: Page, awaited: Awaited): Promise<void> {
  await page.evaluate(install, { ...awaited, afterClick: true });
}

export type Shown = { at: number; click?: number; origin: number };

/** The watched elements' paint, once the page tells it: call it before the navigation or click it
 *  follows, await it after. Times are the page's (ms on its `performance.now()` clock), with the
 *  first click's and the page's time origin (epoch ms). */
export function whenShown(page: Page, key: string, timeout = 30_000): Promise<Shown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      page.off("console", listen);
      reject(new Error(`"${key}" was not shown within ${timeout} ms`));
    }, timeout);
    const listen = (message: import("@playwright/test").ConsoleMessage) => {
      const text = message.text();
      if (!text.startsWith("__tbShown ")) return;
      const shown = JSON.parse(text.slice("__tbShown ".length));
      if (shown.key !== key) return;
      clearTimeout(timer);
      page.off("console", listen);
      resolve(shown);
    };
    page.on("console", listen);
  });
}

/** From the first click to the paint of the watched elements (ms). */
export async function clickToShown(shown: Promise<Shown>): Promise<number> {
  const { at, click } = await shown;
  if (click === undefined) throw new Error("no click was seen before the awaited elements were shown");
  return at - click;
}
