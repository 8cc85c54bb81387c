// Line charts of a training run, each a chartPanel (chart + PNG/SVG + table):
//   learningCurves(history) — the MLP's loss and accuracy per epoch, training vs validation (live while it
//       trains, from step_job's "live" field, and final in the report's "history");
//   rocPanel / prPanel(report) — one-vs-rest ROC and precision–recall curves per class from the report's
//       "metrics.curves" (pipeline.cpp thins them to ≤ 200 points; the areas come from the full curves),
//       with the micro average dashed and the chance level dotted.
import * as echarts from 'echarts/core';
import { LineChart, CustomChart } from 'echarts/charts';
import { classColor } from '../charts.js';
import { chartPanel, dataTable } from './chart-panel.js';
import { fmtScore, fmtInt } from '../format.js';

echarts.use([LineChart, CustomChart]); // registered once, beside charts.js's set

const axis = (col, name, extra = {}) => ({
  name,
  nameLocation: 'middle',
  nameGap: 28,
  nameTextStyle: { color: col.muted },
  axisLabel: { color: col.text },
  axisLine: { lineStyle: { color: col.line } },
  splitLine: { lineStyle: { color: col.line, opacity: 0.5 } },
  ...extra,
});

const TRAIN = '#4e79a7';
const VAL = '#f28e2b';

// {train_loss, val_loss, train_accuracy, val_accuracy, best_epoch, stopped_early} → two chart panels.
export function learningCurves(idPrefix, history) {
  const specOf = (kind) => {
    const h = history ?? {};
    const tr = (kind === 'loss' ? h.train_loss : h.train_accuracy) ?? [];
    const va = (kind === 'loss' ? h.val_loss : h.val_accuracy) ?? [];
    const n = tr.length;
    const title = kind === 'loss' ? 'Loss per epoch' : 'Accuracy per epoch';
    const last = (a) => (a.length ? fmtScore(a.at(-1)) : '—');
    return {
      title,
      hint: kind === 'loss'
        ? 'Cross-entropy (lower is better). Training loss is averaged over each epoch’s batches; validation loss is measured after the epoch on songs the network never trains on.'
        : 'Share of songs classified right. A widening gap between training and validation means the network memorises instead of learning.',
      description: `${title} for ${n} epoch${n === 1 ? '' : 's'}: training ${last(tr)}${va.length ? `, validation ${last(va)}` : ''} after the last epoch.`,
      height: 240,
      filename: `genrelab-mlp-${kind}`,
      option: (col) => ({
        grid: { left: 40, right: 16, top: 30, bottom: 36, containLabel: true }, // left room for the axis name
        legend: { top: 0, textStyle: { color: col.text } },
        tooltip: { trigger: 'axis', valueFormatter: (v) => fmtScore(v) },
        // a value axis, not a category per epoch: ECharts lays out a few nice ticks instead of measuring one label
        // per epoch, which made each live redraw of a long run cost tens of milliseconds (issue 6)
        xAxis: axis(col, 'epoch', { type: 'value', min: 1, max: Math.max(2, n), minInterval: 1 }),
        yAxis: axis(col, kind, { type: 'value', nameGap: 36, scale: kind === 'loss', ...(kind === 'accuracy' ? { min: 0, max: 1 } : {}) }),
        series: [
          { name: 'training', type: 'line', data: tr.map((v, i) => [i + 1, v]), showSymbol: n < 40, lineStyle: { color: TRAIN, width: 2 }, itemStyle: { color: TRAIN } },
          va.length ? { name: 'validation', type: 'line', data: va.map((v, i) => [i + 1, v]), showSymbol: n < 40, lineStyle: { color: VAL, width: 2, type: 'dashed' }, itemStyle: { color: VAL } } : null,
        ].filter(Boolean),
      }),
      table: () =>
        dataTable(`${idPrefix}-${kind}-table`, `${title}: training and validation`, ['Epoch', 'Training', 'Validation'], tr.map((v, i) => [String(i + 1), fmtScore(v), va.length ? fmtScore(va[i]) : '—'])),
    };
  };
  const loss = chartPanel(`${idPrefix}-loss`, specOf('loss'));
  const acc = chartPanel(`${idPrefix}-accuracy`, specOf('accuracy'));
  return {
    panels: [loss, acc],
    update(next) {
      history = next;
      // the same series with more epochs: merge (live curves redraw while the network trains), and the second
      // chart in a task of its own, so that the page's main thread is never held for both (issue 6)
      loss.update(specOf('loss'), { merge: true });
      setTimeout(() => acc.update(specOf('accuracy'), { merge: true }), 0);
    },
  };
}

