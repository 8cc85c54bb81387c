// Step 5: the last run's report — accuracy as the headline, the other summary scores, a per-class
// table, the confusion matrix (counts or row-normalised, chart + table), the ROC and precision–recall
// curves, and for a neural network its final learning curves. The comparison of runs (compare.js) and
// the permutation importance (importance.js) have their own views below.
import { h, replace } from '../dom.js';
import { fmtInt, fmtPct, fmtScore, fmtSeconds } from '../format.js';
import { confusionView } from './confusion.js';
import { curvePanel, learningCurves } from './curves.js';
import { describeClassifier } from '../classifier-schema.js';
import { changed } from '../state.js';

export function mountResultsView(root, store, actions) {
  let shown = null;
  let chart = null;
  store.subscribe((s, prev) => {
    if (!changed(s, prev, 'report', 'phase')) return;
    const section = root.closest('section');
    section.hidden = !s.report;
    section.classList.toggle('stale', Boolean(s.report) && s.phase === 'training');
    if (s.report === shown) return;
    shown = s.report;
    chart?.dispose();
    chart = null;
    if (!s.report) {
      root.replaceChildren();
      return;
    }
    chart = render(root, s.report, actions);
  });
}

function render(root, report, actions) {
  const m = report.metrics ?? {};
  const classes = report.classes ?? (m.per_class ?? []).map((p) => p.class);
  const K = classes.length;
  const recipe = report.recipe;
  const tile = (label, value, hint, id) =>
    h('div', { class: 'tile', id }, h('div', { class: 'tile-value' }, value), h('div', { class: 'tile-label' }, label), hint ? h('div', { class: 'tile-hint' }, hint) : null);

  const headline = h(
    'div',
    { class: 'headline' },
    h(
      'div',
      { class: 'accuracy' },
      h('div', { class: 'accuracy-value', id: 'accuracy-value', dataset: { value: String(m.accuracy) } }, fmtPct(m.accuracy)),
      h('div', { class: 'accuracy-label' }, `accuracy on ${fmtInt(report.n_test)} test songs`),
      h('div', { class: 'tile-hint' }, `Guessing at random would get about ${fmtPct(1 / Math.max(1, K), 0)} with ${K} classes.`),
    ),
    h(
      'div',
      { class: 'tiles' },
      tile('macro F1', fmtScore(m.macro_f1), 'every class counts the same', 'macro-f1'),
      tile('weighted F1', fmtScore(m.weighted_f1), 'classes weighted by size', 'weighted-f1'),
      tile('MCC', fmtScore(m.mcc), '0 = chance, 1 = perfect', 'mcc'),
      tile('macro AUROC', fmtScore(m.curves?.roc_auc_macro ?? m.roc_auc_macro), '0.5 = guessing, 1 = perfect ranking', 'macro-auroc'),
      tile('macro precision', fmtScore(m.macro_precision), null, 'macro-precision'),
      tile('macro recall', fmtScore(m.macro_recall), null, 'macro-recall'),
      tile('time', fmtSeconds(report.wall_seconds ?? report.fit_seconds), `${fmtInt(report.n_train)} training songs${Number.isFinite(report.fit_seconds) ? `, fit ${fmtSeconds(report.fit_seconds)}` : ''}`, 'fit-time'),
    ),
  );

  const about = recipe
    ? h(
        'p',
        { class: 'run-summary', id: 'run-summary' },
        `${describeClassifier(recipe.classifier)} on ${recipe.features.length} features; `,
        `label “${recipe.label}”; ${fmtPct(recipe.split?.test_fraction, 0)} of the songs held out for testing (seed ${recipe.seed}).`,
      )
    : null;

  const warnings = report.warnings?.length
    ? h('div', { class: 'warnings' }, h('h3', {}, 'Warnings'), h('ul', {}, report.warnings.map((w) => h('li', {}, typeof w === 'string' ? w : (w.message ?? JSON.stringify(w))))))
    : null;

  const perClass = h(
    'div',
    { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Per-class scores (scrolls sideways)' },
    h(
      'table',
      { class: 'data-table', id: 'per-class-table' },
      h('caption', {}, 'Per-class scores on the test songs'),
      h('thead', {}, h('tr', {}, ['Class', 'Precision', 'Recall', 'F1', 'Support'].map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        {},
        (m.per_class ?? []).map((p) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, p.class),
            h('td', { class: 'num' }, fmtScore(p.precision), bar(p.precision)),
            h('td', { class: 'num' }, fmtScore(p.recall), bar(p.recall)),
            h('td', { class: 'num' }, fmtScore(p.f1), bar(p.f1)),
            h('td', { class: 'num' }, fmtInt(p.support)),
          ),
        ),
      ),
    ),
  );

  const confusion = m.confusion ? confusionView(classes, m.confusion) : null;
  const panels = [];
  const history = report.history;
  let learning = null;
  if (history?.train_loss?.length) {
    const curves = learningCurves('final', history);
    panels.push(...curves.panels);
    const best = history.best_epoch >= 0 ? ` The lowest ${history.val_loss?.length ? 'validation' : 'training'} loss came after epoch ${history.best_epoch + 1}${history.stopped_early ? '; training stopped early there' : ''}.` : '';
    learning = h('div', { class: 'results-wide', id: 'learning-curves' }, h('h3', {}, 'How the network learned'), h('p', { class: 'hint' }, `Loss and accuracy after each of ${history.train_loss.length} epochs.${best}`), h('div', { class: 'results-grid' }, curves.panels.map((p) => h('div', { class: 'results-col' }, p.el))));
  }
  let curvesBlock = null;
  if (m.curves?.per_class?.length) {
    const roc = curvePanel('roc-curves', 'roc', report);
    const pr = curvePanel('pr-curves', 'pr', report);
    panels.push(roc, pr);
    curvesBlock = h('div', { class: 'results-wide', id: 'threshold-curves' }, h('h3', {}, 'Ranking quality: ROC and precision–recall'), h('div', { class: 'results-grid' }, h('div', { class: 'results-col' }, roc.el), h('div', { class: 'results-col' }, pr.el)));
  }
  const save = h(
    'div',
    { class: 'save-model' },
    h('button', { type: 'button', class: 'button primary', id: 'download-model', onclick: () => actions?.downloadModel() }, 'Download model'),
    h('p', { class: 'hint' }, 'Saves this trained model as a .model.json file (recipe, fitted steps, genres, scores and a model card) on your computer. Load it again in step 6, here or on another computer.'),
  );
  replace(
    root,
    headline,
    about,
    save,
    warnings,
    h('div', { class: 'results-grid' },
      h('div', { class: 'results-col' }, h('h3', {}, 'Scores for each class'), h('p', { class: 'hint' }, 'Precision: of the songs it called this class, how many were. Recall: of the songs of this class, how many it found.'), perClass),
      h('div', { class: 'results-col' }, h('h3', {}, 'Confusion matrix'), confusion?.chartBlock ?? h('p', {}, 'No confusion matrix in this report.')),
    ),
    confusion ? h('div', { class: 'results-wide' }, h('h3', {}, 'Confusion matrix as a table'), confusion.tableBlock) : null,
    curvesBlock,
    learning,
  );
  // each chart draws in a task of its own (issue 6: the page stays responsive while the results appear)
  const handle = confusion ? confusion.mount({ defer: true }) : null;
  for (const p of panels) p.mount({ defer: true });
  return { dispose: () => { handle?.dispose(); for (const p of panels) p.dispose(); } };
}

const bar = (x) => h('span', { class: 'score-bar', 'aria-hidden': 'true' }, h('span', { style: { width: `${Math.round(Math.max(0, Math.min(1, x ?? 0)) * 100)}%` } }));
