// Times load_csv (parse + type + profile) of one file in the wasm build under Node, the bytes already in
// memory as in the page's worker. Prints one JSON line like `genrelab time-csv`.
import fs from 'node:fs';
import { loadModule } from '../../tests/js/load-module.mjs';

const [file, repeatArg] = process.argv.slice(2);
const repeat = Number(repeatArg ?? 5);
const bytes = fs.readFileSync(file);
const m = await loadModule();
const runs = [];
let rows = 0;
for (let i = 0; i < repeat; i++) {
  const t0 = performance.now();
  const reply = JSON.parse(m.load_csv(bytes, '{}'));
  runs.push((performance.now() - t0) / 1000);
  if (!reply.ok) throw new Error(reply.error);
  rows = reply.n_rows;
  m.forget_dataset(reply.dataset);
}
runs.sort((a, b) => a - b);
const median = runs[Math.floor(runs.length / 2)];
console.log(JSON.stringify({ bytes: bytes.length, rows, runs_s: runs, median_s: median, mb_per_s: bytes.length / 1e6 / median }));
