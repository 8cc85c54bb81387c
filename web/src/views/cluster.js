// "Find groups": clustering ignores the genres and groups songs that sit close together; then we compare the
// groups with the genres. The engine (start_clustering / start_elbow) returns the assignments, a 2-D PCA
// projection to draw them on, the centres (and GMM ellipses), the scores and a cluster × genre table. The
// elbow panel runs one clustering per k and plots how the scores change, to help choose k.
import { h, replace } from '../dom.js';
import { fmtInt, fmtNum, fmtSeconds } from '../format.js';
import { chartPanel, dataTable } from './chart-panel.js';
import { jobProgress, mountSafely, showError } from './job-progress.js';
import { centroidSeries, ellipseSeries, scatter2dOption, songText } from '../scatter.js';
import { changed } from '../state.js';

const METHODS = {
  kmeans: { name: 'k-means', help: 'k-means puts k centres among the songs and moves each to the middle of the songs nearest to it, again and again; every song belongs to its nearest centre. It likes round, equally sized groups.' },
  minibatch_kmeans: { name: 'mini-batch k-means', help: 'The same idea as k-means, but each step looks at a small random batch of songs: much faster on big files, slightly worse centres.' },
  gmm: { name: 'Gaussian mixture (GMM)', help: 'A Gaussian mixture describes the songs as k overlapping bell-shaped clouds, each with its own shape (the covariance). Each song gets a probability for each cloud; it is shown in the most likely one.' },
  agglomerative: { name: 'agglomerative (hierarchical)', help: 'Agglomerative clustering starts with every song alone and keeps merging the two closest groups until k are left. The linkage says what “closest” means. Memory grows with the square of the songs: keep it to a few thousand.' },
};
const DEFAULT_ROWS = 20000, AGGLO_ROWS = 4000;

