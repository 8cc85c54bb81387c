// The confusion matrix: an ECharts heatmap (rows = true class, columns = predicted class) showing counts or
// row-normalised shares (each row sums to 1: the share of a genre's songs given each answer — the diagonal
// is that genre's recall), saved as PNG or SVG, and the same numbers as <table>s for screen readers and copying.
import { h } from '../dom.js';
import { fmtInt } from '../format.js';
import { chartColors, makeChart, svgString } from '../charts.js';
import { downloadDataUrl, downloadText } from '../download.js';

// Each row divided by its total (a row without songs stays 0).
export function normaliseRows(confusion) {
  return confusion.map((row) => {
    const t = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (t > 0 ? v / t : 0));
  });
}
const fmtShare = (x) => x.toFixed(2);

export function confusionView(classes, confusion) {
  const K = classes.length;
  const total = confusion.flat().reduce((a, b) => a + b, 0);
  const correct = classes.reduce((a, _, i) => a + (confusion[i]?.[i] ?? 0), 0);
  const description = `Confusion matrix heatmap of ${K} classes: ${fmtInt(correct)} of ${fmtInt(total)} test songs on the diagonal (predicted correctly). The table below has the same numbers.`;
  const chartEl = h('div', {
    class: 'chart confusion-chart',
    id: 'confusion-chart',
    role: 'img',
    'aria-label': description,
    style: { height: `${Math.max(260, 60 + K * 34 + 90)}px` },
  });

  const table = h(
    'table',
    { class: 'data-table confusion-table', id: 'confusion-table' },
    h('caption', {}, 'Confusion matrix: each row is the true class, each column the predicted class; the diagonal counts correct predictions.'),
    h(
      'thead',
      {},
      h('tr', {}, h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'True class \\ predicted class'), h('span', { 'aria-hidden': 'true' }, 'true ↓ / predicted →')), classes.map((c) => h('th', { scope: 'col' }, c))),
    ),
    h(
      'tbody',
      {},
      classes.map((c, i) =>
        h('tr', {}, h('th', { scope: 'row' }, c), classes.map((_, j) => h('td', { class: i === j ? 'num diag' : 'num' }, fmtInt(confusion[i]?.[j] ?? 0)))),
      ),
    ),
  );

  const shares = normaliseRows(confusion);
  const normTable = h(
    'table',
    { class: 'data-table confusion-table', id: 'confusion-table-normalised', hidden: true },
    h('caption', {}, 'Row-normalised confusion matrix: each row (a true class) sums to 1; the diagonal is each class’s recall.'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'true ↓ / predicted →'), classes.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, classes.map((c, i) => h('tr', {}, h('th', { scope: 'row' }, c), classes.map((_, j) => h('td', { class: i === j ? 'num diag' : 'num' }, fmtShare(shares[i]?.[j] ?? 0)))))),
  );

  let mode = 'counts';
  let handle = null;
  const legend = h('p', { class: 'chart-legend', 'aria-hidden': 'true' });
  const radio = (value, text) =>
    h('label', { class: 'inline-check' }, h('input', { type: 'radio', name: 'confusion-mode', value, id: `confusion-mode-${value}`, checked: value === 'counts', onchange: () => setMode(value) }), text);
  const toggle = h('fieldset', { class: 'segmented', id: 'confusion-mode' }, h('legend', { class: 'visually-hidden' }, 'Show the confusion matrix as'), radio('counts', 'counts'), radio('normalised', 'row-normalised'));
  const png = h('button', { type: 'button', class: 'button small', id: 'confusion-png', onclick: () => savePng() }, 'Save PNG');
  const svg = h('button', { type: 'button', class: 'button small', id: 'confusion-svg', onclick: () => saveSvg() }, 'Save SVG');
  const values = () => (mode === 'counts' ? confusion : shares);
  const describe = () => (mode === 'counts' ? description : `Row-normalised confusion matrix of ${K} classes: each row sums to 1; the diagonal is each class's recall. The table below has the same numbers.`);
  function setMode(next) {
    mode = next;
    legend.textContent = mode === 'counts' ? 'rows: true class · columns: predicted class · darker = more songs' : 'rows: true class · columns: predicted class · each row sums to 1 (share of the class’s songs)';
    chartEl.setAttribute('aria-label', describe());
    table.hidden = mode !== 'counts';
    normTable.hidden = mode === 'counts';
    handle?.redraw();
  }
  function savePng() {
    if (handle) downloadDataUrl(handle.chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: chartColors().surface }), `genrelab-confusion-${mode}.png`);
  }
  function saveSvg() {
    const col = chartColors();
    downloadText(svgString({ ...option(classes, values(), col, describe(), mode), backgroundColor: col.surface }, chartEl.clientWidth || 720, chartEl.clientHeight || 400), `genrelab-confusion-${mode}.svg`, 'image/svg+xml');
  }
  setMode('counts');

  const chartBlock = h('div', { class: 'confusion' }, toggle, legend, chartEl, h('div', { class: 'chart-actions button-row small' }, png, svg));
  const tableBlock = h('div', { class: 'table-scroll confusion-table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Confusion matrix table (scrolls sideways)' }, table, normTable);

  // The chart needs its element in the document to measure it: draw after mounting.
  const mount = (opts) => (handle = makeChart(chartEl, (chart, col) => chart.setOption(option(classes, values(), col, describe(), mode), true), opts));
  return { chartBlock, tableBlock, mount };
}

function option(classes, confusion, col, description, mode = 'counts') {
  const K = classes.length;
  const max = mode === 'counts' ? Math.max(1, ...confusion.flat()) : 1;
  const data = [];
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const v = confusion[i]?.[j] ?? 0;
      data.push({ value: [j, i, v], label: { color: v > max * 0.5 ? col.heatHighText : col.text } });
    }
  }
  const rotate = K > 6 ? 35 : 0;
  return {
    backgroundColor: 'transparent',
    aria: { enabled: true, label: { description } }, // ECharts writes this into the element's aria-label
    animation: false,
    textStyle: { color: col.text },
    tooltip: {
      position: 'top',
      formatter: (p) => `true <b>${esc(classes[p.value[1]])}</b><br>predicted <b>${esc(classes[p.value[0]])}</b><br>${mode === 'counts' ? `${p.value[2]} songs` : `${(p.value[2] * 100).toFixed(1)} % of the class`}`,
    },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: classes,
      position: 'top',
      axisLabel: { color: col.text, rotate, interval: 0 },
      axisLine: { lineStyle: { color: col.line } },
      splitArea: { show: false },
    },
    yAxis: {
      type: 'category',
      data: classes,
      inverse: true,
      axisLabel: { color: col.text, interval: 0 },
      axisLine: { lineStyle: { color: col.line } },
    },
    visualMap: { show: false, min: 0, max, inRange: { color: [col.heatLow, col.heatMid, col.heatHigh] } },
    series: [
      {
        type: 'heatmap',
        name: 'songs',
        data,
        label: { show: true, fontSize: K > 12 ? 9 : 12, formatter: (p) => (mode === 'counts' ? String(p.value[2]) : fmtShare(p.value[2])) },
        itemStyle: { borderColor: col.surface, borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: col.text, borderWidth: 2 } },
      },
    ],
  };
}

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