// One ROC or PR chart over all classes. kind: 'roc' | 'pr'.
export function curvePanel(id, kind, report) {
  const classes = report.classes ?? [];
  const curves = report.metrics?.curves;
  const per = curves?.per_class ?? [];
  const roc = kind === 'roc';
  const xKey = roc ? 'fpr' : 'recall', yKey = roc ? 'tpr' : 'precision', part = roc ? 'roc' : 'pr';
  const area = (c) => (roc ? c.auc : c.average_precision);
  const areaName = roc ? 'AUC' : 'AP';
  const micro = curves?.micro;
  const macro = roc ? curves?.roc_auc_macro : curves?.average_precision_macro;
  const title = roc ? 'ROC curves (one genre against the rest)' : 'Precision–recall curves (one genre against the rest)';
  const summary = `macro ${areaName} ${fmtScore(macro)}, micro ${areaName} ${fmtScore(roc ? micro?.auc : micro?.average_precision)}`;
  // a precision-recall curve's chance level for class c is its share of the test songs
  const n = per.reduce((a, c) => a + (c.positives ?? 0), 0);
  // legend rows below the plot: about 3 entries a row on a wide screen, 2 on a phone (else it covers the axis name)
  const legendRows = Math.ceil((per.length + 2) / (window.innerWidth < 560 ? 2 : 3));
  return chartPanel(id, {
    title,
    hint: (roc
      ? 'Each curve sweeps the threshold on one genre’s score: true-positive rate against false-positive rate. The diagonal is guessing; area 1 is perfect.'
      : 'Each curve sweeps the threshold on one genre’s score: precision against recall. Average precision (AP) summarises it; guessing scores the genre’s share of songs.') +
      ` Here: ${summary}.${report.metrics?.scores_are_probabilities === false ? ' (From decision values, not probabilities.)' : ''}`,
    description: `${title} for ${classes.length} classes, ${summary}. The table lists each class's area.`,
    height: 380 + 22 * legendRows,
    filename: `genrelab-${part}-curves`,
    option: (col) => ({
      // the legend goes below the plot (12 entries would cover the curves on the right); left room for the axis name
      grid: { left: 34, right: 16, top: 8, bottom: 40 + 22 * legendRows, containLabel: true },
      legend: { bottom: 0, left: 0, right: 0, itemWidth: 16, itemGap: 8, textStyle: { color: col.text, fontSize: 11 } },
      tooltip: { trigger: 'item', formatter: (p) => `${esc(p.seriesName)}<br>${xKey} ${fmtScore(p.value[0])}, ${yKey} ${fmtScore(p.value[1])}` },
      xAxis: axis(col, roc ? 'false-positive rate' : 'recall', { type: 'value', min: 0, max: 1 }),
      yAxis: axis(col, roc ? 'true-positive rate' : 'precision', { type: 'value', min: 0, max: 1, nameGap: 34 }),
      series: [
        ...per.map((c, i) =>
          c[part]
            ? {
                name: `${classes[i]} (${areaName} ${fmtScore(area(c))})`,
                type: 'line', showSymbol: false, step: roc ? false : 'end',
                data: c[part][xKey].map((x, j) => [x, c[part][yKey][j]]),
                lineStyle: { width: 1.5, color: classColor(i) }, itemStyle: { color: classColor(i) },
              }
            : null,
        ),
        micro?.[part]
          ? {
              name: `micro average (${areaName} ${fmtScore(roc ? micro.auc : micro.average_precision)})`,
              type: 'line', showSymbol: false, step: roc ? false : 'end',
              data: micro[part][xKey].map((x, j) => [x, micro[part][yKey][j]]),
              lineStyle: { width: 3, type: 'dashed', color: col.text }, itemStyle: { color: col.text },
            }
          : null,
        roc ? { name: 'guessing', type: 'line', showSymbol: false, data: [[0, 0], [1, 1]], lineStyle: { type: 'dotted', color: col.muted }, itemStyle: { color: col.muted }, silent: true } : null,
      ].filter(Boolean),
    }),
    table: () =>
      dataTable(
        `${id}-table`,
        `${roc ? 'Area under each ROC curve' : 'Average precision of each class'} (${summary})`,
        ['Class', areaName, 'Test songs of the class', roc ? 'Guessing' : 'Guessing (class share)'],
        [
          ...per.map((c, i) => [classes[i], fmtScore(area(c)), fmtInt(c.positives), roc ? '0.500' : fmtScore(n ? c.positives / n : NaN)]),
          ['macro average', fmtScore(macro), '', ''],
          ['micro average', fmtScore(roc ? micro?.auc : micro?.average_precision), '', ''],
        ],
      ),
  });
}

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
