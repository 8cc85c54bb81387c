// Step 1: choose a CSV (file input or drag-and-drop onto the drop zone) or the built-in demo dataset.
import { h } from '../dom.js';
import { fmtBytes, fmtInt } from '../format.js';
import { MAX_FILE_BYTES, changed } from '../state.js';

export function mountLoadView(root, store, actions) {
  const input = h('input', {
    type: 'file',
    id: 'file-input',
    class: 'visually-hidden',
    accept: '.csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain',
    'aria-describedby': 'drop-hint',
    onchange: () => {
      const file = input.files?.[0];
      input.value = ''; // choosing the same file again fires 'change' again
      actions.loadFile(file);
    },
  });
  const pickLabel = h('label', { for: 'file-input', class: 'button primary file-button' }, 'Choose a CSV file…');
  const demoButton = h('button', { type: 'button', id: 'demo-button', class: 'button', onclick: () => actions.loadDemo() }, 'Use demo dataset');
  const zone = h(
    'div',
    { class: 'drop-zone', id: 'drop-zone' },
    h('p', { class: 'drop-title' }, 'Drop a CSV file here'),
    h('p', { class: 'drop-or' }, 'or'),
    h('div', { class: 'button-row' }, input, pickLabel, demoButton),
    h(
      'p',
      { id: 'drop-hint', class: 'hint' },
      `One song per row, one column per feature, with a header line. Up to ${fmtBytes(MAX_FILE_BYTES)}. `,
      'The demo has 6,000 made-up songs in 10 genres.',
    ),
  );
  const info = h('p', { id: 'source-info', class: 'source-info', 'aria-live': 'polite' });
  root.append(zone, info);

  // Drag-and-drop: the counter copes with dragenter/dragleave firing for child elements.
  let depth = 0;
  const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  zone.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth++;
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  zone.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) zone.classList.remove('dragging');
  });
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    zone.classList.remove('dragging');
    const file = e.dataTransfer?.files?.[0];
    if (file) actions.loadFile(file);
  });
  // A file dropped anywhere else must not make the browser navigate away from the page.
  for (const type of ['dragover', 'drop']) window.addEventListener(type, (e) => hasFiles(e) && e.preventDefault());

  store.subscribe((s, prev) => {
    if (!changed(s, prev, 'phase', 'busy', 'source', 'dataset')) return;
    const locked = s.phase === 'training' || s.phase === 'starting' || Boolean(s.busy);
    input.disabled = locked;
    demoButton.disabled = locked;
    pickLabel.classList.toggle('disabled', locked);
    pickLabel.setAttribute('aria-disabled', String(locked));
    zone.classList.toggle('busy', Boolean(s.busy));
    if (s.busy) info.textContent = s.busy;
    else if (s.source && s.dataset)
      info.replaceChildren(
        h('strong', {}, s.source.name),
        ` — ${fmtBytes(s.source.size)}, ${fmtInt(s.dataset.n_rows)} rows, ${s.dataset.columns.length} columns`,
        s.dataset.delimiter && s.dataset.delimiter !== ',' ? ` (separated by ${s.dataset.delimiter === '\t' ? 'tabs' : `“${s.dataset.delimiter}”`})` : '',
      );
    else info.textContent = s.phase === 'starting' ? 'Starting the engine…' : 'No data loaded yet.';
  });
}
