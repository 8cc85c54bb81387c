// What a person does on the page, in headless Chromium against the production build (web/dist), served
// under a sub-path by a tiny static server. Run: npx vite build && node --test tests/e2e/
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  chooseColumns, confusionTable, uploadFile, waitLoaded, foreignRequests, launch, loadDemo, openPage, requireDist, shot, skipReason, startServer, trainAndWait,
} from './helpers.mjs';

const reason = skipReason();
if (reason) console.log(`# SKIP e2e: ${reason}`);

// A small, well separated CSV with a header, made here (3 classes × 40 rows, seeded).
function smallCsv() {
  let s = 7;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const lines = ['song_id,title,tempo,energy,loudness,style'];
  const centres = { calm: [80, 0.2, -18], lively: [128, 0.8, -6], heavy: [160, 0.95, -4] };
  let n = 0;
  for (let i = 0; i < 40; i++) {
    for (const [name, [t, e, l]] of Object.entries(centres)) {
      n++;
      lines.push(`S${n},Song ${n},${(t + (rnd() - 0.5) * 30).toFixed(2)},${(e + (rnd() - 0.5) * 0.2).toFixed(3)},${(l + (rnd() - 0.5) * 4).toFixed(2)},${name}`);
    }
  }
  return lines.join('\n') + '\n';
}

// A CSV big enough that brute-force kNN takes a while (for the cancel test): 60,000 rows × 10 features.
function bigCsv() {
  let s = 11;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const cols = Array.from({ length: 10 }, (_, i) => `f${i}`);
  const lines = [[...cols, 'genre'].join(',')];
  for (let i = 0; i < 60_000; i++) {
    const g = i % 5;
    lines.push([...cols.map((_, j) => (rnd() * 10 + ((g * (j + 1)) % 7)).toFixed(3)), `g${g}`].join(','));
  }
  return lines.join('\n') + '\n';
}

