// Offline (issues 5 and 7): once the page has been loaded, its service worker (web/public/sw.js) holds every
// file of the build, so with the network gone a reload still boots the engine, loads the demo songs and trains.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { foreignRequests, launch, loadDemo, openPage, requireDist, skipReason, startServer, trainAndWait } from './helpers.mjs';

const reason = skipReason();
if (reason) console.log(`# SKIP e2e: ${reason}`);

describe('offline', { skip: reason ?? false }, () => {
  let server, browser;
  before(async () => {
    requireDist();
    server = await startServer();
    browser = await launch();
  });
  after(async () => {
    await browser?.context.setOffline(false).catch(() => {});
    await browser?.close();
    await server?.close();
  });

  test('load once, go offline, reload: the page boots and trains on the demo', { timeout: 180_000 }, async () => {
    const { page, log } = await openPage(browser.context, server.url);
    // the service worker is installed (precache done) and controls the page
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;   // resolves once installed (precache done) and active
      for (let i = 0; i < 600 && !navigator.serviceWorker.controller; i++) await new Promise((ok) => setTimeout(ok, 100));
    });
    assert.ok(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), 'the service worker controls the page');
    const cached = await page.evaluate(async () => (await (await caches.open('genrelab-static')).keys()).map((r) => r.url));
    assert.ok(cached.some((u) => u.endsWith('.wasm')), `the engine is cached: ${cached.join(' ')}`);
    assert.ok(cached.some((u) => u.endsWith('songs-demo.csv')), 'the demo songs are cached');
    assert.deepEqual(foreignRequests({ requests: cached }, server.origin), [], 'only the page\'s own files are cached');

    await browser.context.setOffline(true);
    await page.reload();
    await page.waitForFunction(() => /ready/.test(document.getElementById('engine-status')?.textContent ?? ''), null, { timeout: 60_000 });
    await loadDemo(page);
    const report = await trainAndWait(page);
    assert.ok(report.metrics.accuracy > 0.3);
    assert.deepEqual(log.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e)), []);
    await browser.context.setOffline(false);
    await page.close();
  });
});
