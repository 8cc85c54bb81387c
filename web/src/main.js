// Boots the page: the state store, the worker that owns the wasm module, the actions, and the views.
import { createStore } from './state.js';
import { WorkerClient } from './worker-client.js';
import { createActions } from './actions.js';
import { mountMessages, mountEngineStatus } from './views/messages.js';
import { mountLoadView } from './views/load.js';
import { mountProfileView } from './views/profile.js';
import { mountSetupView } from './views/setup.js';
import { mountTrainingView } from './views/training.js';
import { mountResultsView } from './views/results.js';

const store = createStore();
const client = new WorkerClient(() => new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'genrelab-engine' }));
const actions = createActions(store, client);

const $ = (id) => document.getElementById(id);
mountMessages($('alert'), $('status'), store, actions);
mountEngineStatus($('engine-status'), store);
mountLoadView($('load-view'), store, actions);
mountProfileView($('profile-view'), store);
mountSetupView($('setup-view'), store, actions);
mountTrainingView($('training-view'), store, actions);
mountResultsView($('results-view'), store);

client.on('fatal', (message) => store.set({ phase: 'empty', engine: { failed: true }, busy: null, training: null, error: { message, at: Date.now() } }));

async function start() {
  try {
    await client.ready;
    const engine = await client.call('version');
    store.set({ phase: store.get().dataset ? 'ready' : 'empty', engine });
  } catch (e) {
    store.set({ phase: 'empty', engine: { failed: true }, error: { message: `The engine could not start: ${e.message}`, at: Date.now() } });
  }
}
start();

// For the browser tests and for curious people with devtools open.
window.genrelab = { store, client, actions };
document.documentElement.dataset.app = 'genrelab';
