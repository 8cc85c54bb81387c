// Boots the page: the state store, the worker that owns the wasm module, the actions, the views, and what
// the page's address asks for (?dataset=demo, ?model=…, ?hide=…, ?step=…, #recipe=… — see web/README.md).
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

const SECTIONS = { load: 'load-section', profile: 'profile-section', explore: 'explore-section', train: 'setup-section', results: 'results-section', models: 'models-section', classify: 'classify-section' };

const options = parseOptions();
const fromHash = recipeFromHash();
const store = createStore();
store.set({ hiddenPanels: options.hide, pendingRecipe: fromHash?.recipe ?? null });
const client = new WorkerClient(() => new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'genrelab-engine' }));
const actions = createActions(store, client);

const $ = (id) => document.getElementById(id);
// ?hide=…: those panels stay out of view whatever else happens (a class, so the views' own `hidden` does not undo it)
for (const name of options.hide) $(SECTIONS[name])?.classList.add('panel-hidden');

mountMessages($('alert'), $('status'), store, actions);
mountEngineStatus($('engine-status'), store);
mountLoadView($('load-view'), store, actions);
mountProfileView($('profile-view'), store);
mountExploreView($('explore-view'), store, actions);
mountSetupView($('setup-view'), store, actions);
mountTrainingView($('training-view'), store, actions);
mountShareView($('share-view'), store);
mountResultsView($('results-view'), store, actions);
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

// For the browser tests and for curious people with devtools open.
window.genrelab = { store, client, actions };
document.documentElement.dataset.app = 'genrelab';
