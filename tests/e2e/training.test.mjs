// Training and evaluating on the page (issue 5) in headless Chromium: several kinds of classifier from the
// picker, the MLP's live learning curves while it trains, the comparison table with the guessing baselines,
// ROC/PR curves, the row-normalised confusion matrix, permutation importance, the model-search panel, and a
// share link carrying an MLP.
// Run: npx vite build && node --test --test-concurrency=1 tests/e2e/training.test.mjs
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { download, foreignRequests, launch, loadDemo, openPage, requireDist, shot, skipReason, startServer, trainAndWait } from './helpers.mjs';

const reason = skipReason();
if (reason) console.log(`# SKIP e2e: ${reason}`);

async function chooseClassifier(page, id, params = {}) {
  await page.selectOption('#classifier-select', id);
  for (const [key, value] of Object.entries(params)) {
    const sel = `#param-${key}`;
    const tag = await page.$eval(sel, (el) => el.tagName);
    if (tag === 'SELECT') await page.selectOption(sel, String(value));
    else await page.fill(sel, String(value));
    await page.locator(sel).dispatchEvent('change');
  }
}

async function shotOf(page, selector, name) {
  await page.locator(selector).scrollIntoViewIfNeeded();
  await page.locator(selector).screenshot({ path: new URL(`./screenshots/${name}`, import.meta.url).pathname });
}

