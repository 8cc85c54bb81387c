// Step 7: use the active model — (a) one song typed into a form (a slider and a number box per numeric
// feature, selects for key and mode) → the predicted genre with a probability bar per class; (b) a CSV of
// songs without genres → a predictions table (first 100 rows) and "Download predictions as CSV".
import { h, replace } from '../dom.js';
import { fmtInt, fmtNum, fmtPct } from '../format.js';
import { MAX_FILE_BYTES, changed } from '../state.js';
import { fmtBytes } from '../format.js';

const NOTES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];
const ZERO_ONE = /^(acousticness|danceability|energy|instrumentalness|liveness|speechiness|valence)$/i;
const NAMED = [
  [/^tempo$/i, { min: 40, max: 220, step: 1, value: 120, unit: 'BPM' }],
  [/^loudness$/i, { min: -60, max: 0, step: 0.1, value: -8, unit: 'dB' }],
  [/^duration_ms$/i, { min: 30000, max: 600000, step: 1000, value: 210000, unit: 'ms' }],
  [/^duration(_s|_sec|_seconds)?$/i, { min: 30, max: 600, step: 1, value: 210, unit: 's' }],
  [/^popularity$/i, { min: 0, max: 100, step: 1, value: 50 }],
];

// A "nice" step about 1/100 of the range: 1, 2 or 5 × a power of ten.
function niceStep(span) {
  if (!(span > 0)) return 1;
  const raw = span / 100;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}
const roundTo = (x, step) => {
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  return Number((Math.round(x / step) * step).toFixed(Math.min(10, digits)));
};

// Slider range and starting value for a numeric feature: from the loaded dataset's profile when it has the
// column, else from the feature's name (Spotify's 0–1 features, tempo, loudness, duration, popularity).
export function numericRange(name, profile) {
  const known = ZERO_ONE.test(name) ? { min: 0, max: 1 } : NAMED.find(([re]) => re.test(name))?.[1];
  if (profile && known && Number.isFinite(profile.min) && profile.min < known.min && profile.max > known.min) {
    // impossible values in the data (e.g. duration_ms = −1 for “unknown”) do not stretch the slider
    profile = { ...profile, min: known.min };
  }
  if (profile && (profile.type === 'numeric' || profile.type === 'boolean') && Number.isFinite(profile.min) && Number.isFinite(profile.max) && profile.max > profile.min) {
    const step = profile.type === 'boolean' ? 1 : niceStep(profile.max - profile.min);
    const value = Number.isFinite(profile.mean) ? roundTo(profile.mean, step) : profile.min;
    return { min: profile.min, max: profile.max, step, value: Math.min(profile.max, Math.max(profile.min, value)), from: 'data' };
  }
  if (ZERO_ONE.test(name)) return { min: 0, max: 1, step: 0.01, value: 0.5, from: 'name' };
  for (const [re, r] of NAMED) if (re.test(name)) return { ...r, from: 'name' };
  return null;
}

export function mountClassifyView(root, store, actions) {
  const noModel = h('p', { class: 'hint', id: 'classify-no-model' }, 'Choose a model first: train one (step 4), or load or pick one in step 6.');
  const formWrap = h('div', { id: 'classify-form-wrap' });
  const single = h('div', { id: 'single-result', 'aria-live': 'polite' });
  const batchWrap = h('div', { id: 'batch-wrap' });
  const batchInput = h('input', {
    type: 'file',
    id: 'classify-file-input',
    class: 'visually-hidden',
    accept: '.csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain',
    'aria-describedby': 'classify-file-hint',
    onchange: () => {
      const file = batchInput.files?.[0];
      batchInput.value = '';
      actions.classifyFile(file);
    },
  });
  const batchPick = h('label', { for: 'classify-file-input', class: 'button file-button' }, 'Choose a CSV of songs…');
  const body = h(
    'div',
    { id: 'classify-body' },
    h('p', { class: 'hint', id: 'classify-model-line' }),
    h('div', { class: 'classify-grid' },
      h('div', {}, h('h3', {}, 'One song'), formWrap),
      h('div', {}, h('h3', {}, 'The model says'), single),
    ),
    h('h3', { class: 'subhead' }, 'Many songs from a CSV file'),
    h('p', { class: 'hint', id: 'classify-file-hint' }, `A CSV with the model's feature columns (a genre column is not needed). Up to ${fmtBytes(MAX_FILE_BYTES)}; it stays in this browser.`),
    h('div', { class: 'button-row' }, batchInput, batchPick),
    batchWrap,
  );
  root.append(noModel, body);

  let built = null; // {active, dataset}
  let shownSingle, shownBatch;
  store.subscribe((s, prev) => {
    if (!changed(s, prev, 'phase', 'engine', 'active', 'dataset', 'single', 'batch')) return;
    const section = root.closest('section');
    section.hidden = s.phase === 'starting' || Boolean(s.engine?.failed);
    noModel.hidden = Boolean(s.active);
    body.hidden = !s.active;
    if (!s.active) {
      built = null;
      return;
    }
    if (!built || built.active !== s.active || built.dataset !== s.dataset) {
      built = { active: s.active, dataset: s.dataset };
      body.querySelector('#classify-model-line').textContent = `Using ${s.active.name}: it predicts “${s.active.info.label}” from ${s.active.info.inputs.length} features.`;
      replace(formWrap, buildForm(s.active, s.dataset, actions));
    }
    if (s.single !== shownSingle) {
      shownSingle = s.single;
      replace(single, s.single ? singleResult(s.single.result) : h('p', { class: 'hint' }, 'Set the features and press “Classify this song”.'));
    }
    const running = s.batch && s.batch.fraction !== null && s.batch.fraction !== undefined;
    batchInput.disabled = Boolean(running);
    batchPick.classList.toggle('disabled', Boolean(running));
    if (s.batch !== shownBatch) {
      shownBatch = s.batch;
      replace(batchWrap, batchView(s.batch, s.active, actions));
    }
  });
}

