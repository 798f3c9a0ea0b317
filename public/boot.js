// Starts the WebAssembly app. Lives in its own file because the Content-Security-Policy forbids
// inline scripts; `cargo xtask` writes the bundle's hashed names and the main module's integrity
// into <meta name="tb-bundle">, so the wasm is fetched here with its subresource integrity.
const bundle = document.querySelector('meta[name="tb-bundle"]');
// config.json is read now (index.html preloads it), instead of after the wasm started: the app takes this answer, `{ status, text }` (src/graph/app_config.rs), and fetches the
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
// A fresh visit's first screen is shown from static markup before the wasm has started (below).
// Should that fail in any way, the app shows its own screen as before.
const firstScreen = await showFirstScreen().catch(() => null);
// A glue or wasm file that cannot be fetched intact (the connection dropped, offline on a first
// visit, a proxy changed it so its integrity no longer matches) would otherwise leave a blank page.
let started = false;
try {
  // After the static first screen is painted, so that the app's files do not compete with it.
  if (firstScreen) await afterPaint();
  preloadModules();
  const glue = import(bundle.dataset.js);
  const wasm = fetch(bundle.dataset.wasm, { integrity: bundle.dataset.wasmIntegrity, credentials: "same-origin" });
  const { default: init } = await glue;
  await bodyParsed();
  firstScreen?.handOverOnMount();
  await init({ module_or_path: wasm });
  started = true;
} catch (error) {
  firstScreen?.remove();
  showStartFailure(error);
}

/** This script is async (it runs as soon as it arrives, not after the stylesheet): the app and the
 *  static first screen go into <body>, which the parser has normally made long before; this waits
 *  for it if not. */
function bodyParsed() {
  return document.body ? Promise.resolve() : new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
}

/** The app's glue and the wasm-split loader, with their integrity, when the page did not preload
 *  them (it does not when it may show the static first screen: xtask/src/bundle.rs). */
function preloadModules() {
  if (document.querySelector('link[rel="modulepreload"]')) return;
  for (const [href, integrity] of [[bundle.dataset.js, bundle.dataset.jsIntegrity], [bundle.dataset.link, bundle.dataset.linkIntegrity]]) {
    if (!href) continue;
    const link = document.createElement("link");
    link.rel = "modulepreload";
    link.href = href;
    link.crossOrigin = "anonymous";
    link.integrity = integrity;
    document.head.append(link);
  }
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
  // The app's, not the static first screen's (which boot.js marks).
  const mounted = () => document.querySelector(".app-header:not([data-static-screen]), [data-testid=config-error], main:not([data-static-screen])");
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

// ---------------------------------------------------------------------------------------------
// The first screen before the wasm (docs/performance.md). A fresh visit (/setup, nothing of the
// app in this tab's sessionStorage, so no tenant and no sign-in under way; every new tab, since
// tokens live there) always opens on Connect, which needs nothing from the wasm to be shown and
// little to be used: index.html carries it as static markup (public/first-screen.html, the app's
// own markup, which an e2e test keeps so), and this script shows it, fills in what the app would
// (the theme button, the consent choice, the sandbox's demo tenants) and handles what an admin
// does there before the app has started: typing, the consent choice, the theme, the folded demo
// list, and "Sign in" or a link of the app (kept, then done in the app). The app starts
// behind it once it is painted and mounts its own Connect screen, identical; in that same task the screen is
// handed over: what was typed, chosen, opened and focused is carried to the app's elements (found
// at the same place in the identical tree), a "Sign in" or link pressed is done there, and the static
// screen is removed. Nothing the admin did is lost, and from then on everything is the app's.

/** Shows the static first screen when this load may, and returns its handle; null otherwise (the
 *  app shows its own screen, or explains what is wrong with config.json). */
async function showFirstScreen() {
  const template = document.getElementById("tb-first-screen");
  if (!template || !freshVisit()) return null;
  let config;
  try {
    const answer = await window.tbConfig;
    if (answer.status < 200 || answer.status >= 300) return null;
    config = JSON.parse(answer.text);
  } catch {
    return null;
  }
  if (!config || typeof config !== "object" || Array.isArray(config)) return null;
  await bodyParsed();
  const nodes = [...template.content.cloneNode(true).children];
  // Marked, so that the app's own screen can be told from this one (the benchmarks and tests).
  for (const node of nodes) node.dataset.staticScreen = "";
  const within = (selector) => nodes.map((n) => n.querySelector(selector)).find(Boolean);
  fillIn(within, demoTenants(config));
  // The app's address for this screen (src/ui/mod.rs open_connect_on_a_fresh_load does the same).
  if (location.pathname !== "/setup/connect") history.replaceState(null, "", "/setup/connect");
  document.body.append(...nodes);
  // What the admin asked for that needs the app: a "Sign in" (its form) or a link of the app (the
  // anchor); the first one is done in the app once it has taken over.
  let pending = null;
  for (const node of nodes) {
    node.addEventListener("click", (event) => {
      const link = event.target.closest?.("a[href^='/']");
      // A new tab or window (modifier keys, the middle button) is the browser's to open.
      if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      pending ??= link;
    });
  }
  for (const form of nodes.flatMap((n) => [...n.querySelectorAll("form")])) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (pending) return;
      pending = form;
      // What the app's form shows while it opens the sign-in page. The app checks the entry when
      // it takes over, and a malformed one gets the app's own message then.
      const button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      button.textContent = "Opening sign-in…";
    });
  }
  const remove = () => nodes.forEach((n) => n.remove());
  return {
    remove,
    handOverOnMount() {
      const watch = new MutationObserver(() => {
        const app = [...document.body.children].filter((n) => !nodes.includes(n) && n.localName !== "noscript" && n.localName !== "script");
        if (app.length === 0) return;
        watch.disconnect();
        handOver(nodes, app, pending);
      });
      watch.observe(document.body, { childList: true });
    },
  };
}

