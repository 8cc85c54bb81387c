// Shared pieces of the browser tests: a tiny static server for web/dist (mounted under a sub-path, so the
// page's relative URLs are exercised), Debian's Chromium driven by playwright-core with a fresh profile,
// and a page wrapper that records every request, console error and page error.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';
export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const DIST = join(REPO, 'web', 'dist');
export const SHOTS = join(REPO, 'tests', 'e2e', 'screenshots');
export const SHARED_DATA = resolve(REPO, '..', 'shared', 'data');
export const MOUNT = '/course/week-3/genrelab/'; // the page must work from any sub-path

// Why the browser tests cannot run here, or null. Only a missing Chromium is a reason to skip.
export function skipReason() {
  return existsSync(CHROMIUM) ? null : `${CHROMIUM} is not installed (apt-get install chromium); skipping the browser tests`;
}

export function requireDist() {
  for (const f of ['index.html', 'demo/songs-demo.csv']) {
    if (!existsSync(join(DIST, f))) throw new Error(`web/dist/${f} is missing: run 'node scripts/gen-demo.mjs && npx vite build' first`);
  }
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

// Serves `root` at http://127.0.0.1:<random free port><MOUNT>. Resolves {origin, url, close()}.
export async function startServer(root = DIST) {
  const server = createServer(async (req, res) => {
    try {
      const { pathname } = new URL(req.url, 'http://x');
      if (!pathname.startsWith(MOUNT)) return send(res, 404, 'not found');
      let rel = decodeURIComponent(pathname.slice(MOUNT.length)) || 'index.html';
      if (rel.endsWith('/')) rel += 'index.html';
      const file = normalize(join(root, rel));
      if (!file.startsWith(root + sep)) return send(res, 403, 'forbidden');
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) return send(res, 404, 'not found');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'content-length': body.length, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      send(res, 500, String(e));
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, url: origin + MOUNT, close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }) };
}

function send(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

// A fresh Chromium profile per launch; returns {context, close()}.
export async function launch() {
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'genrelab-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true, // saved models, predictions and chart images are downloads
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

// Opens the page and records what it does. `log.requests`: every URL asked for (page and worker);
// `log.errors`: console errors and uncaught exceptions.
export async function openPage(context, url, { viewport, colorScheme } = {}) {
  const page = await context.newPage();
  const log = { requests: [], errors: [], console: [] };
  page.on('request', (r) => log.requests.push(r.url()));
  page.on('console', (m) => {
    log.console.push(`${m.type()}: ${m.text()}`);
    if (m.type() === 'error') log.errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
  page.on('worker', (w) => {
    w.on?.('console', (m) => {
      log.console.push(`worker ${m.type()}: ${m.text()}`);
      if (m.type() === 'error') log.errors.push(`worker console: ${m.text()}`);
    });
  });
  if (viewport) await page.setViewportSize(viewport);
  if (colorScheme) await page.emulateMedia({ colorScheme });
  await page.goto(url);
  await page.waitForFunction(() => /ready/.test(document.getElementById('engine-status')?.textContent ?? ''), null, { timeout: 30_000 });
  return { page, log };
}

// Every request the page made stayed on its own origin (data:/blob: URLs are the page's own bytes).
export function foreignRequests(log, origin) {
  return log.requests.filter((u) => !u.startsWith(origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:'));
}

export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, name), fullPage: true });
}

// Waits until the page has finished loading the file called `name` (or failed: then throws the alert text).
export async function waitLoaded(page, name, { timeout = 60_000 } = {}) {
  await page.waitForFunction(
    (n) => {
      const s = window.genrelab.store.get();
      return !s.busy && ((s.source?.name === n && s.dataset) || s.error);
    },
    name,
    { timeout },
  );
  const error = await page.evaluate(() => window.genrelab.store.get().error);
  if (error) throw new Error(`loading ${name} failed on the page: ${error.message}`);
  await page.waitForSelector('#profile-table tbody tr');
}

export async function loadDemo(page) {
  await page.click('#demo-button');
  await waitLoaded(page, 'songs-demo.csv');
}

export async function uploadFile(page, path, opts) {
  await page.setInputFiles('#file-input', path);
  await waitLoaded(page, basename(path), opts);
}

// Clicks Train and waits for the results (or an alert). Returns the report from the page's state.
export async function trainAndWait(page, { timeout = 120_000 } = {}) {
  const before = await page.evaluate(() => window.genrelab.store.get().report?.run ?? 0);
  await page.click('#train-button');
  await page.waitForFunction(
    (prev) => {
      const s = window.genrelab.store.get();
      return s.phase === 'ready' && ((s.report?.run ?? 0) > prev || s.error);
    },
    before,
    { timeout },
  );
  const st = await page.evaluate(() => {
    const s = window.genrelab.store.get();
    return { report: s.report, error: s.error };
  });
  if (st.error) throw new Error(`training failed on the page: ${st.error.message}`);
  return st.report;
}

// Reads the confusion-matrix table alternative: {classes, cells: number[][]}.
export async function confusionTable(page) {
  return page.evaluate(() => {
    const t = document.getElementById('confusion-table');
    const classes = [...t.querySelectorAll('thead th')].slice(1).map((th) => th.textContent.trim());
    const cells = [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent.replace(/[^\d]/g, ''))));
    return { classes, cells };
  });
}

