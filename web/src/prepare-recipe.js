// The data-preparation choices of the page (config.preparation) and how they become recipe parts — clean,
// labels, split and stages — so what a student clicks is exactly what the CLI trains from the downloaded
// recipe. Pure functions (no DOM), used by state.js's recipeFromConfig and by views/prepare.js.
//
// config.preparation = {
//   dropColumns: [name…],                    columns removed before anything else (clean.drop_columns)
//   sentinels: [{column, op: 'equals'|'less_than', value}],   value → missing (clean.to_missing, and a
//                                             missing_if stage for numeric features so new songs get the same rule)
//   minDuration: {column, min, enabled},     drop songs shorter than min (clean.ranges)
//   duplicates: {enabled, ignore: [name…]},  drop exact duplicate rows, ignoring id-like columns
//   conflicts: {keys: [artist, track], policy: 'keep'|'drop_all'|'keep_first'},
//   labels: {mapFile, map: {fine: broad}|null, unmapped: 'keep'|'other'|'drop', minCount, topN},
//   impute: {column: 'none'|'mean'|'median'|'most_frequent'|'group'|'knn'|'regression'}, groupColumn,
//   encode: {column: 'ordinal'|'onehot'},    for coded categories (key, mode, time_signature)
//   scale: {column: 'standard'|'minmax'|'quantile_normal'|'quantile_uniform'|'none'}, minmaxRange: [lo, hi],
//   split: {method: 'stratified'|'group', groupColumn, preset},
// }

export const SPLIT_PRESETS = {
  '80/20': { test: 0.2, validation: 0 },
  '70/30': { test: 0.3, validation: 0 },
  '60/20/20': { test: 0.2, validation: 0.2 },
  '49/30/21': { test: 0.3, validation: 0.21 },
};
export const IMPUTE_CHOICES = ['none', 'mean', 'median', 'most_frequent', 'group', 'knn', 'regression'];
export const SCALE_CHOICES = ['standard', 'minmax', 'quantile_normal', 'quantile_uniform', 'none'];
const CODED = /^(key|mode|time_signature)$/i;

const lower = (s) => String(s).toLowerCase();
export const findArtist = (columns) => columns.find((c) => /artist/i.test(c.name))?.name ?? '';
export const findTrack = (columns) =>
  ['track_name', 'title', 'song', 'track'].map((w) => columns.find((c) => lower(c.name).includes(w))?.name).find(Boolean) ?? '';
export const isCoded = (column) => CODED.test(column.name);

