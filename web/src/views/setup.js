// Step 4 (settings): the label column, the feature columns, the classifier (a picker and a form generated
// from classifier-schema.js), the test fraction and the seed. The controls are built once per loaded dataset
// (the classifier's form once per classifier choice) and then kept in step with state.config.
import { h, replace } from '../dom.js';
import { CLASSIFIERS, entryFor, paramId, parseInts, startClassifier } from '../classifier-schema.js';
import { fmtInt } from '../format.js';
import { changed } from '../state.js';

export function mountSetupView(root, store, actions) {
  let built = null; // {dataset, controls}
  store.subscribe((s, prev) => {
    if (!changed(s, prev, 'dataset', 'config', 'phase', 'busy')) return; // e.g. a training progress report
    const section = root.closest('section');
    section.hidden = !s.dataset;
    if (!s.dataset || !s.config) return;
    if (!built || built.dataset !== s.dataset) built = { dataset: s.dataset, controls: build(root, s, actions) };
    sync(built.controls, s);
  });
}

const TYPE_ORDER = { categorical: 0, boolean: 1, numeric: 2, text: 3, empty: 4 };

function build(root, s, actions) {
  const columns = s.dataset.columns;
  const labelOptions = [...columns].sort((a, b) => (TYPE_ORDER[a.type] ?? 9) - (TYPE_ORDER[b.type] ?? 9));
  const label = h(
    'select',
    { id: 'label-select', name: 'label', onchange: () => actions.updateConfig({ label: label.value }) },
    labelOptions.map((c) => h('option', { value: c.name }, `${c.name} (${c.type}, ${c.distinct} value${c.distinct === 1 ? '' : 's'})`)),
  );

  const boxes = new Map();
  const featureList = h(
    'ul',
    { class: 'feature-list', id: 'feature-list' },
    columns.map((c, i) => {
      const box = h('input', {
        type: 'checkbox',
        id: `feature-${i}`,
        name: 'features',
        value: c.name,
        onchange: () => {
          const { config } = storeConfig();
          const set = new Set(config.features);
          if (box.checked) set.add(c.name);
          else set.delete(c.name);
          // keep the table's column order
          actions.updateConfig({ features: columns.map((col) => col.name).filter((n) => set.has(n)) });
        },
      });
      boxes.set(c.name, box);
      return h('li', {}, box, h('label', { for: `feature-${i}` }, h('code', {}, c.name), h('span', { class: 'type-hint' }, ` ${c.type}`)));
    }),
  );
  // The checkboxes read the current config through this closure (set by sync()).
  let current = s;
  const storeConfig = () => current;

  const numberInput = (id, attrs, parse, key) => {
    const el = h('input', {
      type: 'number',
      id,
      inputmode: attrs.step === 1 ? 'numeric' : 'decimal',
      ...attrs,
      onchange: () => {
        const v = parse(el.value);
        if (Number.isFinite(v)) actions.updateConfig({ [key]: v });
        else el.value = storeConfig().config[key];
      },
    });
    return el;
  };
  const testFraction = numberInput('test-fraction-input', { min: 0.05, max: 0.9, step: 0.05, 'aria-describedby': 'test-hint' }, Number, 'testFraction');
  const seed = numberInput('seed-input', { min: 0, max: 4294967295, step: 1, 'aria-describedby': 'seed-hint' }, (v) => Math.round(Number(v)), 'seed');
  // The classifier: a picker, one line about it, a warning when it will be slow, and its settings.
  const remembered = new Map(); // entry id → the settings last used with it, so switching back restores them
  const picker = h(
    'select',
    {
      id: 'classifier-select',
      'aria-describedby': 'classifier-help',
      onchange: () => {
        const cur = storeConfig().config.classifier;
        const was = entryFor(cur);
        if (was) remembered.set(was.id, cur);
        actions.updateConfig({ classifier: remembered.get(picker.value) ?? startClassifier(picker.value) });
      },
    },
    CLASSIFIERS.map((e) => h('option', { value: e.id }, e.name)),
  );
  const otherOption = h('option', { value: '', disabled: true, hidden: true }, 'other (from the recipe)');
  picker.append(otherOption);
  const classifierHelp = h('p', { class: 'hint', id: 'classifier-help' });
  const slowWarning = h('p', { class: 'hint warning-text', id: 'classifier-warning', hidden: true });
  const paramsBox = h('div', { class: 'knn-grid classifier-params', id: 'classifier-params' });
  const train = h('button', { type: 'submit', id: 'train-button', class: 'button primary big' }, 'Train');
  const summary = h('p', { class: 'hint', id: 'feature-count', 'aria-live': 'polite' });

  const form = h(
    'form',
    {
      id: 'setup-form',
      class: 'setup-form',
      novalidate: true,
      onsubmit: (e) => {
        e.preventDefault();
        actions.train();
      },
    },
    h(
      'fieldset',
      { class: 'group', id: 'settings-fieldset' },
      h('legend', {}, 'What to predict'),
      h('div', { class: 'field' }, h('label', { for: 'label-select' }, 'Label column'), label),
      h(
        'fieldset',
        { class: 'features' },
        h('legend', {}, 'Features the classifier may use'),
        h(
          'div',
          { class: 'button-row small' },
          h('button', { type: 'button', class: 'button small', onclick: () => actions.resetConfig() }, 'Use suggestion'),
          h('button', { type: 'button', class: 'button small', onclick: () => actions.updateConfig({ features: numericNames(columns, storeConfig().config.label) }) }, 'All numeric'),
          h('button', { type: 'button', class: 'button small', onclick: () => actions.updateConfig({ features: [] }) }, 'None'),
        ),
        featureList,
        summary,
      ),
      h(
        'fieldset',
        { class: 'classifier', id: 'classifier-fieldset' },
        h('legend', {}, 'Classifier'),
        h('div', { class: 'field' }, h('label', { for: 'classifier-select' }, 'Kind of model'), picker, classifierHelp, slowWarning),
        paramsBox,
      ),
      h(
        'div',
        { class: 'knn-grid' },
        h('div', { class: 'field' }, h('label', { for: 'test-fraction-input' }, 'Test fraction'), testFraction, h('p', { class: 'hint', id: 'test-hint' }, 'Share of songs held back to measure accuracy.')),
        h('div', { class: 'field' }, h('label', { for: 'seed-input' }, 'Seed'), seed, h('p', { class: 'hint', id: 'seed-hint' }, 'Same seed, same split, same result.')),
      ),
    ),
    h('div', { class: 'button-row' }, train),
  );
  replace(root, form);
  return {
    label, boxes, testFraction, seed, train, summary, picker, otherOption, classifierHelp, slowWarning, paramsBox,
    params: { entryId: undefined, controls: new Map() },
    currentClassifier: () => storeConfig().config.classifier,
    updateClassifier: (patch) => actions.updateConfig({ classifier: { ...storeConfig().config.classifier, ...patch } }),
    fieldset: form.querySelector('#settings-fieldset'),
    setCurrent: (st) => { current = st; },
  };
}

