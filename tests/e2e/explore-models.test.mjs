// The page as a teaching tool, in headless Chromium against the production build (web/dist) served under a
// sub-path: the Explore views with their tables and image export, saving a trained model and loading it back,
// a corrupt model file, classifying one song and a CSV of songs, the share link, and the address options
// (?dataset=demo&step=classify, ?model=, ?hide=). Run: npx vite build && node --test tests/e2e/
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  DIST, chooseColumns, download, foreignRequests, launch, loadDemo, openPage, parseCsv, requireDist, shot, skipReason, startServer,
  shotOf, trainAndWait, waitActiveModel, waitExplored, waitLoaded,
} from './helpers.mjs';

const reason = skipReason();
if (reason) console.log(`# SKIP e2e: ${reason}`);

const DEMO_CSV = () => readFileSync(join(DIST, 'demo', 'songs-demo.csv'), 'utf8');
const FEATURES = ['popularity', 'acousticness', 'danceability', 'duration_ms', 'energy', 'instrumentalness', 'key', 'liveness', 'loudness',
  'mode', 'speechiness', 'tempo', 'valence'];

// The first `n` demo songs as {column: value} objects (numbers as numbers, '?' and '' as null).
function demoRows(n) {
  const [header, ...rows] = parseCsv(DEMO_CSV());
  return rows.slice(0, n).map((cells) => {
    const o = {};
    header.forEach((name, i) => {
      if (!FEATURES.includes(name)) return;
      const c = cells[i];
      o[name] = c === '' || c === '?' ? null : Number.isFinite(Number(c)) ? Number(c) : c;
    });
    return o;
  });
}

// Reads the cells of a <table> body: rows of trimmed texts (th and td).
const tableCells = (page, id) =>
  page.$$eval(`#${id} tbody tr`, (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));

const num = (text) => Number(text.replace(/[^\d.eE+−-]/g, '').replace('−', '-'));