export function mountClusterView(root, store, analysis) {
  const num = (id, value, attrs = {}) => h('input', { type: 'number', id, value: String(value), inputmode: 'numeric', ...attrs });
  const field = (id, label, input, hint) => h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null);
  const select = (id, options) => h('select', { id }, options.map(([v, t]) => h('option', { value: v }, t)));

  const method = select('cluster-method', Object.entries(METHODS).map(([v, m]) => [v, m.name]));
  method.setAttribute('aria-describedby', 'cluster-method-help');
  const methodHelp = h('p', { class: 'hint', id: 'cluster-method-help' });
  const k = num('cluster-k', 10, { min: '2', max: '100', step: '1' });
  const nInit = num('cluster-n-init', 10, { min: '1', max: '100', step: '1' });
  const batch = num('cluster-batch', 1024, { min: '16', max: '100000', step: '1' });
  const covariance = select('cluster-covariance', [['full', 'full (any ellipse)'], ['diag', 'diagonal (ellipses along the axes)'], ['spherical', 'spherical (circles)'], ['tied', 'tied (one shape shared by all)']]);
  const linkage = select('cluster-linkage', [['ward', 'Ward (smallest rise in spread)'], ['average', 'average distance'], ['complete', 'largest distance'], ['single', 'smallest distance']]);
  const maxRows = num('cluster-max-rows', DEFAULT_ROWS, { min: '10', max: '1000000', step: '1' });
  const seed = num('cluster-seed', 42, { min: '0', step: '1' });
  const wrap = (id, ...fields) => h('div', { class: 'param-field', id }, ...fields);
  const nInitField = wrap('cluster-n-init-field', field('cluster-n-init', 'Restarts (n_init)', nInit, 'the best of this many starts is kept'));
  const batchField = wrap('cluster-batch-field', field('cluster-batch', 'Batch size', batch));
  const covField = wrap('cluster-covariance-field', field('cluster-covariance', 'Covariance type', covariance));
  const linkField = wrap('cluster-linkage-field', field('cluster-linkage', 'Linkage', linkage));
  const run = h('button', { type: 'submit', id: 'cluster-run', class: 'button primary' }, 'Find the groups');
  const form = h('form', { class: 'analysis-form', id: 'cluster-form', novalidate: true },
    h('div', { class: 'analysis-grid' }, field('cluster-method', 'Method', method), field('cluster-k', 'Number of clusters (k)', k, 'try the number of genres, or use the elbow below')),
    methodHelp,
    h('div', { class: 'analysis-grid' }, nInitField, batchField, covField, linkField),
    h('div', { class: 'analysis-grid' },
      field('cluster-max-rows', 'At most this many songs', maxRows, 'more are sampled (the same share of each genre)'),
      field('cluster-seed', 'Seed', seed, 'the same seed gives the same groups')),
    h('p', { class: 'hint recipe-hint' }, 'The songs are prepared as for training: the label, features and preparation chosen in steps 3d and 4 (the classifier is not used).'),
    h('div', { class: 'button-row' }, run));
  const progress = jobProgress('cluster', 'Clustering progress', () => analysis.cancel('cluster'), { afterFocus: () => (store.get().cluster ? document.getElementById('cluster-result-heading') : run) });
  const error = h('p', { class: 'inline-error', id: 'cluster-error', hidden: true });
  const result = h('div', { id: 'cluster-result', class: 'analysis-result' });

  // --- the elbow: one clustering per k
  const elbowMethod = select('elbow-method', [['kmeans', 'k-means (inertia)'], ['gmm', 'Gaussian mixture (log-likelihood, BIC)']]);
  const kMin = num('elbow-k-min', 2, { min: '2', max: '100', step: '1' });
  const kMax = num('elbow-k-max', 15, { min: '2', max: '100', step: '1' });
  const elbowRun = h('button', { type: 'submit', id: 'elbow-run', class: 'button' }, 'Try each k');
  const elbowForm = h('form', { class: 'analysis-form', id: 'elbow-form', novalidate: true },
    h('div', { class: 'analysis-grid' }, field('elbow-method', 'Method', elbowMethod), field('elbow-k-min', 'From k =', kMin), field('elbow-k-max', 'to k =', kMax)),
    h('p', { class: 'hint' }, 'Uses the restarts, covariance type, song limit and seed set above.'),
    h('div', { class: 'button-row' }, elbowRun));
  const elbowProgress = jobProgress('elbow', 'Progress of the sweep over k', () => analysis.cancel('elbow'), { afterFocus: () => (store.get().elbow ? document.getElementById('elbow-result-heading') : elbowRun) });
  const elbowError = h('p', { class: 'inline-error', id: 'elbow-error', hidden: true });
  const elbowResult = h('div', { id: 'elbow-result', class: 'analysis-result' });

  root.append(
    h('p', { class: 'lead' }, 'Clustering never sees the genres: it groups songs that are close in the features. Do the groups it finds look like genres? The table at the end compares them.'),
    form, progress.el, error, result,
    h('h3', { class: 'subhead', id: 'elbow-heading' }, 'How many groups? Try a range of k'),
    h('p', { class: 'hint' }, 'More clusters always fit tighter, so look for the “elbow” where adding one more stops helping much, the lowest BIC, or the highest silhouette.'),
    elbowForm, elbowProgress.el, elbowError, elbowResult,
  );

  let lastMethod = method.value;
  const showParams = () => {
    const m = method.value;
    methodHelp.textContent = METHODS[m].help;
    nInitField.hidden = !['kmeans', 'minibatch_kmeans', 'gmm'].includes(m);
    batchField.hidden = m !== 'minibatch_kmeans';
    covField.hidden = m !== 'gmm';
    linkField.hidden = m !== 'agglomerative';
    // agglomerative keeps every pairwise distance: a smaller default sample
    if (m === 'agglomerative' && Number(maxRows.value) === DEFAULT_ROWS) maxRows.value = String(AGGLO_ROWS);
    if (lastMethod === 'agglomerative' && m !== 'agglomerative' && Number(maxRows.value) === AGGLO_ROWS) maxRows.value = String(DEFAULT_ROWS);
    lastMethod = m;
  };
  method.addEventListener('change', showParams);
  showParams();

  const int = (input, name, lo, hi) => {
    const v = Number(input.value);
    if (!Number.isInteger(v) || v < lo || v > hi) throw new Error(`${name} must be a whole number from ${fmtInt(lo)} to ${fmtInt(hi)}.`);
    return v;
  };
  const params = (m) => {
    const p = {};
    if (['kmeans', 'minibatch_kmeans', 'gmm'].includes(m)) p.n_init = int(nInit, 'Restarts', 1, 1000);
    if (m === 'minibatch_kmeans') p.batch_size = int(batch, 'The batch size', 1, 10_000_000);
    if (m === 'gmm') p.covariance_type = covariance.value;
    if (m === 'agglomerative') p.linkage = linkage.value;
    return p;
  };
  const common = () => ({ max_rows: int(maxRows, 'The number of songs', 10, 10_000_000), seed: int(seed, 'The seed', 0, 2 ** 31 - 1) });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    let spec;
    try {
      const m = method.value;
      spec = { method: m, k: int(k, 'k', 2, 10_000), params: params(m), ...common() };
    } catch (err) {
      analysis.set({ clusterError: err.message });
      return;
    }
    analysis.runCluster(spec);
  });
  elbowForm.addEventListener('submit', (e) => {
    e.preventDefault();
    let spec;
    try {
      const m = elbowMethod.value;
      const lo = int(kMin, 'The smallest k', 2, 1000), hi = int(kMax, 'The largest k', 2, 1000);
      if (hi < lo) throw new Error(`The largest k (${hi}) must be at least the smallest (${lo}).`);
      const p = params(m);
      if (m === 'gmm' && method.value !== 'gmm') p.covariance_type = covariance.value;
      spec = { method: m, k_min: lo, k_max: hi, params: p, ...common() };
    } catch (err) {
      analysis.set({ elbowError: err.message });
      return;
    }
    analysis.runElbow(spec);
  });

  let shownCluster = null, shownElbow = null, panels = [], elbowPanels = [], songsSelect = null;
  store.subscribe((s, prev) => {
    if (!changed(s, prev, 'dataset', 'hiddenPanels', 'engine', 'clusterJob', 'elbowJob', 'clusterError', 'elbowError', 'cluster', 'elbow', 'clusterSongs')) return;
    const section = root.closest('section');
    // part of exploring (step 3): ?hide=explore hides it too (e.g. the embedded classify view)
    section.hidden = !s.dataset || s.hiddenPanels?.includes('explore') || s.hiddenPanels?.includes('cluster');
    const engineOk = Boolean(s.dataset) && !s.engine?.failed;
    run.disabled = Boolean(s.clusterJob) || !engineOk;
    elbowRun.disabled = Boolean(s.elbowJob) || !engineOk;
    progress.update(s.clusterJob);
    elbowProgress.update(s.elbowJob);
    showError(error, s.clusterError ? `The songs could not be grouped: ${s.clusterError}` : null);
    showError(elbowError, s.elbowError ? `The sweep over k failed: ${s.elbowError}` : null);
    result.classList.toggle('stale', Boolean(s.clusterJob));
    elbowResult.classList.toggle('stale', Boolean(s.elbowJob));

    if (s.cluster !== shownCluster) {
      shownCluster = s.cluster;
      for (const p of panels) p.dispose();
      panels = [];
      songsSelect = null;
      if (!s.cluster) result.replaceChildren();
      else {
        ({ panels, songsSelect } = renderCluster(result, s.cluster, analysis));
        for (const p of panels) mountSafely(p);
      }
    }
    if (songsSelect && songsSelect.dataset.shown !== String(s.clusterSongs)) songsSelect.show(s.clusterSongs);

    if (s.elbow !== shownElbow) {
      shownElbow = s.elbow;
      for (const p of elbowPanels) p.dispose();
      elbowPanels = [];
      if (!s.elbow) elbowResult.replaceChildren();
      else {
        elbowPanels = renderElbow(elbowResult, s.elbow);
        for (const p of elbowPanels) mountSafely(p);
      }
    }
  });
}