describe('training and evaluation views', { skip: reason ?? false }, () => {
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

  test('kNN, an MLP with live curves and logistic regression: comparison, baselines, ROC/PR, confusion, importance', { timeout: 300_000 }, async () => {
    const { page, log } = await openPage(browser.context, server.url, { viewport: { width: 1280, height: 900 } });
    await loadDemo(page);
    // the picker offers every classifier; kNN is the suggestion and keeps its old controls
    const offered = await page.$$eval('#classifier-select option:not([disabled])', (els) => els.map((e) => e.value));
    for (const id of ['knn', 'mlp', 'svm', 'logistic', 'decision_tree', 'random_forest', 'gradient_boosting', 'baseline_most_frequent', 'baseline_uniform'])
      assert.ok(offered.includes(id), `the picker offers ${id} (offers ${offered.join(', ')})`);
    assert.equal(await page.inputValue('#classifier-select'), 'knn');
    assert.equal(await page.inputValue('#k-input'), '12');
    const knn = await trainAndWait(page);
    assert.equal(knn.recipe.classifier.type, 'knn');
    assert.match(await page.textContent('#run-summary'), /kNN \(k = 12\)/);

    // MLP: record, from inside the page, how many epochs the live curves showed while it was still training
    await chooseClassifier(page, 'mlp', { epochs: 250, hidden: '64, 32' });
    assert.equal(await page.textContent('#train-button'), 'Train MLP');
    await page.evaluate(() => {
      window.__live = { maxEpochs: 0, chartSeen: false };
      window.genrelab.store.subscribe((s) => {
        if (s.phase !== 'training') return;
        const n = s.training?.live?.train_loss?.length ?? 0;
        if (n > window.__live.maxEpochs) window.__live.maxEpochs = n;
        const box = document.getElementById('live-curves');
        if (box && !box.hidden && box.querySelector('#live-loss-chart canvas')) window.__live.chartSeen = true;
      });
    });
    const before = await page.evaluate(() => window.genrelab.store.get().report.run);
    await page.click('#train-button');
    await page.waitForFunction(() => (window.genrelab.store.get().training?.live?.train_loss?.length ?? 0) >= 5, null, { timeout: 120_000 });
    await page.evaluate(() => document.getElementById('training-panel').scrollIntoView({ block: 'start' }));
    await page.waitForFunction(() => Boolean(document.querySelector('#live-curves:not([hidden]) #live-loss-chart canvas')), null, { polling: 100, timeout: 60_000 });
    await page.screenshot({ path: new URL('./screenshots/training-01-live-curves.png', import.meta.url).pathname }); // the viewport: progress bar and live curves
    assert.match(await page.textContent('#train-elapsed'), /elapsed/);
    await page.waitForFunction((prev) => { const s = window.genrelab.store.get(); return s.phase === 'ready' && (s.report?.run > prev || s.error); }, before, { timeout: 180_000 });
    const mlp = await page.evaluate(() => window.genrelab.store.get().report);
    assert.equal(mlp.recipe.classifier.type, 'mlp');
    assert.deepEqual(mlp.recipe.classifier.hidden, [64, 32]);
    const live = await page.evaluate(() => window.__live);
    assert.ok(live.maxEpochs >= 5 && live.maxEpochs <= 250, `live curves showed ${live.maxEpochs} epochs while training`);
    assert.ok(live.chartSeen, 'the live chart was on screen during training');
    assert.equal(mlp.history.train_loss.length, 250);
    assert.equal(mlp.history.val_loss.length, 250, 'the page starts the MLP with a validation share, so validation curves exist');
    await page.waitForSelector('#final-loss-chart canvas');
    assert.equal(await page.locator('#final-loss-table tbody tr').count(), 250);
    assert.ok(mlp.history.train_loss[249] < mlp.history.train_loss[0], 'the training loss fell');
    await shotOf(page, '#learning-curves', 'training-02b-final-curves.png');

    await chooseClassifier(page, 'logistic', { C: 0.5 });
    const logistic = await trainAndWait(page);
    assert.equal(logistic.recipe.classifier.type, 'logistic');
    assert.equal(logistic.recipe.classifier.C, 0.5);

    // ROC and PR: one curve per genre, thinned, with a micro average
    const curves = logistic.metrics.curves;
    assert.equal(curves.per_class.length, 10);
    for (const c of curves.per_class) assert.ok(c.roc.fpr.length <= 200 && c.pr.recall.length <= 200);
    assert.ok(curves.roc_auc_macro > 0.6 && curves.roc_auc_macro <= 1, `macro AUROC ${curves.roc_auc_macro}`);
    assert.ok(await page.locator('#roc-curves-chart canvas').count() >= 1);
    assert.ok(await page.locator('#pr-curves-chart canvas').count() >= 1);
    assert.equal(await page.locator('#roc-curves-table tbody tr').count(), 12); // 10 classes + macro + micro
    await shotOf(page, '#threshold-curves', 'training-02-roc-pr.png');

    // confusion: counts table sums to the test size; the normalised view's rows sum to 1
    await page.check('#confusion-mode-normalised');
    assert.equal(await page.isHidden('#confusion-table-normalised'), false);
    const shares = await page.$$eval('#confusion-table-normalised tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent))));
    assert.equal(shares.length, 10);
    for (const row of shares) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) <= 0.051, `a normalised row sums to ${row.reduce((a, b) => a + b, 0)} (2-decimal cells)`);
    // the exact shares the chart draws: every row of the report's matrix, normalised, sums to 1
    for (const row of logistic.metrics.confusion) {
      const t = row.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(row.reduce((a, b) => a + b / t, 0) - 1) < 1e-12);
    }
    const diag = shares.map((r, i) => r[i]);
    logistic.metrics.per_class.forEach((p, i) => assert.ok(Math.abs(diag[i] - p.recall) <= 0.0051, `diagonal ${diag[i]} = recall ${p.recall}`));
    const svg = await download(page, '#confusion-svg');
    assert.match(svg.name, /confusion-normalised\.svg$/);
    assert.match(svg.text, /<svg/);
    await shotOf(page, '#results-view > .results-grid', 'training-03-confusion-normalised.png');

    // comparison: 3 trained models, then the two baselines
    assert.equal(await page.locator('#comparison-table tbody tr').count(), 3);
    await page.click('#add-baselines');
    await page.waitForFunction(() => (window.genrelab.store.get().comparison?.length ?? 0) === 5 && !window.genrelab.store.get().comparisonBusy, null, { timeout: 60_000 });
    assert.equal(await page.locator('#comparison-table tbody tr').count(), 5);
    assert.equal(await page.locator('#comparison-table tbody tr.baseline-row').count(), 2);
    const rows = await page.evaluate(() => window.genrelab.store.get().comparison);
    const mf = rows.find((r) => r.name === 'most frequent');
    assert.ok(mf, 'a most-frequent baseline row');
    assert.ok(Math.abs(mf.accuracy - 0.1) < 0.02, `most frequent on 10 balanced genres ≈ 10 % (${mf.accuracy})`);
    for (const r of rows.filter((x) => !x.baseline)) assert.ok(r.accuracy > mf.accuracy + 0.2, `${r.name} beats the baseline`);
    // sort by accuracy (descending), then check the order
    await page.click('#comparison-table .sort-button[data-key="accuracy"]');
    const accs = await page.$$eval('#comparison-table tbody tr td:nth-of-type(1)', (tds) => tds.map((td) => Number(td.dataset.value)));
    assert.deepEqual(accs, [...accs].sort((a, b) => b - a));
    assert.equal(await page.getAttribute('#comparison-table th[aria-sort="descending"] button', 'data-key'), 'accuracy');
    const csv = await download(page, '#comparison-csv');
    const lines = csv.text.trim().split(/\r?\n/);
    assert.equal(lines.length, 6);
    assert.match(lines[0], /^run,name,type,baseline,.*accuracy,macro_precision,macro_recall,macro_f1,mcc,auroc,fit_seconds/);
    await shotOf(page, '#compare-view', 'training-04-comparison.png');
    // remove one baseline
    await page.click('#comparison-table tbody tr.baseline-row .remove-run');
    assert.equal(await page.locator('#comparison-table tbody tr').count(), 4);

    // permutation importance of the last model (logistic)
    await page.fill('#importance-repeats', '3');
    await page.click('#importance-button');
    await page.waitForFunction(() => { const s = window.genrelab.store.get(); return s.importance || s.importanceError; }, null, { timeout: 120_000 });
    const imp = await page.evaluate(() => window.genrelab.store.get().importance?.result ?? window.genrelab.store.get().importanceError);
    assert.equal(typeof imp, 'object', `importance: ${imp}`);
    assert.equal(imp.features.length, logistic.recipe.features.length);
    assert.equal(imp.n_rows, logistic.n_test);
    assert.ok(Math.abs(imp.baseline - logistic.metrics.accuracy) < 1e-12, 'unshuffled accuracy = the report’s test accuracy');
    assert.ok(Math.max(...imp.features.map((f) => f.mean)) > 0.02, 'some column matters');
    await page.waitForSelector('#importance-chart canvas');
    const names = await page.$$eval('#importance-table tbody tr th', (ths) => ths.map((th) => th.textContent));
    const byMean = [...imp.features].sort((a, b) => b.mean - a.mean).map((f) => f.name);
    assert.deepEqual(names, byMean, 'the table is sorted by mean drop');
    await shotOf(page, '#importance-view', 'training-05-importance.png');
    await shot(page, 'training-06-whole-page.png');

    assert.deepEqual(log.errors, [], 'no console errors');
    assert.deepEqual(foreignRequests(log, server.origin), []);
    await page.close();
  });

  test('the search panel ranks kNN settings by cross-validation and applies the best', { timeout: 180_000 }, async () => {
    const { page, log } = await openPage(browser.context, server.url);
    await loadDemo(page);
    await page.click('#search-box > summary');
    assert.equal(await page.inputValue('#search-param-1'), 'k');
    await page.fill('#search-values-1', '1, 25');
    await page.selectOption('#search-param-2', 'weights');
    await page.fill('#search-values-2', 'uniform, distance');
    await page.fill('#search-folds', '3');
    await page.click('#search-button');
    await page.waitForFunction(() => { const s = window.genrelab.store.get(); return s.search || s.searchError; }, null, { timeout: 150_000 });
    const search = await page.evaluate(() => window.genrelab.store.get().search ?? window.genrelab.store.get().searchError);
    assert.equal(typeof search, 'object', `search: ${search}`);
    assert.equal(search.table.rows.length, 4);
    assert.equal(await page.locator('#search-table tbody tr').count(), 4);
    const accs = search.table.rows.map((r) => r.validation.accuracy.mean);
    assert.deepEqual(accs, [...accs].sort((a, b) => b - a), 'ranked by validation accuracy');
    // k = 1 memorises the training folds: its training accuracy is 1 and it does not win
    const k1 = search.table.rows.find((r) => r.params['classifier.k'] === 1 && r.params['classifier.weights'] === 'uniform');
    assert.ok(k1.train.accuracy.mean > 0.99, `k = 1 training accuracy ${k1.train.accuracy.mean}`);
    assert.notEqual(search.table.best_params['classifier.k'], 1);
    await shotOf(page, '#search-box', 'training-08-search.png');
    await page.click('#search-use-best');
    assert.equal(await page.inputValue('#k-input'), String(search.table.best_params['classifier.k']));
    assert.equal(await page.inputValue('#weights-select'), search.table.best_params['classifier.weights']);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  test('a share link with an MLP recipe reproduces the MLP', { timeout: 240_000 }, async () => {
    const { page } = await openPage(browser.context, server.url);
    await loadDemo(page);
    await chooseClassifier(page, 'mlp', { epochs: 8, hidden: '32', learning_rate: 0.003 });
    const first = await trainAndWait(page);
    const link = await page.inputValue('#share-link');
    assert.match(link, /#recipe=[A-Za-z0-9_-]+$/);
    await page.close();

    const second = await openPage(browser.context, link);
    await loadDemo(second.page);
    assert.match(await second.page.textContent('#status'), /Applied the recipe from the link.*MLP 32, 8 epochs/);
    assert.equal(await second.page.inputValue('#classifier-select'), 'mlp');
    assert.equal(await second.page.inputValue('#param-hidden'), '32');
    assert.equal(await second.page.inputValue('#param-epochs'), '8');
    assert.equal(await second.page.inputValue('#param-learning_rate'), '0.003');
    const again = await trainAndWait(second.page);
    assert.equal(again.recipe.classifier.type, 'mlp');
    assert.deepEqual(again.recipe.classifier, first.recipe.classifier);
    assert.equal(again.metrics.accuracy, first.metrics.accuracy, 'same recipe and data → the same MLP');
    assert.deepEqual(again.history.train_loss, first.history.train_loss);
    await shotOf(second.page, '#setup-section', 'training-07-mlp-from-link.png');
    await second.page.close();
  });
});
