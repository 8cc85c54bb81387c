// Joins scripts/bench's JSON (build/bench/) into one Markdown table — times, ratios against the issue's
// targets, accuracies — plus memory and shipped sizes; writes build/bench/bench.json with everything.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseArgs } from 'node:util';

const { values: o } = parseArgs({ options: { dir: { type: 'string' }, file: { type: 'string' }, tasks: { type: 'string' }, 'peer-note': { type: 'string', default: '' }, command: { type: 'string', default: 'scripts/bench' } } });
const dir = o.dir;
const read = (f) => { try { return JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')); } catch { return null; } };
const byTask = (arr) => Object.fromEntries((arr ?? []).map((r) => [r.task, r]));
const native = byTask(fs.existsSync(path.join(dir, 'native.jsonl')) ? fs.readFileSync(path.join(dir, 'native.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);
const node = byTask(read('wasm-node.json'));
const browserAll = read('wasm-browser.json');
const browser = byTask(browserAll?.tasks);
const sk = read('peers/sklearn.json')?.models ?? {};
const tf = read('peers/tfjs.json')?.models ?? {};
const ml = read('peers/mljs.json')?.models ?? {};
const splits = { sklearn: read('peers/sklearn.json')?.data?.split_sha1, tfjs: read('peers/tfjs.json')?.data?.split_sha1, mljs: read('peers/mljs.json')?.data?.split_sha1 };
const ours = Object.values(native).find((r) => r.split_sha1)?.split_sha1;

const tasks = o.tasks.split(',').filter(Boolean);
const f = (v, d = 3) => (v === undefined || v === null || Number.isNaN(v) ? '–' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(d));
const acc = (r) => (r?.accuracy === undefined ? '–' : r.accuracy.toFixed(4));
const err = (r) => (r?.error ? 'error' : undefined);
const wasm = (t) => (browser[t] && !browser[t].error ? browser[t] : node[t]);
const wasmName = (t) => (browser[t] && !browser[t].error ? 'browser' : 'node');
const rows = [];
const checks = [];
const check = (task, what, ok, detail) => checks.push({ task, what, met: ok === null ? null : !!ok, detail });
const ratio = (a, b) => (a && b ? a / b : null);
const rs = (x) => (x === null ? '–' : `${x.toFixed(2)}×`);
const peerCell = (r, key) => (r ? (r.error ? 'error' : f(r[key])) : '–');

for (const t of tasks) {
  const n = native[t], w = node[t], b = browser[t];
  if (t === 'csv') {
    rows.push(['CSV parse + profile', 's', err(n) ?? f(n?.fit_s), err(w) ?? f(w?.fit_s), err(b) ?? f(b?.fit_s), '–', '–', '–', '–', 'native < 0.3 s, worker < 0.6 s']);
    check('csv', 'native < 0.3 s', n?.fit_s === undefined ? null : n.fit_s < 0.3, `${f(n?.fit_s)} s`);
    check('csv', 'browser worker < 0.6 s', b?.fit_s === undefined ? null : b.fit_s < 0.6, `${f(b?.fit_s)} s`);
    continue;
  }
  const peer = { knn: [sk.knn, null, null, ml.knn], svm: [sk.svc_rbf_full, null, null, ml.libsvm_full], mlp: [sk.mlp, tf.mlp_cpu, tf.mlp_wasm, null],
    kmeans: [sk.kmeans, null, null, ml.kmeans], gmm: [sk.gmm, null, null, null], forest: [sk.random_forest, null, null, null] }[t] ?? [];
  const [s, tc, tw, m] = peer;
  const label = { knn: 'kNN k=12', svm: 'RBF SVM C=1 γ=1/d', mlp: 'MLP 64-64, Adam, 30 epochs', kmeans: 'k-means k=10 n_init=10', gmm: 'GMM k=10 full', forest: 'random forest 100 trees' }[t] ?? t;
  const W = wasm(t);
  let target = '';
  if (t === 'mlp') {
    const r1 = ratio(tw?.fit_s, W?.fit_s), r2 = ratio(W?.fit_s, s?.fit_s), r3 = ratio(n?.fit_s, s?.fit_s);
    target = `wasm ≥ 3× faster than tfjs-wasm: ${rs(r1)}; wasm/sklearn ≤ 2: ${rs(r2)}; native/sklearn ≤ 1: ${rs(r3)}`;
    check(t, 'wasm ≥ 3× faster than tfjs-wasm', r1 === null ? null : r1 >= 3, rs(r1));
    check(t, 'wasm within 2× of scikit-learn', r2 === null ? null : r2 <= 2, rs(r2));
    check(t, 'native no slower than scikit-learn', r3 === null ? null : r3 <= 1, rs(r3));
  } else if (t === 'svm') {
    const a = ratio(W?.fit_s, m?.fit_s), bb = ratio(W?.predict_s, m?.predict_s), c = ratio(W?.fit_s, s?.fit_s), d = ratio(W?.predict_s, s?.predict_s);
    target = `wasm/libsvm-js < 1: fit ${rs(a)}, predict ${rs(bb)}; wasm/sklearn ≤ 1.5: fit ${rs(c)}, predict ${rs(d)}`;
    check(t, 'wasm fit faster than libsvm-js', a === null ? null : a < 1, rs(a));
    check(t, 'wasm predict faster than libsvm-js', bb === null ? null : bb < 1, rs(bb));
    check(t, 'wasm fit within 1.5× of scikit-learn', c === null ? null : c <= 1.5, rs(c));
    check(t, 'wasm predict within 1.5× of scikit-learn', d === null ? null : d <= 1.5, rs(d));
  } else if (t === 'knn') {
    const a = ratio(W?.predict_s, s?.predict_s);
    target = `wasm predict / sklearn kd-tree ≤ 1: ${rs(a)}`;
    check(t, 'wasm predict no slower than scikit-learn', a === null ? null : a <= 1, rs(a));
  } else {
    const a = ratio(W?.fit_s, s?.fit_s);
    target = `wasm fit / sklearn ≤ 2: ${rs(a)}`;
    check(t, 'wasm fit within 2× of scikit-learn', a === null ? null : a <= 2, rs(a));
  }
  rows.push([`${label} — fit`, 's', err(n) ?? f(n?.fit_s), err(w) ?? f(w?.fit_s), err(b) ?? f(b?.fit_s), peerCell(s, 'fit_s'), peerCell(tc, 'fit_s'), peerCell(tw, 'fit_s'), peerCell(m, 'fit_s'), target]);
  if (!['kmeans', 'gmm'].includes(t))
    rows.push([`${label} — predict 10k`, 's', f(n?.predict_s), f(w?.predict_s), f(b?.predict_s), peerCell(s, 'predict_s'), peerCell(tc, 'predict_s'), peerCell(tw, 'predict_s'), peerCell(m, 'predict_s'), '']);
  if (t === 'kmeans')
    rows.push([`${label} — inertia`, '', f(n?.inertia, 0), f(w?.inertia, 0), f(b?.inertia, 0), f(s?.inertia, 0), '–', '–', f(m?.inertia, 0), 'lower is better']);
  else if (t === 'gmm')
    rows.push([`${label} — avg log-lik train / test`, '', n ? `${f(n.avg_loglik_train)} / ${f(n.avg_loglik_test)}` : '–', w ? `${f(w.avg_loglik_train)} / ${f(w.avg_loglik_test)}` : '–', b ? `${f(b.avg_loglik_train)} / ${f(b.avg_loglik_test)}` : '–', s ? `${f(s.avg_loglik_train)} / ${f(s.avg_loglik_test)}` : '–', '–', '–', '–', 'higher is better']);
  else rows.push([`${label} — accuracy`, '', acc(n), acc(w), acc(b), acc(s), acc(tc), acc(tw), acc(m), '']);
}

const lt0 = browserAll?.longtasks;
if (lt0 && lt0.train) check('page', 'no main-thread task > 100 ms while a model trains', lt0.train.max_ms <= 100, `${lt0.train.count} long tasks, longest ${f(lt0.train.max_ms, 0)} ms`);
else check('page', 'no main-thread task > 100 ms while a model trains', null, lt0?.error ?? 'not run');
const md = [];
md.push(`| job | unit | Genrelab native | wasm (Node) | wasm (Chromium worker) | scikit-learn | tfjs-cpu | tfjs-wasm | ml.js / libsvm-js | targets (ratios from this run) |`);
md.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---|');
for (const r of rows) md.push(`| ${r.join(' | ')} |`);
md.push('');
md.push('| target | met | measured |');
md.push('|---|---|---|');
for (const c of checks) md.push(`| ${c.task}: ${c.what} | ${c.met === null ? 'not measured' : c.met ? 'yes' : '**no**'} | ${c.detail} |`);
md.push('');
const mb = (v) => (v ? (v / 1048576).toFixed(0) : '–');
md.push('| task | native peak RSS MB | wasm heap after task, Node MB | wasm heap, Chromium worker MB | model JSON MB |');
md.push('|---|---:|---:|---:|---:|');
for (const t of tasks) md.push(`| ${t} | ${mb(native[t]?.memory_bytes)} | ${mb(node[t]?.memory_bytes)} | ${mb(browser[t]?.memory_bytes)} | ${native[t]?.model_json_bytes ? (native[t].model_json_bytes / 1e6).toFixed(2) : '–'} |`);
md.push('');
const sizes = {};
for (const name of ['genrelab.wasm', 'genrelab.mjs']) {
  const p = path.join('web/src/wasm', name);
  if (fs.existsSync(p)) { const buf = fs.readFileSync(p); sizes[name] = { bytes: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length }; }
}
md.push(`Shipped module: ${Object.entries(sizes).map(([k, v]) => `${k} ${(v.bytes / 1e6).toFixed(2)} MB (gzip ${(v.gzip / 1e6).toFixed(2)} MB)`).join(', ')}.`);
const lt = browserAll?.longtasks;
if (lt) md.push(`Main-thread long tasks (Chromium, PerformanceObserver) while the page loads the file (${f(lt.load_s)} s): ${lt.load.count}, longest ${f(lt.load.max_ms, 0)} ms; while it trains its kNN (${f(lt.train_s)} s): ${lt.train.count}, longest ${f(lt.train.max_ms, 0)} ms${lt.error ? ` (error: ${lt.error})` : ''}.`);
md.push(`Split: ours ${ours ?? '–'}; peers ${Object.entries(splits).filter(([, v]) => v).map(([k, v]) => `${k} ${v === ours ? 'same' : `DIFFERENT (${v})`}`).join(', ') || 'not run'}.${o['peer-note'] ? ' ' + o['peer-note'] + '.' : ''}`);
md.push(`Command: \`${o.command.trim()}\` on ${path.basename(o.file)}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`);
console.log(md.join('\n'));
fs.writeFileSync(path.join(dir, 'bench.json'), JSON.stringify({ file: o.file, command: o.command, date: new Date().toISOString(), native, wasm_node: node, wasm_browser: browserAll, peers: { sklearn: sk, tfjs: tf, mljs: ml }, split: { ours, peers: splits }, checks, sizes }, null, 1));
fs.writeFileSync(path.join(dir, 'table.md'), md.join('\n') + '\n');
