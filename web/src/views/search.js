// Step 4 (optional): a small model search — 2–3 values for 1–2 settings of the chosen classifier, scored by
// k-fold cross-validation on the training songs only (the test songs stay unseen), ranked by validation
// accuracy or by the weighted score ½·((1 − accuracy gap) + validation accuracy) that also punishes
// overfitting. The ranked table, a CSV of it, and "Use the best settings".
import { h, replace } from '../dom.js';
import { entryFor } from '../classifier-schema.js';
import { fmtInt, fmtPct, fmtScore, fmtSeconds } from '../format.js';
import { jobProgress } from './job-progress.js';
import { changed } from '../state.js';

const SEARCHABLE = new Set(['int', 'number', 'select']);

export function mountSearchView(root, store, actions) {
  const p1 = h('select', { id: 'search-param-1', 'aria-label': 'First setting to vary' });
  const v1 = h('input', { type: 'text', id: 'search-values-1', 'aria-label': 'Values of the first setting, separated by commas', autocomplete: 'off' });
  const p2 = h('select', { id: 'search-param-2', 'aria-label': 'Second setting to vary (optional)' });
  const v2 = h('input', { type: 'text', id: 'search-values-2', 'aria-label': 'Values of the second setting, separated by commas', autocomplete: 'off' });
  const folds = h('input', { type: 'number', id: 'search-folds', min: 2, max: 10, step: 1, value: '3', inputmode: 'numeric' });
  const select = h('select', { id: 'search-select' }, h('option', { value: 'accuracy' }, 'validation accuracy'), h('option', { value: 'weighted' }, 'weighted score (accuracy and a small train–validation gap)'));
  const run = h('button', { type: 'button', class: 'button', id: 'search-button', onclick: () => start() }, 'Search');
  const problem = h('p', { class: 'error-text', id: 'search-problem', role: 'alert', hidden: true });
  const progress = jobProgress('search', 'Model search progress', () => actions.cancelSearch(), { afterFocus: () => run });
  const result = h('div', { id: 'search-result' });
  const details = h(
    'details',
    { class: 'search-panel', id: 'search-box' },
    h('summary', {}, 'Search for good settings (cross-validation)'),
    h('p', { class: 'hint' }, 'Tries every combination of the values you list, each scored by k-fold cross-validation on the training songs only — the test songs stay unseen until you train the winner.'),
    h('div', { class: 'knn-grid' },
      h('div', { class: 'field' }, h('label', { for: 'search-param-1' }, 'Setting 1'), p1, v1),
      h('div', { class: 'field' }, h('label', { for: 'search-param-2' }, 'Setting 2 (optional)'), p2, v2),
      h('div', { class: 'field' }, h('label', { for: 'search-folds' }, 'Folds'), folds),
      h('div', { class: 'field' }, h('label', { for: 'search-select' }, 'Pick the winner by'), select),
    ),
    h('div', { class: 'button-row' }, run),
    problem,
    progress.el,
    result,
  );
  root.append(details);

  let entryId = null;
  function fillParams(entry) {
    const params = (entry?.params ?? []).filter((p) => SEARCHABLE.has(p.kind));
    replace(p1, params.map((p) => h('option', { value: p.key }, p.label)));
    replace(p2, h('option', { value: '' }, '— none —'), params.map((p) => h('option', { value: p.key }, p.label)));
    const suggest = (p) => (p.kind === 'select' ? p.options.slice(0, 3).map(([v]) => v) : suggestions(p)).join(', ');
    const first = params[0];
    v1.value = first ? suggest(first) : '';
    v2.value = '';
    p1.onchange = () => { const p = params.find((x) => x.key === p1.value); v1.value = p ? suggest(p) : ''; };
    p2.onchange = () => { const p = params.find((x) => x.key === p2.value); v2.value = p ? suggest(p) : ''; };
    run.disabled = params.length === 0;
    details.dataset.params = String(params.length);
  }

  function parseValues(entry, key, text) {
    const p = entry.params.find((x) => x.key === key);
    const parts = text.split(/[\s,;]+/).filter(Boolean);
    if (parts.length < 1 || parts.length > 5) return { error: `List 1 to 5 values for ${p.label}.` };
    if (p.kind === 'select') {
      const bad = parts.find((v) => !p.options.some(([o]) => o === v));
      return bad ? { error: `${p.label}: “${bad}” is not one of ${p.options.map(([o]) => o).join(', ')}.` } : { values: parts };
    }
    const nums = parts.map(Number);
    const ok = nums.every((v) => Number.isFinite(v) && v >= p.min && v <= p.max && (p.kind !== 'int' || Number.isInteger(v)));
    return ok ? { values: nums } : { error: `${p.label} takes ${p.kind === 'int' ? 'whole numbers' : 'numbers'} between ${p.min} and ${p.max}.` };
  }

  function start() {
    const entry = entryFor(store.get().config?.classifier);
    if (!entry) return;
    const grid = {};
    for (const [sel, input] of [[p1, v1], [p2, v2]]) {
      if (!sel.value) continue;
      const r = parseValues(entry, sel.value, input.value);
      if (r.error) return showProblem(r.error);
      grid[`classifier.${sel.value}`] = r.values;
    }
    const k = Math.round(Number(folds.value));
    if (!(k >= 2 && k <= 10)) return showProblem('Folds must be a whole number from 2 to 10.');
    showProblem(null);
    actions.runSearch({ grid, folds: k, select: select.value });
  }
  function showProblem(text) {
    problem.hidden = !text;
    problem.textContent = text ?? '';
  }

  let shown = null;
  store.subscribe((s, prev) => {
    if (!changed(s, prev, 'config', 'searchJob', 'phase', 'searchError', 'search')) return;
    const entry = entryFor(s.config?.classifier);
    if ((entry?.id ?? null) !== entryId) {
      entryId = entry?.id ?? null;
      fillParams(entry);
    }
    run.disabled = !entry || Boolean(s.searchJob) || s.phase === 'training' || details.dataset.params === '0';
    progress.update(s.searchJob);
    if (s.searchError) showProblem(s.searchError);
    if (s.search === shown) return;
    shown = s.search;
    replace(result, s.search ? table(s.search, actions) : null);
  });
}

