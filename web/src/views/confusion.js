// The confusion matrix: an ECharts heatmap (rows = true class, columns = predicted class, counts in the
// cells) and the same numbers as a <table> for screen readers and for copying.
import { h } from '../dom.js';
import { fmtInt } from '../format.js';
import { makeChart } from '../charts.js';

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

  const chartBlock = h(
    'div',
    { class: 'confusion' },
    h('p', { class: 'chart-legend', 'aria-hidden': 'true' }, 'rows: true class · columns: predicted class · darker = more songs'),
    chartEl,
  );
  const tableBlock = h('div', { class: 'table-scroll confusion-table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Confusion matrix table (scrolls sideways)' }, table);

  // The chart needs its element in the document to measure it: draw after mounting.
  const mount = () => makeChart(chartEl, (chart, col) => chart.setOption(option(classes, confusion, col, description), true));
  return { chartBlock, tableBlock, mount };
}

function option(classes, confusion, col, description) {
  const K = classes.length;
  const max = Math.max(1, ...confusion.flat());
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
      formatter: (p) => `true <b>${esc(classes[p.value[1]])}</b><br>predicted <b>${esc(classes[p.value[0]])}</b><br>${p.value[2]} songs`,
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
        label: { show: true, fontSize: K > 12 ? 9 : 12 },
        itemStyle: { borderColor: col.surface, borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: col.text, borderWidth: 2 } },
      },
    ],
  };
}

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