function buildForm(active, dataset, actions) {
  const profiles = new Map((dataset?.columns ?? []).map((c) => [c.name, c]));
  const getters = [];
  const fields = active.info.inputs.map((input, i) => {
    const id = `song-${i}`;
    const profile = profiles.get(input.name);
    const label = h('label', { for: id }, input.name);
    if (input.encoding === 'pitch_class' || (input.encoding === 'number' && /^key$/i.test(input.name) && !(profile?.max > 11))) {
      const asNumber = input.encoding === 'number';
      const sel = h('select', { id, name: input.name }, NOTES.map((n, k) => h('option', { value: asNumber ? String(k) : n }, asNumber ? `${k} (${n})` : n)));
      sel.value = asNumber ? '0' : 'C';
      getters.push(() => [input.name, asNumber ? Number(sel.value) : sel.value]);
      return h('div', { class: 'field song-field' }, label, sel);
    }
    if (input.encoding === 'major_minor' || (input.encoding === 'number' && /^mode$/i.test(input.name) && !(profile?.max > 1))) {
      const asNumber = input.encoding === 'number';
      const sel = h('select', { id, name: input.name }, h('option', { value: asNumber ? '1' : 'Major' }, 'Major'), h('option', { value: asNumber ? '0' : 'Minor' }, 'Minor'));
      getters.push(() => [input.name, asNumber ? Number(sel.value) : sel.value]);
      return h('div', { class: 'field song-field' }, label, sel);
    }
    if (input.encoding === 'one_hot') {
      const sel = h('select', { id, name: input.name }, h('option', { value: '' }, '(unknown)'), input.categories.map((c) => h('option', { value: c }, c)));
      sel.value = input.categories[0] ?? '';
      getters.push(() => [input.name, sel.value === '' ? null : sel.value]);
      return h('div', { class: 'field song-field' }, label, sel);
    }
    const r = numericRange(input.name, profile);
    const num = h('input', { type: 'number', id, name: input.name, inputmode: 'decimal', step: r ? String(r.step) : 'any', value: String(r ? r.value : 0), class: 'song-number' });
    getters.push(() => {
      const v = num.value.trim();
      return [input.name, v === '' ? null : Number(v)];
    });
    if (!r) return h('div', { class: 'field song-field' }, label, num);
    const slider = h('input', {
      type: 'range', min: String(r.min), max: String(r.max), step: String(r.step), value: String(r.value),
      'aria-label': `${input.name} (slider)`, id: `${id}-range`, tabindex: '0',
      oninput: () => { num.value = slider.value; },
    });
    num.addEventListener('input', () => {
      if (num.value !== '' && Number.isFinite(Number(num.value))) slider.value = num.value;
    });
    const rangeHint = `${fmtNum(r.min)} – ${fmtNum(r.max)}${r.unit ? ` ${r.unit}` : ''}${r.from === 'data' ? ' (in the loaded data)' : ''}`;
    return h('div', { class: 'field song-field' }, label, h('div', { class: 'slider-row' }, slider, num), h('span', { class: 'hint' }, rangeHint));
  });
  const form = h(
    'form',
    {
      id: 'song-form',
      class: 'song-form',
      novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        const values = Object.fromEntries(getters.map((g) => g()));
        for (const [k, v] of Object.entries(values)) {
          if (typeof v === 'number' && !Number.isFinite(v)) return actions.fail(`“${k}” must be a number.`);
        }
        actions.classifyOne(values);
      },
    },
    h('div', { class: 'song-fields' }, fields),
    h('div', { class: 'button-row' }, h('button', { type: 'submit', class: 'button primary', id: 'classify-button' }, 'Classify this song')),
  );
  return form;
}

