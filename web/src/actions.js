// What the user can do, as functions of (store, client): load a CSV, change the settings, train, cancel.
// Every failure ends as a message in state.error (shown in the alert region); nothing already loaded is
// dropped because a later step failed.
import { MAX_FILE_BYTES, DEMO_URL, configFromRecipe, fallbackRecipe, recipeFromConfig } from './state.js';
import { fmtBytes } from './format.js';

export function createActions(store, client) {
  let trainController = null;
  let runs = 0; // numbers each finished run (report.run), so a new report is told from the last one

  const fail = (message) => store.set({ error: { message, at: Date.now() }, busy: null });
  const clearError = () => store.get().error && store.set({ error: null });

  async function readSource(source) {
    if (source.kind === 'file') return source.file.arrayBuffer();
    const res = await fetch(source.url);
    if (!res.ok) throw new Error(`Could not fetch ${source.name}: the server answered ${res.status} ${res.statusText}.`);
    return res.arrayBuffer();
  }

  // Reads a source ({kind:'file', file} | {kind:'url', url, name}) into the worker and profiles it.
  // keepConfig: keep the user's settings when the columns are the same (reload after a worker restart).
  async function load(source, { keepConfig = false } = {}) {
    const st = store.get();
    if (st.phase === 'training' || st.busy) return;
    if (source.kind === 'file' && source.size > MAX_FILE_BYTES) {
      fail(`"${source.name}" is ${fmtBytes(source.size)}; the limit is ${fmtBytes(MAX_FILE_BYTES)}. Use a smaller CSV file.`);
      return;
    }
    clearError();
    store.set({ busy: `Reading ${source.name}…`, notice: null });
    let dataset;
    try {
      const bytes = await readSource(source);
      source = { ...source, size: bytes.byteLength };
      store.set({ busy: `Profiling ${source.name} (${fmtBytes(bytes.byteLength)})…` });
      dataset = await client.call('loadCsv', { bytes, options: { delimiter: 'auto', max_bytes: MAX_FILE_BYTES } }, { transfer: [bytes] });
    } catch (e) {
      fail(`Could not load "${source.name}": ${e.message}`);
      return;
    }

    let suggested, notice = null;
    try {
      ({ recipe: suggested } = await client.call('suggestRecipe', { dataset: dataset.dataset }));
    } catch (e) {
      suggested = fallbackRecipe(dataset.columns);
      notice = `No recipe could be suggested (${e.message}); choose the label and features yourself.`;
    }

    const prev = store.get();
    if (prev.dataset && prev.dataset.dataset !== dataset.dataset) client.call('forgetDataset', { dataset: prev.dataset.dataset }).catch(() => {});
    if (prev.model !== null && !keepConfig) client.call('forgetModel', { model: prev.model }).catch(() => {});
    const sameColumns = prev.dataset && prev.dataset.columns.map((c) => c.name).join('\u0000') === dataset.columns.map((c) => c.name).join('\u0000');
    store.set({
      phase: 'ready',
      busy: null,
      source,
      dataset,
      suggested,
      config: keepConfig && sameColumns && prev.config ? prev.config : configFromRecipe(suggested),
      report: keepConfig ? prev.report : null,
      model: keepConfig ? prev.model : null,
      notice: notice ?? `Loaded ${source.name}: ${dataset.n_rows.toLocaleString()} rows, ${dataset.columns.length} columns.`,
    });
  }

  function loadFile(file) {
    if (!file) return;
    return load({ kind: 'file', file, name: file.name, size: file.size });
  }

  function loadDemo() {
    return load({ kind: 'url', url: DEMO_URL, name: 'songs-demo.csv' });
  }

  function updateConfig(patch) {
    const { config } = store.get();
    if (!config) return;
    const next = { ...config, ...patch };
    if (patch.label !== undefined) next.features = next.features.filter((f) => f !== patch.label);
    store.set({ config: next });
  }

  function resetConfig() {
    const { suggested } = store.get();
    if (suggested) store.set({ config: configFromRecipe(suggested) });
  }

  function checkConfig(config) {
    if (!config.label) return 'Choose the column to predict (the label).';
    if (config.features.filter((f) => f !== config.label).length === 0) return 'Choose at least one feature column.';
    if (!Number.isInteger(config.k) || config.k < 1) return 'k must be a whole number of at least 1.';
    if (!(config.testFraction > 0 && config.testFraction < 1)) return 'The test fraction must be between 0 and 1 (e.g. 0.2).';
    if (!Number.isInteger(config.seed) || config.seed < 0) return 'The seed must be a whole number ≥ 0.';
    return null;
  }

  async function train() {
    const st = store.get();
    if (!st.dataset || st.phase === 'training' || st.busy) return;
    const problem = checkConfig(st.config);
    if (problem) return fail(problem);
    clearError();
    const recipe = recipeFromConfig(st.suggested, st.config);
    trainController = new AbortController();
    store.set({ phase: 'training', notice: null, training: { fraction: 0, stage: 'starting', startedAt: performance.now() } });
    try {
      const { model, report } = await client.call(
        'train',
        { dataset: st.dataset.dataset, recipe },
        {
          signal: trainController.signal,
          onProgress: ({ fraction, stage }) => store.set((s) => ({ training: s.training && { ...s.training, fraction, stage } })),
        },
      );
      const prevModel = store.get().model;
      if (prevModel !== null) client.call('forgetModel', { model: prevModel }).catch(() => {});
      const seconds = (performance.now() - store.get().training.startedAt) / 1000;
      store.set({
        phase: 'ready',
        training: null,
        report: { ...report, recipe, wall_seconds: seconds, run: ++runs },
        model,
        notice: `Trained kNN on ${report.n_train.toLocaleString()} songs and tested on ${report.n_test.toLocaleString()}.`,
      });
    } catch (e) {
      store.set({ phase: 'ready', training: null });
      if (e.cancelled && !e.restarted) store.set({ notice: 'Training cancelled.' });
      else if (!e.restarted) fail(`Training failed: ${e.message}`);
    } finally {
      trainController = null;
    }
  }

  function cancel() {
    trainController?.abort();
  }

  // After a forced restart the worker's datasets are gone: load the same source again.
  client.on('restart', (reason) => {
    const { source } = store.get();
    store.set({ phase: source ? 'ready' : 'empty', training: null, busy: null, model: null, notice: `${reason} Reloading the data…` });
    if (source) load(source, { keepConfig: true });
  });

  return { loadFile, loadDemo, updateConfig, resetConfig, train, cancel, dismissError: () => store.set({ error: null }) };
}