// Three values around the page's starting value, inside the allowed range.
function suggestions(p) {
  const base = Number(p.start ?? p.default);
  const raw = base === 0 ? [0, 5, 10] : p.kind === 'int' ? [Math.max(p.min, Math.round(base / 2)), base, Math.min(p.max, base * 2)] : [base / 3, base, base * 3];
  return [...new Set(raw.map((v) => (p.kind === 'int' ? Math.round(v) : Number(v.toPrecision(2)))).filter((v) => v >= p.min && v <= p.max))];
}

function table(search, actions) {
  const t = search.table;
  const rows = t?.rows ?? [];
  const paths = t?.paths ?? [];
  const weighted = t?.selection?.metric === 'weighted';
  const mean = (x) => x?.mean;
  return h(
    'div',
    {},
    h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Search results (scrolls sideways)' },
      h('table', { class: 'data-table', id: 'search-table' },
        h('caption', {}, `${rows.length} settings ranked by ${weighted ? 'the weighted score' : 'validation accuracy'} (${t?.cv?.folds ?? '?'}-fold cross-validation on ${fmtInt(t?.n_train)} training songs).`),
        h('thead', {}, h('tr', {}, ['Rank', ...paths.map((p) => p.replace(/^classifier\./, '')), 'Validation accuracy', 'Training accuracy', 'Gap', 'Weighted score', 'Fit time'].map((c, i) => h('th', { scope: 'col', class: i > paths.length ? 'num' : null }, c)))),
        h('tbody', {}, rows.map((r) =>
          h('tr', { class: r.rank === 1 ? 'best-row' : null },
            h('th', { scope: 'row' }, String(r.rank ?? '—')),
            paths.map((p) => h('td', {}, String(r.params?.[p] ?? '—'))),
            r.error
              ? h('td', { colspan: '5', class: 'error-text' }, r.error)
              : [
                  h('td', { class: 'num' }, `${fmtPct(mean(r.validation?.accuracy))} ± ${fmtPct(r.validation?.accuracy?.std)}`),
                  h('td', { class: 'num' }, fmtPct(mean(r.train?.accuracy))),
                  h('td', { class: 'num' }, fmtScore(r.acc_gap)),
                  h('td', { class: 'num' }, fmtScore(r.weighted_score)),
                  h('td', { class: 'num' }, fmtSeconds(mean(r.fit_seconds))),
                ],
          ))),
      )),
    h('div', { class: 'button-row small' },
      h('button', { type: 'button', class: 'button small primary', id: 'search-use-best', onclick: () => actions.useBestSettings() }, 'Use the best settings'),
      h('button', { type: 'button', class: 'button small', id: 'search-csv', onclick: () => actions.downloadSearchCsv() }, 'Save as CSV')),
  );
}