function singleResult(result) {
  const scores = result.scores[0];
  const probs = result.scores_are_probabilities;
  const order = result.classes.map((c, i) => [c, scores[i] ?? 0]).sort((a, b) => b[1] - a[1]);
  const max = Math.max(1e-12, ...order.map(([, v]) => Math.abs(v)));
  return h(
    'div',
    { class: 'single-result' },
    h('p', { class: 'predicted' }, 'Predicted genre: ', h('strong', { id: 'predicted-genre' }, result.predicted_labels[0])),
    h(
      'ul',
      { class: 'prob-list', id: 'prob-list', 'aria-label': probs ? 'Probability of each genre' : 'Score of each genre' },
      order.map(([c, v]) =>
        h(
          'li',
          { dataset: { class: c, value: String(v) } },
          h('span', { class: 'prob-name' }, c),
          h('span', { class: 'prob-bar', 'aria-hidden': 'true' }, h('span', { style: { width: `${Math.round((Math.max(0, probs ? v : v / max)) * 100)}%` } })),
          h('span', { class: 'prob-value' }, probs ? fmtPct(v) : fmtNum(v)),
        ),
      ),
    ),
    result.warnings?.length ? h('ul', { class: 'hint warnings-inline' }, result.warnings.map((w) => h('li', {}, w))) : null,
  );
}

function batchView(batch, active, actions) {
  if (!batch) return null;
  const running = batch.fraction !== null && batch.fraction !== undefined;
  if (running) {
    const pct = Math.round(Math.max(0, Math.min(1, batch.fraction ?? 0)) * 100);
    return h(
      'div',
      { class: 'training-panel', id: 'batch-progress' },
      h('div', { class: 'progress', role: 'progressbar', 'aria-label': 'Classifying progress', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(pct) }, h('div', { class: 'progress-fill', style: { width: `${pct}%` } })),
      h('p', { class: 'progress-text' }, `${batch.name}: ${pct} % — ${batch.stage ?? ''}`),
      h('button', { type: 'button', class: 'button danger', id: 'batch-cancel', onclick: () => actions.cancelBatch() }, 'Cancel'),
    );
  }
  const r = batch.result;
  if (!r) {
    return batch.dataset
      ? h('div', { class: 'button-row' }, h('p', { class: 'hint' }, `${batch.name} is loaded (${fmtInt(batch.n_rows)} songs).`), h('button', { type: 'button', class: 'button', id: 'batch-rerun', onclick: () => actions.predictBatch() }, `Classify them with ${active.name}`))
      : null;
  }
  const features = new Set(active.info.inputs.map((i) => i.name));
  const others = r.columns.map((c, i) => [c, i]).filter(([c]) => !features.has(c) && c !== r.label);
  const ids = [...others.filter(([c]) => /name|title|artist|id|song|track/i.test(c)), ...others.filter(([c]) => !/name|title|artist|id|song|track/i.test(c))].slice(0, 3);
  const labelIndex = r.columns.indexOf(r.label);
  const counts = r.classes.map((c, i) => [c, r.counts[i]]).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  const header = ['#', ...ids.map(([c]) => c), `predicted ${r.label}`, r.scores_are_probabilities ? 'probability' : 'score', ...(r.label_present ? [`${r.label} in the file`] : [])];
  return h(
    'div',
    { class: 'batch-result' },
    h(
      'p',
      { id: 'batch-summary' },
      h('strong', {}, `${fmtInt(r.n_rows)} songs classified`),
      ` from ${batch.name}: `,
      counts.map(([c, n]) => `${c} ${fmtInt(n)}`).join(', '),
      '.',
      r.label_present && r.accuracy !== null ? ` The file has a “${r.label}” column: ${fmtPct(r.accuracy)} of its songs match the prediction.` : '',
    ),
    r.warnings?.length ? h('div', { class: 'warnings' }, h('h4', {}, 'Notes'), h('ul', {}, r.warnings.map((w) => h('li', {}, w)))) : null,
    h('div', { class: 'button-row' }, h('button', { type: 'button', class: 'button primary', id: 'download-predictions', onclick: () => actions.downloadPredictions() }, 'Download predictions as CSV')),
    h(
      'div',
      { class: 'table-scroll predictions-scroll', tabindex: '0', role: 'region', 'aria-label': 'Predictions table (scrolls)' },
      h(
        'table',
        { class: 'data-table', id: 'predictions-table' },
        h('caption', {}, r.n_rows > r.rows.length ? `The first ${fmtInt(r.rows.length)} of ${fmtInt(r.n_rows)} songs (the CSV has them all)` : `All ${fmtInt(r.n_rows)} songs`),
        h('thead', {}, h('tr', {}, header.map((t) => h('th', { scope: 'col' }, t)))),
        h(
          'tbody',
          {},
          r.rows.map((cells, k) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row', class: 'num' }, String(k + 1)),
              ids.map(([, i]) => h('td', {}, cells[i])),
              h('td', { class: 'predicted-cell' }, r.classes[r.predicted[k]]),
              h('td', { class: 'num' }, r.scores_are_probabilities ? fmtPct(r.confidence[k]) : fmtNum(r.confidence[k])),
              r.label_present ? h('td', {}, cells[labelIndex]) : null,
            ),
          ),
        ),
      ),
    ),
  );
}
