// The data-preparation walkthrough (step 3d) and "the page's recipe is the CLI's model": on the demo songs a
// person changes the preparation (a sentinel rule, short songs dropped, duplicates dropped, tempo predicted
// by a regression imputer, key one-hot, mixed scaling, a 60/20/20 split), trains, downloads the recipe and
// the model; `build/native/genrelab train` with that recipe on the same CSV must give the same model: the
// same report metrics and the same predictions for every song (same seed → same bits natively and in wasm).
// Then the same on music_genre.csv and a walkthrough on spotify_top2000.csv when ../shared/data has them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIST, REPO, SHARED_DATA, SHOTS, download, foreignRequests, launch, loadDemo, openPage, requireDist, skipReason, startServer, trainAndWait, uploadFile } from './helpers.mjs';

// GENRELAB_CLI overrides the binary (e.g. a helper's own build dir).
const CLI = process.env.GENRELAB_CLI ?? join(REPO, 'build', 'native', 'genrelab');
const DEMO = join(DIST, 'demo', 'songs-demo.csv');
const MUSIC = join(SHARED_DATA, 'music_genre.csv');
const TOP2000 = join(SHARED_DATA, 'spotify_top2000.csv');
const cliReason = existsSync(CLI) ? null : `${CLI} is absent (scripts/test builds it first); skipping the page-recipe → CLI comparison`;
if (cliReason) console.log(`# SKIP CLI comparison: ${cliReason}`);

const reason = skipReason();
if (reason) console.log(`# SKIP prepare: ${reason}`);

// The walkthrough section alone (the full page is long), for people to look at.
async function sectionShot(page, name) {
  await page.locator('#prepare-section').screenshot({ path: join(SHOTS, name) });
}

// Waits until the preview matches the current choices (not busy, and computed for this dataset).
async function waitPreview(page, { timeout = 60_000 } = {}) {
  await page.waitForFunction(() => {
    const s = window.genrelab.store.get();
    return s.config?.preparation && s.prepare && !s.prepareBusy && s.prepare.dataset === s.dataset?.dataset && (s.prepare.result || s.prepare.error);
  }, null, { timeout });
  // one more turn: a change made while the last preview ran starts another one
  await page.waitForTimeout(150);
  await page.waitForFunction(() => !window.genrelab.store.get().prepareBusy, null, { timeout });
  const { result, error } = await page.evaluate(() => window.genrelab.store.get().prepare);
  if (!result) throw new Error(`the preview failed: ${error}`);
  return result;
}

async function setSelectFor(page, prefix, column, value) {
  const id = await page.evaluate(({ prefix, column }) => {
    for (const el of document.querySelectorAll(`#prepare-column-table select[id^="${prefix}-"]`)) if (el.getAttribute('aria-label')?.endsWith(` of ${column}`)) return el.id;
    return null;
  }, { prefix, column });
  assert.ok(id, `no ${prefix} select for ${column}`);
  await page.selectOption(`#${id}`, value);
}

