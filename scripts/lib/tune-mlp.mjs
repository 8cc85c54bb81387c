// A small, honest hyper-parameter loop for the shipped MLP (issue 8), over `genrelab train`:
// every candidate trains on the peers' split (stratified 80/20, seed 42) with the MLP's own
// validation_fraction carved from the TRAINING rows (stratified, seeded: the same 10 % of the training
// rows for every candidate, since they share the seed); candidates are ranked by that validation accuracy
// (at the weights the fit returns: the best epoch with early stopping, else the last). The test metrics are
// printed beside for the record but play no part in the choice. The second round of README's "Results on
// music_genre.csv" (top 3 re-scored over classifier seeds 7 and 2024, best mean validation accuracy wins) is the same
// script run on candidates that add "seed": 7 / 2024 to the classifier (another validation carve and initialisation).
//
// usage: node scripts/lib/tune-mlp.mjs GENRELAB CSV BASE_RECIPE CANDIDATES.json [OUT.json]
//   CANDIDATES.json: [{"name": "...", "classifier": {…settings merged over the base recipe's classifier…},
//                      "stages": […optional: replaces the base recipe's stages (preprocessing candidates)…]}, …]
//                      "group": "…optional: candidates sharing a group (one setting under several classifier seeds,
//                                 i.e. several validation carves) are ranked by their MEAN validation accuracy"}, …]
// Stage candidates keep the base recipe's split and clean (none): the test rows are the peers' rows for every one.
// models/music-genre-mlp.candidates.json is the second round (8 settings × seeds 42, 7, 2024); every entry spells
// out its stages and the classifier settings that differ, so it reruns the same against any base MLP recipe
// with the same epochs / batch / learning rate / validation_fraction / patience defaults.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [genrelab, csv, basePath, candPath, outPath] = process.argv.slice(2);
const base = JSON.parse(fs.readFileSync(basePath, 'utf8'));
const cands = JSON.parse(fs.readFileSync(candPath, 'utf8'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'genrelab-tune-'));
const rows = [];
for (const c of cands) {
  const recipe = structuredClone(base);
  recipe.classifier = { ...base.classifier, ...c.classifier };
  if (c.stages) recipe.stages = c.stages;
  const rp = path.join(tmp, 'r.json'), mp = path.join(tmp, 'm.json');
  fs.writeFileSync(rp, JSON.stringify(recipe));
  execFileSync(genrelab, ['train', csv, '--recipe', rp, '--out', mp, '--quiet'], { stdio: ['ignore', 'ignore', 'ignore'] });
  const rep = JSON.parse(fs.readFileSync(mp, 'utf8')).report;
  const h = rep.history;
  const at = h.best_epoch >= 0 && h.stopped_early !== undefined && recipe.classifier.early_stopping_patience > 0 ? h.best_epoch : h.val_accuracy.length - 1;
  const r = { name: c.name, ...(c.group ? { group: c.group } : {}), classifier: c.classifier, ...(c.stages ? { stages: c.stages } : {}), val_accuracy: h.val_accuracy[at], val_loss: h.val_loss[at], epochs: h.val_accuracy.length,
              best_epoch: at, test_accuracy: rep.metrics.accuracy, test_auroc: rep.metrics.roc_auc_macro, fit_s: rep.fit_seconds };
  rows.push(r);
  console.log(`${c.name.padEnd(40)} val acc ${r.val_accuracy.toFixed(4)} loss ${r.val_loss.toFixed(4)} (epoch ${at + 1}/${r.epochs})` +
              `  | test acc ${r.test_accuracy.toFixed(4)} AUROC ${r.test_auroc.toFixed(4)}  fit ${r.fit_s.toFixed(1)} s`);
}
fs.rmSync(tmp, { recursive: true, force: true });
rows.sort((a, b) => b.val_accuracy - a.val_accuracy || a.val_loss - b.val_loss);
if (cands.some((c) => c.group)) {
  const groups = new Map();
  cands.forEach((c, i) => {
    const g = c.group ?? c.name;
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(rows.find((r) => r.name === c.name));
  });
  const mean = (a, k) => a.reduce((s, r) => s + r[k], 0) / a.length;
  const summary = [...groups].map(([g, rs]) => ({ group: g, n: rs.length, val_accuracy: mean(rs, 'val_accuracy'), val_loss: mean(rs, 'val_loss') }))
    .sort((a, b) => b.val_accuracy - a.val_accuracy || a.val_loss - b.val_loss);
  console.log('\nmean over each group\'s seeds:');
  for (const s of summary) console.log(`${s.group.padEnd(60)} val acc ${s.val_accuracy.toFixed(4)} loss ${s.val_loss.toFixed(4)} (${s.n} runs)`);
  console.log(`\nselected by mean validation accuracy: ${summary[0].group}`);
  if (outPath) fs.writeFileSync(outPath, JSON.stringify({ runs: rows, groups: summary }, null, 1) + '\n');
} else {
  console.log(`\nselected by validation accuracy: ${rows[0].name}`);
  if (outPath) fs.writeFileSync(outPath, JSON.stringify(rows, null, 1) + '\n');
}
