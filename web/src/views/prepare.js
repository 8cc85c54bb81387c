// Step 3d: preparing the data, one decision at a time, each with its BEFORE/AFTER counts from the engine
// (op previewPreparation): (a) cleaning, (b) genre grouping, (c) imputation, (d) encoding, (e) scaling,
// (f) the split, (g) leakage in plain words. The choices live in config.preparation and become the
// recipe's clean / labels / stages / split (prepare-recipe.js), so training here and `genrelab train` with
// the downloaded recipe give the same model. Re-rendered when the choices, the preview or the report change;
// inputs commit on 'change' (blur or Enter), so typing is never interrupted.
import { h, replace } from '../dom.js';
import { fmtInt, fmtPct } from '../format.js';
import { IMPUTE_CHOICES, SCALE_CHOICES, SPLIT_PRESETS, isCoded, presetOf } from '../prepare-recipe.js';
import { changed } from '../state.js';

const IMPUTE_TEXT = {
  none: 'none (leave missing)', mean: 'mean', median: 'median', most_frequent: 'most frequent', group: 'group median (same artist)',
  knn: 'kNN (nearest songs)', regression: 'regression (MLP)',
};
const SCALE_TEXT = { standard: 'standard', minmax: 'min–max', quantile_normal: 'quantile → normal', quantile_uniform: 'quantile → uniform', none: 'none' };
const POLICY_TEXT = { keep: 'keep all (only report)', drop_all: 'drop every such song', keep_first: 'keep the first, drop the rest' };

export function mountPrepareView(root, store, prep) {
  let shownKey = null;
  store.subscribe((s, prev) => {
    if (!changed(s, prev, 'dataset', 'config', 'prepare', 'prepareBusy', 'labelMaps', 'report', 'phase')) return;
    const section = root.closest('section');
    section.hidden = !s.dataset;
    if (!s.dataset || !s.config?.preparation) return;
    const key = [s.dataset.dataset, JSON.stringify(s.config), s.prepare?.key, s.prepare?.dataset, s.prepareBusy, s.labelMaps?.length, s.report?.run, s.phase].join('\u0001');
    if (key === shownKey) return;
    shownKey = key;
    const focusedId = document.activeElement?.id;
    render(root, s, prep);
    if (focusedId && root.contains(document.getElementById(focusedId))) document.getElementById(focusedId).focus({ preventScroll: true });
  });
}

const opt = (value, text, selected) => h('option', { value, selected: value === selected }, text);
const select = (id, value, options, onchange, attrs = {}) =>
  h('select', { id, ...attrs, onchange: (e) => onchange(e.target.value) }, options.map(([v, t]) => opt(v, t, value)));
const num = (id, value, onchange, attrs = {}) =>
  h('input', { type: 'number', id, value: String(value), ...attrs, onchange: (e) => { const v = Number(e.target.value); if (Number.isFinite(v)) onchange(v); } });
const arrow = (a, b) => h('span', { class: 'before-after' }, h('span', { class: 'before' }, fmtInt(a)), ' → ', h('strong', { class: 'after' }, fmtInt(b)));

