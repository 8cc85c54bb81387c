// Prints a model file's generated card as Markdown: intended use, data, metrics per class, caveats.
import fs from 'node:fs';

const [file, dataName] = process.argv.slice(2);
const model = JSON.parse(fs.readFileSync(file, 'utf8'));
const { card, recipe, report } = model;
const pct = (v) => (v == null ? '–' : (100 * v).toFixed(1) + ' %');
const f3 = (v) => (v == null ? '–' : v.toFixed(3));
const m = report.metrics;
const lines = [
  `# Model card: ${card.name}`,
  '',
  `File: \`${file.split('/').pop()}\` (${model.format} v${model.format_version}, ${model.created_by}). Trained with`,
  `\`genrelab train ${dataName} --recipe ${file.split('/').pop().replace('.model.json', '.recipe.json')}\` (scripts/train-models).`,
  '',
  ...(recipe.notes ? [recipe.notes, ''] : []),
  '## Intended use',
  card.intended_use,
  '',
  '## Data',
  `Trained on \`${dataName}\`: label column \`${recipe.label}\`, ${report.n_train} training rows, ${report.n_test} held-out test rows`,
  `(${recipe.split.method} split, test fraction ${recipe.split.test_fraction}, seed ${recipe.seed}).`,
  `Features: ${recipe.features.map((f) => '`' + f + '`').join(', ')}.`,
  `Stages: ${recipe.stages.map((s) => s.type + (s.strategy ? ` (${s.strategy})` : s.method ? ` (${s.method})` : s.column ? ` (${s.column})` : '')).join(' → ')} → ${recipe.classifier.type}.`,
  '',
  '## Metrics on the held-out rows',
  `Accuracy ${pct(m.accuracy)}, macro F1 ${f3(m.macro_f1)}, MCC ${f3(m.mcc)}, macro one-vs-rest AUROC ${f3(m.roc_auc_macro)}.`,
  '',
  '| class | precision | recall | F1 | support |',
  '|---|---:|---:|---:|---:|',
  ...m.per_class.map((c) => `| ${c.class} | ${f3(c.precision)} | ${f3(c.recall)} | ${f3(c.f1)} | ${c.support} |`),
  '',
  '## Caveats',
  ...card.caveats.map((c) => `- ${c}`),
  ...(report.leakage?.summary ? [`- Leakage check on this split: ${report.leakage.summary}`] : []),
  '',
];
process.stdout.write(lines.join('\n'));
