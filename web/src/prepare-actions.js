// What the data-preparation walkthrough (views/prepare.js) does: sets up config.preparation with the
// defaults for a freshly loaded file, keeps a preview of its effect (op previewPreparation: per-rule
// before/after counts, class counts, rows per split part, leakage) in step with the choices — at most one
// preview at a time, the newest wins — lists the shipped genre maps, and downloads the recipe.
import { recipeFromConfig } from './state.js';
import { defaultPreparation, previewRecipe, SPLIT_PRESETS } from './prepare-recipe.js';
import { downloadText, safeName } from './download.js';

// Profile columns flagged "drop: …" become drop suggestions with a reason code.
export function dropSuggestionsOf(columns) {
  return columns
    .filter((c) => c.suggestion)
    .map((c) => ({
      column: c.name,
      summary: c.suggestion,
      reason: /looks like an id \(/.test(c.suggestion) ? 'id_like' : /date/.test(c.suggestion) ? 'date_like' : /constant/.test(c.suggestion) ? 'constant' : /empty/.test(c.suggestion) ? 'empty' : 'text',
    }));
}

export function createPrepareActions(store, client, actions) {
  let previewing = false;
  let previewedKey = null;
  let mapsFor = null;

  function setPreparation(patch) {
    const { config } = store.get();
    if (!config?.preparation) return;
    actions.updateConfig({ preparation: { ...config.preparation, ...(typeof patch === 'function' ? patch(config.preparation) : patch) } });
  }

  function choosePreset(preset) {
    const p = SPLIT_PRESETS[preset];
    const { config } = store.get();
    if (!p || !config?.preparation) return;
    actions.updateConfig({ testFraction: p.test, preparation: { ...config.preparation, split: { ...config.preparation.split, preset } } });
  }

  function resetPreparation() {
    const s = store.get();
    if (!s.dataset || !s.config) return;
    actions.updateConfig({ preparation: defaultPreparation(s.suggested, s.dataset.columns, dropSuggestionsOf(s.dataset.columns)) });
  }

  async function previewIfNeeded() {
    const s = store.get();
    if (!s.dataset || !s.config?.preparation || !s.suggested || previewing || s.engine?.failed || !s.config.label) return;
    const recipe = previewRecipe(recipeFromConfig(s.suggested, s.config));
    const key = `${s.dataset.dataset}\u0000${JSON.stringify(recipe)}`;
    if (key === previewedKey) return;
    previewedKey = key;
    previewing = true;
    store.set({ prepareBusy: true });
    try {
      const result = await client.call('previewPreparation', { dataset: s.dataset.dataset, recipe });
      if (previewedKey === key) store.set({ prepare: { key, result, dataset: s.dataset.dataset } });
    } catch (e) {
      if (previewedKey === key && !e.restarted) store.set({ prepare: { key, error: e.message, dataset: s.dataset.dataset } });
    } finally {
      previewing = false;
      store.set({ prepareBusy: false });
      queueMicrotask(previewIfNeeded); // the choices may have changed meanwhile
    }
  }

  async function loadMapsIfNeeded() {
    const s = store.get();
    const key = s.dataset && s.config ? `${s.dataset.dataset}\u0000${s.config.label}` : null;
    if (!key || key === mapsFor || s.engine?.failed) return;
    mapsFor = key;
    try {
      const { maps } = await client.call('labelMaps', { dataset: s.dataset.dataset, label: s.config.label });
      if (mapsFor === key) store.set({ labelMaps: maps });
    } catch (e) {
      if (mapsFor === key) store.set({ labelMaps: [] });
    }
  }

  store.subscribe((s, prev) => {
    if (!s.dataset || !s.config || !s.suggested) return;
    // A new file (or "Use suggestion"): start from the defaults for it.
    if (!s.config.preparation) {
      queueMicrotask(() => {
        const now = store.get();
        if (now.config && !now.config.preparation && now.dataset) resetPreparation();
      });
      return;
    }
    if (s.phase === 'ready' || s.phase === 'training') {
      queueMicrotask(previewIfNeeded);
      queueMicrotask(loadMapsIfNeeded);
    }
  });

  function downloadRecipe() {
    const { suggested, config } = store.get();
    if (!suggested || !config) return;
    const recipe = recipeFromConfig(suggested, config);
    const name = `genrelab-${safeName(recipe.label)}-seed${recipe.seed ?? 0}.recipe.json`;
    downloadText(`${JSON.stringify(recipe, null, 2)}\n`, name, 'application/json');
    store.set({ notice: `Saved the recipe as ${name}. Train the same model natively with: genrelab train FILE.csv --recipe ${name} --out model.json` });
  }

  return { setPreparation, choosePreset, resetPreparation, downloadRecipe };
}
