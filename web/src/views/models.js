// Step 6: the model that classifies songs — the one just trained, a model file from disk ("Load model"), or
// one shipped with the page (./models/index.json) — and its model card: intended use, classes, features,
// metrics per class and caveats.
import { h, replace } from '../dom.js';
import { fmtInt, fmtPct, fmtScore } from '../format.js';
import { MAX_MODEL_BYTES, changed } from '../state.js';
import { fmtBytes } from '../format.js';

const ORIGIN = { trained: 'trained on this page', file: 'loaded from a file', shipped: 'shipped with the page' };

export function mountModelsView(root, store, actions) {
  const input = h('input', {
    type: 'file',
    id: 'model-file-input',
    class: 'visually-hidden',
    accept: '.json,application/json',
    'aria-describedby': 'model-file-hint',
    onchange: () => {
      const file = input.files?.[0];
      input.value = '';
      actions.loadModelFile(file);
    },
  });
  const pick = h('label', { for: 'model-file-input', class: 'button file-button', id: 'model-file-label' }, 'Load a model file…');
  const shippedList = h('ul', { class: 'shipped-list', id: 'shipped-models' });
  const busy = h('p', { class: 'hint', id: 'model-busy', 'aria-live': 'polite' });
  const problem = h('p', { class: 'model-error', id: 'model-error' });
  const card = h('div', { id: 'model-card-wrap' });
  root.append(
    h('p', { class: 'lead' }, 'A model file holds a whole trained pipeline: the recipe, every fitted step, the genres and the scores it got. Save the one you trained (in step 5), load one from disk, or use one that comes with the page.'),
    h(
      'div',
      { class: 'models-grid' },
      h('div', {}, h('h3', {}, 'Shipped with the page'), shippedList),
      h(
        'div',
        {},
        h('h3', {}, 'From your computer'),
        h('div', { class: 'button-row' }, input, pick),
        h('p', { class: 'hint', id: 'model-file-hint' }, `A .model.json file saved by Genrelab (up to ${fmtBytes(MAX_MODEL_BYTES)}). It is read here, never uploaded.`),
      ),
    ),
    busy,
    problem,
    card,
  );

  let shownShipped, shownActive;
  store.subscribe((s, prev) => {
    if (!changed(s, prev, 'phase', 'engine', 'modelBusy', 'modelError', 'shipped', 'active')) return;
    const section = root.closest('section');
    section.hidden = s.phase === 'starting' || Boolean(s.engine?.failed);
    busy.textContent = s.modelBusy ?? '';
    problem.textContent = s.modelError ?? '';
    problem.hidden = !s.modelError;
    const locked = Boolean(s.modelBusy) || s.phase === 'starting';
    input.disabled = locked;
    pick.classList.toggle('disabled', locked);
    if (s.shipped !== shownShipped) {
      shownShipped = s.shipped;
      renderShipped(shippedList, s.shipped, actions);
    }
    for (const b of shippedList.querySelectorAll('button')) b.disabled = locked;
    if (s.active !== shownActive) {
      shownActive = s.active;
      replace(card, s.active ? modelCard(s.active) : h('p', { class: 'hint', id: 'no-model' }, 'No model chosen yet.'));
    }
  });
}

function renderShipped(list, shipped, actions) {
  if (!shipped) return replace(list, h('li', { class: 'hint' }, 'Looking for shipped models…'));
  if (!shipped.length) return replace(list, h('li', { class: 'hint' }, 'This copy of the page ships no models.'));
  replace(
    list,
    shipped.map((m) =>
      h(
        'li',
        {},
        h('div', { class: 'shipped-text' }, h('strong', {}, m.name), h('span', { class: 'hint' }, m.description ?? '')),
        h('button', { type: 'button', class: 'button small', dataset: { file: m.file }, 'aria-label': `Use this model: ${m.name}`, /* visible words first: voice control (WCAG 2.5.3) */ onclick: () => actions.loadShipped(m.file) }, 'Use this model'),
      ),
    ),
  );
}

export function modelCard(active) {
  const { info } = active;
  const c = info.card ?? {};
  const m = c.metrics ?? {};
  const t = c.training ?? {};
  const perClass = m.per_class ?? [];
  return h(
    'article',
    { class: 'model-card', id: 'model-card', 'aria-labelledby': 'model-card-title' },
    h('h3', { id: 'model-card-title' }, `Model card: ${c.name ?? 'model'}`),
    h('p', { class: 'hint', id: 'model-origin' }, `${active.name} — ${ORIGIN[active.origin] ?? active.origin}. This is the model step 7 uses.`),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Intended use'), h('dd', { id: 'model-intended-use' }, c.intended_use ?? '—'),
      h('dt', {}, 'Predicts'), h('dd', {}, `“${info.label}”: one of ${info.classes.length} classes — `, h('span', { id: 'model-classes' }, info.classes.join(', '))),
      h('dt', {}, 'Features'), h('dd', { id: 'model-features' }, info.inputs.map((i) => i.name).join(', ')),
      h('dt', {}, 'Trained on'), h('dd', {}, c.data?.file ? `${c.data.file}, ` : '', `${fmtInt(t.n_train)} songs, tested on ${fmtInt(t.n_test)} held-out songs (seed ${t.seed ?? '—'})`),
      h('dt', {}, 'Scores'), h('dd', { id: 'model-scores' }, `accuracy ${fmtPct(m.accuracy)}, macro F1 ${fmtScore(m.macro_f1)}${Number.isFinite(m.roc_auc_macro) ? `, macro ROC AUC ${fmtScore(m.roc_auc_macro)}` : ''}`),
    ),
    perClass.length
      ? h(
          'details',
          { class: 'chart-table', id: 'model-card-metrics' },
          h('summary', {}, 'Scores for each class'),
          h(
            'div',
            { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Per-class scores of this model (scrolls sideways)' },
            h(
              'table',
              { class: 'data-table', id: 'model-card-table' },
              h('caption', {}, 'Per-class scores on the held-out songs when the model was trained'),
              h('thead', {}, h('tr', {}, ['Class', 'Precision', 'Recall', 'F1', 'Support'].map((x, i) => h('th', { scope: 'col', class: i ? 'num' : null }, x)))),
              h('tbody', {}, perClass.map((p) => h('tr', {}, h('th', { scope: 'row' }, p.class), h('td', { class: 'num' }, fmtScore(p.precision)), h('td', { class: 'num' }, fmtScore(p.recall)), h('td', { class: 'num' }, fmtScore(p.f1)), h('td', { class: 'num' }, fmtInt(p.support))))),
            ),
          ),
        )
      : null,
    c.caveats?.length ? h('div', { class: 'caveats' }, h('h4', {}, 'Caveats'), h('ul', { id: 'model-caveats' }, c.caveats.map((x) => h('li', {}, x)))) : null,
  );
}
