// "Map the songs" (PCA, LDA, t-SNE in 2-D and 3-D) and "Find groups" (k-means, GMM, the sweep over k) in
// headless Chromium against the production build: the maps draw every song used, hovering shows the song from
// the CSV, t-SNE reports progress and can be cancelled, the cluster × genre table adds up, the elbow gives one
// point per k, and — when ../shared/data/music_genre.csv exists — t-SNE of 10,000 real songs finishes in the
// worker. Run: npx vite build && node --test tests/e2e/analysis.test.mjs
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIST, SHARED_DATA, download, foreignRequests, launch, loadDemo, openPage, parseCsv, requireDist, shotOf, skipReason, startServer, uploadFile } from './helpers.mjs';

const reason = skipReason();
if (reason) console.log(`# SKIP e2e: ${reason}`);
const MUSIC = join(SHARED_DATA, 'music_genre.csv');

// The demo CSV by file line (line 1 = header, the first song is on line 2): {track_name, artist_name, genre}.
function demoByLine() {
  const [header, ...rows] = parseCsv(readFileSync(join(DIST, 'demo', 'songs-demo.csv'), 'utf8'));
  const col = (name) => header.indexOf(name);
  const byLine = new Map();
  rows.forEach((cells, i) => byLine.set(i + 2, { title: cells[col('track_name')], artist: cells[col('artist_name')], genre: cells[col('genre')] }));
  return byLine;
}

// openPage waits 30 s for the engine; on a machine busy with builds that is sometimes not enough: one retry.
async function open(context, url, opts) {
  try {
    return await openPage(context, url, opts);
  } catch (e) {
    if (!/Timeout/.test(e.message)) throw e;
    console.log('# the engine took more than 30 s to start (busy machine?); trying once more');
    return openPage(context, url, opts);
  }
}

