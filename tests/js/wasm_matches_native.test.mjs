// The wasm build must give the native build's results for the same recipe and seed: the same split,
// the same predictions, metrics equal to ~1e-9. Native results come from the CLI (build/native/genrelab).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { loadModule, ok, trainInModule } from './load-module.mjs';

const root = new URL('../../', import.meta.url).pathname;
const cli = path.join(root, 'build/native/genrelab');
const demo = path.join(root, 'web/public/demo/songs-demo.csv');
const realFile = path.join(root, '../shared/data/music_genre.csv');
const m = await loadModule();

function nativeTrain(csv, recipe, everyRow) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'genrelab-'));
  fs.writeFileSync(path.join(dir, 'recipe.json'), JSON.stringify(recipe));
  execFileSync(cli, ['train', csv, '--recipe', path.join(dir, 'recipe.json'), '--out', path.join(dir, 'model.json'), '--quiet'],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  const modelText = fs.readFileSync(path.join(dir, 'model.json'), 'utf8');
  const predictions = everyRow && execFileSync(cli, ['predict', path.join(dir, 'model.json'), csv], { maxBuffer: 1 << 28 }).toString();
  fs.rmSync(dir, { recursive: true });
  return { model: JSON.parse(modelText), modelText, predictions };
}

function assertMetricsClose(a, b, tol = 1e-9) {
  for (const key of ['accuracy', 'macro_precision', 'macro_recall', 'macro_f1', 'weighted_f1', 'mcc', 'roc_auc_macro']) {
    assert.ok(Math.abs(a[key] - b[key]) <= tol, `${key}: wasm ${a[key]} vs native ${b[key]}`);
  }
  assert.deepEqual(a.confusion, b.confusion);
}

function compareOn(csv, recipeFor, { everyRow = true } = {}) {
  const bytes = fs.readFileSync(csv);
  const loaded = ok(m.load_csv(bytes, '{}'));
  const recipe = recipeFor(ok(m.suggest_recipe(loaded.dataset)).recipe);
  const wasm = trainInModule(m, loaded.dataset, recipe);
  const native = nativeTrain(csv, recipe, everyRow);
  assert.equal(wasm.report.n_train, native.model.report.n_train);
  assert.equal(wasm.report.n_test, native.model.report.n_test);
  assertMetricsClose(wasm.report.metrics, native.model.report.metrics);
  // Progress only moves forward and ends at 1.
  for (let i = 1; i < wasm.fractions.length; i++) assert.ok(wasm.fractions[i] >= wasm.fractions[i - 1]);
  assert.equal(wasm.fractions.at(-1), 1);

  if (!everyRow) {
    m.forget_model(wasm.model);
    m.forget_dataset(loaded.dataset);
    return wasm.report;
  }   // predicting all 50k rows of the real file three times is too slow for a test
  // The native model file loads in wasm and predicts what the native CLI predicted, row by row.
  const fromNative = ok(m.load_model(native.modelText));
  const pred = ok(m.predict(fromNative.model, loaded.dataset));
  const nativeRows = native.predictions.trim().split('\n').slice(1).map((line) => line.split(',')[1]);
  assert.equal(pred.predicted.length, nativeRows.length);
  const mismatches = pred.predicted.filter((c, i) => pred.classes[c] !== nativeRows[i]).length;
  assert.equal(mismatches, 0);

  // Save → load in wasm gives identical predictions.
  const saved = ok(m.save_model(wasm.model)).text;
  const reloaded = ok(m.load_model(saved));
  const again = ok(m.predict(reloaded.model, loaded.dataset));
  const original = ok(m.predict(wasm.model, loaded.dataset));
  assert.deepEqual(again.predicted, original.predicted);
  m.forget_model(wasm.model);
  m.forget_dataset(loaded.dataset);
  return wasm.report;
}

test('demo data: wasm kNN equals native kNN', () => {
  assert.ok(fs.existsSync(demo), 'run scripts/gen-demo.mjs first');
  const report = compareOn(demo, (r) => r);
  assert.ok(report.metrics.accuracy > 0.3, `demo accuracy ${report.metrics.accuracy}`);
});

test('demo data: distance-weighted kNN with a validation split equals native', () => {
  compareOn(demo, (r) => ({ ...r, seed: 7, split: { method: 'stratified', test_fraction: 0.3, validation_fraction: 0.2 },
    classifier: { type: 'knn', k: 5, weights: 'distance', metric: 'euclidean' } }));
});

test('music_genre.csv: wasm kNN k=12 equals native', { skip: !fs.existsSync(realFile) && 'no ../shared/data/music_genre.csv' }, () => {
  const report = compareOn(realFile, (r) => ({ ...r,
    features: r.features.filter((f) => !['instance_id', 'artist_name', 'track_name', 'obtained_date'].includes(f)) }),
    { everyRow: false });
  assert.equal(report.n_test, 10000);
});

test('errors come back as messages, not exceptions', () => {
  const bad = JSON.parse(m.load_csv(new TextEncoder().encode('a,b\n1,2\n1,2,3\n'), '{}'));
  assert.equal(bad.ok, false);
  assert.match(bad.error, /line 3/);
  const notModel = JSON.parse(m.load_model('{"hello": 1}'));
  assert.equal(notModel.ok, false);
  assert.match(notModel.error, /not a Genrelab model/);
  const oneClass = ok(m.load_csv(new TextEncoder().encode('x,genre\n1,rock\n2,rock\n3,rock\n'), '{}'));
  const r = JSON.parse(m.start_training(oneClass.dataset, JSON.stringify({ label: 'genre', features: ['x'] })));
  assert.equal(r.ok, false);
  assert.match(r.error, /only one class/);
});
