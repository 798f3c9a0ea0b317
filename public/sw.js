// Offline from cache. Files of one build live under /pkg-<hash>/ or carry their hash in their
// name, so they never change: they are served from the cache once fetched (the lazily loaded
// wasm parts included, from the first time their page was opened). The page itself and
// config.json go to the network first and fall back to the last good copy when it is gone.
// Only same-origin GETs are handled: sign-in and Microsoft Graph never pass through here (where the
// browser has static routing they do not even reach this worker), and no response holding a token
// is ever stored.
const CACHE = "tb-__TB_BUNDLE__";

// What the first screen needs, written in by the build: kept at install, so that even the first
// visit can be reopened offline.
const FIRST = __TB_FIRST__;

self.addEventListener("install", (event) => {
  // Requests to other origins (sign-in, Microsoft Graph) skip this worker altogether: the fetch
  // handler below lets them pass anyway, but each one still woke the worker, which the browser
  // stops after some 30 s idle (measured: a Graph read 16 ms instead of 5 when the worker had to be
  // started for it, medians of 11; Monitor and Fleet read after such pauses). Static routing
  // (`addRoutes`, Chromium 123+) is feature-detected: elsewhere, or if the route is refused, the
  // handler decides as before.
  if (typeof event.addRoutes === "function" && typeof URLPattern === "function") {
    const here = new URLPattern({ protocol: self.location.protocol.slice(0, -1), hostname: self.location.hostname, port: self.location.port });
    event.waitUntil(event.addRoutes({ condition: { not: { urlPattern: here } }, source: "network" }).catch(() => {}));
  }
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([...FIRST, "/", "/config.json"])).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  // A new build: drop the caches of older ones.
  // Then take over the open page at once, so that a part it fetches later is kept too.
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("tb-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

// The page's list of this build's files it loaded before this worker took control (boot.js):
// each one not yet kept is fetched again (the browser's HTTP cache usually answers) and kept.
// Only paths of this build's folder are taken.
self.addEventListener("message", (event) => {
  const folder = "/" + CACHE.slice("tb-".length) + "/";
  const keep = Array.isArray(event.data?.keep) ? event.data.keep.filter((p) => typeof p === "string" && p.startsWith(folder) && !p.includes("..")) : [];
  if (keep.length === 0) return;
  event.waitUntil(
    caches.open(CACHE).then(async (cache) => {
      for (const path of new Set(keep)) {
        if (!(await cache.match(path))) await cache.add(path).catch(() => {});
      }
    })
  );
});

const immutable = (path) => /^\/pkg-[0-9a-f]{16}\//.test(path) || /-[0-9a-f]{16}\.(css|js|svg)$/.test(path);

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (immutable(url.pathname)) {
    event.respondWith(
      caches.open(CACHE).then(async (cache) => {
        const hit = await cache.match(request, { ignoreSearch: true });
        if (hit) return hit;
        const response = await fetch(request);
        if (response.ok) cache.put(request, response.clone());
        return response;
      })
    );
  } else if (request.mode === "navigate" || url.pathname === "/config.json") {
    // The app's routes all answer with index.html: keep one copy under "/" (never a URL with
    // the sign-in's code and state in it).
    const key = request.mode === "navigate" ? "/" : "/config.json";
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(key, copy));
          }
          return response;
        })
        .catch(async () => (await caches.open(CACHE).then((cache) => cache.match(key))) || Response.error())
    );
  }
});