const tile = (id, label, value, hint) => h('div', { class: 'tile', id }, h('div', { class: 'tile-value' }, value), h('div', { class: 'tile-label' }, label), h('div', { class: 'tile-hint' }, hint));
const score = (x, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : '—');

function renderCluster(root, run, analysis) {
  const r = run.result;
  const K = r.k;
  const m = METHODS[r.method] ?? { name: r.method };
  const names = Array.from({ length: K }, (_, i) => `cluster ${i + 1}`);
  const genres = r.classes ?? r.contingency?.classes ?? [];
  const labels = r.labels ?? [];
  const panels = [];

  const tiles = [];
  if (Number.isFinite(r.inertia)) tiles.push(tile('cluster-inertia', 'inertia', fmtNum(r.inertia), 'Sum of squared distances from each song to its centre: lower = tighter groups (it always falls as k grows).'));
  if (Number.isFinite(r.log_likelihood)) {
    tiles.push(tile('cluster-loglik', 'log-likelihood per song', score(r.log_likelihood), r.method === 'gmm'
      ? 'How probable the songs are under the fitted clouds: higher = a better fit (it also rises with k).'
      : 'The clusters read as round clouds of one shared width around the centres: how probable the songs are under them (higher = better).'));
  }
  if (Number.isFinite(r.bic)) tiles.push(tile('cluster-bic', 'BIC', fmtNum(r.bic), 'The fit penalised for the number of parameters: lower is better — a fair way to compare different k.'));
  if (Number.isFinite(r.aic)) tiles.push(tile('cluster-aic', 'AIC', fmtNum(r.aic), 'Like BIC with a lighter penalty: lower is better.'));
  if (Number.isFinite(r.silhouette)) tiles.push(tile('cluster-silhouette', 'silhouette', score(r.silhouette), 'From −1 to 1: how much closer songs are to their own group than to the next one. Above 0.5 is clear-cut, below 0.25 the groups blur.'));
  if (Number.isFinite(r.ari)) tiles.push(tile('cluster-ari', 'adjusted Rand index', score(r.ari), 'Agreement between clusters and genres beyond chance: 0 = no better than random, 1 = the clusters are the genres.'));
  if (Number.isFinite(r.nmi)) tiles.push(tile('cluster-nmi', 'normalised mutual information', score(r.nmi), 'From 0 to 1: how much knowing the cluster tells you about the genre.'));

  // --- scatter on the PCA projection with centres and ellipses
  const describe = (i) => {
    const g = labels[i];
    // per-point songs only when the engine sends them (lines/hover per used row)
    const song = r.lines || r.hover ? `${songText(i, r)}<br>` : '';
    return `${song}cluster ${r.assignments[i] + 1}${g >= 0 && genres[g] !== undefined ? `<br>genre: ${esc(genres[g])}` : ''}`;
  };
  const extra = (col) => [
    ...(Array.isArray(r.ellipses_2d) && r.ellipses_2d.length ? [ellipseSeries(r.ellipses_2d, col)] : []),
    ...(Array.isArray(r.centroids_2d) && r.centroids_2d.length ? [centroidSeries(r.centroids_2d, col, { name: r.method === 'gmm' ? 'component mean' : 'cluster centre' })] : []),
  ];
  const pcName = (j) => (Number.isFinite(r.pca_explained_variance_ratio?.[j]) ? `PC${j + 1} (${(r.pca_explained_variance_ratio[j] * 100).toFixed(1)} % of the variance)` : `PC${j + 1}`);
  const scatter = chartPanel('cluster-scatter', {
    title: `${K} clusters found by ${m.name}`,
    hint: `Drawn on the first two principal components of the songs used: a flat view of a space with many more axes, so clusters that overlap here may be apart in the full space.${r.ellipses_2d?.length ? ' Dashed: each component’s 2-σ ellipse.' : ''}`,
    description: `Scatter plot of ${fmtInt(r.n_used)} songs on two principal components, coloured by cluster: ${r.sizes.map((n, k) => `cluster ${k + 1} ${n} songs`).join(', ')}; centres marked with diamonds.`,
    height: 480,
    filename: `${r.method}-k${K}-clusters`,
    option: (col) => scatter2dOption({ points: r.points, groups: r.assignments, names, describe, col, xName: pcName(0), yName: pcName(1), missingName: 'no cluster', extra: extra(col) }),
    table: () => dataTable('cluster-centres-table', 'Cluster sizes and centres on the two principal components', ['Cluster', 'Songs', 'PC1', 'PC2'],
      r.sizes.map((n, k) => [String(k + 1), fmtInt(n), r.centroids_2d?.[k] ? r.centroids_2d[k][0].toFixed(3) : '—', r.centroids_2d?.[k] ? r.centroids_2d[k][1].toFixed(3) : '—'])),
  });
  panels.push(scatter);

  // --- cluster × genre
  let contingency = null;
  const ct = r.contingency;
  if (ct?.classes?.length && ct.counts?.length) {
    const G = ct.classes;
    const counts = ct.counts;
    const max = Math.max(1, ...counts.flat());
    contingency = chartPanel('contingency', {
      title: 'Clusters against genres',
      hint: 'Each row is a cluster, each column a genre: a cluster that is mostly one genre has one dark cell. Rows sum to the cluster’s size.',
      description: `Heatmap of songs per cluster and genre: ${counts.map((row, c) => `cluster ${c + 1} mostly ${G[row.indexOf(Math.max(...row))]} (${Math.max(...row)} of ${row.reduce((a, b) => a + b, 0)})`).join('; ')}.`,
      height: Math.max(300, 90 + counts.length * 26),
      filename: `${r.method}-k${K}-clusters-vs-genres`,
      option: (col) => {
        const data = [];
        counts.forEach((row, c) => row.forEach((v, g) => data.push({ value: [g, c, v], label: { color: v > 0.55 * max ? col.heatHighText : col.text } })));
        return {
          grid: { left: 8, right: 16, top: 8, bottom: 48, containLabel: true },
          tooltip: { formatter: (q) => `cluster ${q.value[1] + 1}, ${esc(G[q.value[0]])}: ${fmtInt(q.value[2])} songs` },
          xAxis: { type: 'category', data: G, axisLabel: { color: col.text, rotate: G.length > 5 ? 40 : 0, interval: 0 }, axisLine: { lineStyle: { color: col.line } } },
          yAxis: { type: 'category', data: counts.map((_, c) => `cluster ${c + 1}`), inverse: true, axisLabel: { color: col.text, interval: 0 }, axisLine: { lineStyle: { color: col.line } } },
          visualMap: { min: 0, max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, textStyle: { color: col.muted }, inRange: { color: [col.heatLow, col.heatMid, col.heatHigh] } },
          series: [{ type: 'heatmap', name: 'songs', data, label: { show: G.length <= 14 && counts.length <= 30, fontSize: 10 }, itemStyle: { borderColor: col.line, borderWidth: 1 } }],
        };
      },
      table: () => dataTable('contingency-table', `Songs per cluster (rows) and genre (columns); ${fmtInt(r.n_used)} songs in all`, ['Cluster', ...G, 'All'],
        counts.map((row, c) => [`cluster ${c + 1}`, ...row.map(fmtInt), fmtInt(r.sizes?.[c] ?? row.reduce((a, b) => a + b, 0))])),
    });
    panels.push(contingency);
  }

  // --- the songs in one cluster
  const songsSelect = h('select', { id: 'cluster-songs-select', onchange: () => analysis.set({ clusterSongs: Number(songsSelect.value) }) },
    names.map((n, c) => h('option', { value: String(c) }, `${n} (${fmtInt(r.sizes[c])} songs)`)));
  const songsWrap = h('div', { class: 'table-scroll songs-scroll', id: 'cluster-songs', tabindex: '0', role: 'region', 'aria-label': 'Songs in the chosen cluster' });
  songsSelect.show = (c) => {
    const cc = Number.isInteger(c) && c >= 0 && c < K ? c : 0;
    songsSelect.value = String(cc);
    songsSelect.dataset.shown = String(c);
    const list = r.songs?.[cc] ?? [];
    const anyTitle = list.some((x) => x.title), anyArtist = list.some((x) => x.artist);
    replace(songsWrap, dataTable('cluster-songs-table', `${list.length < r.sizes[cc] ? `The first ${fmtInt(list.length)} of ` : ''}${fmtInt(r.sizes[cc])} songs in cluster ${cc + 1}`,
      ['Line', ...(anyTitle ? ['Title'] : []), ...(anyArtist ? ['Artist'] : []), 'Genre'],
      list.map((x) => [String(x.line), ...(anyTitle ? [x.title ?? '—'] : []), ...(anyArtist ? [x.artist ?? '—'] : []), typeof x.label === 'number' ? genres[x.label] ?? '—' : x.label ?? '—']),
      { numeric: () => false }));
  };
  songsSelect.show(0);

  const facts = [`${fmtInt(r.n_used)} of ${fmtInt(r.n_rows)} songs`, fmtSeconds(run.seconds), `sizes ${r.sizes.map(fmtInt).join(', ')}`];
  replace(
    root,
    h('h3', { id: 'cluster-result-heading', class: 'subhead', tabindex: '-1' }, `${m.name}, k = ${K}`),
    r.note ? h('p', { class: 'note', id: 'cluster-note' }, r.note) : null,
    h('p', { class: 'hint', id: 'cluster-facts' }, facts.join(' · ')),
    h('div', { class: 'tiles analysis-tiles', id: 'cluster-scores' }, tiles),
    scatter.el,
    contingency?.el,
    h('div', { class: 'songs-picker' },
      h('h3', { class: 'subhead' }, 'Songs in a cluster'),
      h('div', { class: 'field inline-field' }, h('label', { for: 'cluster-songs-select' }, 'Cluster'), songsSelect),
      songsWrap),
  );
  return { panels, songsSelect };
}