// Sensible defaults: the suggested recipe's own choices (so, untouched, the page trains what the suggestion
// says), plus the rules a person would add by hand for the usual quirks of song files.
export function defaultPreparation(suggested, columns, dropSuggestions = []) {
  const names = new Set(columns.map((c) => c.name));
  const clean = suggested.clean ?? {};
  const features = suggested.features ?? [];
  const artist = findArtist(columns);
  const track = findTrack(columns);
  const keys = clean.conflicting_labels?.keys?.length ? clean.conflicting_labels.keys : artist && track && artist !== track ? [artist, track] : [];
  const sentinels = [];
  const add = (column, op, value) => {
    if (names.has(column) && !sentinels.some((r) => r.column === column && r.op === op && String(r.value) === String(value))) sentinels.push({ column, op, value: String(value) });
  };
  for (const r of clean.to_missing ?? []) {
    for (const v of r.equals ?? []) add(r.column, 'equals', v);
    if (r.less_than !== undefined) add(r.column, 'less_than', r.less_than);
  }
  for (const s of suggested.stages ?? []) {
    if (s.type !== 'missing_if') continue;
    if (s.less_than !== undefined) add(s.column, 'less_than', s.less_than);
    for (const v of s.equals ?? []) add(s.column, 'equals', v);
  }
  for (const c of columns) {
    if (c.type !== 'numeric') continue;
    if (/duration|length/i.test(c.name) && c.min < 0) add(c.name, 'less_than', 0);
    if (/^tempo$|bpm/i.test(c.name) && c.min === 0) add(c.name, 'equals', 0);
    if (/time_signature/i.test(c.name) && c.min === 0) add(c.name, 'equals', 0);
  }
  const duration = columns.find((c) => c.type === 'numeric' && /duration|length/i.test(c.name));
  const scaleSpec = (suggested.stages ?? []).find((s) => s.type === 'scale' && !s.columns);
  const imputeSpec = (suggested.stages ?? []).find((s) => s.type === 'impute' && !s.columns);
  const scaleMethod = !scaleSpec ? 'none' : scaleSpec.method === 'quantile' ? `quantile_${scaleSpec.output_distribution ?? 'uniform'}` : scaleSpec.method ?? 'standard';
  const groupCol = suggested.split?.group_column || artist;
  // Per-column choices a recipe already holds (a shared link, "Back to the suggestion"), so they survive.
  const impute = Object.fromEntries(features.map((f) => [f, imputeSpec ? imputeSpec.strategy ?? 'median' : 'none']));
  const scale = Object.fromEntries(features.map((f) => [f, scaleMethod]));
  const encode = Object.fromEntries(columns.filter(isCoded).map((c) => [c.name, 'ordinal']));
  let groupImputeColumn = '';
  for (const st of suggested.stages ?? []) {
    const cols = st.columns ?? (st.column ? [st.column] : null);
    if (st.type === 'impute' && cols) for (const c of cols) impute[c] = st.strategy ?? 'median';
    if (st.type === 'scale' && cols) for (const c of cols) scale[c] = st.method === 'quantile' ? `quantile_${st.output_distribution ?? 'uniform'}` : st.method ?? 'standard';
    if (st.type === 'regression_impute') impute[st.column] = 'regression';
    if (st.type === 'group_impute') { impute[st.column] = 'group'; groupImputeColumn = st.group_column; }
    if (st.type === 'one_hot') encode[st.column] = 'onehot';
    if (st.type === 'knn_impute') for (const f of features) if (impute[f] === 'none') impute[f] = 'knn';
  }
  const range = (clean.ranges ?? []).find((r) => duration && r.column === duration.name && r.min !== undefined);
  return {
    columns: columns.map((c) => ({ name: c.name, type: c.type })), // to know which features keep their name after encoding
    dropColumns: (clean.drop_columns?.length ? clean.drop_columns : dropSuggestions.map((d) => d.column)).filter((c) => c !== suggested.label && c !== groupCol && !keys.includes(c) && names.has(c)),
    sentinels,
    minDuration: duration ? { column: duration.name, min: range ? range.min : /ms/i.test(duration.name) || duration.max > 100000 ? 30000 : 30, enabled: Boolean(range) } : null,
    duplicates: { enabled: Boolean(clean.drop_duplicate_rows), ignore: clean.duplicate_ignore_columns?.length ? clean.duplicate_ignore_columns : dropSuggestions.filter((d) => d.reason === 'id_like').map((d) => d.column) },
    conflicts: { keys, policy: clean.conflicting_labels?.policy ?? 'keep' },
    labels: {
      mapFile: suggested.labels?.map && Object.keys(suggested.labels.map).length ? 'suggested' : '',
      map: suggested.labels?.map && Object.keys(suggested.labels.map).length ? suggested.labels.map : null,
      unmapped: suggested.labels?.unmapped ?? 'keep',
      minCount: suggested.labels?.min_count ?? 0,
      topN: suggested.labels?.top_n ?? 0,
    },
    impute,
    groupColumn: groupImputeColumn || groupCol,
    encode,
    scale,
    minmaxRange: [0, 1],
    split: {
      method: suggested.split?.method ?? 'stratified',
      groupColumn: groupCol,
      preset: presetOf(suggested.split?.test_fraction ?? 0.2, suggested.split?.validation_fraction ?? 0),
    },
  };
}

export function presetOf(test, validation) {
  for (const [name, p] of Object.entries(SPLIT_PRESETS)) if (Math.abs(p.test - test) < 1e-9 && Math.abs(p.validation - validation) < 1e-9) return name;
  return 'custom';
}

function scaleStage(method, range) {
  if (method === 'standard') return { type: 'scale', method: 'standard' };
  if (method === 'minmax') return { type: 'scale', method: 'minmax', feature_min: range[0], feature_max: range[1] };
  if (method === 'quantile_normal') return { type: 'scale', method: 'quantile', output_distribution: 'normal' };
  if (method === 'quantile_uniform') return { type: 'scale', method: 'quantile', output_distribution: 'uniform' };
  return null;
}

// One stage without "columns" when every feature has the same choice (the recipe then reads like the
// suggestion), else one stage per choice limited to its columns (only columns whose name survives the
// feature encoding can be named: numbers, booleans, key and mode; a one-hot category keeps the common choice).
function perChoice(features, nameable, choiceOf, makeStage) {
  const distinct = [...new Set(features.map(choiceOf))];
  if (distinct.length === 1) {
    const st = makeStage(distinct[0]);
    return st ? [st] : [];
  }
  const out = [];
  for (const choice of distinct) {
    const st = makeStage(choice);
    const cols = features.filter((f) => choiceOf(f) === choice && nameable(f));
    if (st && cols.length) out.push({ ...st, columns: cols });
  }
  return out;
}

