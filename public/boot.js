// Starts the WebAssembly app. Lives in its own file because the Content-Security-Policy forbids
// inline scripts; `cargo xtask` writes the bundle's hashed names and the main module's integrity
// into <meta name="tb-bundle">, so the wasm is fetched here with its subresource integrity.
const bundle = document.querySelector('meta[name="tb-bundle"]');
// config.json is read now, beside the wasm (index.html preloads it), instead of after the wasm
// started: the app takes this answer, `{ status, text }` (src/graph/app_config.rs), and fetches the
// file itself only when it is missing. The body is read here too, so the wasm does not wait for it.
window.tbConfig = fetch("/config.json", { cache: "no-cache", credentials: "same-origin" }).then(async (response) => ({ status: response.status, text: await response.text() }));
window.tbConfig.catch(() => {});
// The admin's stored theme (src/ui/theme.rs) is shown before the first paint: this script blocks
// rendering until it runs, the app's own reading comes a frame or more later. (The browser loads the
// storage area at this first read, a synchronous call, now instead of during the mount; no change in
// the first screen's time could be measured from that.) Only pages that name the key (the app's
// index.html) read it.
const themeKey = document.documentElement.dataset.themeKey;
if (themeKey) {
  try {
    const theme = localStorage.getItem(themeKey);
    document.documentElement.dataset.theme = theme === "light" || theme === "dark" ? theme : "system";
  } catch {
    // Storage refused (a locked-down browser): the app shows the system theme.
  }
}
// A glue or wasm file that cannot be fetched intact (the connection dropped, offline on a first
// visit, a proxy changed it so its integrity no longer matches) would otherwise leave a blank page.
let started = false;
try {
  const { default: init } = await import(bundle.dataset.js);
  const wasm = fetch(bundle.dataset.wasm, { integrity: bundle.dataset.wasmIntegrity, credentials: "same-origin" });
  // This script is async (it runs as soon as it arrives, not after the stylesheet): the app mounts
  // into <body>, which the parser has normally made long before; wait for it if not.
  if (!document.body) await new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
  await init({ module_or_path: wasm });
  started = true;
} catch (error) {
  showStartFailure(error);
}

/** What stopped the start, in words (built as text: nothing here is parsed as HTML). */
function showStartFailure(error) {
  const fetching = error instanceof TypeError;
  const main = document.createElement("main");
  main.className = "config-error";
  main.dataset.testid = "start-failed";
  const heading = document.createElement("h1");
  heading.textContent = "Tenant Bridge cannot start";
  const message = document.createElement("p");
  message.className = "message-bar message-bar--error";
  message.setAttribute("role", "alert");
  message.textContent = fetching
    ? "Its code could not be downloaded intact: the connection dropped, the browser is offline, or something on the way (a proxy) changed a file. Nothing was changed in either tenant. Check the connection and try again."
    : "Its code stopped while starting. Nothing was changed in either tenant. Try again; if it happens again, report it with the browser's words below.";
  const said = document.createElement("p");
  said.className = "field-hint";
  said.textContent = `The browser said: ${error && error.message ? error.message : String(error)}`;
  const retry = document.createElement("button");
  retry.type = "button";
  retry.className = "button button--primary";
  retry.textContent = "Try again";
  retry.addEventListener("click", () => location.reload());
  main.append(heading, message, said, retry);
  (document.body ?? document.documentElement).append(main);
}
// Offline from cache: once a file of this build was loaded, the service worker serves it when
// the network is gone (sw.js). It is registered once the first screen is up and the page is idle:
// installing it reads the first screen's files again, which must not compete with that screen
// (measured: about 90 ms later on the 2-core bench machine when registered at once). Failing to
// register (a private window, a host that forbids it) changes nothing else. The sign-in part is
// fetched at that idle moment too (below).
if (started && "serviceWorker" in navigator) {
  // A part opened before the worker took control (the first visit's first seconds) was fetched
  // past it: when it takes control, hand it the bundle's files this page loaded, so that those are
  // kept for offline use too (sw.js keeps the ones it does not have).
  if (!navigator.serviceWorker.controller) {
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      const loaded = performance.getEntriesByType("resource").map((e) => new URL(e.name)).filter((u) => u.origin === location.origin && u.pathname.startsWith("/pkg-"));
      navigator.serviceWorker.controller?.postMessage({ keep: loaded.map((u) => u.pathname) });
    }, { once: true });
  }
}
if (started) whenIdle(() => {
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => {});
  // The sign-in part (`data-idle-prefetch`, xtask/src/bundle.rs IDLE_PREFETCH) into the cache, so
  // that the first "Sign in" does not wait for it; its loader checks each file's integrity when it
  // is used. Not with Save-Data on: it then comes at the click, as before.
  if (navigator.connection?.saveData) return;
  // Not the files this page already loaded: on a sign-in reply page the app has used the sign-in
  // part before the idle moment, and asking for it again only costs a trip to the cache.
  const loaded = new Set(performance.getEntriesByType("resource").map((e) => e.name));
  for (const url of (bundle.dataset.idlePrefetch ?? "").split(" ").filter(Boolean)) {
    if (loaded.has(new URL(url, location.href).href)) continue;
    fetch(url, { credentials: "same-origin", priority: "low" }).then((r) => r.arrayBuffer()).catch(() => {});
  }
});

/** Runs `work` once the app (or its error page) is in the document and the page is idle. */
function whenIdle(work) {
  const later = () => ("requestIdleCallback" in window ? requestIdleCallback(work, { timeout: 3000 }) : setTimeout(work, 1000));
  const mounted = () => document.querySelector(".app-header, [data-testid=config-error], main");
  if (mounted()) later();
  else {
    const watch = new MutationObserver(() => {
      if (mounted()) {
        watch.disconnect();
        later();
      }
    });
    watch.observe(document.body, { childList: true, subtree: true });
  }
}
