// What the page does after training (step 5): the comparison of every model trained in this session (plus
// one-click guessing baselines), and permutation feature importance of the last trained model.
//   state.comparison: [row…] (comparisonRow below), kept across runs until removed
//   state.importance: {model, result} | null; state.importanceJob: {fraction, stage, startedAt} while it runs;
//   state.importanceError: text | null
import { recipeFromConfig } from './state.js';
import { describeClassifier, startClassifier } from './classifier-schema.js';
import { downloadText, safeName } from './download.js';

// The numbers the comparison table shows for one finished run (the report stays out: it can be large).
export function comparisonRow(report, { source = null, baseline = false } = {}) {
  const m = report.metrics ?? {};
  return {
    key: `${report.run ?? 'b'}-${Math.random().toString(36).slice(2, 8)}`,
    run: report.run ?? null,
    name: report.name ?? describeClassifier(report.recipe?.classifier),
    type: report.recipe?.classifier?.type ?? '',
    baseline,
    label: report.recipe?.label ?? '',
    n_features: report.recipe?.features?.length ?? null,
    seed: report.recipe?.seed ?? null,
    source,
    n_test: report.n_test ?? null,
    accuracy: m.accuracy ?? null,
    macro_precision: m.macro_precision ?? null,
    macro_recall: m.macro_recall ?? null,
    macro_f1: m.macro_f1 ?? null,
    mcc: m.mcc ?? null,
    auroc: m.curves?.roc_auc_macro ?? m.roc_auc_macro ?? null,
    fit_seconds: report.fit_seconds ?? null,
    wall_seconds: report.wall_seconds ?? null,
  };
}

export const COMPARISON_COLUMNS = [
  ['name', 'Model'],
  ['accuracy', 'Accuracy'],
  ['macro_precision', 'Macro precision'],
  ['macro_recall', 'Macro recall'],
  ['macro_f1', 'Macro F1'],
  ['mcc', 'MCC'],
  ['auroc', 'Macro AUROC'],
  ['fit_seconds', 'Fit time (s)'],
];

const csvCell = (v) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function comparisonCsv(rows) {
  const cols = ['run', 'name', 'type', 'baseline', 'label', 'n_features', 'seed', 'source', 'n_test', 'accuracy', 'macro_precision', 'macro_recall', 'macro_f1', 'mcc', 'auroc', 'fit_seconds', 'wall_seconds'];
  return [cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))].join('\r\n') + '\r\n';
}