// Sets the feature checkboxes to exactly `features` (by column name) and the label.
export async function chooseColumns(page, { label, features, k }) {
  if (label) await page.selectOption('#label-select', label);
  await page.evaluate((want) => {
    for (const box of document.querySelectorAll('#feature-list input[type=checkbox]')) {
      if (box.disabled) continue;
      if (box.checked !== want.includes(box.value)) box.click();
    }
  }, features);
  if (k !== undefined) {
    await page.fill('#k-input', String(k));
    await page.locator('#k-input').dispatchEvent('change');
  }
}

// Clicks `selector` and returns the file the page offers: {name, buffer, text}.
export async function download(page, selector, { timeout = 30_000 } = {}) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout }), page.click(selector)]);
  const path = await dl.path();
  const buffer = await readFile(path);
  return { name: dl.suggestedFilename(), buffer, text: buffer.toString('utf8'), path };
}

// A small RFC 4180 reader for checking the page's CSV output: rows of cells (quotes, doubled quotes, commas).
export function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

// Waits for the explore views of the loaded dataset (the class-balance chart has drawn).
export async function waitExplored(page, { timeout = 60_000 } = {}) {
  await page.waitForFunction(() => {
    const s = window.genrelab.store.get();
    return (s.explore?.result || s.explore?.error) && !s.exploreBusy;
  }, null, { timeout });
  const error = await page.evaluate(() => window.genrelab.store.get().explore?.error);
  if (error) throw new Error(`explore failed on the page: ${error}`);
  await page.waitForSelector('#histogram-chart canvas');
}

// Waits until the page's active model is one from `origin` ('trained' | 'file' | 'shipped') or an alert shows.
export async function waitActiveModel(page, origin, { timeout = 30_000 } = {}) {
  await page.waitForFunction((o) => {
    const s = window.genrelab.store.get();
    return (s.active?.origin === o && !s.modelBusy) || s.error;
  }, origin, { timeout });
  const error = await page.evaluate(() => window.genrelab.store.get().error);
  if (error) throw new Error(`choosing a ${origin} model failed on the page: ${error.message}`);
}

// A screenshot of one part of the page (a section), or of the visible window when `selector` is null.
export async function shotOf(page, selector, name) {
  mkdirSync(SHOTS, { recursive: true });
  if (selector) await page.locator(selector).screenshot({ path: join(SHOTS, name) });
  else await page.screenshot({ path: join(SHOTS, name) });
}
