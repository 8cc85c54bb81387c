// What the user can do, as functions of (store, client): load a CSV, explore it, change the settings, train,
// cancel, save and load models, classify songs, share the recipe. Every failure ends as a message in
// state.error (shown in the alert region); nothing already loaded is dropped because a later step failed.
import { MAX_FILE_BYTES, MAX_MODEL_BYTES, DEMO_URL, MODELS_URL, configFromRecipe, fallbackRecipe, recipeFromConfig } from './state.js';
import { fmtBytes, fmtInt } from './format.js';
import { downloadText, safeName } from './download.js';
import { isShippedFileName } from './url.js';
import { checkClassifier, describeClassifier } from './classifier-schema.js';
import { comparisonRow } from './evaluation-actions.js';

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
    const sameColumns = prev.dataset && prev.dataset.columns.map((c) => c.name).join('\u0000') === dataset.columns.map((c) => c.name).join('\u0000');
    let config = keepConfig && sameColumns && prev.config ? prev.config : configFromRecipe(suggested);
    let pendingRecipe = prev.pendingRecipe;
    // A recipe from the page's address (#recipe=…) waits for a file that has its columns.
    if (pendingRecipe && !keepConfig) {
      const names = new Set(dataset.columns.map((c) => c.name));
      const absent = [pendingRecipe.label, ...pendingRecipe.features].filter((c) => !names.has(c));
      if (absent.length === 0) {
        suggested = pendingRecipe;
        config = configFromRecipe(pendingRecipe);
        pendingRecipe = null;
        notice = `Applied the recipe from the link: label “${config.label}”, ${config.features.length} features, ${describeClassifier(config.classifier)}, seed ${config.seed}.`;
      } else {
        notice = `The link's recipe needs column${absent.length === 1 ? '' : 's'} ${absent.slice(0, 5).map((c) => `“${c}”`).join(', ')}${absent.length > 5 ? ' …' : ''}, which ${source.name} lacks; it waits for a file that has them.`;
      }
    }
    store.set({
      phase: 'ready',
      busy: null,
      source,
      dataset,
      suggested,
      config,
      pendingRecipe,
      report: keepConfig ? prev.report : null,
      model: keepConfig ? prev.model : null,
      explore: keepConfig ? prev.explore : null,
      notice: notice ?? `Loaded ${source.name}: ${dataset.n_rows.toLocaleString()} rows, ${dataset.columns.length} columns.`,
    });
    // The trained model of the old file stays usable for classifying while it is the active model.
    if (prev.model !== null && !keepConfig) release(prev.model);
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
    // the suggested label and features; the classifier the user chose stays
    if (suggested) store.set((s) => ({ config: { ...configFromRecipe(suggested), classifier: s.config?.classifier ?? configFromRecipe(suggested).classifier } }));
  }

  function checkConfig(config) {
    if (!config.label) return 'Choose the column to predict (the label).';
    if (config.features.filter((f) => f !== config.label).length === 0) return 'Choose at least one feature column.';
    const classifierProblem = checkClassifier(config.classifier);
    if (classifierProblem) return classifierProblem;
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
    const name = describeClassifier(recipe.classifier);
    store.set({ phase: 'training', notice: null, training: { fraction: 0, stage: 'starting', startedAt: performance.now(), live: null, name } });
    try {
      const { model, report } = await client.call(
        'train',
        { dataset: st.dataset.dataset, recipe },
        {
          signal: trainController.signal,
          // live: the MLP's per-epoch curves so far (step_job's "live"), null for other classifiers
          onProgress: ({ fraction, stage, live }) => store.set((s) => ({ training: s.training && { ...s.training, fraction, stage, live: live ?? s.training.live } })),
        },
      );
      const prevModel = store.get().model;
      const seconds = (performance.now() - store.get().training.startedAt) / 1000;
      store.set({
        phase: 'ready',
        training: null,
        report: { ...report, recipe, wall_seconds: seconds, run: ++runs, name },
        model,
        notice: `Trained ${name} on ${report.n_train.toLocaleString()} songs and tested on ${report.n_test.toLocaleString()}.`,
      });
      store.set((s) => ({ comparison: [...(s.comparison ?? []), comparisonRow(s.report, { source: s.source?.name })] }));
      if (prevModel !== null) release(prevModel);
      // the new model classifies from now on
      await activate(model, 'trained', `${name} trained on ${store.get().source?.name ?? 'the loaded songs'} (run ${runs})`).catch((e) => fail(`The trained model could not be described: ${e.message}`));
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

  // After a forced restart the worker's datasets and models are gone: load the same source again.
  client.on('restart', (reason, info = {}) => {
    const { source } = store.get();
    // After running out of memory the failed step's message (already in the alert region) stays visible once
    // the data is back; earlier reports stay (load keeps them with keepConfig).
    const shown = info.fatal ? store.get().error : null;
    exploredKey = null;
    store.set({
      phase: source ? 'ready' : 'empty', training: null, busy: null, model: null, active: null, single: null, batch: null,
      explore: null, exploreBusy: false, modelBusy: null, notice: `${reason} Reloading the data…`,
    });
    if (source) load(source, { keepConfig: true }).then(() => shown && !store.get().error && store.set({ error: shown }));
    else if (shown) store.set({ error: shown });
  });

  // ---- models ------------------------------------------------------------------------------------

  // Forgets a model in the worker unless the page still uses it (as the trained model or the active one).
  function release(id) {
    const s = store.get();
    if (id === null || id === undefined || s.model === id || s.active?.id === id) return;
    client.call('forgetModel', { model: id }).catch(() => {});
  }

  // Makes model `id` the one that classifies (its inputs and card come from model_info).
  async function activate(id, origin, name) {
    const info = await client.call('modelInfo', { model: id });
    const prev = store.get().active;
    store.set({ active: { id, origin, name, info }, single: null, batch: store.get().batch && { ...store.get().batch, result: null, fraction: null } });
    if (prev && prev.id !== id) release(prev.id);
  }

  async function loadModelText(text, origin, name) {
    const { model } = await client.call('loadModel', { text });
    try {
      await activate(model, origin, name);
    } catch (e) {
      release(model);
      throw e;
    }
  }

  async function loadModelFile(file) {
    if (!file || store.get().modelBusy) return;
    if (file.size > MAX_MODEL_BYTES) return fail(`"${file.name}" is ${fmtBytes(file.size)}; a model file can be at most ${fmtBytes(MAX_MODEL_BYTES)}.`);
    clearError();
    store.set({ modelBusy: `Reading ${file.name}…`, modelError: null });
    try {
      await loadModelText(await file.text(), 'file', file.name);
      store.set({ modelBusy: null, notice: `Loaded the model ${file.name}: it predicts “${store.get().active.info.label}” (${store.get().active.info.classes.length} classes).` });
    } catch (e) {
      const message = `Could not load the model "${file.name}": ${e.message}`;
      store.set({ modelBusy: null, modelError: `${message} The model in use and the loaded songs are unchanged.` });
      fail(message);
    }
  }

  async function loadShippedIndex() {
    try {
      const res = await fetch(`${MODELS_URL}index.json`);
      if (!res.ok) throw new Error(`the server answered ${res.status}`);
      const list = await res.json();
      store.set({ shipped: Array.isArray(list) ? list.filter((m) => m && isShippedFileName(m.file)) : [] });
    } catch (e) {
      store.set({ shipped: [] });
    }
    return store.get().shipped;
  }

  async function loadShipped(file) {
    if (store.get().modelBusy) return;
    const shipped = store.get().shipped ?? (await loadShippedIndex());
    const entry = shipped.find((m) => m.file === file);
    if (!entry) return fail(`There is no shipped model called "${file}"${shipped.length ? ` (shipped: ${shipped.map((m) => m.file).join(', ')})` : ''}.`);
    clearError();
    store.set({ modelBusy: `Loading ${entry.name}…`, modelError: null });
    try {
      const res = await fetch(`${MODELS_URL}${encodeURIComponent(entry.file)}`);
      if (!res.ok) throw new Error(`the server answered ${res.status} ${res.statusText}`);
      await loadModelText(await res.text(), 'shipped', entry.name);
      store.set({ modelBusy: null, notice: `Loaded the shipped model “${entry.name}”.` });
    } catch (e) {
      const message = `Could not load the shipped model "${entry.name}": ${e.message}`;
      store.set({ modelBusy: null, modelError: message });
      fail(message);
    }
  }

  // Saves the last trained model as a .model.json file (no network: a Blob behind <a download>).
  async function downloadModel() {
    const { model, report } = store.get();
    if (model === null) return;
    try {
      const { text } = await client.call('saveModel', { model });
      const r = report?.recipe;
      const name = `genrelab-${safeName(r?.label ?? 'model')}-${r?.classifier?.type ?? 'knn'}${r?.classifier?.type === 'knn' && r.classifier.k ? `-k${r.classifier.k}` : ''}-seed${r?.seed ?? 0}.model.json`;
      downloadText(text, name, 'application/json');
      store.set({ notice: `Saved the model as ${name}.` });
    } catch (e) {
      fail(`Could not save the model: ${e.message}`);
    }
  }

  // ---- explore -------------------------------------------------------------------------------------

  // Runs `explore` when the dataset or the label changes (at most one at a time; the newest wins).
  let exploredKey = null;
  let exploring = false;
  async function exploreIfNeeded() {
    const s = store.get();
    if (!s.dataset || !s.config || exploring || s.engine?.failed) return;
    const label = s.config.label && s.dataset.columns.some((c) => c.name === s.config.label) ? s.config.label : '';
    const key = `${s.dataset.dataset}\u0000${label}`;
    if (key === exploredKey) return;
    exploredKey = key;
    exploring = true;
    store.set({ exploreBusy: true });
    try {
      const result = await client.call('explore', { dataset: s.dataset.dataset, options: { label, max_bins: 100 } });
      if (exploredKey === key) store.set({ explore: { key, result } });
    } catch (e) {
      if (exploredKey === key && !e.restarted) store.set({ explore: { key, error: e.message } });
    } finally {
      exploring = false;
      store.set({ exploreBusy: false });
      queueMicrotask(exploreIfNeeded); // the label may have changed meanwhile
    }
  }
  store.subscribe((s) => {
    if (s.dataset && s.config && (s.phase === 'ready' || s.phase === 'training')) queueMicrotask(exploreIfNeeded);
  });

  // ---- classify ------------------------------------------------------------------------------------

  async function classifyOne(values) {
    const { active } = store.get();
    if (!active) return fail('Choose a model first: train one, load a model file or pick a shipped model.');
    clearError();
    try {
      const result = await client.call('predictRows', { model: active.id, rows: [values] });
      if (store.get().active?.id === active.id) store.set({ single: { values, result } });
    } catch (e) {
      fail(`Could not classify the song: ${e.message}`);
    }
  }

  let batchController = null;
  async function classifyFile(file) {
    const { active, batch } = store.get();
    if (!file) return;
    if (!active) return fail('Choose a model first: train one, load a model file or pick a shipped model.');
    if (batch?.fraction !== null && batch?.fraction !== undefined) return; // one at a time
    if (file.size > MAX_FILE_BYTES) return fail(`"${file.name}" is ${fmtBytes(file.size)}; the limit is ${fmtBytes(MAX_FILE_BYTES)}.`);
    clearError();
    store.set({ batch: { name: file.name, dataset: null, n_rows: null, fraction: 0, stage: 'reading the file', result: null } });
    let loaded;
    try {
      const bytes = await file.arrayBuffer();
      loaded = await client.call('loadCsv', { bytes, options: { delimiter: 'auto', max_bytes: MAX_FILE_BYTES } }, { transfer: [bytes] });
    } catch (e) {
      store.set({ batch: null });
      return fail(`Could not read "${file.name}": ${e.message}`);
    }
    if (batch?.dataset) client.call('forgetDataset', { dataset: batch.dataset }).catch(() => {});
    store.set({ batch: { name: file.name, dataset: loaded.dataset, n_rows: loaded.n_rows, fraction: 0, stage: 'starting', result: null } });
    return predictBatch();
  }

  async function predictBatch() {
    const { active, batch } = store.get();
    if (!active || !batch?.dataset) return;
    batchController = new AbortController();
    store.set({ batch: { ...batch, fraction: 0, stage: 'starting', result: null } });
    try {
      const result = await client.call(
        'predictDataset',
        { model: active.id, dataset: batch.dataset, options: { limit: 100 } },
        {
          signal: batchController.signal,
          onProgress: ({ fraction, stage }) => store.set((s) => ({ batch: s.batch && { ...s.batch, fraction, stage } })),
        },
      );
      store.set((s) => ({ batch: s.batch && { ...s.batch, fraction: null, stage: null, result }, notice: `Classified ${fmtInt(result.n_rows)} songs from ${batch.name}.` }));
    } catch (e) {
      store.set((s) => ({ batch: s.batch && { ...s.batch, fraction: null, stage: null } }));
      if (e.cancelled && !e.restarted) store.set({ notice: 'Classifying cancelled.' });
      else if (!e.restarted) fail(`Could not classify the songs in "${batch.name}": ${e.message}`);
    } finally {
      batchController = null;
    }
  }

  async function downloadPredictions() {
    const { active, batch } = store.get();
    if (!active || !batch?.result) return;
    try {
      const { csv } = await client.call('predictionsCsv', { model: active.id, dataset: batch.dataset });
      const name = `${safeName(batch.name.replace(/\.[^.]+$/, ''))}-predictions.csv`;
      downloadText(csv, name, 'text/csv');
      store.set({ notice: `Saved ${fmtInt(batch.result.n_rows)} predictions as ${name}.` });
    } catch (e) {
      fail(`Could not write the predictions: ${e.message}`);
    }
  }

  return {
    loadFile, loadDemo, updateConfig, resetConfig, train, cancel, dismissError: () => store.set({ error: null }),
    setExplore: (patch) => store.set(patch),
    loadModelFile, loadShippedIndex, loadShipped, downloadModel,
    classifyOne, classifyFile, predictBatch, cancelBatch: () => batchController?.abort(), downloadPredictions,
    shareRecipe: () => {
      const { suggested, config } = store.get();
      return suggested && config ? recipeFromConfig(suggested, config) : null;
    },
    fail,
  };
}
