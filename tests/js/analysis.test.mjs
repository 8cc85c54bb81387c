// The analysis jobs (api_analysis.hpp) give the same numbers in wasm as the native CLI for the same spec and seed:
// identical rows, labels and cluster assignments, points and statistics equal to 1e-9. Native results come from
// `genrelab reduce|cluster|elbow --json` (build/native/genrelab, or $GENRELAB_CLI).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { loadModule, ok } from './load-module.mjs';

const root = new URL('../../', import.meta.url).pathname;
const cli = process.env.GENRELAB_CLI ?? path.join(root, 'build/native/genrelab');
const demo = path.join(root, 'web/public/demo/songs-demo.csv');
const m = await loadModule();
const loaded = ok(m.load_csv(fs.readFileSync(demo), '{}'));
const baseRecipe = (() => {
  const r = ok(m.suggest_recipe(loaded.dataset)).recipe;
  const stages = (r.stages ?? []).filter((s) => s.type !== 'scale');
  if (!stages.some((s) => s.type === 'impute')) stages.push({ type: 'impute', strategy: 'median' });
  stages.push({ type: 'scale', method: 'standard' });
  return { label: r.label, features: r.features, labels: r.labels, clean: r.clean, stages };
})();

// Runs a job the worker's way (step_job then finish_job), recording the progress fractions.
function runInWasm(start, spec) {
  const { job } = ok(m[start](loaded.dataset, JSON.stringify(spec)));
  const fractions = [];
  for (;;) {
    const s = ok(m.step_job(job, 50));
    fractions.push(s.fraction);
    if (s.done) break;
  }
  const result = ok(m.finish_job(job));
  for (let i = 1; i < fractions.length; i++) assert.ok(fractions[i] >= fractions[i - 1], 'progress never goes back');
  assert.equal(fractions.at(-1), 1);
  return result;
}

function runNative(command, spec) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'genrelab-analysis-'));
  try {
    fs.writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
    execFileSync(cli, [command, demo, '--spec', path.join(dir, 'spec.json'), '--json', path.join(dir, 'r.json'), '--quiet'],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    return JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8'));
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
}

function assertClose(a, b, what, tol = 1e-9) {
  if (a === null || b === null) return assert.equal(a, b, what);
  if (Array.isArray(a)) {
    assert.equal(a.length, b.length, `${what}: length`);
    a.forEach((x, i) => assertClose(x, b[i], `${what}[${i}]`, tol));
    return;
  }
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: wasm ${a} vs native ${b}`);
}

function compare(start, command, spec, exactKeys, closeKeys) {
  const wasm = runInWasm(start, spec);
  const native = runNative(command, spec);
  for (const k of ['n_rows', 'n_used', 'sampled', 'rows', 'labels', 'classes', 'note', ...exactKeys]) assert.deepEqual(wasm[k], native[k], k);
  for (const k of closeKeys) assertClose(wasm[k], native[k], k);
  return wasm;
}

test('PCA and LDA maps equal native', () => {
  const pca = compare('start_reduction', 'reduce', { recipe: baseRecipe, method: 'pca', n_components: 3, max_rows: 4000, seed: 42 },
    [], ['points', 'explained_variance_ratio']);
  assert.equal(pca.points.length, 4000);
  assert.equal(pca.sampled, true);
  compare('start_reduction', 'reduce', { recipe: baseRecipe, method: 'lda', n_components: 2, seed: 7 }, [], ['points', 'explained_variance_ratio']);
});

test('t-SNE map equals native', () => {
  const r = compare('start_reduction', 'reduce',
    { recipe: baseRecipe, method: 'tsne', n_components: 2, params: { perplexity: 20, max_iter: 300 }, max_rows: 1200, seed: 3 },
    ['n_iter'], ['points', 'kl_divergence', 'trustworthiness']);
  assert.ok(r.trustworthiness > 0.8, `trustworthiness ${r.trustworthiness}`);
});

test('k-means, GMM and agglomerative clusterings equal native', () => {
  for (const [method, params] of [['kmeans', { n_init: 3 }], ['gmm', { covariance_type: 'diag' }], ['minibatch_kmeans', { batch_size: 256 }],
    ['agglomerative', { linkage: 'ward', max_samples: 1500 }]]) {
    const spec = { recipe: baseRecipe, method, k: 6, params, max_rows: 3000, seed: 11 };
    const r = compare('start_clustering', 'cluster', spec, ['assignments', 'sizes', 'contingency', 'songs'],
      ['points', 'centroids_2d', 'inertia', 'log_likelihood', 'bic', 'aic', 'silhouette', 'ari', 'nmi']);
    assert.equal(r.assignments.length, 3000, method);
    assert.equal(r.sizes.reduce((a, b) => a + b, 0), 3000, method);
  }
});

test('elbow sweep equals native', () => {
  const r = compare('start_elbow', 'elbow', { recipe: baseRecipe, method: 'kmeans', k_min: 2, k_max: 6, params: { n_init: 2 }, max_rows: 2000, seed: 5 },
    ['k', 'n_iter'], ['inertia', 'log_likelihood', 'bic', 'aic', 'silhouette']);
  assert.deepEqual(r.k, [2, 3, 4, 5, 6]);
});

test('a cancelled job is gone and bad specs answer with a sentence', () => {
  const { job } = ok(m.start_reduction(loaded.dataset, JSON.stringify({ recipe: baseRecipe, method: 'tsne', max_rows: 2000 })));
  assert.equal(ok(m.step_job(job, 20)).done, false);
  ok(m.cancel_job(job));
  assert.match(JSON.parse(m.step_job(job, 20)).error, /no job/);
  assert.match(JSON.parse(m.start_clustering(loaded.dataset, JSON.stringify({ recipe: baseRecipe, k: 1 }))).error, /at least 2/);
  assert.match(JSON.parse(m.start_reduction(loaded.dataset, JSON.stringify({ recipe: baseRecipe, method: 'umap' }))).error, /unknown projection/);
});
