// A chart with everything around it: a heading, the ECharts canvas (role=img with a description), buttons
// to save it as PNG or SVG, and the same numbers as a <table> inside a <details> (for screen readers, for
// copying, and for anyone who prefers numbers). `spec` = {title, hint?, description, height, option(col) →
// ECharts option, table() → <table>, filename}; update(spec) redraws with new data (e.g. another feature).
import { h, replace } from '../dom.js';
import { chartColors, makeChart, svgString } from '../charts.js';
import { downloadDataUrl, downloadText, safeName } from '../download.js';

export function chartPanel(id, spec) {
  let current = spec;
  let handle = null;
  const heading = h('h3', { id: `${id}-title` });
  const hint = h('p', { class: 'hint chart-hint' });
  const chartEl = h('div', { class: 'chart', id: `${id}-chart`, role: 'img' });
  const tableWrap = h('div', { class: 'table-scroll', tabindex: '0', role: 'region' });
  const summary = h('summary', {}, 'Show the numbers as a table');
  const details = h('details', { class: 'chart-table', id: `${id}-details` }, summary, tableWrap);
  const png = h('button', { type: 'button', class: 'button small', id: `${id}-png`, onclick: () => savePng() }, 'Save PNG');
  const svg = h('button', { type: 'button', class: 'button small', id: `${id}-svg`, onclick: () => saveSvg() }, 'Save SVG');
  const actions = h('div', { class: 'chart-actions button-row small' }, png, svg);
  const el = h('figure', { class: 'chart-panel', id, 'aria-labelledby': `${id}-title` }, heading, hint, chartEl, actions, details);

  function fill() {
    heading.textContent = current.title;
    hint.textContent = current.hint ?? '';
    hint.hidden = !current.hint;
    chartEl.style.height = `${current.height ?? 300}px`;
    chartEl.setAttribute('aria-label', current.description);
    // the visible words come first in the name, so "click Save PNG" works for voice control (WCAG 2.5.3)
    png.setAttribute('aria-label', `Save PNG of the chart “${current.title}”`);
    svg.setAttribute('aria-label', `Save SVG of the chart “${current.title}”`);
    tableWrap.setAttribute('aria-label', `${current.title}: table (scrolls sideways)`);
    replace(tableWrap, current.table());
  }
  const optionFor = (col) => ({
    backgroundColor: 'transparent',
    animation: false,
    aria: { enabled: true, label: { description: current.description } },
    textStyle: { color: col.text },
    ...current.option(col),
  });
  let mergeNext = false; // update(…, {merge: true}): the next drawing merges into the chart instead of rebuilding it
  const render = (chart, col) => {
    chart.setOption(optionFor(col), !mergeNext);
    mergeNext = false;
  };

  function exportOption() {
    const col = chartColors();
    return { ...optionFor(col), backgroundColor: col.surface };
  }
  function savePng() {
    if (!handle) return;
    const col = chartColors();
    downloadDataUrl(handle.chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: col.surface }), `${safeName(current.filename ?? current.title)}.png`);
  }
  function saveSvg() {
    const text = svgString(exportOption(), chartEl.clientWidth || 720, chartEl.clientHeight || 320);
    downloadText(text, `${safeName(current.filename ?? current.title)}.svg`, 'image/svg+xml');
  }

  fill();
  return {
    el,
    // draw once the element is in the document (ECharts measures it); {defer: true}: the first drawing in a
    // task of its own (charts.js's makeChart)
    mount(opts) {
      if (!handle) handle = makeChart(chartEl, render, opts);
    },
    // merge: the same kind of chart with new data (e.g. one more epoch): ECharts updates what changed instead of
    // rebuilding every component, several times cheaper; never use it when series may disappear.
    update(next, { merge = false } = {}) {
      const height = current.height;
      current = { ...current, ...next };
      fill();
      if (handle) {
        if (current.height !== height) handle.chart.resize();
        mergeNext = merge;
        handle.redraw();
      }
    },
    dispose() {
      handle?.dispose();
      handle = null;
    },
  };
}

// A plain data table: caption, header row, body rows (first cell of each row a row header).
export function dataTable(id, caption, header, rows, { numeric = () => true } = {}) {
  return h(
    'table',
    { class: 'data-table', id },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, header.map((t, i) => h('th', { scope: 'col', class: i > 0 && numeric(i) ? 'num' : null }, t)))),
    h(
      'tbody',
      {},
      rows.map((cells) =>
        h('tr', {}, h('th', { scope: 'row' }, cells[0]), cells.slice(1).map((c, i) => h('td', { class: numeric(i + 1) ? 'num' : '' }, c))),
      ),
    ),
  );
}
