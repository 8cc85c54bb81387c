// "Map the songs": every song is a point in a space with one axis per feature; PCA, LDA and t-SNE squash
// that space into 2 or 3 axes we can look at. The engine (start_reduction) fits the recipe's stages on the
// songs used and returns the points; this view draws them coloured by genre (or by cluster once a
// clustering ran), the share of variance each axis keeps (scree plot, PCA/LDA), which features make each
// axis (loadings heatmap), with tables and PNG/SVG export like the explore charts.
import { h, replace } from '../dom.js';
import { echarts } from '../charts.js';
import { fmtInt, fmtNum, fmtPct, fmtSeconds } from '../format.js';
import { chartPanel, dataTable } from './chart-panel.js';
import { jobProgress, mountSafely, showError } from './job-progress.js';
import { AXIS_3D_COLORS, ensure3d, scatter2dOption, scatter3dOption, songText } from '../scatter.js';
import { changed } from '../state.js';

const METHODS = {
  pca: {
    name: 'PCA',
    long: 'principal component analysis',
    help: 'PCA turns the axes so the first shows as much of the songs’ spread as possible, the second as much of the rest, and so on. Straight lines only; it never looks at the genres.',
    axis: 'PC',
  },
  lda: {
    name: 'LDA',
    long: 'linear discriminant analysis',
    help: 'LDA looks at the genres: it picks the straight-line directions that pull the genres apart the most (at most one fewer than the number of genres).',
    axis: 'LD',
  },
  tsne: {
    name: 't-SNE',
    long: 't-distributed stochastic neighbour embedding',
    help: 't-SNE keeps neighbours together: songs close in the full space stay close on the map. Distances between far-apart groups and the size of groups mean little. It takes a while.',
    axis: 't-SNE ',
  },
};