function renderElbow(root, run) {
  const r = run.result;
  const ks = r.k;
  const gmm = run.spec.method === 'gmm';
  const curves = [];
  const has = (key) => Array.isArray(r[key]) && r[key].some(Number.isFinite);
  if (has('inertia')) curves.push({ key: 'inertia', name: 'inertia', hint: 'Falls as k grows; look for the bend.', better: 'lower' });
  if (gmm && has('log_likelihood')) curves.push({ key: 'log_likelihood', name: 'log-likelihood per song', hint: 'Rises as k grows; look for where it flattens.', better: 'higher' });
  if (has('bic')) curves.push({ key: 'bic', name: 'BIC', hint: 'Lower is better: the lowest point is the k BIC suggests.', better: 'lower' });
  if (has('aic')) curves.push({ key: 'aic', name: 'AIC', hint: 'Lower is better (penalises size less than BIC).', better: 'lower' });
  if (has('silhouette')) curves.push({ key: 'silhouette', name: 'silhouette', hint: 'Higher is better: the peak is the clearest split.', better: 'higher' });
  const best = (c) => {
    const v = r[c.key];
    let bi = -1;
    v.forEach((x, i) => { if (Number.isFinite(x) && (bi < 0 || (c.better === 'lower' ? x < v[bi] : x > v[bi]))) bi = i; });
    return bi;
  };
  const panels = curves.map((c) => {
    const bi = best(c);
    const v = r[c.key];
    return chartPanel(`elbow-${c.key.replace('_', '-')}`, {
      title: `${c.name} for each k`,
      hint: `${c.hint}${bi >= 0 && c.key !== 'inertia' && c.key !== 'log_likelihood' ? ` Best here: k = ${ks[bi]}.` : ''}`,
      description: `Line chart of ${c.name} against k: ${ks.map((k, i) => `k ${k}: ${fmtNum(v[i])}`).join(', ')}.`,
      height: 260,
      filename: `elbow-${run.spec.method}-${c.key}`,
      option: (col) => ({
        grid: { left: 8, right: 16, top: 24, bottom: 24, containLabel: true },
        tooltip: { trigger: 'axis', valueFormatter: (x) => fmtNum(x) },
        xAxis: { type: 'category', data: ks.map(String), name: 'k', nameLocation: 'middle', nameGap: 24, nameTextStyle: { color: col.muted }, axisLabel: { color: col.text }, axisLine: { lineStyle: { color: col.line } } },
        yAxis: { type: 'value', scale: true, axisLabel: { color: col.muted }, splitLine: { lineStyle: { color: col.line } } },
        series: [{
          type: 'line', name: c.name, data: v.map((x, i) => (i === bi && c.key !== 'inertia' && c.key !== 'log_likelihood' ? { value: x, symbolSize: 12, itemStyle: { color: col.focus ?? col.text } } : x)),
          symbolSize: 7, itemStyle: { color: col.accent }, lineStyle: { color: col.accent, width: 2 },
        }],
      }),
      table: () => dataTable(`elbow-${c.key.replace('_', '-')}-table`, `${c.name} for each k`, ['k', c.name], ks.map((k, i) => [String(k), fmtNum(v[i])])),
    });
  });
  const all = curves.length
    ? h('details', { class: 'chart-table', id: 'elbow-details' }, h('summary', {}, 'All the scores as one table'),
      h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Scores for each k' },
        dataTable('elbow-table', `Scores of ${run.spec.method === 'gmm' ? 'the Gaussian mixture' : 'k-means'} for each k`, ['k', ...curves.map((c) => c.name)], ks.map((k, i) => [String(k), ...curves.map((c) => fmtNum(r[c.key][i]))]))))
    : null;
  replace(
    root,
    h('h3', { id: 'elbow-result-heading', class: 'subhead', tabindex: '-1' }, `${run.spec.method === 'gmm' ? 'Gaussian mixture' : 'k-means'}, k = ${ks[0]} to ${ks.at(-1)}`),
    r.note ? h('p', { class: 'note', id: 'elbow-note' }, r.note) : null,
    h('p', { class: 'hint', id: 'elbow-facts' }, `${ks.length} runs in ${fmtSeconds(run.seconds)}`),
    h('div', { class: 'chart-grid elbow-grid' }, panels.map((p) => p.el)),
    all,
  );
  return panels;
}


const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
