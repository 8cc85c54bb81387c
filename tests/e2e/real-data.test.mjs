// The real Kaggle "music genre" data (50,005 rows) through the page, when ../shared/data/ has it:
// upload → leave out instance_id/artist_name/track_name/obtained_date → kNN k=12 → accuracy. Compared with
// scikit-learn's figure on the same split (tests/data/reference/pipeline_knn_music_genre.json, written by
// scripts/reference/pipeline_knn_music_genre.py): the page must land within 1 accuracy point of it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  SHARED_DATA, chooseColumns, uploadFile, confusionTable, foreignRequests, launch, openPage, requireDist, shot, skipReason, startServer, trainAndWait,
} from './helpers.mjs';

const CSV = join(SHARED_DATA, 'music_genre.csv');
const REFERENCE = new URL('../data/reference/pipeline_knn_music_genre.json', import.meta.url);
const FEATURES = ['popularity', 'acousticness', 'danceability', 'duration_ms', 'energy', 'instrumentalness', 'key', 'liveness', 'loudness',
  'mode', 'speechiness', 'tempo', 'valence'];

const reason = skipReason() ?? (existsSync(CSV) ? null : `${CSV} is absent (a fresh clone has no ../shared/data); skipping the real-data test`);
if (reason) console.log(`# SKIP real data: ${reason}`);

describe('music_genre.csv through the page', { skip: reason ?? false }, () => {
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

  test('kNN k=12 on the 13 audio features', { timeout: 300_000 }, async () => {
    const { page, log } = await openPage(browser.context, server.url);
    await uploadFile(page, CSV, { timeout: 120_000 });
    assert.match(await page.textContent('#source-info'), /music_genre\.csv/);
    const nRows = await page.evaluate(() => window.genrelab.store.get().dataset.n_rows);
    assert.ok(nRows >= 50_000 && nRows <= 50_005, `rows: ${nRows}`);
    assert.equal(await page.inputValue('#label-select'), 'music_genre');
    // the classifier picker starts on kNN (the suggestion), whose form keeps #k-input
    assert.equal(await page.inputValue('#classifier-select'), 'knn');
    await chooseColumns(page, { label: 'music_genre', features: FEATURES, k: 12 });
    const chosen = await page.$$eval('#feature-list input:checked', (els) => els.map((e) => e.value));
    assert.deepEqual(chosen, FEATURES);
    await shot(page, '10-music-genre-profile.png');

    const report = await trainAndWait(page, { timeout: 280_000 });
    assert.equal(report.recipe.classifier.type, 'knn');
    assert.equal(report.recipe.classifier.k, 12);
    const acc = report.metrics.accuracy;
    assert.equal(report.classes.length, 10);
    const { cells } = await confusionTable(page);
    assert.equal(cells.flat().reduce((a, b) => a + b, 0), report.n_test);

    const expected = JSON.parse(readFileSync(REFERENCE, 'utf8')).accuracy;
    console.log(`# music_genre kNN k=12: page ${acc.toFixed(4)}, scikit-learn ${expected.toFixed(4)} (n_test ${report.n_test}, ${report.wall_seconds?.toFixed?.(1)} s)`);
    assert.equal(report.n_test, 10_000);
    assert.ok(Math.abs(acc - expected) <= 0.01, `accuracy ${acc} is not within 1 point of scikit-learn's ${expected}`);
    await shot(page, '11-music-genre-results.png');
    assert.deepEqual(log.errors, []);
    assert.deepEqual(foreignRequests(log, server.origin), []);
    await page.close();
  });
});