export function mountReduceView(root, store, analysis) {
  const num = (id, value, attrs = {}) => h('input', { type: 'number', id, value: String(value), inputmode: 'numeric', ...attrs });
  const field = (id, label, input, hint) => h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null);

  const method = h('select', { id: 'reduce-method', 'aria-describedby': 'reduce-method-help' }, Object.entries(METHODS).map(([v, m]) => h('option', { value: v }, `${m.name} — ${m.long}`)));
  const methodHelp = h('p', { class: 'hint', id: 'reduce-method-help' });
  const dims = h('select', { id: 'reduce-dims' }, h('option', { value: '2' }, '2-D (flat)'), h('option', { value: '3' }, '3-D (drag to rotate)'));
  const whiten = h('input', { type: 'checkbox', id: 'reduce-whiten' });
  const pcaParams = h('div', { class: 'param-group', id: 'reduce-pca-params' },
    h('div', { class: 'check-field' }, whiten, h('label', { for: 'reduce-whiten' }, 'Whiten (give every axis the same spread)')));
  const perplexity = num('reduce-perplexity', 30, { min: '2', max: '100', step: '1' });
  const pcaFirst = num('reduce-pca-first', 50, { min: '0', max: '200', step: '1' });
  const maxIter = num('reduce-max-iter', 1000, { min: '250', max: '5000', step: '50' });
  const tsneMethod = h('select', { id: 'reduce-tsne-method' }, h('option', { value: 'auto' }, 'auto'), h('option', { value: 'barnes_hut' }, 'Barnes–Hut (fast, approximate)'), h('option', { value: 'exact' }, 'exact (slow, small data)'));
  const tsneParams = h('div', { class: 'param-group analysis-grid', id: 'reduce-tsne-params', hidden: true },
    field('reduce-perplexity', 'Perplexity', perplexity, 'about how many neighbours each song cares about (5–50)'),
    field('reduce-pca-first', 'PCA first to', pcaFirst, 'dimensions before t-SNE (0 = no PCA)'),
    field('reduce-max-iter', 'Iterations', maxIter),
    field('reduce-tsne-method', 'Algorithm', tsneMethod));
  const maxRows = num('reduce-max-rows', 10000, { min: '10', max: '200000', step: '1' });
  const seed = num('reduce-seed', 42, { min: '0', step: '1' });
  const run = h('button', { type: 'submit', id: 'reduce-run', class: 'button primary' }, 'Draw the map');
  const form = h('form', { class: 'analysis-form', id: 'reduce-form', novalidate: true },
    h('div', { class: 'analysis-grid' }, field('reduce-method', 'Method', method), field('reduce-dims', 'Dimensions', dims)),
    methodHelp, pcaParams, tsneParams,
    h('div', { class: 'analysis-grid' },
      field('reduce-max-rows', 'At most this many songs', maxRows, 'more are sampled (the same share of each genre)'),
      field('reduce-seed', 'Seed', seed, 'the same seed gives the same map')),
    h('p', { class: 'hint recipe-hint' }, 'The songs are prepared as for training: the label, features and preparation chosen in steps 3d and 4 (the classifier is not used).'),
    h('div', { class: 'button-row' }, run));
  const progress = jobProgress('reduce', 'Map progress', () => analysis.cancel('reduce'), { afterFocus: () => (store.get().reduce ? document.getElementById('reduce-result-heading') : run) });
  const error = h('p', { class: 'inline-error', id: 'reduce-error', hidden: true });
  const result = h('div', { id: 'reduce-result', class: 'analysis-result' });
  root.append(h('p', { class: 'lead' }, 'Each song is a point with one coordinate per feature — too many axes to see. These methods draw the songs on 2 or 3 axes so you can look for genres that overlap or stand apart.'), form, progress.el, error, result);

  const showParams = () => {
    const m = method.value;
    methodHelp.textContent = METHODS[m].help;
    pcaParams.hidden = m !== 'pca';
    tsneParams.hidden = m !== 'tsne';
  };
  method.addEventListener('change', showParams);
  showParams();

  const int = (input, name, lo, hi) => {
    const v = Number(input.value);
    if (!Number.isInteger(v) || v < lo || v > hi) throw new Error(`${name} must be a whole number from ${fmtInt(lo)} to ${fmtInt(hi)}.`);
    return v;
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    let spec;
    try {
      const m = method.value;
      const params = m === 'pca' ? { whiten: whiten.checked } : m === 'tsne'
        ? { perplexity: Number(perplexity.value), pca_first: int(pcaFirst, 'PCA first', 0, 1000), max_iter: int(maxIter, 'Iterations', 250, 100000), method: tsneMethod.value }
        : {};
      if (m === 'tsne' && !(params.perplexity > 0)) throw new Error('Perplexity must be a number above 0 (30 is a good start).');
      spec = { method: m, n_components: Number(dims.value), params, max_rows: int(maxRows, 'The number of songs', 10, 10_000_000), seed: int(seed, 'The seed', 0, 2 ** 31 - 1) };
    } catch (err) {
      analysis.set({ reduceError: err.message });
      return;
    }
    analysis.runReduce(spec);
  });

  let shownKey = null;
  let panels = [];
  let token = 0;
  store.subscribe((s, prev) => {
    if (!changed(s, prev, 'dataset', 'hiddenPanels', 'engine', 'reduceJob', 'reduceError', 'reduceColour', 'cluster', 'reduce')) return;
    const section = root.closest('section');
    // part of exploring (step 3): ?hide=explore hides it too (e.g. the embedded classify view)
    section.hidden = !s.dataset || s.hiddenPanels?.includes('explore') || s.hiddenPanels?.includes('reduce');
    const busy = Boolean(s.reduceJob);
    run.disabled = busy || !s.dataset || Boolean(s.engine?.failed);
    form.classList.toggle('busy', busy);
    progress.update(s.reduceJob);
    showError(error, s.reduceError ? `The map could not be drawn: ${s.reduceError}` : null);
    result.classList.toggle('stale', busy);

    const colour = s.reduceColour === 'cluster' && s.cluster ? 'cluster' : 'genre';
    const key = s.reduce ? `${s.reduce.run}|${colour}|${colour === 'cluster' ? s.cluster.run : ''}` : null;
    if (key === shownKey) return;
    shownKey = key;
    for (const p of panels) p.dispose();
    panels = [];
    const my = ++token;
    if (!s.reduce) {
      result.replaceChildren();
      return;
    }
    render(result, s, colour, analysis, () => my === token).then(
      (made) => {
        if (my !== token) return made.forEach((p) => p.dispose());
        panels = made;
        for (const p of panels) mountSafely(p);
      },
      (e) => my === token && replace(result, h('p', { class: 'inline-error', id: 'reduce-draw-error' }, `The map could not be drawn here: ${e.message}`)),
    );
  });
}

