// studyroom's service worker: the phone app opens without a signal. Pages are fetched from the
// network first (so a deploy shows at once) and fall back to the cached page; Trunk's hashed files
// never change, so they come from the cache. The API is never cached: live state must be live.
// /admin and /door are other apps (console, kiosk): left to the network.
const CACHE = "studyroom-v1";
const HASHED = /-[0-9a-f]{12,16}(_bg)?\.(js|wasm|css)$/;

// Cache the page and everything it names, so even the first visit works offline afterwards.
self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const page = await fetch("/", { cache: "no-cache" });
    const html = await page.clone().text();
    await cache.put("/", page);
    const assets = [...html.matchAll(/(?:href|src)="(\/[^"]+)"/g)].map((m) => m[1]);
    await cache.addAll(assets.filter((a) => !a.startsWith("/api/")));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin || url.pathname.startsWith("/api/")) return;
  if (/^\/(admin|door)(\/|$)/.test(url.pathname)) return;
  if (request.mode === "navigate") {
    event.respondWith((async () => {
      try {
        const fresh = await fetch(request);
        if (fresh.ok) (await caches.open(CACHE)).put("/", fresh.clone());
        return fresh;
      } catch {
        return (await caches.match("/")) || Response.error();
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
