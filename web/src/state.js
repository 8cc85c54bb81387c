// The page's state in one plain object, changed only through `store.set(patch)`; views subscribe and
// re-render what they show. No framework: views are functions of (root element, store).
//
// phase: 'starting' (worker loading) → 'empty' (nothing loaded) → 'loading' → 'ready' ⇄ 'training' → 'ready'
//        (a finished run leaves phase 'ready' with `report` set)

import { applyPreparation } from './prepare-recipe.js';
import { CLASSIFIERS, OPTIONAL_CLASSIFIERS, entryFor, startClassifier } from './classifier-schema.js';

export const MAX_FILE_BYTES = 512 * 1024 * 1024;
export const DEMO_URL = './demo/songs-demo.csv';
export const MODELS_URL = './models/';
export const MAX_MODEL_BYTES = 256 * 1024 * 1024;

export function initialState() {
  return {
    phase: 'starting',
    engine: null, // {version, …} from the module
    busy: null, // text of what is being done, e.g. 'Reading songs.csv'
    source: null, // {kind: 'file'|'url', name, size, file?, url?}
    dataset: null, // load_csv's result: {dataset, n_rows, delimiter, columns, warnings}
    suggested: null, // suggest_recipe's recipe for this dataset
    config: null, // {label, features: [...], classifier: {type, …settings}, testFraction, seed} — what the user chose
    training: null, // {fraction, stage, startedAt}
    report: null, // finish_training's report for the last run
    model: null, // model id of the last run
    error: null, // {message, at} shown in the alert region
    notice: null, // polite status text
    // Explore (step 3): the engine's `explore` result for the loaded dataset and label
    explore: null, // {key, result} | {key, error}
    exploreBusy: false,
    exploreFeature: null, // the column the histogram and box plots show
    exploreMeansClass: '', // '' = all genres in the mean-feature chart, else one genre
    // Models (step 6) and classifying (step 7)
    shipped: null, // [{file, name, description}] from ./models/index.json
    active: null, // the model that classifies: {id, origin: 'trained'|'file'|'shipped', name, info (model_info)}
    modelBusy: null, // text while a model file is read
    modelError: null, // why the last model file could not be loaded (shown beside the loader too)
    single: null, // {values, result} of the last one-song prediction
    batch: null, // {name, dataset, n_rows, fraction?, result?} an unlabelled CSV to classify
    // Sharing and the page's address
    pendingRecipe: null, // a recipe from #recipe=… waiting for a dataset with its columns
    hiddenPanels: [], // from ?hide=
    // Map the songs (reduce) and find groups (cluster): see analysis-actions.js. Each finished run is
    // {spec, result, seconds, dataset, run}; each *Job is {fraction, stage, startedAt} while it runs.
    reduce: null,
    reduceJob: null,
    reduceError: null,
    reduceColour: 'genre', // 'genre' | 'cluster': what colours the reduce scatter
    cluster: null,
    clusterJob: null,
    clusterError: null,
    clusterSongs: 0, // the cluster whose songs are listed
    elbow: null,
    elbowJob: null,
    elbowError: null,
  };
}

export function createStore(state = initialState()) {
  const subscribers = new Set();
  return {
    get: () => state,
    set(patch) {
      const prev = state;
      state = { ...state, ...(typeof patch === 'function' ? patch(state) : patch) };
      for (const fn of subscribers) fn(state, prev);
    },
    subscribe(fn) {
      subscribers.add(fn);
      fn(state, null);
      return () => subscribers.delete(fn);
    },
  };
}

// True when any of `keys` differs between two states (always on a view's first call, when prev is null).
// Views return early when the slice they show is unchanged: a training run sets the store several times a
// second, and rewriting unchanged DOM (even the same text or `hidden` value) makes the browser recompute
// styles and repaint the whole page each time.
export function changed(state, prev, ...keys) {
  return !prev || keys.some((k) => state[k] !== prev[k]);
}

// The training settings the page offers, from a suggested recipe.
// config.classifier is the recipe's classifier ({type, …settings}) over the page's starting values for that type.
export function configFromRecipe(recipe) {
  const given = recipe.classifier?.type ? recipe.classifier : { type: 'knn' };
  const entry = entryFor(given, [...CLASSIFIERS, ...OPTIONAL_CLASSIFIERS]);
  return {
    label: recipe.label,
    features: [...(recipe.features ?? [])],
    classifier: { ...(entry ? startClassifier(entry.id) : {}), ...structuredClone(given) },
    testFraction: recipe.split?.test_fraction ?? 0.2,
    seed: recipe.seed ?? 42,
  };
}

// The recipe the worker trains: the suggestion with the user's choices applied.
export function recipeFromConfig(suggested, config) {
  const base = structuredClone(suggested);
  const features = config.features.filter((f) => f !== config.label);
  const recipe = {
    ...base,
    label: config.label,
    features,
    // A column-specific stage (e.g. duration_ms < 0 → missing) goes when its column is left out.
    stages: (base.stages ?? []).filter((s) => s.column === undefined || features.includes(s.column)),
    seed: config.seed,
    split: { ...(base.split ?? { method: 'stratified', validation_fraction: 0 }), test_fraction: config.testFraction },
    classifier: structuredClone(config.classifier),
  };
  // The data-preparation walkthrough (views/prepare.js) adds clean, labels, stages and the split.
  return applyPreparation(recipe, config.preparation);
}

// A recipe built on the page when the module cannot suggest one (e.g. no column looks like a label).
export function fallbackRecipe(columns) {
  const usable = columns.filter((c) => c.type !== 'empty' && c.type !== 'text');
  const cats = usable.filter((c) => c.type === 'categorical' || c.type === 'boolean');
  const label = (cats.find((c) => /genre|label|class/i.test(c.name)) ?? cats.at(-1) ?? usable.at(-1) ?? columns.at(-1))?.name ?? '';
  const idLike = /(^|_)(id|name|date|title|artist|track)($|_)/i;
  return {
    format: 'genrelab-recipe',
    version: 1,
    label,
    features: usable.filter((c) => c.name !== label && !idLike.test(c.name)).map((c) => c.name),
    seed: 42,
    split: { method: 'stratified', test_fraction: 0.2, validation_fraction: 0 },
    stages: [
      { type: 'impute', strategy: 'median' },
      { type: 'scale', method: 'standard' },
    ],
    classifier: { type: 'knn', k: 12, metric: 'euclidean', weights: 'uniform' },
  };
}
