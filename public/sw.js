// studyroom's service worker: the phone app opens without a signal. Pages are fetched from the
// network first (so a deploy shows at once) and fall back to a cached page; Trunk's hashed files
// never change, so they come from the cache. The API is never cached: live state must be live.
// /admin and /door are other apps (console, kiosk): left to the network.
//
// The phone app comes as three builds: the whole app, which has every page, and two lighter ones
// for a first load, the visitor's pages and a room's seat map (the server says which build a page
// is in `x-studyroom-build`). Each build's page is cached under its own key, and a lighter build
// only ever answers for its own pages: sent any other path it would load the page again, which
// offline would be a loop.
const CACHE = "studyroom-v2";
const HASHED = /-[0-9a-f]{12,16}(_bg)?\.(js|wasm|css)$/;
const APP = "/";
const LIGHTER = {
  "visitor": { key: "/visitor/index.html", has: (path) => ["/", "/login", "/signup"].includes(path) },
  "seat-map": { key: "/seat-map/index.html", has: (path) => /^\/rooms\/[^/]+$/.test(path) },
};

// Under which key a page is kept: its build's.
const keyOf = (page) => LIGHTER[page.headers.get("x-studyroom-build")]?.key ?? APP;

// The page at `/` and the files it names, into the cache: with a session that is the whole app.
// `refresh` fetches every file again (a new service worker's first fill); otherwise only the files
// the cache lacks are fetched, which after a deploy are the new ones.
async function cacheApp(refresh) {
  const cache = await caches.open(CACHE);
  const page = await fetch("/", { cache: "no-cache" });
  if (!page.ok) return;
  const html = await page.clone().text();
  await cache.put(keyOf(page), page);
  const assets = [...html.matchAll(/(?:href|src)="(\/[^"]+)"/g)].map((m) => m[1]).filter((a) => !a.startsWith("/api/"));
  const wanted = [];
  for (const asset of assets) if (refresh || !(await cache.match(asset))) wanted.push(asset);
  await cache.addAll(wanted);
}

// Cache the app on install, so even the first visit works offline afterwards, however light the
// page that was loaded.
self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    await cacheApp(true);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

// A seat map's page names its room for someone signed in (the server's routes/room_head.rs, between
// these marks); the copy kept answers offline for any room, so it is kept without.
async function keepable(key, page) {
  if (key !== LIGHTER["seat-map"].key) return page;
  const html = (await page.text()).replace(/<!--room-->[\s\S]*?<!--\/room-->/, "");
  const headers = new Headers(page.headers);
  headers.delete("content-encoding");
  headers.delete("content-length");
  return new Response(html, { status: page.status, headers });
}

// Offline: the whole app if it was ever loaded (it has every page), else a lighter build's page
// when the path is one of its own.
async function cachedPage(path) {
  const cache = await caches.open(CACHE);
  const whole = await cache.match(APP);
  if (whole) return whole;
  for (const build of Object.values(LIGHTER)) {
    if (build.has(path)) {
      const page = await cache.match(build.key);
      if (page) return page;
    }
  }
  return Response.error();
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin || url.pathname.startsWith("/api/")) return;
  if (/^\/(admin|door)(\/|$)/.test(url.pathname)) return;
  if (request.mode === "navigate") {
    event.respondWith((async () => {
      try {
        const fresh = await fetch(request);
        if (fresh.ok) {
          const key = keyOf(fresh);
          const cache = await caches.open(CACHE);
          event.waitUntil(keepable(key, fresh.clone()).then((page) => cache.put(key, page)));
          // A lighter build's page leads to the whole app (a seat map to the booking and its
          // code): fetch what the phone lacks of it in the background, new files after a deploy.
          if (key !== APP) event.waitUntil(cacheApp(false).catch(() => {}));
        }
        return fresh;
      } catch {
        return cachedPage(url.pathname);
      }
    })());
  } else if (HASHED.test(url.pathname)) {
    event.respondWith((async () => {
      const cached = await caches.match(request);
      if (cached) return cached;
      const fresh = await fetch(request);
      if (fresh.ok) (await caches.open(CACHE)).put(request, fresh.clone());
      return fresh;
    })());
  }
});