/** Whether this load opens on a fresh visit's Connect screen: /, /setup or /setup/connect with no
 *  query (a sign-in reply has one) and nothing of the app (`tb.` keys) in sessionStorage. */
function freshVisit() {
  if (!["/", "/setup", "/setup/", "/setup/connect"].includes(location.pathname) || location.search || location.hash) return false;
  try {
    for (let i = 0; i < sessionStorage.length; i += 1) if (sessionStorage.key(i)?.startsWith("tb.")) return false;
  } catch {
    return false;
  }
  return true;
}

/** The sandbox's demo tenants from config.json (`demo.tenants`), read as the app reads them
 *  (src/model/config.rs): all or nothing, admins and roles optional. */
function demoTenants(config) {
  const tenants = config.demo && typeof config.demo === "object" ? config.demo.tenants : undefined;
  const text = (v) => typeof v === "string";
  const list = (v, each) => v === undefined || (Array.isArray(v) && v.every(each));
  const valid = Array.isArray(tenants) && tenants.every((t) => t && typeof t === "object" && text(t.displayName) && text(t.domain)
    && list(t.admins, (a) => a && typeof a === "object" && text(a.userPrincipalName) && list(a.roles, text)));
  return valid ? tenants : [];
}

/** What the app fills in on its Connect screen (src/ui/shell.rs ThemeToggle, src/ui/pages/setup/
 *  connect.rs): the theme button's words, the consent choice, the demo tenants and placeholders. */
function fillIn(within, demo) {
  const themeButton = within('[data-testid="theme-toggle"]');
  const themes = { system: "System theme", light: "Light theme", dark: "Dark theme" };
  const showTheme = (theme) => {
    themeButton.textContent = themes[theme];
    themeButton.setAttribute("aria-label", `${themes[theme]} (change theme)`);
  };
  const current = () => (themes[document.documentElement.dataset.theme] ? document.documentElement.dataset.theme : "system");
  showTheme(current());
  themeButton.addEventListener("click", () => {
    const next = { system: "light", light: "dark", dark: "system" }[current()];
    document.documentElement.dataset.theme = next;
    try {
      localStorage.setItem(themeKey, next);
    } catch {
      // Storage refused: the choice holds for this page, as in the app.
    }
    showTheme(next);
  });

  // The consent choice (src/auth/store.rs): two flags in localStorage, a setting, never a token.
  const flags = { "consent-incremental": "tb.consent.incremental", "consent-app-default": "tb.consent.appDefault" };
  const flag = (key) => {
    try {
      return localStorage.getItem(key) === "1";
    } catch {
      return false;
    }
  };
  const chosen = flag(flags["consent-app-default"]) ? "consent-app-default" : flag(flags["consent-incremental"]) ? "consent-incremental" : "consent-everything";
  within(`#${chosen}`).checked = true;
  for (const id of ["consent-everything", "consent-incremental", "consent-app-default"]) {
    within(`#${id}`).addEventListener("change", () => {
      try {
        for (const [choice, key] of Object.entries(flags)) {
          if (choice === id) localStorage.setItem(key, "1");
          else localStorage.removeItem(key);
        }
      } catch {
        // Storage refused: as in the app, the choice is not kept.
      }
    });
  }

  if (demo.length === 0) return;
  within("#tenant-input-source").placeholder = demo[0].domain;
  if (demo[1]) within("#tenant-input-target").placeholder = demo[1].domain;
  const element = (name, attributes = {}, ...children) => {
    const e = document.createElement(name);
    for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
    e.append(...children);
    return e;
  };
  const entry = (tenant, i) => element("li", {},
    element("strong", {}, ["Source: ", "Target: "][i] ?? "Also: "),
    `${tenant.displayName} — ${tenant.domain}`,
    element("ul", {}, ...(tenant.admins ?? []).map((a) => element("li", {}, `${a.userPrincipalName} (${a.roles?.length ? a.roles.join(", ") : "no role"})`))));
  const box = element("div", { class: "message-bar message-bar--info", role: "note", "data-testid": "demo-tenants" },
    element("p", {}, "These are emulated tenants (the sandbox). The demo's source is the first, its target the second; sign in as any admin listed."),
    element("ul", {}, ...demo.slice(0, 2).map(entry)));
  const others = demo.slice(2);
  if (others.length > 0) {
    const more = element("details", { "data-testid": "demo-tenants-more" }, element("summary", {}, `${others.length} more emulated tenant(s), for the other demos and the tests`));
    // Built when first opened, as the app does.
    more.addEventListener("toggle", () => {
      if (more.open && !more.querySelector("ul")) more.append(element("ul", {}, ...others.map((t, i) => entry(t, i + 2))));
    });
    box.append(more);
  }
  const cards = within(".connect__cards");
  cards.before(box);
}