// The recipe with config.preparation applied (recipe: the suggestion with the user's label/features/seed).
export function applyPreparation(recipe, prep, columns = prep?.columns ?? null) {
  if (!prep) return recipe;
  const out = structuredClone(recipe);
  const numericNames = columns ? new Set(columns.filter((c) => c.type === 'numeric').map((c) => c.name)) : null;
  const isNumeric = (f) => (numericNames ? numericNames.has(f) : true);
  const drop = new Set((prep.dropColumns ?? []).filter((c) => c !== out.label));
  out.features = out.features.filter((f) => !drop.has(f));
  const features = out.features;

  // (a) cleaning, at training time on the table
  const toMissing = new Map();
  for (const r of prep.sentinels ?? []) {
    if (drop.has(r.column) || r.value === '' || r.value === undefined) continue;
    const rule = toMissing.get(r.column) ?? { column: r.column };
    if (r.op === 'less_than') rule.less_than = Number(r.value);
    else if (r.op === 'greater_than') rule.greater_than = Number(r.value);
    else (rule.equals ??= []).push(String(r.value));
    toMissing.set(r.column, rule);
  }
  const clean = { drop_columns: [...drop], drop_empty_rows: true, to_missing: [...toMissing.values()] };
  if (prep.minDuration?.enabled && !drop.has(prep.minDuration.column)) clean.ranges = [{ column: prep.minDuration.column, min: Number(prep.minDuration.min) }];
  if (prep.duplicates?.enabled) {
    clean.drop_duplicate_rows = true;
    clean.duplicate_ignore_columns = (prep.duplicates.ignore ?? []).filter((c) => !drop.has(c));
  }
  if (prep.conflicts?.keys?.length === 2 && !prep.conflicts.keys.some((k) => drop.has(k)))
    clean.conflicting_labels = { keys: prep.conflicts.keys, label: out.label, policy: prep.conflicts.policy ?? 'keep' };
  out.clean = clean;

  // (b) label grouping
  const l = prep.labels ?? {};
  const labels = {};
  if (l.map && Object.keys(l.map).length) {
    labels.map = l.map;
    labels.unmapped = l.unmapped ?? 'keep';
    if (labels.unmapped === 'other') labels.other_label = 'other';
  }
  if (l.minCount > 0) labels.min_count = Math.round(l.minCount);
  if (l.topN > 0) labels.top_n = Math.round(l.topN);
  if (Object.keys(labels).length) out.labels = labels;
  else delete out.labels;

  // (c)–(e) stages: sentinels for new songs too, imputation, scaling, then one-hot codes
  const stages = [];
  for (const rule of toMissing.values()) {
    if (!features.includes(rule.column) || !isNumeric(rule.column)) continue;
    const equals = (rule.equals ?? []).map(Number).filter(Number.isFinite);
    const s = { type: 'missing_if', column: rule.column };
    if (rule.less_than !== undefined) s.less_than = rule.less_than;
    if (rule.greater_than !== undefined) s.greater_than = rule.greater_than;
    if (equals.length) s.equals = equals;
    if (s.less_than !== undefined || s.greater_than !== undefined || s.equals) stages.push(s);
  }
  const byName = new Map((columns ?? []).map((c) => [c.name, c]));
  const nameable = (f) => !columns || ['numeric', 'boolean'].includes(byName.get(f)?.type) || CODED.test(f);
  const imputeOf = (f) => prep.impute?.[f] ?? 'median';
  for (const f of features) {
    if (imputeOf(f) === 'group' && prep.groupColumn) stages.push({ type: 'group_impute', column: f, group_column: prep.groupColumn, statistic: 'median' });
    if (imputeOf(f) === 'regression') stages.push({ type: 'regression_impute', column: f, hidden: [32], epochs: 40, validation_fraction: 0.2, seed: out.seed ?? 42 });
  }
  const simpleOf = (f) => (['mean', 'median', 'most_frequent'].includes(imputeOf(f)) ? imputeOf(f) : 'none');
  stages.push(...perChoice(features, nameable, simpleOf, (c) => (c === 'none' ? null : { type: 'impute', strategy: c })));
  if (features.some((f) => imputeOf(f) === 'knn')) stages.push({ type: 'knn_impute', n_neighbors: 5, weights: 'uniform' });
  // One-hot before scaling, so the indicators are named by the codes (key=0 … key=11) and stay 0/1.
  const oneHot = features.filter((f) => prep.encode?.[f] === 'onehot' && nameable(f));
  for (const f of oneHot) stages.push({ type: 'one_hot', column: f });
  const scaleOf = (f) => prep.scale?.[f] ?? 'standard';
  const scaled = features.filter((f) => !oneHot.includes(f));
  const makeScale = (m) => scaleStage(m, prep.minmaxRange ?? [0, 1]);
  if (oneHot.length === 0) stages.push(...perChoice(features, nameable, scaleOf, makeScale));
  else {
    for (const m of [...new Set(scaled.map(scaleOf))]) {
      const st = makeScale(m);
      const cols = scaled.filter((f) => scaleOf(f) === m && nameable(f));
      if (st && cols.length) stages.push({ ...st, columns: cols });
    }
  }
  out.stages = stages;

  // (f) split (the test fraction and the seed stay in config.testFraction / config.seed)
  const preset = SPLIT_PRESETS[prep.split?.preset];
  const split = { ...(out.split ?? {}) };
  split.method = prep.split?.method === 'group' && prep.split.groupColumn ? 'group' : 'stratified';
  split.group_column = split.method === 'group' ? prep.split.groupColumn : '';
  // The preset's test share is written into config.testFraction when it is chosen (the training form shows it).
  if (preset) split.validation_fraction = preset.validation;
  out.split = split;
  return out;
}

// The parts of a recipe the preview needs (label, features, clean, labels, split, seed).
export function previewRecipe(recipe) {
  const { label, features, clean, labels, split, seed } = recipe;
  return { label, features, clean, labels, split, seed };
}
