// Step 3: look at the data before training — how many songs per genre, each feature's distribution (a
// histogram and box plots by genre, with a feature picker), how the features go together (Pearson and
// Spearman correlation heatmaps) and each genre's typical values (mean feature by genre). The numbers come
// from the engine's `explore` call (C++: metrics/descriptive); every chart has a table and PNG/SVG export.
import { h, replace } from '../dom.js';
import { fmtInt, fmtNum, fmtPct } from '../format.js';
import { classColor } from '../charts.js';
import { chartPanel, dataTable } from './chart-panel.js';
import { changed } from '../state.js';

export function mountExploreView(root, store, actions) {
  let shown = null; // the explore result on screen
  let panels = [];
  let featureSelect = null;
  let meansSelect = null;
  const status = h('p', { class: 'hint', id: 'explore-status', 'aria-live': 'polite' });
  const body = h('div', { id: 'explore-body' });
  root.append(status, body);

  store.subscribe((s, prev) => {
    if (!changed(s, prev, 'dataset', 'hiddenPanels', 'explore', 'exploreBusy', 'exploreFeature', 'exploreMeansClass')) return;
    const section = root.closest('section');
    section.hidden = !s.dataset || s.hiddenPanels?.includes('explore');
    status.textContent = s.exploreBusy ? 'Computing the statistics…' : s.explore?.error ? `The statistics could not be computed: ${s.explore.error}` : '';
    const result = s.explore?.result ?? null;
    if (result !== shown) {
      shown = result;
      for (const p of panels) p.dispose();
      panels = [];
      if (!result) {
        body.replaceChildren();
        return;
      }
      ({ panels, featureSelect, meansSelect } = render(body, result, s, actions));
      if (!section.hidden) for (const p of panels) p.mount();
    } else if (result && !section.hidden) {
      for (const p of panels) p.mount(); // the section was hidden when the result arrived
    }
    if (result && featureSelect) {
      const feature = pickFeature(result, s.exploreFeature);
      if (featureSelect.value !== feature) {
        featureSelect.value = feature;
      }
      if (featureSelect.dataset.shown !== feature) {
        featureSelect.dataset.shown = feature;
        featureSelect.onfeature(feature);
      }
    }
    if (result && meansSelect && meansSelect.dataset.shown !== (s.exploreMeansClass ?? '')) {
      meansSelect.dataset.shown = s.exploreMeansClass ?? '';
      meansSelect.value = s.exploreMeansClass ?? '';
      meansSelect.onclass(s.exploreMeansClass ?? '');
    }
  });
}

function pickFeature(result, wanted) {
  const names = result.columns.map((c) => c.name);
  if (wanted && names.includes(wanted)) return wanted;
  return names.includes('energy') ? 'energy' : names[0] ?? '';
}

const corrText = (v) => (v === null || v === undefined ? '—' : Math.abs(v) < 0.005 ? '0.00' : v.toFixed(2));
// Bin edges for axis labels: 3 significant digits
const edgeFmt = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 3 });
const fmtEdge = (x) => (Math.abs(x) >= 1000 ? fmtNum(Math.round(x)) : edgeFmt.format(x));

