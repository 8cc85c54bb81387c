// What the user can do in "Map the songs" (PCA / LDA / t-SNE) and "Find groups" (k-means, mini-batch k-means,
// GMM, agglomerative, and the sweep over k): each is one job in the worker (ops reduce, cluster, elbow — see
// cpp/bindings/api_analysis.hpp for the results) with progress and Cancel, at most one of each kind at a time.
// The recipe is the training recipe of step 4 (label, features, cleaning, label grouping, stages; its
// classifier is ignored), so what the maps show is what the classifier sees.
import { recipeFromConfig } from './state.js';

const KINDS = {
  reduce: { op: 'reduce', cancelled: 'The projection was cancelled.', done: (r) => `Projected ${r.n_used.toLocaleString()} songs with ${r.method.toUpperCase()}.` },
  cluster: { op: 'cluster', cancelled: 'Clustering was cancelled.', done: (r) => `Grouped ${r.n_used.toLocaleString()} songs into ${r.k} clusters.` },
  elbow: { op: 'elbow', cancelled: 'The sweep over k was cancelled.', done: (r) => `Tried k = ${r.k[0]}…${r.k.at(-1)}.` },
};

export function createAnalysisActions(store, client) {
  const controllers = { reduce: null, cluster: null, elbow: null };
  let runs = 0;

  function recipe() {
    const { suggested, config } = store.get();
    if (!suggested || !config) return { problem: 'Load songs first.' };
    if (!config.label) return { problem: 'Choose the column to predict (the label) in step 4 first: it colours the map.' };
    if (config.features.filter((f) => f !== config.label).length === 0) return { problem: 'Choose at least one feature column in step 4.' };
    return { recipe: recipeFromConfig(suggested, config) };
  }

  // Runs one job of `kind` with `spec` (everything but the recipe). Resolves when it has ended either way.
  async function run(kind, spec) {
    const s = store.get();
    if (!s.dataset || controllers[kind] || s.engine?.failed) return;
    const jobKey = `${kind}Job`, errorKey = `${kind}Error`;
    const { recipe: r, problem } = recipe();
    if (problem) {
      store.set({ [errorKey]: problem });
      return;
    }
    const dataset = s.dataset.dataset;
    const controller = new AbortController();
    controllers[kind] = controller;
    const startedAt = performance.now();
    store.set({ [jobKey]: { fraction: 0, stage: 'starting', startedAt }, [errorKey]: null });
    try {
      const result = await client.call(KINDS[kind].op, { dataset, spec: { ...spec, recipe: r } }, {
        signal: controller.signal,
        onProgress: ({ fraction, stage }) => store.set((st) => ({ [jobKey]: st[jobKey] && { ...st[jobKey], fraction, stage } })),
      });
      const seconds = (performance.now() - startedAt) / 1000;
      if (store.get().dataset?.dataset !== dataset) {
        store.set({ [jobKey]: null });
        return;
      }
      const patch = { [jobKey]: null, [kind]: { spec, recipe: r, result, seconds, dataset, run: ++runs }, notice: KINDS[kind].done(result) };
      if (kind === 'cluster') patch.clusterSongs = 0;
      store.set(patch);
    } catch (e) {
      store.set({ [jobKey]: null });
      // a restart (the worker did not answer Cancel) says so itself; the data is being reloaded
      if (e.cancelled && !e.restarted) store.set({ notice: KINDS[kind].cancelled });
      else store.set({ [errorKey]: e.message });
    } finally {
      controllers[kind] = null;
    }
  }

  // Another file (or the same one loaded again) makes every map and grouping stale.
  let shownDataset = null;
  store.subscribe((s) => {
    const id = s.dataset?.dataset ?? null;
    if (id === shownDataset) return;
    shownDataset = id;
    if (s.reduce || s.cluster || s.elbow || s.reduceError || s.clusterError || s.elbowError) {
      queueMicrotask(() => store.set({ reduce: null, cluster: null, elbow: null, reduceError: null, clusterError: null, elbowError: null, reduceColour: 'genre' }));
    }
  });

  return {
    runReduce: (spec) => run('reduce', spec),
    runCluster: (spec) => run('cluster', spec),
    runElbow: (spec) => run('elbow', spec),
    cancel: (kind) => controllers[kind]?.abort(),
    running: (kind) => Boolean(controllers[kind]),
    set: (patch) => store.set(patch),
  };
}
