// Step 3 (settings): the label column, the feature columns and the kNN settings. The controls are built
// once per loaded dataset and then kept in step with state.config.
import { h, replace } from '../dom.js';

export function mountSetupView(root, store, actions) {
  let built = null; // {dataset, controls}
  store.subscribe((s) => {
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
  const k = numberInput('k-input', { min: 1, max: 1000, step: 1, 'aria-describedby': 'k-hint' }, (v) => Math.round(Number(v)), 'k');
  const testFraction = numberInput('test-fraction-input', { min: 0.05, max: 0.9, step: 0.05, 'aria-describedby': 'test-hint' }, Number, 'testFraction');
  const seed = numberInput('seed-input', { min: 0, max: 4294967295, step: 1, 'aria-describedby': 'seed-hint' }, (v) => Math.round(Number(v)), 'seed');
  const weights = h(
    'select',
    { id: 'weights-select', onchange: () => actions.updateConfig({ weights: weights.value }) },
    h('option', { value: 'uniform' }, 'uniform (one vote each)'),
    h('option', { value: 'distance' }, 'by distance (nearer count more)'),
  );
  const train = h('button', { type: 'submit', id: 'train-button', class: 'button primary big' }, 'Train kNN');
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
        'div',
        { class: 'knn-grid' },
        h('div', { class: 'field' }, h('label', { for: 'k-input' }, 'k (neighbours)'), k, h('p', { class: 'hint', id: 'k-hint' }, 'How many nearest training songs vote.')),
        h('div', { class: 'field' }, h('label', { for: 'weights-select' }, 'Votes'), weights),
        h('div', { class: 'field' }, h('label', { for: 'test-fraction-input' }, 'Test fraction'), testFraction, h('p', { class: 'hint', id: 'test-hint' }, 'Share of songs held back to measure accuracy.')),
        h('div', { class: 'field' }, h('label', { for: 'seed-input' }, 'Seed'), seed, h('p', { class: 'hint', id: 'seed-hint' }, 'Same seed, same split, same result.')),
      ),
    ),
    h('div', { class: 'button-row' }, train),
  );
  replace(root, form);
  return {
    label, boxes, k, weights, testFraction, seed, train, summary,
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
  setValue(c.k, config.k);
  c.weights.value = config.weights;
  setValue(c.testFraction, config.testFraction);
  setValue(c.seed, config.seed);
  c.fieldset.disabled = training;
  c.train.disabled = training || Boolean(s.busy);
  const n = config.features.filter((f) => f !== config.label).length;
  c.summary.textContent = `${n} feature${n === 1 ? '' : 's'} chosen.`;
}
