// Step 2: one row per column of the loaded CSV — its type, gaps, range and what the engine suggests doing
// with it (the label to predict, a feature, or leave it out).
import { h, replace } from '../dom.js';
import { fmtInt, fmtNum } from '../format.js';

const ID_LIKE = /(^|_)(id|name|date|title|artist|track|url|uri)($|_)/i;

export function suggestionFor(column, recipe) {
  if (!recipe) return { kind: 'none', text: '—' };
  // the engine's own note on the column, e.g. "drop: looks like an id or a name (100 % of values distinct)"
  const note = typeof column.suggestion === 'string' ? column.suggestion.replace(/^drop:\s*/, '') : '';
  if (column.name === recipe.label) return { kind: 'label', text: 'label' };
  if (recipe.features?.includes(column.name)) return { kind: 'feature', text: note ? `feature (${note})` : 'feature' };
  if (note) return { kind: 'skip', text: `leave out: ${note}` };
  let why = 'not useful';
  if (column.type === 'empty') why = 'empty';
  else if (ID_LIKE.test(column.name)) why = 'id, name or date';
  else if (column.type === 'text') why = 'free text';
  return { kind: 'skip', text: `leave out (${why})` };
}

export function mountProfileView(root, store) {
  let shown = null;
  store.subscribe((s) => {
    const section = root.closest('section');
    section.hidden = !s.dataset;
    if (!s.dataset || (shown && shown.dataset === s.dataset && shown.suggested === s.suggested)) return;
    shown = { dataset: s.dataset, suggested: s.suggested };
    render(root, s.dataset, s.suggested);
  });
}

function render(root, ds, recipe) {
  const rows = ds.columns.map((c) => {
    const sug = suggestionFor(c, recipe);
    const numeric = c.type === 'numeric' || c.type === 'boolean';
    const missing = [fmtInt(c.missing ?? 0)];
    if (c.invalid > 0) {
      const eg = c.first_invalid !== undefined && c.first_invalid !== '' ? ` (e.g. “${c.first_invalid}”${c.first_invalid_line ? ` on line ${fmtInt(c.first_invalid_line)}` : ''})` : '';
      missing.push(h('br'), h('span', { class: 'invalid' }, `+ ${fmtInt(c.invalid)} not numbers${eg}`));
    }
    return h(
      'tr',
      { class: `suggest-${sug.kind}` },
      h('th', { scope: 'row' }, h('code', {}, c.name)),
      h('td', {}, h('span', { class: `type type-${c.type}` }, c.type)),
      h('td', { class: 'num' }, missing),
      h('td', { class: 'num' }, fmtInt(c.distinct)),
      h('td', { class: 'num' }, numeric ? fmtNum(c.min) : '—'),
      h('td', { class: 'num' }, numeric ? fmtNum(c.max) : '—'),
      h('td', { class: 'num' }, numeric ? fmtNum(c.mean) : '—'),
      h('td', { class: 'examples' }, (c.examples ?? []).slice(0, 3).map((x) => String(x)).join(', ')),
      h('td', { class: 'suggestion-cell' }, h('span', { class: `suggestion suggestion-${sug.kind}` }, sug.text)),
    );
  });
  const warnings = ds.warnings?.length
    ? h('div', { class: 'warnings' }, h('h3', {}, 'Notes from the reader'), h('ul', {}, ds.warnings.map((w) => h('li', {}, typeof w === 'string' ? w : (w.message ?? JSON.stringify(w))))))
    : null;
  replace(
    root,
    h('p', { class: 'lead' }, `${fmtInt(ds.n_rows)} rows and ${ds.columns.length} columns. Numbers that cannot be read (like “?”) count as missing.`),
    h(
      'div',
      { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Column profile (scrolls sideways)' },
      h(
        'table',
        { id: 'profile-table', class: 'data-table' },
        h('caption', { class: 'visually-hidden' }, 'Profile of each column in the loaded file'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Column', 'Type', 'Missing', 'Distinct', 'Min', 'Max', 'Mean', 'Examples', 'Suggestion'].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h('tbody', {}, rows),
      ),
    ),
    warnings,
  );
}
