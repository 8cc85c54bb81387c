// Privacy (issue 7): a whole visit — load the demo, explore, train, download the model, load it back, classify a
// song and a file — makes no request outside the page's own origin (page, worker and service worker alike), the
// Content-Security-Policy allows only 'self' (plus 'wasm-unsafe-eval' to compile the engine), nothing violates
// it, and the page also runs when a server sends the same strict policy as a header, which — unlike the <meta>
// — also binds the worker (the place where Embind would need 'unsafe-eval' for `new Function`).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIST, MOUNT, download, foreignRequests, launch, loadDemo, openPage, requireDist, skipReason, startServer, trainAndWait, waitActiveModel, waitExplored } from './helpers.mjs';

const reason = skipReason();
if (reason) console.log(`# SKIP e2e: ${reason}`);

// The policy a strict host would send: the <meta>'s policy, as a header on every response (workers included).
const STRICT = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'";
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.csv': 'text/csv' };

async function strictServer() {
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://x');
    let rel = pathname.startsWith(MOUNT) ? decodeURIComponent(pathname.slice(MOUNT.length)) || 'index.html' : null;
    const file = rel && normalize(join(DIST, rel));
    const info = file && file.startsWith(DIST + sep) ? await stat(file).catch(() => null) : null;
    if (!info?.isFile()) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'content-security-policy': STRICT, 'cache-control': 'no-store' });
    res.end(await readFile(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, url: origin + MOUNT, close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }) };
}

// The built engine still creates functions with `new Function` (Embind without -sDYNAMIC_EXECUTION=0)?
function engineUsesEval() {
  const dir = join(DIST, 'assets');
  if (!existsSync(dir)) return false;
  return readdirSync(dir).filter((f) => f.endsWith('.js')).some((f) => /(?<![\w.$])(new\s+)?Function\(\s*["'`]body["'`]/.test(readFileSync(join(dir, f), 'utf8')));   // Embind's createNamedFunction
}

describe('privacy', { skip: reason ?? false }, () => {
  let server, browser;
  before(async () => {
    requireDist();
    server = await startServer();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the CSP <meta> allows only the page itself', () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const meta = html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/);
    assert.ok(meta, 'index.html has a CSP meta');
    const directives = Object.fromEntries(meta[1].split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v]));
    assert.deepEqual(directives['default-src'], ["'self'"]);
    assert.deepEqual(directives['connect-src'], ["'self'"]);
    const allowed = new Set(["'self'", "'none'", "'wasm-unsafe-eval'", "'unsafe-inline'", 'data:', 'blob:']);
    for (const [k, sources] of Object.entries(directives)) {
      for (const s of sources) assert.ok(allowed.has(s), `${k} allows ${s}`);
      if (k !== 'style-src') assert.ok(!sources.includes("'unsafe-inline'"), `${k} allows 'unsafe-inline'`);
      assert.ok(!sources.includes("'unsafe-eval'"), `${k} allows 'unsafe-eval'`);
    }
  });

  test('a whole visit requests nothing outside the page\'s origin and violates no policy', { timeout: 240_000 }, async () => {
    const requests = [];
    const onRequest = (r) => requests.push(r.url());
    browser.context.on('request', onRequest);   // page, its dedicated worker and the service worker
    const { page, log } = await openPage(browser.context, server.url);
    await page.evaluate(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await loadDemo(page);
    await waitExplored(page);
    await trainAndWait(page);
    const saved = await download(page, '#download-model').catch(() => null);
    if (saved) {
      await page.setInputFiles('#model-file-input', saved.path);
      await waitActiveModel(page, 'file');
    }
    await page.evaluate(() => window.genrelab.actions.loadShipped('demo-knn.model.json'));
    await waitActiveModel(page, 'shipped');
    await page.click('#classify-button');
    await page.waitForSelector('#predicted-genre', { timeout: 30_000 });
    browser.context.off('request', onRequest);

    const all = [...new Set([...requests, ...log.requests])];
    assert.ok(all.some((u) => u.endsWith('.wasm')), `the engine's .wasm (fetched by the worker) is among the recorded requests: ${all.join(' ')}`);
    assert.deepEqual(foreignRequests({ requests: all }, server.origin), []);
    assert.ok(saved, 'the trained model was downloaded (a blob, not a request)');
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  test('under a strict CSP header (no unsafe-eval) the engine starts and trains', { timeout: 120_000 }, async () => {
    // The wasm glue is linked with -sDYNAMIC_EXECUTION=0 (CMakeLists.txt): no `new Function` left in the bundle.
    assert.equal(engineUsesEval(), false, 'the built page still contains Embind\'s new Function(...)');
    const strict = await strictServer();
    try {
      const { page, log } = await openPage(browser.context, strict.url);
      await loadDemo(page);
      const report = await trainAndWait(page);
      assert.ok(report.metrics.accuracy > 0.3);
      assert.deepEqual(log.errors, []);
      await page.close();
    } finally {
      await strict.close();
    }
  });
});
