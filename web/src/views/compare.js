// Step 5 (comparison): every model trained in this session, side by side — accuracy, macro precision,
// recall and F1, MCC, macro AUROC and fit time; sortable by any column (click its header), a row can be
// removed, the table saved as CSV, and one click adds the two guessing baselines for the same settings.
import { h, replace } from '../dom.js';
import { fmtPct, fmtScore, fmtSeconds } from '../format.js';
import { COMPARISON_COLUMNS } from '../evaluation-actions.js';

export function mountCompareView(root, store, actions) {
  let sort = { key: null, dir: -1 }; // null = the order they were trained in
  const addBaselines = h('button', { type: 'button', class: 'button small', id: 'add-baselines', onclick: () => actions.addBaselines() }, 'Add baselines');
  const csv = h('button', { type: 'button', class: 'button small', id: 'comparison-csv', onclick: () => actions.downloadComparison() }, 'Save as CSV');
  const busy = h('span', { class: 'hint', id: 'comparison-busy', 'aria-live': 'polite' });
  const tableWrap = h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Comparison of the trained models (scrolls sideways)' });
  const empty = h('p', { class: 'hint' }, 'Every model you train appears here, so you can compare them.');
  root.append(
    h('h3', { id: 'comparison-heading' }, 'Compare the models of this session'),
    h('p', { class: 'hint' }, 'All scores are on each run’s own held-out test songs; with the same label, features, test fraction and seed the test songs are the same. The baselines guess without looking at the songs: a real model must beat them.'),
    h('div', { class: 'button-row small' }, addBaselines, csv, busy),
    empty,
    tableWrap,
  );

  let shown = null;
  const draw = (s) => {
    const rows = s.comparison ?? [];
    empty.hidden = rows.length > 0;
    csv.disabled = rows.length === 0;
    addBaselines.disabled = Boolean(s.comparisonBusy) || s.phase === 'training' || !s.dataset;
    busy.textContent = s.comparisonBusy ?? '';
    if (!rows.length) return replace(tableWrap);
    const ordered = sort.key ? [...rows].map((r, i) => [r, i]).sort((a, b) => cmp(a[0][sort.key], b[0][sort.key]) * sort.dir || a[1] - b[1]).map(([r]) => r) : rows;
    const best = {};
    for (const [key] of COMPARISON_COLUMNS.slice(1)) {
      const vals = rows.map((r) => r[key]).filter(Number.isFinite);
      best[key] = key === 'fit_seconds' ? Math.min(...vals) : Math.max(...vals);
    }
    const header = COMPARISON_COLUMNS.map(([key, text]) => {
      const active = sort.key === key;
      const label = `${text}${active ? (sort.dir > 0 ? ' ▲' : ' ▼') : ''}`;
      return h(
        'th',
        { scope: 'col', class: key === 'name' ? null : 'num', 'aria-sort': active ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none' },
        h('button', { type: 'button', class: 'sort-button', dataset: { key }, onclick: () => setSort(key) }, label),
      );
    });
    const fmt = (key, v) => (key === 'accuracy' ? fmtPct(v) : key === 'fit_seconds' ? fmtSeconds(v) : fmtScore(v));
    const table = h(
      'table',
      { class: 'data-table comparison-table', id: 'comparison-table' },
      h('caption', {}, `${rows.length} model${rows.length === 1 ? '' : 's'} trained in this session${sort.key ? `, sorted by ${COMPARISON_COLUMNS.find(([k]) => k === sort.key)[1]}` : ''}. Best value of each column in bold.`),
      h('thead', {}, h('tr', {}, header, h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Remove')))),
      h(
        'tbody',
        {},
        ordered.map((r) =>
          h(
            'tr',
            { class: r.baseline ? 'baseline-row' : null, dataset: { key: r.key, type: r.type } },
            h('th', { scope: 'row' }, r.name, r.run ? h('span', { class: 'type-hint' }, ` run ${r.run}`) : h('span', { class: 'type-hint' }, ' baseline'), h('div', { class: 'type-hint' }, `${r.label}, ${r.n_features} features, seed ${r.seed}`)),
            COMPARISON_COLUMNS.slice(1).map(([key]) => h('td', { class: `num${Number.isFinite(r[key]) && r[key] === best[key] && rows.length > 1 ? ' best' : ''}`, dataset: { value: String(r[key]) } }, fmt(key, r[key]))),
            h('td', {}, h('button', { type: 'button', class: 'button small remove-run', 'aria-label': `Remove ${r.name}${r.run ? ` (run ${r.run})` : ''} from the comparison`, onclick: () => actions.removeRun(r.key) }, '✕')),
          ),
        ),
      ),
    );
    replace(tableWrap, table);
  };
  function setSort(key) {
    sort = sort.key === key ? (sort.dir === -1 ? { key, dir: 1 } : { key: null, dir: -1 }) : { key, dir: key === 'name' || key === 'fit_seconds' ? 1 : -1 };
    draw(store.get());
    tableWrap.querySelector(`.sort-button[data-key="${key}"]`)?.focus();
  }
  store.subscribe((s) => {
    const section = root.closest('section');
    if (section && (s.comparison?.length ?? 0) > 0) section.hidden = false;
    const key = [s.comparison, s.comparisonBusy, s.phase, Boolean(s.dataset)];
    if (shown && key.every((v, i) => v === shown[i])) return;
    shown = key;
    draw(s);
  });
}

// Numbers before missing values; names alphabetically.
function cmp(a, b) {
  const fa = Number.isFinite(a), fb = Number.isFinite(b);
  if (typeof a === 'string' || typeof b === 'string') return String(a ?? '').localeCompare(String(b ?? ''));
  if (fa && fb) return a - b;
  return fa ? 1 : fb ? -1 : 0;
}
