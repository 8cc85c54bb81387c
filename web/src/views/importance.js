// Step 5 (importance): permutation feature importance of the last trained model — shuffle one input column
// at a time among the test songs and see how much accuracy drops. Bars sorted by the mean drop with ± one
// standard deviation over the repeats as error bars, the same numbers as a table, Save PNG / SVG.
import { h } from '../dom.js';
import { fmtInt, fmtPct } from '../format.js';
import { chartPanel, dataTable } from './chart-panel.js';
import { jobProgress } from './job-progress.js';
import { changed } from '../state.js';

export function mountImportanceView(root, store, actions) {
  const repeats = h('input', { type: 'number', id: 'importance-repeats', min: 1, max: 50, step: 1, value: '5', inputmode: 'numeric', 'aria-describedby': 'importance-hint' });
  const run = h('button', {
    type: 'button', class: 'button', id: 'importance-button',
    onclick: () => actions.computeImportance({ n_repeats: Math.max(1, Math.min(50, Math.round(Number(repeats.value) || 5))) }),
  }, 'Measure feature importance');
  const progress = jobProgress('importance', 'Feature importance progress', () => actions.cancelImportance(), { afterFocus: () => run });
  const error = h('p', { class: 'error-text', id: 'importance-error', role: 'alert', hidden: true });
  const stale = h('p', { class: 'hint', id: 'importance-stale', hidden: true }, 'These bars belong to an earlier model; measure again for the last one.');
  const chartBox = h('div', { id: 'importance-result' });
  root.append(
    h('h3', { id: 'importance-heading' }, 'Which columns does the model rely on?'),
    h('p', { class: 'hint', id: 'importance-hint' },
      'Permutation importance: each input column in turn is shuffled among the test songs (so it carries no information any more) and the model predicts again. ',
      'The drop in accuracy is that column’s importance; near 0 means the model does not need it. Repeats average out the luck of the shuffle (at most 2,000 test songs are used).'),
    h('div', { class: 'field inline' }, h('label', { for: 'importance-repeats' }, 'Repeats'), repeats, run),
    progress.el,
    error,
    stale,
    chartBox,
  );

  let panel = null;
  let shownResult = null;
  store.subscribe((s, prev) => {
    if (!changed(s, prev, 'model', 'importanceJob', 'phase', 'importanceError', 'importance')) return;
    run.disabled = s.model === null || Boolean(s.importanceJob) || s.phase === 'training';
    progress.update(s.importanceJob);
    error.hidden = !s.importanceError;
    error.textContent = s.importanceError ?? '';
    stale.hidden = !s.importance || s.importance.model === s.model;
    const result = s.importance?.result ?? null;
    if (result === shownResult) return;
    shownResult = result;
    panel?.dispose();
    panel = null;
    chartBox.replaceChildren();
    if (!result) return;
    panel = chartPanel('importance', spec(result));
    chartBox.append(panel.el);
    panel.mount();
  });
}

function spec(r) {
  // largest drop first; ties keep the recipe's column order
  const rows = r.features.map((f, i) => ({ ...f, i })).sort((a, b) => b.mean - a.mean || a.i - b.i);
  const top = rows[0];
  const pct = (x) => `${(x * 100).toFixed(1)} pts`;
  return {
    title: 'Drop in accuracy when a column is shuffled',
    hint: `Accuracy without shuffling: ${fmtPct(r.baseline)} on ${fmtInt(r.n_rows)} test songs; ${r.n_repeats} shuffles per column. Bars: mean drop; whiskers: ± one standard deviation.`,
    description: `Permutation importance of ${rows.length} columns: ${top ? `${top.name} matters most (accuracy drops by ${pct(top.mean)})` : 'no columns'}. The table has every column's mean and standard deviation.`,
    height: Math.max(220, 40 + rows.length * 26),
    filename: 'genrelab-permutation-importance',
    option: (col) => ({
      grid: { left: 8, right: 24, top: 8, bottom: 36, containLabel: true },
      tooltip: { trigger: 'item', formatter: (p) => { const f = rows[p.dataIndex]; return `<b>${esc(f.name)}</b><br>drop ${pct(f.mean)} ± ${pct(f.std)}`; } },
      xAxis: { type: 'value', name: 'drop in accuracy (percentage points)', nameLocation: 'middle', nameGap: 26, nameTextStyle: { color: col.muted }, axisLabel: { color: col.text, formatter: (v) => (v * 100).toFixed(0) }, splitLine: { lineStyle: { color: col.line, opacity: 0.5 } } },
      yAxis: { type: 'category', inverse: true, data: rows.map((f) => f.name), axisLabel: { color: col.text }, axisLine: { lineStyle: { color: col.line } } },
      series: [
        { type: 'bar', name: 'mean drop', data: rows.map((f) => f.mean), itemStyle: { color: col.accent }, barMaxWidth: 18 },
        {
          type: 'custom', name: '± std', silent: true, z: 3,
          data: rows.map((f, i) => [f.mean - f.std, f.mean + f.std, i]),
          renderItem: (params, api) => {
            const lo = api.coord([api.value(0), api.value(2)]), hi = api.coord([api.value(1), api.value(2)]);
            const cap = 5;
            const style = { stroke: col.text, lineWidth: 1.5 };
            return {
              type: 'group',
              children: [
                { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style },
                { type: 'line', shape: { x1: lo[0], y1: lo[1] - cap, x2: lo[0], y2: lo[1] + cap }, style },
                { type: 'line', shape: { x1: hi[0], y1: hi[1] - cap, x2: hi[0], y2: hi[1] + cap }, style },
              ],
            };
          },
        },
      ],
    }),
    table: () =>
      dataTable('importance-table', `Permutation importance: drop in accuracy (baseline ${fmtPct(r.baseline)}), mean ± standard deviation over ${r.n_repeats} shuffles, largest first`, ['Column', 'Mean drop', '± std', 'Drops of each shuffle'],
        rows.map((f) => [f.name, pct(f.mean), pct(f.std), f.drops.map((d) => (d * 100).toFixed(1)).join(' ')])),
  };
}

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