// How to colour each point: by its genre, or by the cluster of the same song in the last clustering (found
// through the songs' CSV lines; when the clustering has no lines, by position if both used every song).
export function clusterColouring(red, cl) {
  const k = cl.k;
  const names = Array.from({ length: k }, (_, i) => `cluster ${i + 1}`);
  if (Array.isArray(cl.lines) && Array.isArray(red.lines)) {
    const of = new Map(cl.lines.map((line, i) => [line, cl.assignments[i]]));
    const groups = red.lines.map((line) => of.get(line) ?? -1);
    const missing = groups.filter((g) => g < 0).length;
    return { groups, names, note: missing ? `${fmtInt(missing)} songs on the map were not in the clustering's sample (grey).` : null };
  }
  if (!red.sampled && !cl.sampled && red.n_used === cl.n_used && cl.assignments.length === red.points.length) return { groups: cl.assignments, names, note: null };
  return null;
}

// current() is false once a newer result (or colouring) has replaced this one while the 3-D code loaded.
async function render(root, s, colour, analysis, current) {
  const run = s.reduce;
  const r = run.result;
  const m = METHODS[r.method] ?? { name: r.method, axis: 'axis ' };
  const dim = r.n_components;
  const axisName = (j) => `${m.axis}${j + 1}`;
  const genres = r.classes ?? [];
  const labels = r.labels ?? [];
  let groups = labels, names = genres, colourNote = null;
  const cl = s.cluster?.result;
  const colouring = cl ? clusterColouring(r, cl) : null;
  if (colour === 'cluster' && colouring) ({ groups, names, note: colourNote } = colouring);
  const describe = (i) => {
    const g = labels[i];
    const cluster = colour === 'cluster' && colouring ? colouring.groups[i] : null;
    return `${songText(i, r)}<br>genre: ${g >= 0 && genres[g] !== undefined ? esc(genres[g]) : '—'}${cluster !== null ? `<br>cluster ${cluster >= 0 ? cluster + 1 : '—'}` : ''}`;
  };
  if (dim === 3) {
    await ensure3d();
    if (!current()) return [];
  }

  const colourSelect = h('select', { id: 'reduce-colour', onchange: () => analysis.set({ reduceColour: colourSelect.value }) },
    h('option', { value: 'genre' }, `genre (${genres.length})`),
    h('option', { value: 'cluster', disabled: !colouring }, cl ? `cluster (the last clustering, k = ${cl.k})${colouring ? '' : ' — other songs, cannot match'}` : 'cluster (run a clustering below first)'));
  colourSelect.value = colour;

  const facts = [
    `${fmtInt(r.n_used)} of ${fmtInt(r.n_rows)} songs`,
    `${fmtSeconds(run.seconds)}`,
    Number.isFinite(r.kl_divergence) ? `KL divergence ${fmtNum(r.kl_divergence)} (how much neighbourhood information the map loses; lower is better)` : null,
    Number.isFinite(r.trustworthiness) ? `trustworthiness ${r.trustworthiness.toFixed(3)} (1 = every close pair on the map is close in the full space too)` : null,
    r.explained_variance_ratio ? `the ${dim} axes keep ${fmtPct(r.explained_variance_ratio.slice(0, dim).reduce((a, b) => a + b, 0))} of the ${r.method === 'lda' ? 'between-genre spread' : 'variance'}` : null,
  ].filter(Boolean);

  const pointsTable = () => {
    const n = Math.min(200, r.points.length);
    const header = ['#', 'Song', 'Genre', ...(colour === 'cluster' && colouring ? ['Cluster'] : []), ...Array.from({ length: dim }, (_, j) => axisName(j))];
    const rows = [];
    for (let i = 0; i < n; i++) {
      const song = r.hover?.title?.[i] || r.hover?.artist?.[i] ? [r.hover?.title?.[i], r.hover?.artist?.[i]].filter(Boolean).join(' — ') : `line ${r.lines?.[i] ?? '—'}`;
      const g = labels[i];
      rows.push([String(i + 1), song, g >= 0 ? genres[g] ?? '—' : '—', ...(colour === 'cluster' && colouring ? [colouring.groups[i] >= 0 ? String(colouring.groups[i] + 1) : '—'] : []), ...r.points[i].map((v) => v.toFixed(3))]);
    }
    return dataTable('reduce-points-table', `The first ${fmtInt(n)} of ${fmtInt(r.points.length)} points`, header, rows, { numeric: (i) => i >= header.length - dim });
  };
  const title = `${m.name} map of ${fmtInt(r.n_used)} songs${dim === 3 ? ' (3-D)' : ''}`;
  const scatter = chartPanel('reduce-scatter', {
    title,
    hint: dim === 3 ? `Axes: ${AXIS_3D_COLORS.map((a, j) => `${a.name} = ${axisName(j)}`).join(', ')}. Drag to rotate, scroll to zoom; click a group in the legend to hide it.` : 'Hover over a point to see the song; click a group in the legend to hide it.',
    description: `${dim}-D scatter plot of ${fmtInt(r.n_used)} songs after ${m.name}, coloured by ${colour === 'cluster' ? 'cluster' : 'genre'}: ` +
      names.map((nm, g) => `${nm} ${fmtInt(groups.filter((x) => x === g).length)}`).join(', ') + '.',
    height: dim === 3 ? 520 : 480,
    filename: `${r.method}-${dim}d-map`,
    option: (col) => (dim === 3
      ? scatter3dOption({ points: r.points, groups, names, describe, col, axisNames: [0, 1, 2].map(axisName), missingName: colour === 'cluster' ? 'not clustered' : 'no genre' })
      : scatter2dOption({ points: r.points, groups, names, describe, col, xName: axisName(0), yName: axisName(1), missingName: colour === 'cluster' ? 'not clustered' : 'no genre' })),
    table: pointsTable,
  });
  const svgButton = scatter.el.querySelector('#reduce-scatter-svg');
  if (dim === 3 && svgButton) svgButton.hidden = true; // the SVG renderer cannot draw WebGL
  scatter.el.insertBefore(h('div', { class: 'field inline-field' }, h('label', { for: 'reduce-colour' }, 'Colour by'), colourSelect), scatter.el.querySelector('.chart'));
  if (dim === 3) {
    // turning the 3-D view without a mouse: the buttons move echarts-gl's camera (alpha = tilt, beta = turn)
    const turn = (da, db) => {
      const chart = echarts.getInstanceByDom(scatter.el.querySelector('.chart'));
      if (!chart) return;
      // from where the camera is now (a drag with the mouse moves it too)
      const now = chart.getOption().grid3D?.[0]?.viewControl ?? {};
      const alpha = Math.max(-89, Math.min(89, (now.alpha ?? 20) + da));
      const beta = ((now.beta ?? 35) + db) % 360;
      chart.setOption({ grid3D: { viewControl: { alpha, beta } } });
    };
    const b = (id, label, text, da, db) => h('button', { type: 'button', class: 'button small', id, 'aria-label': label, onclick: () => turn(da, db) }, text);
    scatter.el.insertBefore(h('div', { class: 'button-row small turn-row', role: 'group', 'aria-label': 'Turn the 3-D view' },
      b('reduce-turn-left', 'Turn the view left', '⟲ left', 0, -20), b('reduce-turn-right', 'Turn the view right', 'right ⟳', 0, 20),
      b('reduce-tilt-up', 'Tilt the view up', '↑ tilt', 15, 0), b('reduce-tilt-down', 'Tilt the view down', '↓ tilt', -15, 0)), scatter.el.querySelector('.chart'));
  }
  const panels = [scatter];

  let scree = null, loadings = null;
  const ratio = r.explained_variance_ratio;
  if (Array.isArray(ratio) && ratio.length) {
    const cum = [];
    ratio.reduce((a, v, i) => (cum[i] = a + v), 0);
    const what = r.method === 'lda' ? 'between-genre spread' : 'variance';
    scree = chartPanel('reduce-scree', {
      title: 'How much each axis keeps',
      hint: `Bars: the share of the ${what} each axis shows; line: the running total. A sharp bend (“elbow”) says the later axes add little.`,
      description: `Scree plot: ${ratio.map((v, j) => `${axisName(j)} ${fmtPct(v)} (total ${fmtPct(cum[j])})`).join(', ')}.`,
      height: 300,
      filename: `${r.method}-scree`,
      option: (col) => ({
        grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
        legend: { top: 0, textStyle: { color: col.text } },
        tooltip: { trigger: 'axis', valueFormatter: (v) => fmtPct(v) },
        xAxis: { type: 'category', data: ratio.map((_, j) => axisName(j)), axisLabel: { color: col.text }, axisLine: { lineStyle: { color: col.line } } },
        yAxis: { type: 'value', max: 1, axisLabel: { color: col.muted, formatter: (v) => `${Math.round(v * 100)} %` }, splitLine: { lineStyle: { color: col.line } } },
        series: [
          { type: 'bar', name: `share of the ${what}`, data: ratio, itemStyle: { color: col.accent } },
          { type: 'line', name: 'running total', data: cum, symbolSize: 7, itemStyle: { color: col.text }, lineStyle: { color: col.text } },
        ],
      }),
      table: () => dataTable('reduce-ratio-table', `Share of the ${what} per axis`, ['Axis', 'Share', 'Running total'], ratio.map((v, j) => [axisName(j), fmtPct(v, 2), fmtPct(cum[j], 2)])),
    });
    panels.push(scree);
  }
  const ld = r.loadings;
  if (ld?.features?.length && ld.components?.length) {
    const F = ld.features, C = ld.components;
    const max = Math.max(1e-12, ...C.flat().map((v) => Math.abs(v)));
    loadings = chartPanel('reduce-loadings', {
      title: 'Which features make each axis',
      hint: 'Each axis is a weighted sum of the (scaled) features: big weights, of either sign, are the features that axis mostly shows.',
      description: `Heatmap of the weight of each feature in each axis: ${C.map((row, j) => `${axisName(j)}: ${F.map((f, i) => [f, row[i]]).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).slice(0, 3).map(([f, v]) => `${f} ${v.toFixed(2)}`).join(', ')}`).join('; ')}.`,
      height: Math.max(280, 80 + F.length * 24),
      filename: `${r.method}-loadings`,
      option: (col) => {
        const data = [];
        C.forEach((row, j) => row.forEach((v, i) => data.push({ value: [j, i, v], label: { color: Math.abs(v) > 0.6 * max ? col.surface : col.text } })));
        return {
          grid: { left: 8, right: 16, top: 8, bottom: 48, containLabel: true },
          tooltip: { formatter: (q) => `${esc(F[q.value[1]])} in ${axisName(q.value[0])}: ${q.value[2].toFixed(3)}` },
          xAxis: { type: 'category', data: C.map((_, j) => axisName(j)), axisLabel: { color: col.text }, axisLine: { lineStyle: { color: col.line } } },
          yAxis: { type: 'category', data: F, inverse: true, axisLabel: { color: col.text, interval: 0 }, axisLine: { lineStyle: { color: col.line } } },
          visualMap: { min: -max, max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, text: [`+${max.toFixed(2)}`, `−${max.toFixed(2)}`], textStyle: { color: col.muted }, inRange: { color: [col.negative, col.surface, col.positive] } },
          series: [{ type: 'heatmap', name: 'weight', data, label: { show: C.length <= 6 && F.length <= 30, fontSize: 10, formatter: (q) => q.value[2].toFixed(2) }, itemStyle: { borderColor: col.line, borderWidth: 1 } }],
        };
      },
      table: () => dataTable('reduce-loadings-table', 'Weight of each feature in each axis', ['Feature', ...C.map((_, j) => axisName(j))], F.map((f, i) => [f, ...C.map((row) => row[i].toFixed(3))])),
    });
    panels.push(loadings);
  }

  replace(
    root,
    h('h3', { id: 'reduce-result-heading', class: 'subhead', tabindex: '-1' }, `Result: ${m.name} in ${dim}-D`),
    r.note ? h('p', { class: 'note', id: 'reduce-note' }, r.note) : null,
    h('p', { class: 'hint', id: 'reduce-facts' }, facts.join(' · ')),
    colourNote ? h('p', { class: 'hint', id: 'reduce-colour-note' }, colourNote) : null,
    scatter.el,
    scree || loadings ? h('div', { class: 'chart-grid' }, scree?.el, loadings?.el) : null,
  );
  return panels;
}


const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