describe('genrelab page', { skip: reason ?? false }, () => {
  let server, browser, tmp;
  before(async () => {
    requireDist();
    server = await startServer();
    browser = await launch();
    tmp = mkdtempSync(join(tmpdir(), 'genrelab-csv-'));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('demo: load → profile → train kNN → accuracy and confusion matrix, all from its own origin', { timeout: 120_000 }, async () => {
    const { page, log } = await openPage(browser.context, server.url);
    await shot(page, '01-start.png');
    await loadDemo(page);

    const names = await page.$$eval('#profile-table tbody th', (ths) => ths.map((t) => t.textContent.trim()));
    assert.deepEqual(names, ['track_id', 'artist_name', 'track_name', 'popularity', 'acousticness', 'danceability', 'duration_ms', 'energy',
      'instrumentalness', 'key', 'liveness', 'loudness', 'mode', 'speechiness', 'tempo', 'valence', 'genre']);
    assert.match(await page.textContent('#source-info'), /songs-demo\.csv.*6,000 rows/);
    assert.equal(await page.inputValue('#label-select'), 'genre');
    const checked = await page.$$eval('#feature-list input:checked', (els) => els.map((e) => e.value));
    for (const id of ['track_id', 'artist_name', 'track_name']) assert.ok(!checked.includes(id), `${id} must not be a default feature`);
    assert.ok(checked.includes('tempo') && checked.includes('loudness'), `default features: ${checked}`);
    assert.equal(await page.inputValue('#k-input'), '12');
    await shot(page, '02-demo-profile.png');

    const report = await trainAndWait(page);
    const acc = Number(await page.getAttribute('#accuracy-value', 'data-value'));
    assert.ok(acc > 0.4 && acc < 0.75, `demo accuracy ${acc} is outside the plausible 0.40–0.75`);
    assert.match(await page.textContent('#accuracy-value'), /\d+\.\d %/);
    assert.equal(report.classes.length, 10);
    assert.ok(Math.abs(report.n_test - 1200) <= 2, `n_test ${report.n_test}`);

    // chart drawn on canvas, with a K×K table alternative summing to the test size
    assert.ok(await page.locator('#confusion-chart canvas').count() >= 1, 'the confusion chart has a canvas');
    const { classes, cells } = await confusionTable(page);
    assert.equal(classes.length, 10);
    assert.equal(cells.length, 10);
    for (const row of cells) assert.equal(row.length, 10);
    assert.equal(cells.flat().reduce((a, b) => a + b, 0), report.n_test);
    assert.equal(await page.locator('#per-class-table tbody tr').count(), 10);
    await shot(page, '03-demo-results.png');

    assert.deepEqual(log.errors, [], 'no console errors');
    assert.deepEqual(foreignRequests(log, server.origin), [], 'no request leaves the page origin');
    assert.ok(log.requests.some((u) => u.endsWith('.wasm')), `the wasm module was fetched (requests: ${log.requests.join(' ')})`);
    await page.close();
  });

  test('upload a CSV through the file input and train', { timeout: 60_000 }, async () => {
    const file = join(tmp, 'three-styles.csv');
    writeFileSync(file, smallCsv());
    const { page, log } = await openPage(browser.context, server.url);
    await uploadFile(page, file);
    assert.match(await page.textContent('#source-info'), /three-styles\.csv.*120 rows/);
    assert.equal(await page.inputValue('#label-select'), 'style');
    await chooseColumns(page, { features: ['tempo', 'energy', 'loudness'], k: 5 });
    const report = await trainAndWait(page);
    assert.deepEqual([...report.classes].sort(), ['calm', 'heavy', 'lively']);
    const acc = Number(await page.getAttribute('#accuracy-value', 'data-value'));
    assert.ok(acc >= 0.8, `well separated classes: accuracy ${acc}`);
    const { cells } = await confusionTable(page);
    assert.equal(cells.flat().reduce((a, b) => a + b, 0), report.n_test);
    await shot(page, '04-upload-results.png');

    // drag-and-drop onto the drop zone loads a file too
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
      const zone = document.getElementById('drop-zone');
      for (const type of ['dragenter', 'dragover', 'drop']) zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, smallCsv());
    await waitLoaded(page, 'dropped.csv');
    assert.equal(await page.evaluate(() => window.genrelab.store.get().report), null, 'a new file clears the old results');

    // a file over the limit is refused before it is read
    await page.evaluate(() => window.genrelab.actions.loadFile({ name: 'huge.csv', size: 600 * 2 ** 20, arrayBuffer: () => { throw new Error('must not be read'); } }));
    const alertText = await page.textContent('[role=alert]');
    assert.match(alertText, /huge\.csv.*limit is 512 MB/, alertText);
    assert.match(await page.textContent('#source-info'), /dropped\.csv/, 'the loaded file stays');
    assert.deepEqual(log.errors, []);
    assert.deepEqual(foreignRequests(log, server.origin), []);
    await page.close();
  });

  test('a ragged CSV shows an alert naming the line; what was loaded stays; the demo still trains', { timeout: 120_000 }, async () => {
    const good = join(tmp, 'good.csv');
    const bad = join(tmp, 'ragged.csv');
    writeFileSync(good, smallCsv());
    writeFileSync(bad, 'tempo,energy,genre\n120,0.5,rock\n90,0.2,jazz\n100,0.3,pop,extra\n130,0.9,metal\n');
    const { page, log } = await openPage(browser.context, server.url);
    await uploadFile(page, good);

    await page.setInputFiles('#file-input', bad);
    const alert = page.locator('#alert'); // the page's alert region (panels have their own inline alerts)
    await alert.locator('#alert-text').waitFor({ timeout: 15_000 });
    const text = await alert.textContent();
    assert.match(text, /ragged\.csv/, `alert names the file: ${text}`);
    assert.match(text, /line 4\b/i, `alert names the line: ${text}`);
    assert.match(await page.textContent('#source-info'), /good\.csv/, 'the earlier file stays loaded');
    assert.equal(await page.locator('#profile-table tbody tr').count(), 6);
    await shot(page, '05-ragged-alert.png');

    await loadDemo(page);
    assert.equal(await page.locator('#alert-text').count(), 0, 'a successful load clears the alert');
    const report = await trainAndWait(page);
    assert.equal(report.classes.length, 10);
    // the ragged file is a user error, shown in the page, not a console error
    assert.deepEqual(log.errors.filter((e) => !/ragged/i.test(e)), []);
    await page.close();
  });

  test('a label with one class is refused with a clear message and the page stays usable', { timeout: 60_000 }, async () => {
    const file = join(tmp, 'one-class.csv');
    writeFileSync(file, 'tempo,energy,genre\n' + Array.from({ length: 30 }, (_, i) => `${100 + i},${(i / 30).toFixed(2)},rock`).join('\n') + '\n');
    const { page, log } = await openPage(browser.context, server.url);
    await uploadFile(page, file);
    await chooseColumns(page, { label: 'genre', features: ['tempo', 'energy'] });
    await page.click('#train-button');
    await page.locator('#alert-text').waitFor({ timeout: 15_000 });
    const text = await page.textContent('[role=alert]');
    assert.match(text, /one class/i, `alert explains the label problem: ${text}`);
    assert.equal(await page.evaluate(() => window.genrelab.store.get().phase), 'ready');
    assert.equal(await page.isEnabled('#train-button'), true);
    await shot(page, '06-one-class-alert.png');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  test('cancel during training returns the page to ready', { timeout: 180_000 }, async () => {
    const file = join(tmp, 'big.csv');
    writeFileSync(file, bigCsv());
    const { page, log } = await openPage(browser.context, server.url);
    await uploadFile(page, file);
    await page.click('#train-button');
    await page.waitForSelector('#training-panel:not([hidden])');
    const bar = page.locator('#train-progress'); // the training bar (other panels have their own progress bars)
    assert.ok(Number(await bar.getAttribute('aria-valuenow')) >= 0);
    await page.waitForTimeout(400);
    await shot(page, '07-training-progress.png');
    // the page stays responsive while the worker trains
    const t0 = Date.now();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
    assert.ok(Date.now() - t0 < 1000, 'the main thread answers during training');
    assert.equal(await page.evaluate(() => window.genrelab.store.get().phase), 'training', 'still training when Cancel is pressed (training finished too fast to cancel)');
    await page.click('#cancel-button');
    await page.waitForFunction(() => window.genrelab.store.get().phase === 'ready', null, { timeout: 10_000 });
    await page.waitForSelector('#training-panel', { state: 'hidden' });
    assert.match(await page.textContent('#status'), /cancelled/i);
    assert.equal(await page.isEnabled('#train-button'), true);
    assert.equal(await page.locator('#alert-text').count(), 0);
    assert.equal(await page.evaluate(() => window.genrelab.store.get().report), null);
    await shot(page, '08-cancelled.png');
    // and the worker trains again after a cancel (a small test split keeps it short)
    await page.fill('#test-fraction-input', '0.02');
    await page.locator('#test-fraction-input').dispatchEvent('change');
    const report = await trainAndWait(page);
    assert.ok(Math.abs(report.n_test - 1200) <= 5, `n_test ${report.n_test}`);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  test('a restarted worker gets the data again and can train', { timeout: 120_000 }, async () => {
    const { page, log } = await openPage(browser.context, server.url);
    await loadDemo(page);
    const before = await page.evaluate(() => window.genrelab.store.get().dataset.n_rows);
    // what the client does when the worker does not answer a cancel in time
    await page.evaluate(() => window.genrelab.client.restart('Test restart.'));
    await page.waitForFunction(() => {
      const s = window.genrelab.store.get();
      return s.phase === 'ready' && !s.busy && /Loaded/.test(s.notice ?? '');
    }, null, { timeout: 30_000 });
    assert.equal(await page.evaluate(() => window.genrelab.store.get().dataset.n_rows), before);
    const report = await trainAndWait(page);
    assert.equal(report.classes.length, 10);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  test('keyboard only, phone width, dark scheme', { timeout: 120_000 }, async () => {
    const { page, log } = await openPage(browser.context, server.url, { viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    // Tab to the demo button and press Enter
    let focused = '';
    for (let i = 0; i < 10 && focused !== 'demo-button'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.id ?? '');
    }
    assert.equal(focused, 'demo-button', 'the demo button is reachable with Tab');
    await page.keyboard.press('Enter');
    await waitLoaded(page, 'songs-demo.csv');
    await page.focus('#train-button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#accuracy-value', { timeout: 60_000 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling of the whole page at phone width (scrollWidth ${width})`);
    await shot(page, '09-phone-dark.png');
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
