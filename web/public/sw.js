// Genrelab's service worker: keeps the page's own static files (HTML, scripts, the wasm engine, styles, the demo
// songs and the shipped models) in a cache so the page boots and works offline once it has been loaded.
// Only same-origin GET requests are handled; anything else is left to the browser (the page makes none — the
// CSP allows only 'self'). User data never reaches this cache: CSV and model files are read from <input> in the
// page and go to the engine's worker as bytes, not through fetch.
//
// Install: precache every file of the build, listed in sw-manifest.json (written by vite.config.js after each
// build). Fetch: hashed files under assets/ are immutable (cache first); everything else is network first with
// the cache as the offline fallback, so a new deployment is picked up at the next online visit.
const CACHE = 'genrelab-static';
const MANIFEST = new URL('./sw-manifest.json', self.location).href;
const SCOPE = new URL('./', self.location).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const res = await fetch(MANIFEST, { cache: 'no-store' });
      if (!res.ok) throw new Error(`sw-manifest.json: ${res.status}`);
      const { files } = await res.json();
      const cache = await caches.open(CACHE);
      await cache.addAll(['./', ...files].map((f) => new URL(f, SCOPE).href));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // Drop files an older build listed (old hashed assets) so the cache does not grow with each deployment.
      const res = await fetch(MANIFEST, { cache: 'no-store' }).catch(() => null);
      if (res?.ok) {
        const keep = new Set(['./', ...(await res.json()).files].map((f) => new URL(f, SCOPE).href));
        const cache = await caches.open(CACHE);
        for (const req of await cache.keys()) if (!keep.has(req.url)) await cache.delete(req);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin || !req.url.startsWith(SCOPE)) return;
  const immutable = url.pathname.includes('/assets/');
  event.respondWith(immutable ? cacheFirst(req) : networkFirst(req));
});

async function cacheFirst(req) {
  const hit = await caches.match(req, { ignoreSearch: true });
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok) (await caches.open(CACHE)).put(req, res.clone());
  return res;
}

async function networkFirst(req) {
  try {
    const res = await fetch(req);
    if (res.ok) (await caches.open(CACHE)).put(req, res.clone());
    return res;
  } catch (e) {
    // Offline: the cached copy; a page address with ?dataset=… or #… is the same page (index.html).
    const hit = (await caches.match(req, { ignoreSearch: true })) ?? (req.mode === 'navigate' ? await caches.match(SCOPE) : undefined);
    if (hit) return hit;
    throw e;
  }
}