function numericNames(columns, label) {
  return columns.filter((c) => (c.type === 'numeric' || c.type === 'boolean') && c.name !== label).map((c) => c.name);
}

function sync(c, s) {
  c.setCurrent(s);
  const { config } = s;
  const training = s.phase === 'training';
  const setValue = (el, v) => {
    if (document.activeElement !== el || el.value === '') el.value = String(v);
  };
  c.label.value = config.label;
  for (const [name, box] of c.boxes) {
    box.checked = config.features.includes(name) && name !== config.label;
    box.disabled = name === config.label;
    box.closest('li').classList.toggle('is-label', name === config.label);
  }
  syncClassifier(c, s, setValue);
  setValue(c.testFraction, config.testFraction);
  setValue(c.seed, config.seed);
  c.fieldset.disabled = training;
  c.train.textContent = `Train ${entryFor(config.classifier)?.short ?? config.classifier?.type ?? ''}`.trim();
  c.train.disabled = training || Boolean(s.busy);
  const n = config.features.filter((f) => f !== config.label).length;
  c.summary.textContent = `${n} feature${n === 1 ? '' : 's'} chosen.`;
}

// The classifier's part of the form: rebuilt when another kind of model is chosen, else only re-synced.
function syncClassifier(c, s, setValue) {
  const cls = s.config.classifier ?? {};
  const entry = entryFor(cls);
  const id = entry?.id ?? '';
  c.picker.value = id;
  c.otherOption.hidden = Boolean(entry);
  if (!entry) c.otherOption.textContent = `${cls.type ?? 'unknown'} (from the recipe; no form for it here)`;
  c.classifierHelp.textContent = entry?.help ?? 'This recipe’s classifier is trained with the settings it carries.';
  const rows = s.dataset?.n_rows ?? 0;
  c.slowWarning.hidden = !(entry?.slowRows && rows > entry.slowRows);
  if (!c.slowWarning.hidden)
    c.slowWarning.textContent = `⚠ ${fmtInt(rows)} songs: a ${entry.short} fits in time that grows with the square of the rows, so this may take many minutes in a browser. Try fewer songs (a label grouping or a smaller file) or another model.`;
  if (c.params.entryId !== id) {
    c.params.entryId = id;
    c.params.controls = new Map();
    replace(c.paramsBox, (entry?.params ?? []).map((p) => paramField(p, c)));
  }
  for (const [key, { el, p }] of c.params.controls) {
    const v = cls[key] ?? p.default;
    if (p.kind === 'bool') el.checked = Boolean(v);
    else if (p.kind === 'select') el.value = v;
    else if (p.kind === 'ints') setValue(el, (v ?? []).join(', '));
    else setValue(el, v);
  }
}

