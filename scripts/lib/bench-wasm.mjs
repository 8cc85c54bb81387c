// The benchmark tasks of `genrelab bench` through the wasm build under Node: one fresh module per task
// (so its linear-memory size afterwards is that task's peak), the CSV bytes already in memory as in the
// page's worker. Prints one JSON array of task results (the CLI's shape, plus "memory_bytes" = wasm heap).
//   node scripts/lib/bench-wasm.mjs FILE.csv --tasks mlp,knn,csv [--label COL] [--drop a,b] [--repeat N]
//        [--wasm-dir web/src/wasm/]
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: o, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    tasks: { type: 'string', default: 'csv,knn,kmeans,gmm,forest,mlp,svm' },
    label: { type: 'string', default: 'music_genre' },
    drop: { type: 'string', default: '' },
    repeat: { type: 'string', default: '1' },
    'csv-repeat': { type: 'string', default: '5' },
    params: { type: 'string', default: '' },     // JSON: {"mlp":{"epochs":5},…}
    'wasm-dir': { type: 'string', default: new URL('../../web/src/wasm/', import.meta.url).pathname },
  },
});
const file = positionals[0];
if (!file) {
  console.error('usage: node scripts/lib/bench-wasm.mjs FILE.csv [--tasks a,b] [--label COL] [--drop a,b] [--repeat N]');
  process.exit(2);
}
const wasmDir = path.resolve(o['wasm-dir']) + '/';
const bytes = fs.readFileSync(file);
const extra = o.params ? JSON.parse(o.params) : {};

async function freshModule() {
  globalThis.__dirname = wasmDir;
  globalThis.require = createRequire(wasmDir);
  const { default: createModule } = await import(path.join(wasmDir, 'genrelab.mjs'));
  return createModule({ wasmBinary: fs.readFileSync(path.join(wasmDir, 'genrelab.wasm')), print: () => {}, printErr: () => {} });
}
const parse = (text) => {
  const r = JSON.parse(text);
  if (!r.ok) throw new Error(r.error);
  return r;
};

const results = [];
for (const task of o.tasks.split(',').filter(Boolean)) {
  const m = await freshModule();
  try {
    if (task === 'csv') {
      const runs = [];
      let rows = 0;
      for (let i = 0; i < Number(o['csv-repeat']); i++) {
        const t0 = performance.now();
        const r = parse(m.load_csv(bytes, '{}'));
        runs.push((performance.now() - t0) / 1000);
        rows = r.n_rows;
        m.forget_dataset(r.dataset);
      }
      const sorted = [...runs].sort((a, b) => a - b);
      results.push({ task, bytes: bytes.length, rows, fit_s: sorted[sorted.length >> 1], fit_runs_s: runs, memory_bytes: m.HEAP8.buffer.byteLength });
    } else {
      const { dataset } = parse(m.load_csv(bytes, '{}'));
      const spec = { task, label: o.label, drop: o.drop.split(',').filter(Boolean), repeat: Number(o.repeat) };
      if (extra[task]) spec.params = extra[task];
      const r = parse(m.bench_task(dataset, JSON.stringify(spec)));
      delete r.ok;
      r.memory_bytes = m.HEAP8.buffer.byteLength;
      results.push(r);
    }
  } catch (e) {
    results.push({ task, error: String(e.message ?? e) });
  }
  console.error(`wasm-node ${task}: ${JSON.stringify(results.at(-1)).slice(0, 160)}`);
}
console.log(JSON.stringify(results));