describe('explore, models, classify, share', { skip: reason ?? false }, () => {
  let server, browser, tmp;
  before(async () => {
    requireDist();
    server = await startServer();
    browser = await launch();
    tmp = mkdtempSync(join(tmpdir(), 'genrelab-e2e-'));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('explore: class balance, histogram and box plots by genre, correlations and means — each with a table and PNG/SVG export', { timeout: 120_000 }, async () => {
    const { page, log } = await openPage(browser.context, server.url);
    await loadDemo(page);
    await waitExplored(page);
    assert.match(await page.textContent('#explore-summary'), /6,000 songs, 13 numeric columns, grouped by “genre” \(10 genres/);

    // every chart drew on canvas and has its table
    for (const id of ['class-balance', 'means-by-genre', 'histogram', 'box-by-genre', 'corr-pearson', 'corr-spearman']) {
      assert.ok(await page.locator(`#${id}-chart canvas`).count() >= 1, `${id} has a canvas`);
      assert.ok((await page.getAttribute(`#${id}-chart`, 'aria-label')).length > 20, `${id} has a description`);
      assert.equal(await page.locator(`#${id}-details table`).count(), 1, `${id} has a table alternative`);
    }
    const balance = await tableCells(page, 'class-balance-table');
    assert.equal(balance.length, 10);
    assert.equal(balance.reduce((a, r) => a + num(r[1]), 0), 6000);

    // the feature picker redraws the histogram and the box plots; the histogram's counts add up to the songs with a tempo
    await page.selectOption('#explore-feature', 'tempo');
    await page.waitForFunction(() => /tempo/.test(document.getElementById('histogram-title').textContent));
    assert.match(await page.textContent('#box-by-genre-title'), /tempo by genre/);
    const profileMissing = await page.evaluate(() => window.genrelab.store.get().dataset.columns.find((c) => c.name === 'tempo').missing);
    const hist = await tableCells(page, 'histogram-table');
    assert.ok(hist.length >= 5 && hist.length <= 100, `histogram bins: ${hist.length}`);
    assert.equal(hist.reduce((a, r) => a + num(r[3]), 0), 6000 - profileMissing);
    const boxes = await tableCells(page, 'box-table');
    assert.equal(boxes.length, 11, 'all songs + one row per genre');
    assert.equal(boxes[0][0], 'all songs');
    for (const r of boxes) {
      const [min, wl, q1, med, q3, wh, max] = r.slice(2, 9).map(num);
      assert.ok(min <= wl && wl <= q1 && q1 <= med && med <= q3 && q3 <= wh && wh <= max, `box order for ${r[0]}: ${r.join(' ')}`);
    }

    // correlation tables: 13×13, diagonal 1.00, symmetric, within [−1, 1]
    for (const method of ['pearson', 'spearman']) {
      const rows = await tableCells(page, `corr-${method}-table`);
      assert.equal(rows.length, 13);
      rows.forEach((r, i) => {
        assert.equal(r.length, 14);
        assert.equal(r[i + 1], '1.00', `${method} diagonal`);
        r.slice(1).forEach((v, j) => {
          assert.equal(v, rows[j][i + 1], `${method} symmetric at ${i},${j}`);
          assert.ok(Math.abs(num(v)) <= 1);
        });
      });
    }
    const means = await tableCells(page, 'means-table');
    assert.equal(means.length, 11);
    assert.equal(means[10][0], 'all songs');
    // one genre at a time
    await page.selectOption('#means-genre', 'classical');
    await page.waitForFunction(() => /classical/.test(document.getElementById('means-by-genre-title').textContent));
    assert.equal((await tableCells(page, 'means-table')).length, 2);

    // the table alternative opens from the keyboard
    await page.focus('#corr-pearson-details summary');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('#corr-pearson-details', 'open'), '');

    // PNG and SVG export
    const png = await download(page, '#histogram-png');
    assert.match(png.name, /^histogram-tempo\.png$/);
    assert.deepEqual([...png.buffer.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
    const svg = await download(page, '#corr-spearman-svg');
    assert.match(svg.name, /^correlation-spearman\.svg$/);
    assert.match(svg.text, /^<svg[\s\S]*<\/svg>\s*$/);
    assert.match(svg.text, /tempo/, 'the SVG has the axis labels as text');

    await shotOf(page, '#explore-section', '12-explore.png');
    assert.deepEqual(log.errors, [], 'no console errors');
    assert.deepEqual(foreignRequests(log, server.origin), [], 'no request leaves the page origin');
    await page.close();
  });

  test('download the trained model, load it back, same predictions; a corrupt or foreign file is refused and nothing is lost', { timeout: 180_000 }, async () => {
    const { page, log } = await openPage(browser.context, server.url);
    await loadDemo(page);
    const report = await trainAndWait(page);
    await waitActiveModel(page, 'trained');
    const rows = demoRows(25);
    const predictWith = () =>
      page.evaluate(async (rs) => {
        const { client, store } = window.genrelab;
        return client.call('predictRows', { model: store.get().active.id, rows: rs });
      }, rows);
    const before = await predictWith();

    // one song through the form with the trained model
    await page.click('#classify-button');
    await page.waitForSelector('#predicted-genre');
    const formGenre = await page.textContent('#predicted-genre');

    const saved = await download(page, '#download-model');
    assert.match(saved.name, /^genrelab-genre-knn-k12-seed42\.model\.json$/);
    const model = JSON.parse(saved.text);
    assert.equal(model.format, 'genrelab-model');
    assert.deepEqual(model.classes, report.classes);
    const file = join(tmp, saved.name);
    writeFileSync(file, saved.buffer);

    await page.setInputFiles('#model-file-input', file);
    await waitActiveModel(page, 'file');
    assert.match(await page.textContent('#model-origin'), /loaded from a file/);
    assert.match(await page.textContent('#model-intended-use'), /Teaching/);
    assert.equal((await page.textContent('#model-classes')).split(', ').length, 10);
    assert.equal(await page.locator('#model-card-table tbody tr').count(), 10);
    assert.ok(await page.locator('#model-caveats li').count() >= 1);
    const after = await predictWith();
    assert.deepEqual(after.predicted, before.predicted, 'the loaded model predicts what the trained one did');
    after.scores.forEach((row, i) => row.forEach((p, c) => assert.ok(Math.abs(p - before.scores[i][c]) < 1e-12)));
    await page.click('#classify-button');
    await page.waitForFunction((g) => window.genrelab.store.get().single?.result?.predicted_labels?.[0] === g, formGenre);
    await page.click('#model-card-metrics summary');
    await shotOf(page, '#models-section', '13-model-card.png');

    // a damaged file: the alert names the problem; the data, the results and the loaded model stay
    const broken = join(tmp, 'broken.model.json');
    writeFileSync(broken, saved.text.slice(0, 4000));
    await page.setInputFiles('#model-file-input', broken);
    await page.waitForSelector('#alert-text');
    assert.match(await page.textContent('#alert-text'), /broken\.model\.json.*not valid JSON/);
    const st = await page.evaluate(() => {
      const s = window.genrelab.store.get();
      return { rows: s.dataset?.n_rows, report: Boolean(s.report), origin: s.active?.origin, name: s.active?.name };
    });
    assert.deepEqual(st, { rows: 6000, report: true, origin: 'file', name: saved.name });
    assert.match(await page.textContent('#model-error'), /not valid JSON.*unchanged/, 'the problem is also shown beside the model loader');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shotOf(page, null, '14-corrupt-model-alert.png');
    await page.click('#dismiss-alert');

    // a JSON file that is not a Genrelab model
    const foreign = join(tmp, 'package.json');
    writeFileSync(foreign, JSON.stringify({ name: 'x', version: '1.0.0' }));
    await page.setInputFiles('#model-file-input', foreign);
    await page.waitForSelector('#alert-text');
    assert.match(await page.textContent('#alert-text'), /package\.json.*not a Genrelab model/i);
    assert.equal(await page.evaluate(() => window.genrelab.store.get().dataset.n_rows), 6000);
    assert.deepEqual(await predictWith().then((p) => p.predicted), before.predicted, 'the model in use still works');

    assert.deepEqual(log.errors, []);
    assert.deepEqual(foreignRequests(log, server.origin), []);
    await page.close();
  });

  test('classify one song through the form with a shipped model (slider ranges from the feature names)', { timeout: 60_000 }, async () => {
    const { page, log } = await openPage(browser.context, server.url);
    await page.waitForSelector('#shipped-models button');
    assert.match(await page.textContent('#shipped-models'), /Demo kNN/);
    await page.click('#shipped-models button[data-file="demo-knn.model.json"]');
    await waitActiveModel(page, 'shipped');
    assert.match(await page.textContent('#model-card-title'), /Demo kNN/);

    // no data loaded: ranges come from the names
    const range = (name) => page.evaluate((n) => {
      const num = document.querySelector(`#song-form input[type=number][name="${n}"]`);
      const slider = document.getElementById(`${num.id}-range`);
      return { min: Number(slider.min), max: Number(slider.max), value: Number(num.value) };
    }, name);
    assert.deepEqual(await range('energy'), { min: 0, max: 1, value: 0.5 });
    assert.deepEqual(await range('tempo'), { min: 40, max: 220, value: 120 });
    assert.deepEqual(await range('loudness'), { min: -60, max: 0, value: -8 });
    assert.equal(await page.locator('#song-form select[name=key] option').count(), 12);
    assert.equal(await page.locator('#song-form select[name=mode] option').count(), 2);

    // a loud, fast, non-acoustic song; keyboard on the slider moves the number box too
    const set = async (name, value) => {
      await page.fill(`#song-form input[type=number][name="${name}"]`, String(value));
      await page.locator(`#song-form input[type=number][name="${name}"]`).dispatchEvent('input');
    };
    await set('energy', 0.97);
    await set('acousticness', 0.01);
    await set('loudness', -4);
    await set('instrumentalness', 0.6);
    await set('tempo', 150);
    const tempoRange = await page.evaluate(() => document.querySelector('#song-form input[name="tempo"]').id + '-range');
    await page.focus(`#${tempoRange}`);
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.inputValue('#song-form input[type=number][name="tempo"]'), '151');
    await page.selectOption('#song-form select[name=mode]', 'Minor');
    await page.focus('#classify-button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#predicted-genre');
    const genre = await page.textContent('#predicted-genre');
    const items = await page.$$eval('#prob-list li', (lis) => lis.map((li) => [li.dataset.class, Number(li.dataset.value)]));
    assert.equal(items.length, 10);
    assert.equal(items[0][0], genre, 'the first bar is the predicted genre');
    assert.ok(Math.abs(items.reduce((a, [, p]) => a + p, 0) - 1) < 1e-9, 'probabilities sum to 1');
    for (let i = 1; i < items.length; i++) assert.ok(items[i - 1][1] >= items[i][1], 'bars sorted by probability');
    await shotOf(page, '#classify-section', '15-classify-one.png');
    assert.deepEqual(log.errors, []);
    assert.deepEqual(foreignRequests(log, server.origin), []);
    await page.close();
  });

  test('upload an unlabelled CSV, see the predictions, download them as CSV', { timeout: 120_000 }, async () => {
    // the first 300 demo songs without their genre column (the last one; genre names hold no comma)
    const lines = DEMO_CSV().trim().split('\n').slice(0, 301).map((l) => l.slice(0, l.lastIndexOf(',')));
    const file = join(tmp, 'new-songs.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const { page, log } = await openPage(browser.context, server.url + '?model=demo-knn.model.json');
    await waitActiveModel(page, 'shipped');
    await page.setInputFiles('#classify-file-input', file);
    await page.waitForSelector('#predictions-table tbody tr', { timeout: 60_000 });
    assert.match(await page.textContent('#batch-summary'), /300 songs classified from new-songs\.csv/);
    const shown = await tableCells(page, 'predictions-table');
    assert.equal(shown.length, 100);
    const header = await page.$$eval('#predictions-table thead th', (ths) => ths.map((t) => t.textContent.trim()));
    assert.deepEqual(header.slice(0, 4), ['#', 'track_id', 'artist_name', 'track_name']);
    assert.equal(header[4], 'predicted genre');
    assert.equal(await page.evaluate(() => window.genrelab.store.get().dataset), null, 'the songs to classify do not replace the training data');

    const got = await download(page, '#download-predictions');
    assert.equal(got.name, 'new-songs-predictions.csv');
    const csv = parseCsv(got.text);
    const [head, ...body] = csv;
    assert.equal(body.length, 300);
    const classes = await page.evaluate(() => window.genrelab.store.get().active.info.classes);
    assert.deepEqual(head, [...parseCsv(lines[0] + '\n')[0], 'predicted_genre', ...classes.map((c) => `p_${c}`)]);
    for (const row of body) assert.equal(row.length, head.length);
    const pi = head.indexOf('predicted_genre');
    body.slice(0, 100).forEach((row, i) => {
      assert.equal(row[pi], shown[i][4], `row ${i + 1}: CSV and table agree`);
      assert.equal(row[0], shown[i][1]);
      const ps = row.slice(pi + 1).map(Number);
      assert.ok(Math.abs(ps.reduce((a, b) => a + b, 0) - 1) < 1e-4);
      assert.equal(classes[ps.indexOf(Math.max(...ps))], row[pi]);
    });
    await shotOf(page, '#classify-section', '16-classify-csv.png');
    assert.deepEqual(log.errors, []);
    assert.deepEqual(foreignRequests(log, server.origin), []);
    await page.close();
  });

  test('the share link reproduces the recipe and the model on the same data', { timeout: 180_000 }, async () => {
    const { page, log } = await openPage(browser.context, server.url);
    await loadDemo(page);
    await chooseColumns(page, { features: FEATURES.filter((f) => f !== 'popularity' && f !== 'key'), k: 7 });
    await page.selectOption('#weights-select', 'distance');
    await page.fill('#seed-input', '5');
    await page.locator('#seed-input').dispatchEvent('change');
    await page.fill('#test-fraction-input', '0.25');
    await page.locator('#test-fraction-input').dispatchEvent('change');
    const first = await trainAndWait(page);
    const link = await page.inputValue('#share-link');
    assert.match(link, /#recipe=[A-Za-z0-9_-]+$/);
    assert.equal(await page.evaluate(() => location.href), link, 'the address bar holds the same link');
    assert.doesNotMatch(decodeURIComponent(link), /reggae|GL00001/, 'no data in the link');
    await shotOf(page, '#setup-section', '17-share.png');
    await page.close();

    const second = await openPage(browser.context, link);
    assert.match(await second.page.textContent('#status'), /link carries a recipe/);
    await loadDemo(second.page);
    assert.match(await second.page.textContent('#status'), /Applied the recipe from the link/);
    assert.equal(await second.page.inputValue('#k-input'), '7');
    assert.equal(await second.page.inputValue('#weights-select'), 'distance');
    assert.equal(await second.page.inputValue('#seed-input'), '5');
    assert.equal(await second.page.inputValue('#test-fraction-input'), '0.25');
    const checked = await second.page.$$eval('#feature-list input:checked', (els) => els.map((e) => e.value));
    assert.deepEqual(checked, FEATURES.filter((f) => f !== 'popularity' && f !== 'key'));
    const again = await trainAndWait(second.page);
    assert.equal(again.n_test, first.n_test);
    assert.equal(again.metrics.accuracy, first.metrics.accuracy, 'same recipe, same data → same accuracy');
    assert.deepEqual(again.metrics.confusion, first.metrics.confusion);

    // a file without the recipe's columns leaves it waiting and says why
    const third = await openPage(browser.context, link);
    const small = join(tmp, 'other.csv');
    writeFileSync(small, 'tempo,energy,style\n' + Array.from({ length: 40 }, (_, i) => `${100 + i},${(i % 10) / 10},${i % 2 ? 'a' : 'b'}`).join('\n') + '\n');
    await third.page.setInputFiles('#file-input', small);
    await waitLoaded(third.page, 'other.csv');
    assert.match(await third.page.textContent('#status'), /recipe needs columns .*“genre”/);
    assert.ok(await third.page.evaluate(() => window.genrelab.store.get().pendingRecipe !== null));
    for (const l of [log, second.log, third.log]) {
      assert.deepEqual(l.errors, []);
      assert.deepEqual(foreignRequests(l, server.origin), []);
    }
    await second.page.close();
    await third.page.close();
  });

  test('?dataset=demo&step=classify opens ready to classify; ?hide= hides panels', { timeout: 120_000 }, async () => {
    const { page, log } = await openPage(browser.context, server.url + '?dataset=demo&step=classify');
    await page.waitForFunction(() => document.documentElement.dataset.started === 'true', null, { timeout: 60_000 });
    const st = await page.evaluate(() => {
      const s = window.genrelab.store.get();
      return { rows: s.dataset?.n_rows, origin: s.active?.origin, focused: document.activeElement?.id };
    });
    assert.deepEqual(st, { rows: 6000, origin: 'shipped', focused: 'classify-heading' });
    // with data loaded, the sliders span the data's range
    const tempo = await page.evaluate(() => {
      const n = document.querySelector('#song-form input[type=number][name="tempo"]');
      const r = document.getElementById(`${n.id}-range`);
      const p = window.genrelab.store.get().dataset.columns.find((c) => c.name === 'tempo');
      return { min: Number(r.min), max: Number(r.max), pmin: p.min, pmax: p.max };
    });
    assert.equal(tempo.min, tempo.pmin);
    assert.equal(tempo.max, tempo.pmax);
    await page.click('#classify-button');
    await page.waitForSelector('#predicted-genre');
    assert.ok((await page.textContent('#predicted-genre')).length > 0);
    await shotOf(page, null, '18-step-classify.png');
    assert.deepEqual(log.errors, []);
    await page.close();

    const embed = await openPage(browser.context, server.url + '?dataset=demo&model=demo-knn.model.json&hide=load,profile,explore,train,results&step=classify',
      { viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    await embed.page.waitForFunction(() => document.documentElement.dataset.started === 'true', null, { timeout: 60_000 });
    for (const id of ['load-section', 'profile-section', 'explore-section', 'setup-section', 'results-section']) {
      assert.equal(await embed.page.isVisible(`#${id}`), false, `${id} is hidden`);
    }
    assert.equal(await embed.page.isVisible('#classify-section'), true);
    assert.equal(await embed.page.isVisible('#models-section'), true);
    await embed.page.click('#classify-button');
    await embed.page.waitForSelector('#predicted-genre');
    const width = await embed.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling at phone width (scrollWidth ${width})`);
    await shot(embed.page, '19-embed-phone-dark.png');

    // unknown options are named, not fatal
    const odd = await openPage(browser.context, server.url + '?hide=everything&model=../../etc/passwd');
    assert.match(await odd.page.textContent('#status'), /no panel called "everything".*shipped model file/);
    for (const l of [log, embed.log, odd.log]) {
      assert.deepEqual(l.errors, []);
      assert.deepEqual(foreignRequests(l, server.origin), []);
    }
    await embed.page.close();
    await odd.page.close();
  });

  test('explore at phone width in the dark scheme fits the screen', { timeout: 90_000 }, async () => {
    const { page, log } = await openPage(browser.context, server.url + '?dataset=demo', { viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    await waitLoaded(page, 'songs-demo.csv');
    await waitExplored(page);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling at phone width (scrollWidth ${width})`);
    await shotOf(page, '#explore-section', '20-explore-phone-dark.png');
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
