// Which of a page's wasm functions run before its first screen, from a Chromium trace. V8 compiles a
// wasm function (with Liftoff, on the main thread) the first time it is called, and traces each such
// compile as `wasm.CompileLazy` with the function's index: before the first screen, that is the set
// of functions the start-up runs. Unlike a time, the count and the bytes are the same on every load
// and on every machine, so a change that makes the first screen run less code shows here exactly.
// Which functions (their indices), not only how many, are kept, so two loads can be compared as sets.
import type { Browser } from "@playwright/test";
import { watchFromStart, whenShown } from "./shown";

export type Ran = { functions: number; bytes: number; moduleFunctions: number; moduleBytes: number; compileMs: number; indices: number[] };

/** Loads `url` in a fresh context with V8's wasm events traced, up to the paint of the first
 *  element `selector` matches (for the app: its own first screen, not the static one boot.js shows
 *  before the wasm). */
export async function wasmRunBeforeScreen(browser: Browser, url: string, selector: string): Promise<Ran> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await watchFromStart(context, { key: "screen", selector });
  const cdp = await browser.newBrowserCDPSession();
  const events: any[] = [];
  cdp.on("Tracing.dataCollected", (e: any) => events.push(...e.value));
  const complete = new Promise((done) => cdp.once("Tracing.tracingComplete", done));
  await cdp.send("Tracing.start", { categories: "v8.wasm,blink.user_timing", transferMode: "ReportEvents" });
  const screen = whenShown(page, "screen");
  await page.goto(url);
  await screen;
  await cdp.send("Tracing.end");
  await complete;
  await cdp.detach();
  // The main module: the loader's meta names it (both the app and the plain page start that way).
  const wasmPath = await page.locator('meta[name="tb-bundle"]').getAttribute("data-wasm");
  await context.close();
  if (!wasmPath) throw new Error(`${url}: no tb-bundle meta naming the wasm`);
  const bytes = new Uint8Array(await (await fetch(new URL(wasmPath, url))).arrayBuffer());
  const bodies = functionSizes(bytes);

  const mark = events.find((e) => e.name === "__tbShown:screen");
  if (!mark) throw new Error(`${url}: the trace has no mark of the first screen`);
  const compiled = events.filter((e) => e.name === "wasm.CompileLazy" && e.ph === "X" && e.ts <= mark.ts);
  const indices = new Set<number>(compiled.map((e) => e.args.func_index));
  if (indices.size === 0) throw new Error(`${url}: no wasm function was compiled before the first screen (is V8's lazy compilation off?)`);
  let ran = 0;
  for (const i of indices) {
    const size = bodies.get(i);
    if (size === undefined) throw new Error(`${url}: function ${i} is not in ${wasmPath}`);
    ran += size;
  }
  return {
    functions: indices.size,
    bytes: ran,
    moduleFunctions: bodies.size,
    moduleBytes: [...bodies.values()].reduce((a, b) => a + b, 0),
    compileMs: Math.round(compiled.reduce((a, e) => a + e.dur, 0) / 100) / 10,
    indices: [...indices].sort((a, b) => a - b),
  };
}

/** The functions one load ran and the other did not, each way (both empty when the sets agree). */
export function setDifference(a: Ran, b: Ran): { onlyFirst: number[]; onlySecond: number[] } {
  const [inA, inB] = [new Set(a.indices), new Set(b.indices)];
  return { onlyFirst: a.indices.filter((i) => !inB.has(i)), onlySecond: b.indices.filter((i) => !inA.has(i)) };
}

/** The body size of every function defined in a wasm module, by function index (imported functions
 *  come first in the index space, so the first body is numbered after them). */
export function functionSizes(wasm: Uint8Array): Map<number, number> {
  let at = 8; // magic and version
  const leb = () => {
    let [value, shift] = [0, 0];
    for (;;) {
      const byte = wasm[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return value;
    }
  };
  const skipName = () => {
    const n = leb();
    at += n;
  };
  let imported = 0;
  const bodies = new Map<number, number>();
  while (at < wasm.length) {
    const id = wasm[at++];
    const size = leb();
    const end = at + size;
    if (id === 2) {
      // imports: module, name, kind and its description; only functions take function indices
      for (let n = leb(); n > 0; n--) {
        skipName();
        skipName();
        const kind = wasm[at++];
        if (kind === 0) {
          leb();
          imported++;
        } else if (kind === 1) {
          at++; // reference type
          const flags = leb();
          leb();
          if (flags & 1) leb();
        } else if (kind === 2) {
          const flags = leb();
          leb();
          if (flags & 1) leb();
        } else if (kind === 3) {
          at += 2; // value type, mutability
        } else if (kind === 4) {
          at++;
          leb();
        } else {
          throw new Error(`import kind ${kind} not understood`);
        }
      }
    } else if (id === 10) {
      const count = leb();
      for (let i = 0; i < count; i++) {
        const body = leb();
        bodies.set(imported + i, body);
        at += body;
      }
    }
    at = end;
  }
  return bodies;
}
