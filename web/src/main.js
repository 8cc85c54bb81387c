// Boots the page: the state store, the worker that owns the wasm module, the actions, the views, and what
// the page's address asks for (?dataset=demo, ?model=…, ?hide=…, ?step=…, #recipe=… — see web/README.md).
import { mountThemeToggle } from './theme.js'; // first: sets the theme before anything draws
import { createStore } from './state.js';
import { WorkerClient } from './worker-client.js';
import { createActions } from './actions.js';
import { parseOptions, recipeFromHash } from './url.js';
import { mountMessages, mountEngineStatus } from './views/messages.js';
import { mountLoadView } from './views/load.js';
import { mountProfileView } from './views/profile.js';
import { mountExploreView } from './views/explore.js';
import { mountSetupView } from './views/setup.js';
import { mountTrainingView } from './views/training.js';
import { mountShareView } from './views/share.js';
import { mountResultsView } from './views/results.js';
import { mountModelsView } from './views/models.js';
import { mountClassifyView } from './views/classify.js';
import { createEvaluationActions } from './evaluation-actions.js';
import { mountCompareView } from './views/compare.js';
import { mountImportanceView } from './views/importance.js';
import { mountSearchView } from './views/search.js';
import { mountPrepareView } from './views/prepare.js';
import { createPrepareActions } from './prepare-actions.js';
import { createAnalysisActions } from './analysis-actions.js';
import { echarts } from './charts.js';
import { mountReduceView } from './views/reduce.js';
import { mountClusterView } from './views/cluster.js';

const SECTIONS = { load: 'load-section', profile: 'profile-section', explore: 'explore-section', prepare: 'prepare-section', train: 'setup-section', results: 'results-section', models: 'models-section', classify: 'classify-section', reduce: 'reduce-section', cluster: 'cluster-section' };

const options = parseOptions();
const fromHash = recipeFromHash();
const store = createStore();
store.set({ hiddenPanels: options.hide, pendingRecipe: fromHash?.recipe ?? null });
const client = new WorkerClient(() => new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'genrelab-engine' }));
const actions = createActions(store, client);
Object.assign(actions, createEvaluationActions(store, client, actions)); // comparison and importance (step 5)
const analysis = createAnalysisActions(store, client);

const $ = (id) => document.getElementById(id);
// ?hide=…: those panels stay out of view whatever else happens (a class, so the views' own `hidden` does not undo it)
for (const name of options.hide) $(SECTIONS[name])?.classList.add('panel-hidden');

mountThemeToggle(document.querySelector('.site-header .wrap'));
mountMessages($('alert'), $('status'), store, actions);
mountEngineStatus($('engine-status'), store);
mountLoadView($('load-view'), store, actions);
mountProfileView($('profile-view'), store);
mountExploreView($('explore-view'), store, actions);
mountReduceView($('reduce-view'), store, analysis);
mountClusterView($('cluster-view'), store, analysis);
mountPrepareView($('prepare-view'), store, createPrepareActions(store, client, actions));
mountSetupView($('setup-view'), store, actions);
mountTrainingView($('training-view'), store, actions);
mountSearchView($('search-view'), store, actions);
mountShareView($('share-view'), store);
mountResultsView($('results-view'), store, actions);
mountCompareView($('compare-view'), store, actions);
mountImportanceView($('importance-view'), store, actions);
mountModelsView($('models-view'), store, actions);
mountClassifyView($('classify-view'), store, actions);

client.on('fatal', (message) => store.set({ phase: 'empty', engine: { failed: true }, busy: null, training: null, error: { message, at: Date.now() } }));

async function start() {
  try {
    await client.ready;
    const engine = await client.call('version');
    store.set({ phase: store.get().dataset ? 'ready' : 'empty', engine });
  } catch (e) {
    store.set({ phase: 'empty', engine: { failed: true }, error: { message: `The engine could not start: ${e.message}`, at: Date.now() } });
    return;
  }
  const notes = [...options.warnings];
  if (fromHash?.error) notes.push(fromHash.error);
  else if (fromHash?.recipe) notes.push(`This link carries a recipe (label “${fromHash.recipe.label}”, ${fromHash.recipe.features.length} features, seed ${fromHash.recipe.seed ?? '—'}); load the same songs to apply it.`);
  if (notes.length) store.set({ notice: notes.join(' ') });

  const shipped = actions.loadShippedIndex();
  const work = [];
  if (options.dataset === 'demo') work.push(actions.loadDemo());
  // ?model=<file> loads that shipped model; ?step=classify without one loads the first shipped model, so an
  // embedded "classify" view is ready to use.
  const wantModel = options.model ?? (options.step === 'classify' ? (await shipped)[0]?.file : null);
  if (wantModel) work.push(shipped.then(() => actions.loadShipped(wantModel)));
  await Promise.allSettled(work);
  if (options.step) {
    const section = $(SECTIONS[options.step]);
    if (section && !section.hidden && !section.classList.contains('panel-hidden')) {
      section.scrollIntoView({ block: 'start' });
      section.querySelector('h2')?.focus({ preventScroll: true });
    }
  }
  document.documentElement.dataset.started = 'true';
}
start();

// Offline use: a service worker caches the page's own files (web/public/sw.js). Not in `vite` dev mode (no
// build manifest there) and not where service workers are unavailable (file://, some embeds): the page works
// the same without it, only not offline.
if ('serviceWorker' in navigator && !import.meta.env.DEV) {
  navigator.serviceWorker.register('./sw.js').catch((e) => console.info('service worker not registered:', e?.message ?? e));
}

// For the browser tests and for curious people with devtools open.
window.genrelab = { store, client, actions, analysis, echarts };
document.documentElement.dataset.app = 'genrelab';
