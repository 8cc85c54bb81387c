// Sharing an analysis: the recipe (columns, settings, seed — never the songs) in the page's address as
// #recipe=<base64url JSON>. The address bar always holds the current recipe, and this box offers the link to
// copy. Opening the link and loading the same file applies the recipe (actions.load), so training gives
// the same model.
import { h } from '../dom.js';
import { recipeFromConfig, changed } from '../state.js';
import { shareUrl, encodeRecipe } from '../url.js';

export function mountShareView(root, store) {
  const link = h('input', { type: 'text', id: 'share-link', readonly: true, 'aria-describedby': 'share-hint', onfocus: () => link.select() });
  const copied = h('span', { class: 'hint', id: 'share-copied', 'aria-live': 'polite' });
  const copy = h('button', {
    type: 'button',
    class: 'button small',
    id: 'copy-share',
    onclick: async () => {
      link.select();
      try {
        await navigator.clipboard.writeText(link.value);
        copied.textContent = 'Copied.';
      } catch {
        copied.textContent = 'Selected — press Ctrl+C (⌘C) to copy.';
      }
    },
  }, 'Copy link');
  const box = h(
    'div',
    { class: 'share', id: 'share-box' },
    h('h3', {}, h('label', { for: 'share-link' }, 'Share this analysis')),
    h('p', { class: 'hint', id: 'share-hint' }, 'The link holds the recipe — label, features, settings and seed, never the songs. Whoever opens it and loads the same file gets the same split and the same model.'),
    h('div', { class: 'share-row' }, link, copy),
    copied,
  );
  root.append(box);

  let last = null;
  store.subscribe((s, prev) => {
    if (!changed(s, prev, 'dataset', 'config', 'suggested', 'pendingRecipe')) return;
    box.hidden = !s.dataset || !s.config || !s.suggested;
    if (box.hidden || s.pendingRecipe) return; // a recipe still waiting for its data keeps the address as it is
    const recipe = recipeFromConfig(s.suggested, s.config);
    const encoded = encodeRecipe(recipe);
    if (encoded === last) return;
    last = encoded;
    link.value = shareUrl(recipe);
    copied.textContent = '';
    history.replaceState(history.state, '', `${location.pathname}${location.search}#recipe=${encoded}`);
  });
}