const tableCells = (page, id) => page.$$eval(`#${id} tbody tr`, (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
const num = (text) => Number(text.replace(/[^\d.eE+−-]/g, '').replace('−', '-'));

// Fills the map form and runs it; resolves with the finished run's result (throws the page's message on failure).
async function runMap(page, { method = 'pca', dims = 2, perplexity, maxIter, maxRows, whiten } = {}, { timeout = 120_000, wait = true } = {}) {
  await page.selectOption('#reduce-method', method);
  await page.selectOption('#reduce-dims', String(dims));
  if (whiten !== undefined) await page.setChecked('#reduce-whiten', whiten);
  if (perplexity !== undefined) await page.fill('#reduce-perplexity', String(perplexity));
  if (maxIter !== undefined) await page.fill('#reduce-max-iter', String(maxIter));
  if (maxRows !== undefined) await page.fill('#reduce-max-rows', String(maxRows));
  const before = await page.evaluate(() => window.genrelab.store.get().reduce?.run ?? 0);
  await page.click('#reduce-run');
  if (!wait) return null;
  return waitRun(page, 'reduce', before, timeout);
}

async function waitRun(page, kind, before, timeout) {
  await page.waitForFunction(([k, prev]) => {
    const s = window.genrelab.store.get();
    return !s[`${k}Job`] && ((s[k]?.run ?? 0) > prev || s[`${k}Error`]);
  }, [kind, before], { timeout });
  const { run, error } = await page.evaluate((k) => ({ run: window.genrelab.store.get()[k], error: window.genrelab.store.get()[`${k}Error`] }), kind);
  if (error) throw new Error(`${kind} failed on the page: ${error}`);
  return run.result;
}

async function runClusters(page, { method = 'kmeans', k = 10, covariance } = {}, { timeout = 120_000 } = {}) {
  await page.selectOption('#cluster-method', method);
  await page.fill('#cluster-k', String(k));
  if (covariance) await page.selectOption('#cluster-covariance', covariance);
  const before = await page.evaluate(() => window.genrelab.store.get().cluster?.run ?? 0);
  await page.click('#cluster-run');
  return waitRun(page, 'cluster', before, timeout);
}

// The tooltip ECharts shows for point `dataIndex` of series `seriesIndex` of the chart in `chartId`.
async function tooltipOf(page, chartId, seriesIndex, dataIndex) {
  await page.evaluate(([id, s, d]) => {
    const chart = window.genrelab.echarts.getInstanceByDom(document.getElementById(id));
    chart.dispatchAction({ type: 'showTip', seriesIndex: s, dataIndex: d });
  }, [chartId, seriesIndex, dataIndex]);
  const tip = page.locator(`#${chartId} div`).filter({ hasText: /./ }).last();
  await tip.waitFor({ state: 'visible', timeout: 5000 });
  return tip.textContent();
}

// The arithmetic the views rely on, checked in node (no browser needed).
describe('scatter arithmetic', () => {
  test('ellipsePoints: every point of the 2-σ outline is at Mahalanobis distance 2 from the centre', async () => {
    const { ellipsePoints } = await import('../../web/src/scatter-math.js');
    for (const cov of [[[4, 0], [0, 1]], [[1, 0], [0, 9]], [[2, 1.2], [1.2, 1]], [[1, -0.9], [-0.9, 1]], [[3, 0], [0, 3]]]) {
      const [[a, b], [, c]] = cov;
      const det = a * c - b * b;
      const pts = ellipsePoints([5, -2], cov, 2, 36);
      assert.equal(pts.length, 37);
      for (const [x, y] of pts) {
        const dx = x - 5, dy = y + 2;
        const m2 = (c * dx * dx - 2 * b * dx * dy + a * dy * dy) / det; // (p−m)ᵀ Σ⁻¹ (p−m)
        assert.ok(Math.abs(m2 - 4) < 1e-9, `cov ${JSON.stringify(cov)}: ${m2}`);
      }
    }
  });

  test('compileSizeExpressions: echarts-gl\'s texture sizes without new Function, same values as claygl computes', async () => {
    const { compileSizeExpressions } = await import('../../web/src/scatter-math.js');
    const source = readFileSync(new URL('../../node_modules/echarts-gl/lib/effect/composite.js', import.meta.url), 'utf8').replace(/^\s*export default\s*/m, 'return ');
    const original = new Function(source)(); // the test may eval; the page may not
    const json = new Function(source)();
    compileSizeExpressions(json);
    const renderer = { getWidth: () => 801, getHeight: () => 433, getDevicePixelRatio: () => 1.5 };
    const evalExpr = (text, w, h, d) => new Function('width', 'height', 'dpr', `return ${/^\s*expr\((.*)\)\s*$/s.exec(text)[1]}`)(w, h, d);
    let checked = 0;
    json.nodes.forEach((node, n) => {
      const orig = original.nodes[n];
      for (const [name, out] of Object.entries(node.outputs ?? {})) {
        const p = out?.parameters, q = orig.outputs[name]?.parameters;
        if (!p) continue;
        for (const key of ['width', 'height']) {
          if (typeof q[key] !== 'string') continue;
          const scale = q.scale || 1;
          assert.equal(typeof p[key], 'function', `${node.name}.${name}.${key}`);
          assert.equal(p[key](renderer), evalExpr(q[key], 801 * scale, 433 * scale, 1.5));
          checked++;
        }
      }
      for (const [key, value] of Object.entries(orig.parameters ?? {})) {
        if (typeof value !== 'string' || !value.includes('expr(')) continue;
        let got;
        node.parameters[key].call({ setParameter: (k, v) => { assert.equal(k, key); got = v; } }, renderer);
        assert.deepEqual(got, evalExpr(value, 801, 433, 1.5), `${node.name}.${key}`);
        checked++;
      }
    });
    assert.ok(checked >= 60, `${checked} expressions checked`);
    assert.doesNotMatch(JSON.stringify(json), /expr\(/, 'no expression is left for claygl to eval');
  });
});

describe('map the songs and find groups', { skip: reason ?? false }, () => {
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

  test('PCA 2-D: every demo song on the map, explained variance, loadings, hover shows the song, tables and export', { timeout: 120_000 }, async () => {
    const { page, log } = await open(browser.context, server.url);
    await loadDemo(page);
    const r = await runMap(page, { method: 'pca', dims: 2 });
    const nRows = await page.evaluate(() => window.genrelab.store.get().dataset.n_rows);
    assert.equal(r.n_used, nRows, 'the demo (6,000 songs) is below the 10,000 limit: no sampling');
    assert.equal(r.sampled, false);
    assert.equal(r.points.length, r.n_used);
    assert.ok(r.points.every((p) => p.length === 2 && p.every(Number.isFinite)));
    assert.equal(r.labels.length, r.n_used);
    // the drawn series hold every point once
    const drawn = await page.evaluate(() => {
      const chart = window.genrelab.echarts.getInstanceByDom(document.getElementById('reduce-scatter-chart'));
      return chart.getOption().series.filter((s) => s.type === 'scatter').reduce((a, s) => a + s.data.length, 0);
    });
    assert.equal(drawn, r.n_used);

    // explained variance: two shares in (0, 1), falling, the table says the same
    const ratio = r.explained_variance_ratio;
    assert.equal(ratio.length, 2);
    assert.ok(ratio[0] >= ratio[1] && ratio[1] > 0 && ratio[0] + ratio[1] < 1, `ratios ${ratio}`);
    const ratioRows = await tableCells(page, 'reduce-ratio-table');
    assert.equal(ratioRows.length, 2);
    assert.ok(Math.abs(num(ratioRows[0][1]) - ratio[0] * 100) < 0.01);
    assert.ok(Math.abs(num(ratioRows[1][2]) - (ratio[0] + ratio[1]) * 100) < 0.01);
    assert.match(await page.textContent('#reduce-facts'), /6,000 of 6,000 songs/);
    // loadings: one row per encoded feature, unit-ish weights
    const loadRows = await tableCells(page, 'reduce-loadings-table');
    assert.equal(loadRows.length, r.loadings.features.length);
    assert.ok(loadRows.length >= 13);

    // the points table: the first 200, each with the song from the CSV line the engine reports
    const pts = await tableCells(page, 'reduce-points-table');
    assert.equal(pts.length, 200);
    const songs = demoByLine();
    for (const i of [0, 1, 199]) {
      const s = songs.get(r.lines[i]);
      assert.equal(pts[i][1], `${s.title} — ${s.artist}`, `row ${i} names the song on line ${r.lines[i]}`);
      assert.equal(pts[i][2], s.genre);
      assert.equal(r.classes[r.labels[i]], s.genre);
    }

    // hovering: the tooltip of the first point of the first series is its song and genre
    const firstIndex = await page.evaluate(() => {
      const chart = window.genrelab.echarts.getInstanceByDom(document.getElementById('reduce-scatter-chart'));
      return chart.getOption().series[0].data[0][2];
    });
    const tip = await tooltipOf(page, 'reduce-scatter-chart', 0, 0);
    const song = songs.get(r.lines[firstIndex]);
    assert.ok(tip.includes(song.title) && tip.includes(song.artist) && tip.includes(`genre: ${song.genre}`), `tooltip “${tip}” names ${song.title} by ${song.artist}`);

    const png = await download(page, '#reduce-scatter-png');
    assert.deepEqual([...png.buffer.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const svg = await download(page, '#reduce-scree-svg');
    assert.match(svg.text, /^<svg[\s\S]*<\/svg>\s*$/);
    assert.match(svg.name, /pca-scree\.svg/);

    await shotOf(page, '#reduce-section', 'analysis-1-reduce-pca.png');
    assert.deepEqual(log.errors, []);
    assert.deepEqual(foreignRequests(log, server.origin), []);
    await page.close();
  });

  test('t-SNE 2-D: progress, Cancel stops it, then a full run finishes', { timeout: 300_000 }, async () => {
    const { page, log } = await open(browser.context, server.url);
    await loadDemo(page);
    // record every progress value the page shows
    await page.evaluate(() => {
      window.__fractions = [];
      window.genrelab.store.subscribe((s) => s.reduceJob && window.__fractions.push(s.reduceJob.fraction));
    });
    await runMap(page, { method: 'tsne', dims: 2 }, { wait: false });
    await page.waitForFunction(() => (window.__fractions ?? []).filter((f) => f > 0).length >= 3, null, { timeout: 60_000 });
    assert.ok(await page.isVisible('#reduce-progress'));
    assert.match(await page.textContent('#reduce-time'), /elapsed/);
    await page.click('#reduce-cancel');
    await page.waitForFunction(() => !window.genrelab.store.get().reduceJob, null, { timeout: 15_000 });
    const afterCancel = await page.evaluate(() => ({ reduce: window.genrelab.store.get().reduce, error: window.genrelab.store.get().reduceError, notice: window.genrelab.store.get().notice }));
    assert.equal(afterCancel.reduce, null, 'a cancelled run leaves no map');
    assert.equal(afterCancel.error, null);
    assert.match(afterCancel.notice, /cancelled/);
    assert.ok(await page.isHidden('#reduce-progress'));

    await page.evaluate(() => (window.__fractions = []));
    const t0 = Date.now();
    const r = await runMap(page, { method: 'tsne', dims: 2 }, { timeout: 240_000 });
    const fractions = await page.evaluate(() => window.__fractions);
    const distinct = new Set(fractions.map((f) => f.toFixed(2)));
    console.log(`# t-SNE of ${r.n_used} demo songs: ${((Date.now() - t0) / 1000).toFixed(1)} s, ${fractions.length} progress updates, KL ${r.kl_divergence?.toFixed?.(3)}, trustworthiness ${r.trustworthiness?.toFixed?.(3)}`);
    assert.ok(distinct.size >= 5, `progress moved: ${[...distinct].join(' ')}`);
    assert.ok(fractions.every((f, i) => i === 0 || f >= fractions[i - 1] - 1e-9), 'progress never goes back');
    assert.equal(r.method, 'tsne');
    assert.equal(r.points.length, r.n_used);
    assert.ok(Number.isFinite(r.kl_divergence) && r.kl_divergence > 0);
    // t-SNE keeps neighbourhoods: trustworthiness on audio features is well above chance
    assert.ok(r.trustworthiness > 0.8 && r.trustworthiness <= 1, `trustworthiness ${r.trustworthiness}`);
    assert.equal(await page.locator('#reduce-scree').count(), 0, 'no scree plot for t-SNE');
    assert.match(await page.textContent('#reduce-facts'), /trustworthiness/);
    await shotOf(page, '#reduce-section', 'analysis-2-reduce-tsne.png');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  test('PCA 3-D renders with echarts-gl (rotatable canvas, no console errors); LDA gives genre-separating axes', { timeout: 120_000 }, async () => {
    const { page, log } = await open(browser.context, server.url);
    await loadDemo(page);
    const r = await runMap(page, { method: 'pca', dims: 3 });
    assert.equal(r.n_components, 3);
    assert.ok(r.points.every((p) => p.length === 3));
    await page.waitForSelector('#reduce-scatter-chart canvas');
    const info = await page.evaluate(() => {
      const chart = window.genrelab.echarts.getInstanceByDom(document.getElementById('reduce-scatter-chart'));
      const o = chart.getOption();
      return { types: [...new Set(o.series.map((s) => s.type))], grid3D: Boolean(o.grid3D?.length), n: o.series.reduce((a, s) => a + s.data.length, 0) };
    });
    assert.deepEqual(info.types, ['scatter3D']);
    assert.ok(info.grid3D);
    assert.equal(info.n, r.n_used);
    assert.ok(await page.isHidden('#reduce-scatter-svg'), 'no SVG export for a WebGL chart');
    const png = await download(page, '#reduce-scatter-png');
    assert.deepEqual([...png.buffer.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.match(png.name, /^pca-3d-map\.png$/);
    // drag to rotate: the view angle changes
    const box = await page.locator('#reduce-scatter-chart').boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 30, { steps: 8 });
    await page.mouse.up();
    // and from the keyboard: the turn buttons move the camera
    const beta = () => page.evaluate(() => window.genrelab.echarts.getInstanceByDom(document.getElementById('reduce-scatter-chart')).getOption().grid3D[0].viewControl.beta);
    await page.waitForTimeout(1500); // the drag's momentum settles
    const beta0 = await beta();
    await page.focus('#reduce-turn-right');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    const turned = (((await beta()) - beta0) % 360 + 360) % 360;
    assert.ok(Math.abs(turned - 40) < 5, `two presses turn the view by 40°, not ${turned}`);
    await page.waitForTimeout(800);
    await shotOf(page, '#reduce-scatter', 'analysis-3-reduce-pca-3d.png');

    const lda = await runMap(page, { method: 'lda', dims: 2 });
    assert.equal(lda.method, 'lda');
    assert.equal(lda.explained_variance_ratio.length >= 2, true);
    assert.ok(lda.explained_variance_ratio[0] >= lda.explained_variance_ratio[1]);
    assert.match(await page.textContent('#reduce-scatter-title'), /LDA map of 6,000 songs/);
    assert.match(await page.textContent('#reduce-result-heading'), /LDA in 2-D/);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  test('k-means k=10: the cluster × genre table sums to the songs used, scores, songs of a cluster; colour the map by cluster', { timeout: 180_000 }, async () => {
    const { page, log } = await open(browser.context, server.url);
    await loadDemo(page);
    const r = await runClusters(page, { method: 'kmeans', k: 10 });
    assert.equal(r.k, 10);
    assert.equal(r.assignments.length, r.n_used);
    assert.equal(r.sizes.reduce((a, b) => a + b, 0), r.n_used);
    const rows = await tableCells(page, 'contingency-table');
    assert.equal(rows.length, 10);
    const cells = rows.map((row) => row.slice(1, -1).map(num));
    const total = cells.flat().reduce((a, b) => a + b, 0);
    assert.equal(total, r.n_used, 'every song used is in one cell');
    rows.forEach((row, c) => assert.equal(num(row.at(-1)), cells[c].reduce((a, b) => a + b, 0), `row ${c + 1} total`));
    // each cluster's size in the table = the number of songs assigned to it
    const counted = Array(10).fill(0);
    r.assignments.forEach((a) => counted[a]++);
    assert.deepEqual(rows.map((row) => num(row.at(-1))), counted);
    // scores with their explanations
    for (const id of ['cluster-inertia', 'cluster-silhouette', 'cluster-ari', 'cluster-nmi']) assert.ok(await page.isVisible(`#${id}`), id);
    assert.ok(r.silhouette > -1 && r.silhouette < 1 && r.ari > -1 && r.ari <= 1 && r.nmi >= 0 && r.nmi <= 1);
    assert.ok(r.inertia > 0);
    // centres drawn
    const centres = await page.evaluate(() => {
      const chart = window.genrelab.echarts.getInstanceByDom(document.getElementById('cluster-scatter-chart'));
      return chart.getOption().series.find((s) => s.symbol === 'diamond')?.data.length;
    });
    assert.equal(centres, 10);

    // the songs of cluster 3: from the CSV lines the engine gives, with their genres
    await page.selectOption('#cluster-songs-select', '2');
    await page.waitForFunction(() => /cluster 3/.test(document.querySelector('#cluster-songs-table caption')?.textContent ?? ''));
    const listed = await tableCells(page, 'cluster-songs-table');
    assert.ok(listed.length >= 1 && listed.length <= 50);
    const songs = demoByLine();
    for (const row of listed.slice(0, 5)) {
      const s = songs.get(Number(row[0]));
      assert.deepEqual(row.slice(1), [s.title, s.artist, s.genre], `line ${row[0]}`);
    }
    await shotOf(page, '#cluster-section', 'analysis-4-cluster-kmeans.png');

    // the map coloured by these clusters
    await runMap(page, { method: 'pca', dims: 2 });
    await page.selectOption('#reduce-colour', 'cluster');
    await page.waitForFunction(() => /cluster 1/.test(JSON.stringify(window.genrelab.echarts.getInstanceByDom(document.getElementById('reduce-scatter-chart'))?.getOption().legend?.[0]?.data ?? window.genrelab.echarts.getInstanceByDom(document.getElementById('reduce-scatter-chart'))?.getOption().series.map((s) => s.name))));
    const names = await page.evaluate(() => window.genrelab.echarts.getInstanceByDom(document.getElementById('reduce-scatter-chart')).getOption().series.map((s) => s.name));
    assert.deepEqual(names.slice(0, 10), Array.from({ length: 10 }, (_, i) => `cluster ${i + 1}`));
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  test('GMM with ellipses, and the elbow over k = 2..6 gives 5 points per curve', { timeout: 240_000 }, async () => {
    const { page, log } = await open(browser.context, server.url);
    await loadDemo(page);
    const g = await runClusters(page, { method: 'gmm', k: 4, covariance: 'full' });
    assert.equal(g.ellipses_2d.length, 4);
    assert.ok(Number.isFinite(g.bic) && Number.isFinite(g.log_likelihood));
    assert.ok(await page.isVisible('#cluster-bic'));
    const ellipse = await page.evaluate(() => window.genrelab.echarts.getInstanceByDom(document.getElementById('cluster-scatter-chart')).getOption().series.some((s) => s.type === 'line'));
    assert.ok(ellipse, 'the ellipses are drawn');

    await page.selectOption('#elbow-method', 'kmeans');
    await page.fill('#elbow-k-min', '2');
    await page.fill('#elbow-k-max', '6');
    const before = await page.evaluate(() => window.genrelab.store.get().elbow?.run ?? 0);
    await page.click('#elbow-run');
    const e = await waitRun(page, 'elbow', before, 200_000);
    assert.deepEqual(e.k, [2, 3, 4, 5, 6]);
    assert.equal(e.inertia.length, 5);
    assert.ok(e.inertia[4] < e.inertia[0], 'inertia falls from k = 2 to 6');
    const table = await tableCells(page, 'elbow-table');
    assert.equal(table.length, 5);
    const inertiaPoints = await page.evaluate(() => window.genrelab.echarts.getInstanceByDom(document.getElementById('elbow-inertia-chart')).getOption().series[0].data.length);
    assert.equal(inertiaPoints, 5);
    assert.ok(await page.isVisible('#elbow-silhouette-chart'));
    await shotOf(page, '#cluster-section', 'analysis-5-cluster-gmm-elbow.png');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  test('keyboard and phone: labelled controls, Run from the keyboard moves focus to Cancel, errors are readable; dark phone screenshot', { timeout: 120_000 }, async () => {
    const { page, log } = await open(browser.context, server.url, { viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    await loadDemo(page);
    const unlabelled = await page.$$eval('#reduce-form input, #reduce-form select, #cluster-form input, #cluster-form select, #elbow-form input, #elbow-form select', (els) => els.filter((e) => !e.labels?.length).map((e) => e.id));
    assert.deepEqual(unlabelled, []);
    // a bad k is refused with a sentence, nothing runs
    await page.fill('#cluster-k', '1');
    await page.click('#cluster-run');
    await page.waitForSelector('#cluster-error:not([hidden])');
    assert.match(await page.textContent('#cluster-error'), /k must be a whole number from 2/);
    // the engine's own refusal: more clusters than songs
    await page.fill('#cluster-k', '7000');
    await page.click('#cluster-run');
    await page.waitForFunction(() => !window.genrelab.store.get().clusterJob && window.genrelab.store.get().clusterError, null, { timeout: 60_000 });
    const engineError = await page.textContent('#cluster-error');
    assert.match(engineError, /7,?000|rows|songs/, engineError);

    await page.selectOption('#reduce-method', 'tsne');
    await page.focus('#reduce-run');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'reduce-cancel', null, { timeout: 20_000 });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !window.genrelab.store.get().reduceJob, null, { timeout: 15_000 });
    const focus = await page.evaluate(() => document.activeElement?.id);
    assert.equal(focus, 'reduce-run', 'focus goes back to Run after a cancel');

    await page.fill('#cluster-k', '5');
    await runClusters(page, { method: 'kmeans', k: 5 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `no sideways scrolling at phone width (${overflow}px)`);
    await shotOf(page, '#cluster-section', 'analysis-6-cluster-phone-dark.png');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  test('?hide=explore hides the map and the clustering too (they belong to exploring)', { timeout: 60_000 }, async () => {
    const { page } = await open(browser.context, server.url + '?dataset=demo&hide=explore');
    await page.waitForFunction(() => window.genrelab.store.get().dataset, null, { timeout: 30_000 });
    for (const id of ['explore-section', 'reduce-section', 'cluster-section']) assert.equal(await page.isVisible(`#${id}`), false, id);
    assert.equal(await page.isVisible('#setup-section'), true);
    await page.close();
  });

  test('music_genre.csv: t-SNE of 10,000 real songs finishes in the worker with progress', { timeout: 420_000, skip: existsSync(MUSIC) ? false : `${MUSIC} is absent` }, async () => {
    const { page, log } = await open(browser.context, server.url);
    await uploadFile(page, MUSIC, { timeout: 120_000 });
    await page.evaluate(() => {
      window.__fractions = [];
      window.genrelab.store.subscribe((s) => s.reduceJob && window.__fractions.push([s.reduceJob.fraction, performance.now(), s.reduceJob.stage]));
    });
    const t0 = Date.now();
    const r = await runMap(page, { method: 'tsne', dims: 2, maxRows: 10000 }, { timeout: 400_000 });
    const seconds = (Date.now() - t0) / 1000;
    const fractions = await page.evaluate(() => window.__fractions);
    // the longest gap between two progress messages: the page never froze waiting for the worker
    let gap = 0, gapStage = '';
    for (let i = 1; i < fractions.length; i++) {
      const d = fractions[i][1] - fractions[i - 1][1];
      if (d > gap) [gap, gapStage] = [d, `${fractions[i - 1][2]} → ${fractions[i][2]}`];
    }
    console.log(`# t-SNE of ${r.n_used} of ${r.n_rows} music_genre songs: ${seconds.toFixed(1)} s in the worker, ${fractions.length} progress updates, longest gap ${(gap / 1000).toFixed(2)} s (${gapStage}), KL ${r.kl_divergence?.toFixed?.(3)}, trustworthiness ${r.trustworthiness?.toFixed?.(3)}`);
    assert.equal(r.n_used, 10000);
    assert.equal(r.sampled, true);
    assert.ok(r.note.length > 0, 'the sampling is explained');
    assert.equal(r.points.length, 10000);
    assert.ok(new Set(fractions.map(([f]) => f.toFixed(2))).size >= 10, 'progress moved');
    // each step is meant to take ~50 ms; 10 s leaves room for a machine busy with other work
    assert.ok(gap < 10_000, `progress at least every 10 s (longest gap ${gap} ms, ${gapStage})`);
    assert.ok(r.trustworthiness > 0.8);
    assert.ok(await page.isVisible('#reduce-note'));
    assert.ok(r.hover.title?.length === 10000 && r.hover.artist?.length === 10000, 'music_genre has track_name and artist_name');
    await shotOf(page, '#reduce-section', 'analysis-7-reduce-tsne-music-genre.png');
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