function render(root, s, prep) {
  const p = s.config.preparation;
  const res = s.prepare?.dataset === s.dataset.dataset ? s.prepare?.result : null;
  const err = s.prepare?.dataset === s.dataset.dataset ? s.prepare?.error : null;
  const columns = s.dataset.columns;
  const disabled = s.phase === 'training';
  const rules = res?.clean?.rules ?? [];
  const ruleFor = (name, column) => rules.find((r) => r.rule === name && (column === undefined || r.column === column));

  // ---- overview
  const overview = h(
    'p',
    { class: 'prepare-overview', id: 'prepare-overview', 'aria-live': 'polite' },
    res
      ? ['Rows: ', h('strong', {}, fmtInt(res.rows_before)), ' in the file → ', h('strong', { id: 'rows-after-clean' }, fmtInt(res.clean?.rows_after ?? res.rows_before)), ' after cleaning → ',
        h('strong', { id: 'rows-after-labels' }, fmtInt(res.rows_after)), ' with a usable genre.', s.prepareBusy ? ' (updating…)' : '']
      : err ? h('span', { class: 'error-text' }, err) : 'Counting…',
  );

  // ---- (a) cleaning
  const drops = (res?.drop_suggestions ?? []).map((d, i) =>
    h('li', {},
      h('input', { type: 'checkbox', id: `drop-col-${i}`, checked: p.dropColumns.includes(d.column), disabled,
        onchange: (e) => prep.setPreparation((q) => ({ dropColumns: e.target.checked ? [...q.dropColumns, d.column] : q.dropColumns.filter((c) => c !== d.column) })) }),
      h('label', { for: `drop-col-${i}` }, h('code', {}, d.column), ' — ', d.summary.replace(/^'[^']*':\s*/, ''))));
  const names = columns.map((c) => c.name);
  const sentinelRows = p.sentinels.map((r, i) => {
    const rep = ruleFor('to_missing', r.column);
    return h('tr', {},
      h('td', {}, select(`sentinel-col-${i}`, r.column, names.map((n) => [n, n]), (v) => prep.setPreparation((q) => ({ sentinels: q.sentinels.map((x, j) => (j === i ? { ...x, column: v } : x)) })), { disabled, 'aria-label': 'Column' })),
      h('td', {}, select(`sentinel-op-${i}`, r.op, [['equals', 'is'], ['less_than', 'is below'], ['greater_than', 'is above']], (v) => prep.setPreparation((q) => ({ sentinels: q.sentinels.map((x, j) => (j === i ? { ...x, op: v } : x)) })), { disabled, 'aria-label': 'Rule' })),
      h('td', {}, h('input', { type: 'text', id: `sentinel-value-${i}`, value: r.value, size: 10, disabled, 'aria-label': 'Value',
        onchange: (e) => prep.setPreparation((q) => ({ sentinels: q.sentinels.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)) })) })),
      h('td', { class: 'num' }, rep && rep.missing_before >= 0 ? arrow(rep.missing_before, rep.missing_after) : '—'),
      h('td', {}, h('button', { type: 'button', class: 'button small', disabled, onclick: () => prep.setPreparation((q) => ({ sentinels: q.sentinels.filter((_, j) => j !== i) })) }, 'Remove')));
  });
  const range = p.minDuration ? ruleFor('range', p.minDuration.column) : null;
  const dup = ruleFor('duplicate_rows');
  const conf = ruleFor('conflicting_labels');
  const cleaning = h('fieldset', { class: 'group prepare-step', id: 'prepare-clean' },
    h('legend', {}, 'a. Clean the rows'),
    drops.length ? [h('p', { class: 'hint' }, 'Columns that are rarely features (ids, names, dates, free text). Checked ones are removed before anything else:'), h('ul', { class: 'check-list', id: 'drop-columns' }, drops)] : null,
    h('h3', {}, 'Values that mean “unknown” → missing'),
    h('div', { class: 'table-scroll' }, h('table', { class: 'data-table', id: 'sentinel-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Column'), h('th', {}, 'When the value'), h('th', {}, h('span', { class: 'visually-hidden' }, 'Value')), h('th', {}, 'Missing before → after'), h('th', {}, h('span', { class: 'visually-hidden' }, 'Remove')))),
      h('tbody', {}, sentinelRows.length ? sentinelRows : h('tr', {}, h('td', { colspan: 5, class: 'hint' }, 'No rule: every value is taken as it is.'))))),
    h('div', { class: 'button-row small' }, h('button', { type: 'button', class: 'button small', id: 'add-sentinel', disabled,
      onclick: () => prep.setPreparation((q) => ({ sentinels: [...q.sentinels, { column: names[0], op: 'equals', value: '' }] })) }, 'Add a rule')),
    p.minDuration ? h('div', { class: 'field inline' },
      h('label', {}, h('input', { type: 'checkbox', id: 'min-duration-on', checked: p.minDuration.enabled, disabled, onchange: (e) => prep.setPreparation((q) => ({ minDuration: { ...q.minDuration, enabled: e.target.checked } })) }),
        ` Drop songs whose `, h('code', {}, p.minDuration.column), ' is below '),
      num('min-duration-value', p.minDuration.min, (v) => prep.setPreparation((q) => ({ minDuration: { ...q.minDuration, min: v } })), { disabled, min: 0, 'aria-label': 'Shortest song kept' }),
      h('span', { class: 'hint' }, range ? [' rows ', arrow(range.rows_before, range.rows_after)] : ' (30 s = 30000 ms)')) : null,
    h('div', { class: 'field inline' },
      h('label', {}, h('input', { type: 'checkbox', id: 'dedupe-on', checked: p.duplicates.enabled, disabled, onchange: (e) => prep.setPreparation((q) => ({ duplicates: { ...q.duplicates, enabled: e.target.checked } })) }),
        ' Drop exact duplicate rows', p.duplicates.ignore.length ? ` (ignoring ${p.duplicates.ignore.join(', ')})` : ''),
      h('span', { class: 'hint', id: 'dedupe-count' }, dup ? [' rows ', arrow(dup.rows_before, dup.rows_after)] : '')),
    p.conflicts.keys.length === 2 ? h('div', { class: 'field' },
      h('label', { for: 'conflict-policy' }, 'The same ', h('code', {}, p.conflicts.keys[0]), ' + ', h('code', {}, p.conflicts.keys[1]), ' under several genres'),
      select('conflict-policy', p.conflicts.policy, Object.entries(POLICY_TEXT), (v) => prep.setPreparation((q) => ({ conflicts: { ...q.conflicts, policy: v } })), { disabled }),
      h('p', { class: 'hint', id: 'conflict-summary' }, conf ? [conf.summary.replace(/\.?$/, '.'), ' Rows: ', arrow(conf.rows_before, conf.rows_after), '.'] : '')) : null,
  );

  // ---- (b) genres
  const maps = s.labelMaps ?? [];
  const mapOptions = [['', 'no grouping (use the genres as they are)']];
  if (p.labels.mapFile === 'suggested') mapOptions.push(['suggested', 'the suggested grouping']);
  for (const m of maps) mapOptions.push([m.file, `${m.name}: ${m.broad.length} broad genres${m.coverage !== null && m.coverage !== undefined ? ` (knows ${fmtPct(m.coverage, 0)} of these genres)` : ''}`]);
  const lr = res?.labels;
  // counts: {genre: songs} (or [[genre, songs]…]); the largest first.
  const countList = (raw, id) => { const counts = Array.isArray(raw) ? raw : Object.entries(raw ?? {}); return h('div', {}, h('ol', { class: 'class-counts', id }, counts.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 15).map(([name, n]) => h('li', {}, h('span', {}, name), ' ', h('span', { class: 'num' }, fmtInt(n)))),
), counts.length > 15 ? h('p', { class: 'hint' }, `… and ${counts.length - 15} more`) : null); };
  const nClasses = (raw) => (Array.isArray(raw) ? raw.length : Object.keys(raw ?? {}).length);
  const genres = h('fieldset', { class: 'group prepare-step', id: 'prepare-labels' },
    h('legend', {}, 'b. Group the genres'),
    h('div', { class: 'prepare-grid' },
      h('div', { class: 'field' }, h('label', { for: 'label-map-select' }, 'Genre map'),
        select('label-map-select', p.labels.mapFile, mapOptions, (v) => {
          const m = maps.find((x) => x.file === v);
          prep.setPreparation((q) => ({ labels: { ...q.labels, mapFile: v, map: v === '' ? null : v === 'suggested' ? q.labels.map : m?.map ?? null, unmapped: v ? 'other' : q.labels.unmapped } }));
        }, { disabled })),
      h('div', { class: 'field' }, h('label', { for: 'unmapped-select' }, 'Genres the map does not know'),
        select('unmapped-select', p.labels.unmapped, [['keep', 'keep as they are'], ['other', 'put into “other”'], ['drop', 'drop those songs']], (v) => prep.setPreparation((q) => ({ labels: { ...q.labels, unmapped: v } })), { disabled: disabled || !p.labels.map })),
      h('div', { class: 'field' }, h('label', { for: 'min-count-input' }, 'Drop genres with fewer songs than'),
        num('min-count-input', p.labels.minCount, (v) => prep.setPreparation((q) => ({ labels: { ...q.labels, minCount: Math.max(0, Math.round(v)) } })), { min: 0, step: 1, disabled })),
      h('div', { class: 'field' }, h('label', { for: 'top-n-input' }, 'Keep only the N largest (0 = all)'),
        num('top-n-input', p.labels.topN, (v) => prep.setPreparation((q) => ({ labels: { ...q.labels, topN: Math.max(0, Math.round(v)) } })), { min: 0, step: 1, disabled }))),
    lr ? h('div', { class: 'prepare-grid two' },
      h('div', {}, h('h3', {}, `Before: ${fmtInt(nClasses(lr.counts_before))} genres, ${fmtInt(lr.rows_before)} songs`), countList(lr.counts_before, 'class-counts-before')),
      h('div', {}, h('h3', { id: 'classes-after-heading' }, `After: ${fmtInt(nClasses(lr.counts_after))} genres, ${fmtInt(lr.rows_after)} songs`), countList(lr.counts_after, 'class-counts-after'))) : null,
    lr?.summary ? h('p', { class: 'hint' }, lr.summary) : null,
  );

  // ---- (c) (d) (e) per column
  const features = s.config.features.filter((f) => f !== s.config.label && !p.dropColumns.includes(f));
  const missing = new Map((res?.missing ?? []).map((m) => [m.column, m]));
  const stageReports = s.report?.stages ?? [];
  const r2 = (f) => stageReports.find((x) => x.type === 'regression_impute' && x.report?.column === f)?.report;
  const typeOf = (f) => columns.find((c) => c.name === f)?.type;
  const colRows = features.map((f, i) => {
    const m = missing.get(f);
    const imp = p.impute[f] ?? 'median';
    const after = !m ? '—' : imp === 'none' ? fmtInt(m.missing_after_clean) : '0';
    const rep = r2(f);
    return h('tr', {},
      h('th', { scope: 'row' }, h('code', {}, f), h('span', { class: 'type-hint' }, ` ${typeOf(f) ?? ''}`)),
      h('td', { class: 'num' }, m ? fmtInt(m.missing_before) : '—'),
      h('td', { class: 'num' }, m ? fmtInt(m.missing_after_clean) : '—'),
      h('td', {}, select(`impute-${i}`, imp, IMPUTE_CHOICES.filter((c) => c !== 'group' || p.groupColumn).map((c) => [c, IMPUTE_TEXT[c]]), (v) => prep.setPreparation((q) => ({ impute: { ...q.impute, [f]: v } })), { disabled, 'aria-label': `Imputation of ${f}`, 'data-column': f })),
      h('td', { class: 'num', 'data-column': f }, after, rep ? h('span', { class: 'r2', title: rep.summary }, ` (R² ${rep.validation_r2 === null ? '—' : rep.validation_r2.toFixed(3)})`) : null),
      h('td', {}, isCoded({ name: f }) ? select(`encode-${i}`, p.encode[f] ?? 'ordinal', [['ordinal', 'ordinal (one number)'], ['onehot', 'one-hot (a column per value)']], (v) => prep.setPreparation((q) => ({ encode: { ...q.encode, [f]: v } })), { disabled, 'aria-label': `Encoding of ${f}` }) : h('span', { class: 'hint' }, typeOf(f) === 'categorical' ? 'one-hot' : 'number')),
      h('td', {}, select(`scale-${i}`, p.scale[f] ?? 'standard', SCALE_CHOICES.map((c) => [c, SCALE_TEXT[c]]), (v) => prep.setPreparation((q) => ({ scale: { ...q.scale, [f]: v } })), { disabled, 'aria-label': `Scaling of ${f}` })));
  });
  const anyGroup = features.some((f) => p.impute[f] === 'group');
  const anyMinmax = features.some((f) => p.scale[f] === 'minmax');
  const perColumn = h('fieldset', { class: 'group prepare-step', id: 'prepare-columns' },
    h('legend', {}, 'c–e. Fill gaps, encode, scale (each column)'),
    h('p', { class: 'hint' }, 'Statistics are learned from the training rows only and reused for the test rows and new songs. “After” is the count once imputed; a regression imputer shows its R² on held-out training rows after training.'),
    h('div', { class: 'button-row small' },
      h('button', { type: 'button', class: 'button small', disabled, onclick: () => prep.setPreparation({ impute: Object.fromEntries(features.map((f) => [f, 'median'])) }) }, 'Median everywhere'),
      h('button', { type: 'button', class: 'button small', disabled, onclick: () => prep.setPreparation({ scale: Object.fromEntries(features.map((f) => [f, 'standard'])) }) }, 'Standard scaling everywhere')),
    h('div', { class: 'table-scroll' }, h('table', { class: 'data-table', id: 'prepare-column-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Column'), h('th', {}, 'Missing in file'), h('th', {}, 'After cleaning'), h('th', {}, 'Imputation'), h('th', {}, 'After'), h('th', {}, 'Encoding'), h('th', {}, 'Scaling'))),
      h('tbody', {}, colRows))),
    anyGroup ? h('div', { class: 'field' }, h('label', { for: 'group-impute-column' }, 'Group for the group median'),
      select('group-impute-column', p.groupColumn, names.filter((n) => n !== s.config.label).map((n) => [n, n]), (v) => prep.setPreparation({ groupColumn: v }), { disabled })) : null,
    anyMinmax ? h('div', { class: 'field inline' }, h('span', {}, 'Min–max range '),
      num('minmax-lo', p.minmaxRange[0], (v) => prep.setPreparation((q) => ({ minmaxRange: [v, q.minmaxRange[1]] })), { disabled, 'aria-label': 'Range low' }), ' to ',
      num('minmax-hi', p.minmaxRange[1], (v) => prep.setPreparation((q) => ({ minmaxRange: [q.minmaxRange[0], v] })), { disabled, 'aria-label': 'Range high' })) : null,
  );

  // ---- (f) split
  const sp = res?.split;
  const artistCols = names.filter((n) => n !== s.config.label);
  const shownPreset = presetOf(s.config.testFraction, SPLIT_PRESETS[p.split.preset]?.validation ?? 0);
  const split = h('fieldset', { class: 'group prepare-step', id: 'prepare-split' },
    h('legend', {}, 'f. Split into training, validation and test songs'),
    h('div', { class: 'prepare-grid' },
      h('div', { class: 'field' }, h('label', { for: 'split-method' }, 'How'),
        select('split-method', p.split.method, [['stratified', 'stratified (same genre shares in every part)'], ['group', 'group-aware (an artist in one part only)']], (v) => prep.setPreparation((q) => ({ split: { ...q.split, method: v } })), { disabled })),
      p.split.method === 'group' ? h('div', { class: 'field' }, h('label', { for: 'split-group-column' }, 'Group column'),
        select('split-group-column', p.split.groupColumn, artistCols.map((n) => [n, n]), (v) => prep.setPreparation((q) => ({ split: { ...q.split, groupColumn: v } })), { disabled })) : null,
      h('div', { class: 'field' }, h('label', { for: 'split-preset' }, 'Train / test (/ validation)'),
        select('split-preset', shownPreset, [...Object.entries(SPLIT_PRESETS).map(([k, v]) => [k, `${k}: test ${fmtPct(v.test, 0)}${v.validation ? `, validation ${fmtPct(v.validation, 0)}` : ''}`]), ...(shownPreset === 'custom' ? [['custom', `custom: test ${fmtPct(s.config.testFraction, 0)} (step 4)`]] : [])], (v) => prep.choosePreset(v), { disabled })),
      h('div', { class: 'field' }, h('span', { class: 'field-label' }, 'Seed'), h('span', {}, String(s.config.seed), h('span', { class: 'hint' }, ' (set in step 4)')))),
    h('p', { id: 'split-counts', 'aria-live': 'polite' },
      sp?.error ? h('span', { class: 'error-text' }, sp.error)
        : sp ? ['Training ', h('strong', { id: 'split-train' }, fmtInt(sp.train)), ' · validation ', h('strong', { id: 'split-validation' }, fmtInt(sp.validation)), ' · test ', h('strong', { id: 'split-test' }, fmtInt(sp.test)), ' songs', sp.classes ? `, ${sp.classes} genres.` : '.'] : ''),
  );

  // ---- (g) leakage
  const leak = s.report?.leakage ?? res?.leakage;
  const leakage = h('fieldset', { class: 'group prepare-step', id: 'prepare-leakage' },
    h('legend', {}, 'g. Could the test songs leak into training?'),
    h('p', { id: 'leakage-summary' }, leak?.summary || (leak ? `No ${leak.key_description ?? 'song'} of the test or validation songs also appears in training.` : '—')),
    h('p', { class: 'hint' }, s.report?.leakage ? 'From the last training run.' : 'From this split (training reports it again).'),
    stageReports.length ? h('ul', { id: 'stage-reports' }, stageReports.map((x) => h('li', {}, x.report?.summary ?? x.type))) : null,
  );

  replace(root,
    overview,
    cleaning, genres, perColumn, split, leakage,
    h('div', { class: 'button-row' },
      h('button', { type: 'button', class: 'button', id: 'prepare-reset', disabled, onclick: () => prep.resetPreparation() }, 'Back to the suggested preparation'),
      h('button', { type: 'button', class: 'button', id: 'download-recipe', onclick: () => prep.downloadRecipe() }, 'Download recipe')),
  );
}
