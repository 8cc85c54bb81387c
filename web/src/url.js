// What the page's address can carry (documented in web/README.md):
//   ?dataset=demo            load the built-in demo songs on start
//   ?model=<file>            load a shipped model (a file listed in ./models/index.json) on start
//   ?hide=explore,train      hide panels: load, profile, explore, train, results, models, classify
//   ?step=classify           scroll to a panel on start (any panel name above)
//   #recipe=<base64url JSON> a recipe (settings + seed, never data) applied once a dataset with its columns is loaded
export const PANELS = ['load', 'profile', 'explore', 'reduce', 'cluster', 'prepare', 'train', 'results', 'models', 'classify'];
const SHIPPED_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.model\.json$/;

export function parseOptions(search = location.search) {
  const q = new URLSearchParams(search);
  const warnings = [];
  const list = (name) => (q.get(name) ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const hide = list('hide').filter((p) => {
    if (PANELS.includes(p)) return true;
    warnings.push(`?hide=${p}: there is no panel called "${p}" (panels: ${PANELS.join(', ')}).`);
    return false;
  });
  let step = (q.get('step') ?? '').trim().toLowerCase() || null;
  if (step && !PANELS.includes(step)) {
    warnings.push(`?step=${step}: there is no panel called "${step}".`);
    step = null;
  }
  let dataset = (q.get('dataset') ?? '').trim().toLowerCase() || null;
  if (dataset && dataset !== 'demo') {
    warnings.push(`?dataset=${dataset}: only "demo" can be loaded from the address; choose your own file on the page.`);
    dataset = null;
  }
  let model = (q.get('model') ?? '').trim() || null;
  if (model && !SHIPPED_FILE.test(model)) {
    warnings.push(`?model=${model}: give the name of a shipped model file, like demo-knn.model.json.`);
    model = null;
  }
  return { dataset, model, hide, step, warnings };
}

export const isShippedFileName = (name) => SHIPPED_FILE.test(name);

// UTF-8 JSON ⇄ base64url (RFC 4648 §5, no padding).
export function encodeRecipe(recipe) {
  const bytes = new TextEncoder().encode(JSON.stringify(recipe));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeRecipe(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const recipe = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
  if (!recipe || typeof recipe !== 'object' || typeof recipe.label !== 'string' || !Array.isArray(recipe.features))
    throw new Error('it has no label and feature list');
  return recipe;
}

// The recipe in the address's #recipe=…: {recipe} | {error} | null when there is none.
export function recipeFromHash(hash = location.hash) {
  const m = /(?:^#|&)recipe=([A-Za-z0-9_-]+)/.exec(hash);
  if (!m) return null;
  try {
    return { recipe: decodeRecipe(m[1]) };
  } catch (e) {
    return { error: `The link's #recipe could not be read (${e.message}); it was ignored.` };
  }
}

// The page's address with this recipe in the hash (query options kept).
export function shareUrl(recipe) {
  return `${location.origin}${location.pathname}${location.search}#recipe=${encodeRecipe(recipe)}`;
}