/** Carries what the admin did on the static screen (`nodes`) to the app's identical one (`app`, its
 *  top-level elements in the same order): text typed (with an input event, which the app's fields
 *  listen to), the radio chosen, the folded list opened, the focus with its selection, the scroll
 *  position; then does what was asked that needs the app (`pending`): submits the form a "Sign in"
 *  was pressed in, where the app checks the entry and opens the sign-in page, or follows the link
 *  clicked, which the app's router opens without loading the page again. */
function handOver(nodes, app, pending) {
  const counterpart = (element) => {
    const path = [];
    let n = element;
    while (n && !nodes.includes(n)) {
      path.unshift([...n.parentElement.children].indexOf(n));
      n = n.parentElement;
    }
    let there = n ? app[nodes.indexOf(n)] : null;
    for (const i of path) there = there?.children[i];
    return there?.localName === element.localName ? there : null;
  };
  const [x, y] = [scrollX, scrollY];
  const active = document.activeElement;
  for (const node of nodes) {
    for (const input of node.querySelectorAll("input")) {
      const there = counterpart(input);
      if (!there) continue;
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked && !there.checked) {
          there.checked = true;
          there.dispatchEvent(new Event("change", { bubbles: true }));
        }
      } else if (there.value !== input.value) {
        there.value = input.value;
        there.dispatchEvent(new Event("input", { bubbles: true }));
      }
    }
    for (const details of node.querySelectorAll("details[open]")) {
      const there = counterpart(details);
      if (there) there.open = true;
    }
  }
  const focusThere = active && nodes.some((n) => n.contains(active)) ? counterpart(active) : null;
  // Read while the field is in the document.
  const selection = focusThere?.localName === "input" && typeof active.selectionStart === "number" ? [active.selectionStart, active.selectionEnd, active.selectionDirection ?? "none"] : null;
  const submitThere = pending ? counterpart(pending) : null; // a form to submit or a link to follow
  nodes.forEach((n) => n.remove());
  scrollTo(x, y);
  if (focusThere) {
    focusThere.focus({ preventScroll: true });
    if (selection) {
      // The app writes its fields' values once more after its mount (Leptos applies `prop:value`
      // in an effect), which puts the caret at the end: set it back after that too, before the
      // next frame is painted (the effects run before either callback).
      const carried = focusThere.value;
      const restore = () => {
        // Not once the admin has typed on (then the caret is where the typing left it).
        if (document.activeElement === focusThere && focusThere.value === carried) focusThere.setSelectionRange(...selection);
      };
      restore();
      requestAnimationFrame(restore);
      setTimeout(restore, 0);
    }
  }
  if (submitThere?.localName === "form") submitThere.requestSubmit();
  else submitThere?.click();
}

/** Resolves once the frame that shows the static screen is painted (or after 100 ms, should the
 *  tab be hidden, where frames are not drawn). */
function afterPaint() {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
}
