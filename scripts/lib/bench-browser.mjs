// The benchmark tasks in the page's real worker, in headless Chromium (web/dist, served like the e2e tests):
//   - per model task: a fresh page (fresh worker + module, so the heap size afterwards is that task's peak),
//     the CSV loaded into the worker, then the worker op 'bench' (api_bench.hpp's bench_task);
//   - 'csv': parse + profile of the file's bytes in the worker (median of --csv-repeat);
//   - long tasks: a PerformanceObserver('longtask') on the main thread while the page itself loads the file
//     through its file input and trains its classifier (the Train button), each task's duration listed.
// Prints one JSON object {tasks:[…], longtasks:{…}}. Needs web/dist (npx vite build) and /usr/bin/chromium.
//   node scripts/lib/bench-browser.mjs FILE.csv [--tasks csv,knn,…] [--label COL] [--drop a,b] [--repeat N]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launch, openPage, requireDist, skipReason, startServer } from '../../tests/e2e/helpers.mjs';

const { values: o, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    tasks: { type: 'string', default: 'csv,knn,kmeans,gmm,forest,mlp,svm' },
    label: { type: 'string', default: 'music_genre' },
    drop: { type: 'string', default: '' },
    repeat: { type: 'string', default: '1' },
    'csv-repeat': { type: 'string', default: '5' },
    params: { type: 'string', default: '' },
    longtasks: { type: 'boolean', default: true },
  },
});
const file = path.resolve(positionals[0] ?? '');
const skip = skipReason();
if (skip) {
  console.log(JSON.stringify({ skipped: skip }));
  process.exit(0);
}
requireDist();
const bytes = fs.readFileSync(file);
const extra = o.params ? JSON.parse(o.params) : {};
const server = await startServer();
const browser = await launch();
const DATA_URL = server.url + 'bench-data.csv';
await browser.context.route('**/bench-data.csv', (route) => route.fulfill({ status: 200, contentType: 'text/csv', body: bytes }));

const out = { tasks: [], longtasks: null, user_agent: null };
// openPage waits 30 s for the engine; on a loaded machine that can time out once: try again.
async function open() {
  for (let attempt = 1; ; attempt++) {
    try {
      return await openPage(browser.context, server.url);
    } catch (e) {
      if (attempt >= 3) throw e;
      console.error(`bench-browser: the page did not start (${e.message.split('\n')[0]}); retrying`);
    }
  }
}
try {
  for (const task of o.tasks.split(',').filter(Boolean)) {
    let page;
    try {
      ({ page } = await open());
    } catch (e) {
      out.tasks.push({ task, error: `the page did not start: ${e.message.split('\n')[0]}` });
      continue;
    }
    out.user_agent ??= await page.evaluate(() => navigator.userAgent);
    const spec = { label: o.label, drop: o.drop.split(',').filter(Boolean), repeat: Number(o.repeat), ...(extra[task] ? { params: extra[task] } : {}) };
    const r = await page.evaluate(
      async ({ task, url, spec, csvRepeat }) => {
        const client = window.genrelab.client;
        const buf = await (await fetch(url)).arrayBuffer();
        try {
          if (task === 'csv') return await client.call('bench', { task, bytes: buf, repeat: csvRepeat });
          const { dataset } = await client.call('loadCsv', { bytes: buf }, { transfer: [buf] });
          return await client.call('bench', { task, dataset, spec });
        } catch (e) {
          return { task, error: String(e.message ?? e) };
        }
      },
      { task, url: DATA_URL, spec, csvRepeat: Number(o['csv-repeat']) },
    );
    out.tasks.push({ task, ...r });
    console.error(`wasm-browser ${task}: ${JSON.stringify(r).slice(0, 160)}`);
    await page.close();
  }

  if (o.longtasks) try {
    // The page as a person uses it: choose the file, wait for the profile, press Train (the page's kNN).
    const { page } = await open();
    await page.evaluate(() => {
      window.__longtasks = [];
      window.__marks = {};
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, ms: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    const tmp = fs.mkdtempSync('/tmp/genrelab-bench-');
    const named = path.join(tmp, path.basename(file));
    fs.copyFileSync(file, named);
    const t0 = Date.now();
    await page.evaluate(() => (window.__marks.load = performance.now()));
    await page.setInputFiles('#file-input', named);
    await page.waitForFunction((n) => { const s = window.genrelab.store.get(); return !s.busy && ((s.source?.name === n && s.dataset) || s.error); }, path.basename(file), { timeout: 120_000, polling: 250 });
    const loadS = (Date.now() - t0) / 1000;
    if (o.label) await page.selectOption('#label-select', o.label).catch(() => {});
    // Let the statistics for the chosen label arrive first, so their rendering is not counted as training's.
    await page.waitForFunction(() => !window.genrelab.store.get().exploreBusy, null, { timeout: 120_000, polling: 250 }).catch(() => {});
    await page.waitForTimeout(1000);
    await page.evaluate(() => (window.__marks.train = performance.now()));
    const t1 = Date.now();
    await page.click('#train-button');
    await page.waitForFunction(() => { const s = window.genrelab.store.get(); return s.phase === 'ready' && (s.report || s.error); }, null, { timeout: 600_000, polling: 250 });
    const trainS = (Date.now() - t1) / 1000;
    await page.evaluate(() => (window.__marks.end = performance.now()));
    await page.waitForTimeout(300);
    const st = await page.evaluate(() => ({ marks: window.__marks, tasks: window.__longtasks, error: window.genrelab.store.get().error?.message ?? null, accuracy: window.genrelab.store.get().report?.metrics?.accuracy ?? null }));
    // A long task belongs to the phase in which it started (entries arrive asynchronously).
    for (const x of st.tasks) x.phase = x.start < st.marks.load ? 'startup' : x.start < st.marks.train ? 'load' : x.start < st.marks.end ? 'train' : 'after';
    const summary = (phase) => {
      const t = st.tasks.filter((x) => x.phase === phase);
      return { count: t.length, max_ms: t.length ? Math.max(...t.map((x) => x.ms)) : 0, total_ms: t.reduce((a, x) => a + x.ms, 0) };
    };
    out.longtasks = { what: "page's own load (file input) and Train (kNN) of the file", load_s: loadS, train_s: trainS, error: st.error, load: summary('load'), train: summary('train'), all: st.tasks };
    fs.rmSync(tmp, { recursive: true, force: true });
    await page.close();
  } catch (e) {
    out.longtasks = { error: String(e.message ?? e).split('\n')[0] };
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(JSON.stringify(out));