function paramField(p, c) {
  const id = paramId(p);
  const hintId = `${id}-hint`;
  let el;
  if (p.kind === 'select') {
    el = h('select', { id, 'aria-describedby': hintId, onchange: () => c.updateClassifier({ [p.key]: el.value }) }, p.options.map(([v, t]) => h('option', { value: v }, t)));
  } else if (p.kind === 'bool') {
    el = h('input', { type: 'checkbox', id, 'aria-describedby': hintId, onchange: () => c.updateClassifier({ [p.key]: el.checked }) });
  } else if (p.kind === 'ints') {
    el = h('input', {
      type: 'text', id, inputmode: 'numeric', 'aria-describedby': hintId, autocomplete: 'off',
      onchange: () => {
        const v = parseInts(el.value);
        if (v) c.updateClassifier({ [p.key]: v });
        else el.setCustomValidity('Whole numbers separated by commas, e.g. 64, 32');
        if (v) el.setCustomValidity('');
        el.reportValidity?.();
      },
    });
  } else {
    const isInt = p.kind === 'int';
    el = h('input', {
      type: 'number', id, min: p.min, max: p.max, step: isInt ? 1 : (p.step ?? 'any'), inputmode: isInt ? 'numeric' : 'decimal', 'aria-describedby': hintId,
      onchange: () => {
        const raw = Number(el.value);
        const v = isInt ? Math.round(raw) : raw;
        if (el.value !== '' && Number.isFinite(v)) c.updateClassifier({ [p.key]: v });
        else el.value = String(c.currentClassifier()?.[p.key] ?? p.default);
      },
    });
  }
  c.params.controls.set(p.key, { el, p });
  const label = h('label', { for: id }, p.label);
  const hint = h('p', { class: 'hint', id: hintId }, p.help, p.start !== undefined && JSON.stringify(p.start) !== JSON.stringify(p.default) ? ` (Library default ${Array.isArray(p.default) ? p.default.join(', ') : p.default}; the page starts at ${Array.isArray(p.start) ? p.start.join(', ') : p.start} for speed or clearer curves.)` : '');
  return p.kind === 'bool'
    ? h('div', { class: 'field checkbox-field' }, h('span', { class: 'inline-check' }, el, label), hint)
    : h('div', { class: 'field' }, label, el, hint);
}