// Trains the downloaded recipe with the native CLI and predicts the CSV with both models; returns what to compare.
function cliCompare(csv, recipeText, pageModelText) {
  const dir = mkdtempSync(join(tmpdir(), 'genrelab-prepare-'));
  try {
    writeFileSync(join(dir, 'recipe.json'), recipeText);
    writeFileSync(join(dir, 'page.model.json'), pageModelText);
    execFileSync(CLI, ['train', csv, '--recipe', join(dir, 'recipe.json'), '--out', join(dir, 'cli.model.json'), '--quiet'], { stdio: 'pipe', timeout: 600_000 });
    execFileSync(CLI, ['predict', join(dir, 'cli.model.json'), csv, '--out', join(dir, 'cli.csv')], { stdio: 'pipe', timeout: 300_000 });
    execFileSync(CLI, ['predict', join(dir, 'page.model.json'), csv, '--out', join(dir, 'page.csv')], { stdio: 'pipe', timeout: 300_000 });
    return {
      cliModel: JSON.parse(readFileSync(join(dir, 'cli.model.json'), 'utf8')),
      cliPredictions: readFileSync(join(dir, 'cli.csv'), 'utf8'),
      pagePredictions: readFileSync(join(dir, 'page.csv'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function assertSameModel(pageModel, cli, label) {
  const a = pageModel.report.metrics, b = cli.cliModel.report.metrics;
  assert.deepEqual(b.confusion, a.confusion, `${label}: confusion matrices differ`);
  for (const k of ['accuracy', 'macro_f1', 'roc_auc_macro']) {
    if (a[k] === null || a[k] === undefined) continue;
    assert.ok(Math.abs(a[k] - b[k]) <= 1e-9, `${label}: ${k} page ${a[k]} vs CLI ${b[k]}`);
  }
  assert.equal(cli.cliModel.report.n_train, pageModel.report.n_train);
  assert.equal(cli.cliModel.report.n_test, pageModel.report.n_test);
  assert.equal(cli.cliPredictions, cli.pagePredictions, `${label}: the CLI model and the page's model predict differently`);
}

describe('data preparation walkthrough', { skip: reason ?? false }, () => {
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

  test('demo: choices change the counts, the page trains, and the CLI gives the same model from the downloaded recipe', { timeout: 300_000 }, async () => {
    const { page, log } = await openPage(browser.context, server.url);
    await loadDemo(page);
    await page.waitForSelector('#prepare-section:not([hidden]) #prepare-overview');
    const first = await waitPreview(page);
    const nRows = await page.evaluate(() => window.genrelab.store.get().dataset.n_rows);
    assert.equal(first.rows_before, nRows);
    assert.equal(first.split.error, null);
    // The overview shows the same numbers as the preview.
    assert.match(await page.textContent('#prepare-overview'), new RegExp(nRows.toLocaleString('en-US')));
    await sectionShot(page, '30-prepare-defaults.png');

    // (a) cleaning: tempo 0 → missing, songs under 30 s dropped, duplicates dropped
    await page.click('#add-sentinel');
    const n = await page.$$eval('#sentinel-table tbody tr', (rows) => rows.length);
    await page.selectOption(`#sentinel-col-${n - 1}`, 'tempo');
    await page.selectOption(`#sentinel-op-${n - 1}`, 'less_than');
    await page.fill(`#sentinel-value-${n - 1}`, '50');
    await page.locator(`#sentinel-value-${n - 1}`).dispatchEvent('change');
    await page.check('#min-duration-on');
    await page.check('#dedupe-on');
    let res = await waitPreview(page);
    const tempoRule = res.clean.rules.find((r) => r.rule === 'to_missing' && r.column === 'tempo');
    assert.ok(tempoRule && tempoRule.missing_after >= tempoRule.missing_before, 'the tempo rule is counted');
    const range = res.clean.rules.find((r) => r.rule === 'range');
    assert.ok(range && range.rows_after <= range.rows_before);
    const tempoRow = res.missing.find((m) => m.column === 'tempo');
    assert.equal(tempoRow.missing_after_clean, tempoRule.missing_after);

    // (c)–(e) tempo predicted from the other features, key one-hot, loudness min–max
    await setSelectFor(page, 'impute', 'tempo', 'regression');
    const keyEncode = await page.$eval('#prepare-column-table', (t) => [...t.querySelectorAll('select[id^="encode-"]')].find((s) => s.getAttribute('aria-label') === 'Encoding of key')?.id);
    assert.ok(keyEncode, 'key offers one-hot');
    await page.selectOption(`#${keyEncode}`, 'onehot');
    await setSelectFor(page, 'scale', 'loudness', 'minmax');
    // (f) a 60/20/20 split
    await page.selectOption('#split-preset', '60/20/20');
    res = await waitPreview(page);
    const total = res.split.train + res.split.validation + res.split.test;
    assert.equal(total, res.rows_after);
    assert.ok(Math.abs(res.split.validation / total - 0.2) < 0.02 && Math.abs(res.split.test / total - 0.2) < 0.02, JSON.stringify(res.split));
    assert.equal(Number((await page.textContent('#split-test')).replace(/\D/g, '')), res.split.test);
    await sectionShot(page, '31-prepare-choices.png');

    const report = await trainAndWait(page, { timeout: 240_000 });
    assert.ok(report.metrics.accuracy > 0.3, `accuracy ${report.metrics.accuracy}`);
    assert.ok(report.features.includes('key=0') && !report.features.includes('key'), `key is one-hot: ${report.features} from ${JSON.stringify(report.recipe.stages)}`);
    const reg = report.stages.find((s) => s.type === 'regression_impute');
    assert.ok(reg && Number.isFinite(reg.report.validation_r2), 'the regression imputer reports its R²');
    await page.waitForSelector('#prepare-column-table .r2');
    assert.match(await page.textContent('#prepare-column-table'), /R² \d\.\d{3}/);
    assert.ok((await page.textContent('#leakage-summary')).length > 10);
    await sectionShot(page, '32-prepare-after-training.png');

    const recipe = await download(page, '#download-recipe');
    assert.match(recipe.name, /\.recipe\.json$/);
    const r = JSON.parse(recipe.text);
    assert.ok(r.stages.some((s) => s.type === 'regression_impute' && s.column === 'tempo'));
    assert.ok(r.stages.some((s) => s.type === 'one_hot' && s.column === 'key'));
    assert.equal(r.split.validation_fraction, 0.2);
    assert.equal(r.clean.drop_duplicate_rows, true);
    const model = await download(page, '#download-model');
    assert.deepEqual(JSON.parse(model.text).recipe.stages, r.stages, 'the downloaded recipe is the one the model was trained with');

    if (!cliReason) {
      const cli = cliCompare(DEMO, recipe.text, model.text);
      assertSameModel(JSON.parse(model.text), cli, 'demo');
      console.log(`# demo: page and CLI agree (accuracy ${report.metrics.accuracy.toFixed(4)}, R² ${reg.report.validation_r2.toFixed(3)})`);
    }
    assert.deepEqual(log.errors, []);
    assert.deepEqual(foreignRequests(log, server.origin), []);
    await page.close();
  });

  test('music_genre.csv: the suggested preparation, then the CLI gives the same model', { timeout: 600_000, skip: existsSync(MUSIC) ? (cliReason ?? false) : `${MUSIC} is absent` }, async () => {
    const { page, log } = await openPage(browser.context, server.url);
    await uploadFile(page, MUSIC, { timeout: 120_000 });
    const res = await waitPreview(page, { timeout: 120_000 });
    // Defaults: artist "empty_field" → missing, duration −1 → missing, (artist, track) under several genres reported.
    const artist = res.clean.rules.find((r) => r.rule === 'to_missing' && r.column === 'artist_name');
    assert.ok(artist && artist.missing_after - artist.missing_before === 2489, JSON.stringify(artist));
    const duration = res.missing.find((m) => m.column === 'duration_ms');
    assert.equal(duration.missing_after_clean, 4939);
    assert.equal(res.missing.find((m) => m.column === 'tempo').missing_before, 4980);
    const conflicts = res.clean.rules.find((r) => r.rule === 'conflicting_labels');
    assert.ok(conflicts, 'the same track under several genres is reported');
    assert.equal(res.split.test, 10_000);
    await sectionShot(page, '33-prepare-music-genre.png');
    const report = await trainAndWait(page, { timeout: 500_000 });
    const recipe = await download(page, '#download-recipe');
    const model = await download(page, '#download-model');
    const cli = cliCompare(MUSIC, recipe.text, model.text);
    assertSameModel(JSON.parse(model.text), cli, 'music_genre');
    console.log(`# music_genre: page and CLI agree (accuracy ${report.metrics.accuracy.toFixed(4)})`);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  test('spotify_top2000.csv: genres grouped with the shipped map, split by artist', { timeout: 240_000, skip: existsSync(TOP2000) ? false : `${TOP2000} is absent` }, async () => {
    const { page, log } = await openPage(browser.context, server.url);
    await uploadFile(page, TOP2000);
    const res = await waitPreview(page);
    assert.equal(Object.keys(res.labels.counts_before).length, 149);
    const after = Object.keys(res.labels.counts_after).length;
    assert.ok(after >= 6 && after <= 10, JSON.stringify(res.labels.counts_after));
    assert.equal(await page.inputValue('#label-map-select'), 'suggested');
    assert.equal(await page.inputValue('#split-method'), 'group');
    assert.equal(await page.inputValue('#split-group-column'), 'Artist');
    assert.match(await page.textContent('#classes-after-heading'), /After: \d+ genres/);
    await sectionShot(page, '34-prepare-top2000.png');
    // No grouping: the 54 one-song genres make the split impossible, and the page says so.
    await page.selectOption('#label-map-select', '');
    await page.fill('#min-count-input', '0');
    await page.locator('#min-count-input').dispatchEvent('change');
    const raw = await waitPreview(page);
    assert.match(raw.split.error ?? '', /only 1 row/);
    assert.match(await page.textContent('#split-counts'), /only 1 row/);
    // The shipped map by name, min count 20.
    await page.selectOption('#label-map-select', 'top2000_to_broad.json');
    await page.fill('#min-count-input', '20');
    await page.locator('#min-count-input').dispatchEvent('change');
    const grouped = await waitPreview(page);
    assert.ok(Object.values(grouped.labels.counts_after).every((n) => n >= 20));
    const report = await trainAndWait(page);
    assert.equal(report.classes.length, Object.keys(grouped.labels.counts_after).length);
    // Split by artist: no (Artist, Title) of the test songs can be in training, and the page says so.
    assert.ok(report.leakage.overlaps.every((o) => o.shared_rows === 0), JSON.stringify(report.leakage));
    assert.match(await page.textContent('#leakage-summary'), /None of the \(Artist, Title\) pairs .* appears in training/);
    await sectionShot(page, '35-prepare-top2000-trained.png');
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