export function createEvaluationActions(store, client, actions) {
  const fail = actions.fail;

  // Trains the two guessing baselines with the current label, features, split and seed; adds them as rows.
  async function addBaselines() {
    const s = store.get();
    if (!s.dataset || !s.config || s.phase === 'training' || s.comparisonBusy) return;
    store.set({ comparisonBusy: 'Training the baselines…' });
    try {
      for (const id of ['baseline_most_frequent', 'baseline_uniform']) {
        const recipe = recipeFromConfig(s.suggested, { ...s.config, classifier: startClassifier(id) });
        const t0 = performance.now();
        const { model, report } = await client.call('train', { dataset: s.dataset.dataset, recipe });
        client.call('forgetModel', { model }).catch(() => {});
        const full = { ...report, recipe, wall_seconds: (performance.now() - t0) / 1000, name: describeClassifier(recipe.classifier) };
        store.set((st) => ({ comparison: [...(st.comparison ?? []), comparisonRow(full, { source: st.source?.name, baseline: true })] }));
      }
      store.set({ comparisonBusy: null, notice: 'Added the two guessing baselines to the comparison.' });
    } catch (e) {
      store.set({ comparisonBusy: null });
      if (!e.restarted) fail(`The baselines could not be trained: ${e.message}`);
    }
  }

  function removeRun(key) {
    store.set((s) => ({ comparison: (s.comparison ?? []).filter((r) => r.key !== key) }));
  }

  function downloadComparison() {
    const rows = store.get().comparison ?? [];
    if (!rows.length) return;
    const name = `genrelab-comparison-${safeName(rows[0].label || 'models')}.csv`;
    downloadText(comparisonCsv(rows), name, 'text/csv');
    store.set({ notice: `Saved the comparison of ${rows.length} models as ${name}.` });
  }

  let importanceController = null;
  // Permutation importance of the last trained model on its own test rows (start_importance).
  async function computeImportance({ n_repeats = 5, max_rows = 2000 } = {}) {
    const s = store.get();
    if (s.model === null || !s.dataset || s.importanceJob || s.phase === 'training') return;
    const model = s.model;
    importanceController = new AbortController();
    store.set({ importanceJob: { fraction: 0, stage: 'starting', startedAt: performance.now() }, importanceError: null });
    try {
      const result = await client.call(
        'importance',
        { model, dataset: s.dataset.dataset, options: { n_repeats, max_rows, rows: 'test', seed: s.config?.seed ?? 42 } },
        {
          signal: importanceController.signal,
          onProgress: ({ fraction, stage }) => store.set((st) => ({ importanceJob: st.importanceJob && { ...st.importanceJob, fraction, stage } })),
        },
      );
      store.set({ importanceJob: null, importance: { model, run: s.report?.run, result }, notice: `Measured the importance of ${result.features.length} columns on ${result.n_rows.toLocaleString()} test songs.` });
    } catch (e) {
      store.set({ importanceJob: null });
      if (e.cancelled && !e.restarted) store.set({ notice: 'Measuring the importance was cancelled.' });
      else if (!e.restarted) store.set({ importanceError: `The importance could not be measured: ${e.message}` });
    } finally {
      importanceController = null;
    }
  }

  let searchController = null;
  // Grid search with k-fold cross-validation over 1–2 settings of the chosen classifier (start_search).
  // grid: {'classifier.k': [5, 15]…}; select: 'accuracy' | 'weighted'.
  async function runSearch({ grid, folds = 3, select = 'accuracy' }) {
    const s = store.get();
    if (!s.dataset || !s.config || s.searchJob || s.phase === 'training') return;
    const recipe = recipeFromConfig(s.suggested, s.config);
    const spec = { recipe, method: 'grid', params: grid, cv: { folds, train_scores: true }, select: select === 'weighted' ? { weighted: { w1: 1, w2: 1 } } : { metric: 'accuracy' }, refit: false };
    searchController = new AbortController();
    store.set({ searchJob: { fraction: 0, stage: 'starting', startedAt: performance.now() }, searchError: null });
    try {
      const result = await client.call('search', { dataset: s.dataset.dataset, spec }, {
        signal: searchController.signal,
        onProgress: ({ fraction, stage }) => store.set((st) => ({ searchJob: st.searchJob && { ...st.searchJob, fraction, stage } })),
      });
      if (result.model !== null && result.model !== undefined) client.call('forgetModel', { model: result.model }).catch(() => {});
      store.set({ searchJob: null, search: { spec, table: result.search, csv: result.csv, classifier: recipe.classifier }, notice: `Searched ${result.search?.n_candidates ?? '?'} settings with ${folds}-fold cross-validation.` });
    } catch (e) {
      store.set({ searchJob: null });
      if (e.cancelled && !e.restarted) store.set({ notice: 'The search was cancelled.' });
      else if (!e.restarted) store.set({ searchError: `The search failed: ${e.message}` });
    } finally {
      searchController = null;
    }
  }

  // Copies the best candidate's settings ({'classifier.k': 15, …}) into the training settings.
  function useBestSettings() {
    const { search, config } = store.get();
    const best = search?.table?.best_params;
    if (!best || !config) return;
    const classifier = { ...(search.classifier ?? config.classifier) };
    for (const [path, value] of Object.entries(best)) if (path.startsWith('classifier.')) classifier[path.slice('classifier.'.length)] = value;
    actions.updateConfig({ classifier });
    store.set({ notice: 'The best settings of the search are now the training settings: press Train to fit them on all training songs.' });
  }

  return {
    runSearch,
    cancelSearch: () => searchController?.abort(),
    useBestSettings,
    downloadSearchCsv: () => {
      const s = store.get().search;
      if (s?.csv) downloadText(s.csv, 'genrelab-search.csv', 'text/csv');
    },
    addBaselines,
    removeRun,
    downloadComparison,
    computeImportance,
    cancelImportance: () => importanceController?.abort(),
  };
}