function render(root, r, s, actions) {
  const K = r.classes.length;
  const grouped = K > 0;
  const colNames = r.columns.map((c) => c.name);
  const panels = [];
  const note = (c) => (c.kind === 'pitch_class' ? ' (note as 0–11: C = 0)' : c.kind === 'major_minor' ? ' (Major = 1, Minor = 0)' : '');

  const lead = h(
    'p',
    { class: 'lead', id: 'explore-summary' },
    `${fmtInt(r.n_rows)} songs, ${colNames.length} numeric column${colNames.length === 1 ? '' : 's'}`,
    grouped ? `, grouped by “${r.label}” (${K} genres${r.label_missing ? `; ${fmtInt(r.label_missing)} songs without one are left out of the by-genre charts` : ''}).` : '. Choose a label column in step 4 to compare genres.',
  );
  const warnings = r.warnings?.length ? h('div', { class: 'warnings' }, h('h3', {}, 'Notes'), h('ul', {}, r.warnings.map((w) => h('li', {}, w)))) : null;

  // --- class balance
  let balance = null;
  if (grouped) {
    const total = r.class_counts.reduce((a, b) => a + b, 0);
    const max = Math.max(...r.class_counts);
    const min = Math.min(...r.class_counts);
    balance = chartPanel('class-balance', {
      title: 'Songs per genre',
      hint: min * 1.5 < max ? 'The genres are unbalanced: accuracy alone can mislead — look at macro F1 after training.' : 'The genres are about equally common.',
      description: `Bar chart of songs per genre: ${r.classes.map((c, i) => `${c} ${r.class_counts[i]}`).join(', ')}.`,
      height: 280,
      filename: 'songs-per-genre',
      option: (col) => ({
        grid: { left: 8, right: 16, top: 34, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        xAxis: { type: 'category', data: r.classes, axisLabel: { color: col.text, interval: 0, rotate: K > 6 ? 35 : 0 }, axisLine: { lineStyle: { color: col.line } } },
        yAxis: { type: 'value', axisLabel: { color: col.muted }, splitLine: { lineStyle: { color: col.line } } },
        series: [{ type: 'bar', name: 'songs', data: r.class_counts.map((v, i) => ({ value: v, itemStyle: { color: classColor(i) } })), label: { show: K <= 12, position: 'top', color: col.text, fontSize: 11 }, labelLayout: { hideOverlap: true } }],
      }),
      table: () => dataTable('class-balance-table', `Songs per genre (${fmtInt(total)} with a genre)`, ['Genre', 'Songs', 'Share'], r.classes.map((c, i) => [c, fmtInt(r.class_counts[i]), fmtPct(r.class_counts[i] / total)])),
    });
    panels.push(balance);
  }

  // --- mean feature by genre (in standard deviations from the overall mean, so features of any scale compare)
  let means = null;
  let meansSelect = null;
  if (grouped && colNames.length) {
    const m = r.means_by_class;
    const z = (k, j) => {
      const v = m.means[k][j], mu = m.overall_mean[j], sd = m.overall_std[j];
      return v === null || mu === null || !sd ? null : (v - mu) / sd;
    };
    meansSelect = h(
      'select',
      { id: 'means-genre', onchange: () => actions.setExplore({ exploreMeansClass: meansSelect.value }) },
      h('option', { value: '' }, 'all genres'),
      r.classes.map((c) => h('option', { value: c }, c)),
    );
    const spec = (only) => {
      const ks = only ? [r.classes.indexOf(only)] : r.classes.map((_, k) => k);
      return {
        title: only ? `Typical ${only} song` : 'Mean of each feature by genre',
        hint: 'Bars show how far a genre’s mean is from the mean of all songs, in standard deviations (0 = average). The table has the means themselves.',
        description: `Bar chart of each feature's mean for ${only ? `the genre ${only}` : 'every genre'}, in standard deviations from the overall mean: ` +
          ks.map((k) => `${r.classes[k]}: ${colNames.map((c, j) => `${c} ${corrText(z(k, j))}`).join(', ')}`).join('; ') + '.',
        height: only ? 300 : 380,
        filename: only ? `mean-features-${only}` : 'mean-features-by-genre',
        option: (col) => ({
          grid: { left: 8, right: 16, top: only ? 34 : 66, bottom: 8, containLabel: true },
          legend: only ? { show: false } : { type: 'scroll', top: 0, textStyle: { color: col.text }, pageTextStyle: { color: col.text } },
          tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => (v === null || v === undefined ? '—' : `${v.toFixed(2)} sd`) },
          xAxis: { type: 'category', data: colNames, axisLabel: { color: col.text, interval: 0, rotate: colNames.length > 6 ? 35 : 0 }, axisLine: { lineStyle: { color: col.line } } },
          yAxis: { type: 'value', name: 'standard deviations from the mean of all songs', nameTextStyle: { color: col.muted, align: 'left' }, axisLabel: { color: col.muted }, splitLine: { lineStyle: { color: col.line } } },
          series: ks.map((k) => ({ type: 'bar', name: r.classes[k], itemStyle: { color: classColor(k) }, data: colNames.map((_, j) => z(k, j)) })),
        }),
        table: () =>
          dataTable(
            'means-table',
            'Mean of each feature by genre (and over all songs)',
            ['Genre', ...colNames],
            [...ks.map((k) => [r.classes[k], ...m.means[k].map(fmtNum)]), ['all songs', ...m.overall_mean.map(fmtNum)]],
          ),
      };
    };
    means = chartPanel('means-by-genre', spec(''));
    meansSelect.onclass = (only) => means.update(spec(only && r.classes.includes(only) ? only : ''));
    means.el.insertBefore(h('div', { class: 'field inline-field' }, h('label', { for: 'means-genre' }, 'Show'), meansSelect), means.el.querySelector('.chart'));
    panels.push(means);
  }

  if (!colNames.length) {
    replace(root, lead, warnings, balance?.el, h('p', { class: 'hint', id: 'explore-no-columns' }, 'This file has no numeric columns to draw (numbers, note names or Major/Minor).'));
    return { panels, featureSelect: null, meansSelect };
  }

  // --- one feature: histogram and box plots by genre
  const featureSelect = h(
    'select',
    { id: 'explore-feature', onchange: () => actions.setExplore({ exploreFeature: featureSelect.value }) },
    r.columns.map((c) => h('option', { value: c.name }, `${c.name}${note(c)}`)),
  );
  const histSpec = (name) => {
    const j = colNames.indexOf(name);
    const hist = r.histograms[j];
    const c = r.columns[j];
    const labels = hist.counts.map((_, i) => fmtEdge(hist.edges[i]));
    const range = (i) => `${fmtNum(hist.edges[i])} to ${fmtNum(hist.edges[i + 1])}`;
    return {
      title: `Histogram of ${name}`,
      hint: `${hist.counts.length} bins (chosen like numpy’s “auto”${hist.capped ? ', capped at 100' : ''})${hist.missing ? `; ${fmtInt(hist.missing)} songs without a value are left out` : ''}.${note(c)}`,
      description: `Histogram of ${name} in ${hist.counts.length} bins from ${fmtNum(hist.edges[0])} to ${fmtNum(hist.edges.at(-1))}; the tallest bin, ${range(hist.counts.indexOf(Math.max(...hist.counts)))}, holds ${fmtInt(Math.max(...hist.counts))} songs.`,
      height: 300,
      filename: `histogram-${name}`,
      option: (col) => ({
        grid: { left: 8, right: 16, top: 34, bottom: 24, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: (ps) => `${esc(range(ps[0].dataIndex))}<br>${fmtInt(ps[0].value)} songs` },
        xAxis: { type: 'category', data: labels, name, nameLocation: 'middle', nameGap: 28, nameTextStyle: { color: col.muted }, axisLabel: { color: col.muted }, axisLine: { lineStyle: { color: col.line } } },
        yAxis: { type: 'value', name: 'songs', nameTextStyle: { color: col.muted, align: 'left' }, axisLabel: { color: col.muted }, splitLine: { lineStyle: { color: col.line } } },
        series: [{ type: 'bar', name: 'songs', data: hist.counts, barCategoryGap: '4%', itemStyle: { color: col.accent } }],
      }),
      table: () => dataTable('histogram-table', `Histogram of ${name}: songs per bin (each bin includes its lower edge)`, ['Bin', 'From', 'To', 'Songs'], hist.counts.map((n, i) => [String(i + 1), fmtNum(hist.edges[i]), fmtNum(hist.edges[i + 1]), fmtInt(n)])),
    };
  };
  const boxSpec = (name) => {
    const j = colNames.indexOf(name);
    const b = r.boxes_by_class[j];
    const groups = [{ name: 'all songs', box: b.all, color: null }, ...r.classes.map((c, k) => ({ name: c, box: b.by_class[k], color: classColor(k) }))];
    const five = (x) => (x.n ? [x.whisker_low, x.q1, x.median, x.q3, x.whisker_high] : [null, null, null, null, null]);
    return {
      title: grouped ? `${name} by genre` : `${name}: box plot`,
      hint: 'Box: middle half of the songs (quartiles), line: median, whiskers: the furthest songs within 1.5 box lengths; songs beyond them are outliers (counted in the table).',
      description: `Box plots of ${name}: ` + groups.map((g) => `${g.name} median ${fmtNum(g.box.median)}, quartiles ${fmtNum(g.box.q1)} to ${fmtNum(g.box.q3)}`).join('; ') + '.',
      height: 320,
      filename: `boxplot-${name}`,
      option: (col) => ({
        grid: { left: 8, right: 16, top: 34, bottom: 8, containLabel: true },
        tooltip: {
          trigger: 'item',
          formatter: (p) => {
            const g = groups[p.dataIndex];
            const x = g.box;
            return `<b>${esc(g.name)}</b> (${fmtInt(x.n)} songs)<br>whiskers ${fmtNum(x.whisker_low)} – ${fmtNum(x.whisker_high)}<br>quartiles ${fmtNum(x.q1)} – ${fmtNum(x.q3)}<br>median ${fmtNum(x.median)}, mean ${fmtNum(x.mean)}<br>${fmtInt(x.outliers)} outliers`;
          },
        },
        xAxis: { type: 'category', data: groups.map((g) => g.name), axisLabel: { color: col.text, interval: 0, rotate: groups.length > 6 ? 35 : 0 }, axisLine: { lineStyle: { color: col.line } } },
        yAxis: { type: 'value', name, scale: true, nameTextStyle: { color: col.muted, align: 'left' }, axisLabel: { color: col.muted }, splitLine: { lineStyle: { color: col.line } } },
        series: [{
          type: 'boxplot',
          name,
          data: groups.map((g) => ({ value: five(g.box), itemStyle: { color: col.surface, borderColor: g.color ?? col.text, borderWidth: 2 } })),
        }],
      }),
      table: () =>
        dataTable(
          'box-table',
          `${name}: five-number summary${grouped ? ' by genre' : ''}`,
          ['Group', 'Songs', 'Min', 'Lower whisker', 'Q1', 'Median', 'Q3', 'Upper whisker', 'Max', 'Mean', 'Outliers'],
          groups.map((g) => {
            const x = g.box;
            return [g.name, fmtInt(x.n), fmtNum(x.min), fmtNum(x.whisker_low), fmtNum(x.q1), fmtNum(x.median), fmtNum(x.q3), fmtNum(x.whisker_high), fmtNum(x.max), fmtNum(x.mean), fmtInt(x.outliers)];
          }),
        ),
    };
  };
  const first = pickFeature(r, s.exploreFeature);
  const histogram = chartPanel('histogram', histSpec(first));
  const box = chartPanel('box-by-genre', boxSpec(first));
  featureSelect.value = first;
  featureSelect.dataset.shown = first;
  featureSelect.onfeature = (name) => {
    if (!colNames.includes(name)) return;
    histogram.update(histSpec(name));
    box.update(boxSpec(name));
  };
  panels.push(histogram, box);

  // --- correlations
  const corr = r.correlation;
  const heat = (method, label) => {
    const M = corr[method];
    const p = corr.columns.length;
    const pairs = [];
    for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) if (M[i][j] !== null) pairs.push([Math.abs(M[i][j]), corr.columns[i], corr.columns[j], M[i][j]]);
    pairs.sort((a, b) => b[0] - a[0]);
    const strongest = pairs.slice(0, 3).map(([, a, b, v]) => `${a} and ${b} ${v.toFixed(2)}`).join(', ');
    return chartPanel(`corr-${method}`, {
      title: `${label} correlation`,
      hint: method === 'pearson' ? 'How well a straight line links two features: 1 = rise together, −1 = one rises as the other falls, 0 = no straight-line link.' : 'The same on ranks: catches any steadily rising or falling link, not just straight lines, and shrugs off outliers.',
      description: `Heatmap of ${label} correlations between ${p} features${strongest ? `; strongest pairs: ${strongest}` : ''}.`,
      height: Math.max(300, 90 + p * 30),
      filename: `correlation-${method}`,
      option: (col) => {
        const data = [];
        for (let i = 0; i < p; i++) {
          for (let j = 0; j < p; j++) {
            const v = M[i][j];
            // strong correlations get dark cells: their numbers switch to the light text colour
            data.push({ value: [j, i, v === null ? '-' : v], label: { color: v !== null && Math.abs(v) > 0.6 ? col.surface : col.text } });
          }
        }
        return {
          grid: { left: 8, right: 16, top: 8, bottom: 48, containLabel: true },
          tooltip: { formatter: (q) => `${esc(corr.columns[q.value[1]])} × ${esc(corr.columns[q.value[0]])}<br>${label} r = ${q.value[2] === '-' ? 'undefined' : q.value[2].toFixed(3)}` },
          xAxis: { type: 'category', data: corr.columns, position: 'bottom', axisLabel: { color: col.text, rotate: 45, interval: 0 }, axisLine: { lineStyle: { color: col.line } }, splitArea: { show: false } },
          yAxis: { type: 'category', data: corr.columns, inverse: true, axisLabel: { color: col.text, interval: 0 }, axisLine: { lineStyle: { color: col.line } } },
          visualMap: { min: -1, max: 1, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, text: ['+1', '−1'], textStyle: { color: col.muted }, inRange: { color: [col.negative, col.surface, col.positive] } },
          series: [{
            type: 'heatmap',
            name: `${label} r`,
            data,
            label: { show: p <= 14, fontSize: p > 10 ? 9 : 11, color: col.text, formatter: (q) => (q.value[2] === '-' ? '' : corrText(q.value[2])) },
            itemStyle: { borderColor: col.line, borderWidth: 1 },
          }],
        };
      },
      table: () => dataTable(`corr-${method}-table`, `${label} correlation between each pair of features (— where it is undefined, e.g. a constant column)`, ['Feature', ...corr.columns], corr.columns.map((c, i) => [c, ...M[i].map(corrText)])),
    });
  };
  const pearson = heat('pearson', 'Pearson');
  const spearman = heat('spearman', 'Spearman');
  panels.push(pearson, spearman);

  replace(
    root,
    lead,
    warnings,
    grouped ? h('div', { class: 'chart-grid' }, balance?.el, means?.el) : null,
    h('h3', { class: 'subhead' }, 'One feature at a time'),
    h('div', { class: 'field inline-field' }, h('label', { for: 'explore-feature' }, 'Feature'), featureSelect),
    h('div', { class: 'chart-grid' }, histogram.el, box.el),
    h('h3', { class: 'subhead' }, 'Which features go together'),
    h('div', { class: 'chart-grid' }, pearson.el, spearman.el),
  );
  return { panels, featureSelect, meansSelect };
}

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
