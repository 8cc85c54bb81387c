// Scatter plots of songs shared by the reduce and cluster views: one ECharts series per group (genre or
// cluster) so the legend toggles groups, `large` mode beyond a few thousand points, the song under the mouse
// in the tooltip, 3-D through echarts-gl (loaded only when a 3-D map is asked for), and 2-σ ellipses of
// Gaussian components as outlines.
import { echarts, classColor } from './charts.js';
import { LineChart, ScatterChart } from 'echarts/charts';
import { compileSizeExpressions, ellipsePoints } from './scatter-math.js';

// charts.js registers what the explore views need; these views also draw scatters and curves
echarts.use([ScatterChart, LineChart]);

export const LARGE_THRESHOLD = 2000;
export const MISSING_COLOR = '#8c8c8c';
export const groupColor = (g) => (g < 0 ? MISSING_COLOR : classColor(g));

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// echarts-gl registers scatter3D and grid3D on the same echarts core the page uses. It is a big module,
// so it is fetched the first time a 3-D map is drawn.
let gl = null;
export function ensure3d() {
  gl ??= Promise.all([
    import('echarts-gl/lib/effect/composite.js'),
    import('echarts-gl/lib/chart/scatter3D/install.js'),
    import('echarts-gl/lib/component/grid3D/install.js'),
  ]).then(([composite, s, g]) => {
    compileSizeExpressions(composite.default);
    echarts.use([s.install, g.install]);
  });
  return gl;
}

// Splits point indices by group: groups[i] in 0..nGroups−1, or −1 (no genre / not assigned) → the last bucket.
export function byGroup(groups, nGroups) {
  const buckets = Array.from({ length: nGroups + 1 }, () => []);
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    buckets[g >= 0 && g < nGroups ? g : nGroups].push(i);
  }
  return buckets;
}

// What the tooltip says about point i: the song (title — artist when the CSV has them, else its line), and
// its group(s). `hover` = {title: [...]|null, artist: [...]|null}; `lines` = CSV line per point.
export function songText(i, { hover, lines }) {
  const title = hover?.title?.[i];
  const artist = hover?.artist?.[i];
  const line = lines?.[i];
  if (title || artist) return `${title ? `<b>${esc(title)}</b>` : ''}${title && artist ? ' — ' : ''}${artist ? esc(artist) : ''}${line ? ` <span style="opacity:.7">(line ${line})</span>` : ''}`;
  return line ? `song on line ${line}` : `song #${i + 1}`;
}

// The ECharts option of a 2-D scatter. points: [[x, y], …]; groups: group per point; names: group names;
// describe(i) → tooltip HTML of point i; extra: more series (centroids, ellipses) drawn on top.
export function scatter2dOption({ points, groups, names, describe, col, missingName = 'no genre', extra = [], xName = '', yName = '', symbolSize }) {
  const buckets = byGroup(groups, names.length);
  const n = points.length;
  const size = symbolSize ?? (n > 20000 ? 2 : n > 5000 ? 3 : n > 1000 ? 4 : 6);
  const series = [];
  buckets.forEach((idx, g) => {
    if (!idx.length) return;
    const missing = g === names.length;
    series.push({
      type: 'scatter',
      name: missing ? missingName : names[g],
      large: idx.length > LARGE_THRESHOLD,
      largeThreshold: LARGE_THRESHOLD,
      symbolSize: size,
      itemStyle: { color: missing ? MISSING_COLOR : classColor(g), opacity: n > 5000 ? 0.7 : 0.85 },
      emphasis: { focus: 'none' },
      data: idx.map((i) => [points[i][0], points[i][1], i]),
      encode: { x: 0, y: 1, tooltip: [2] },
    });
  });
  const axis = (name) => ({
    type: 'value', name, scale: true, nameLocation: 'middle', nameGap: 26, nameTextStyle: { color: col.muted },
    axisLabel: { color: col.muted }, axisLine: { lineStyle: { color: col.line } }, splitLine: { lineStyle: { color: col.line, opacity: 0.5 } },
  });
  return {
    grid: { left: 12, right: 16, top: 48, bottom: 30, containLabel: true },
    legend: { type: 'scroll', top: 0, textStyle: { color: col.text }, pageTextStyle: { color: col.text }, pageIconColor: col.accent },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p) => (p.seriesType === 'scatter' && Array.isArray(p.value) && p.value.length >= 3 && p.seriesIndex < series.length ? describe(p.value[2]) : p.name ? esc(p.name) : ''),
    },
    xAxis: axis(xName),
    yAxis: axis(yName),
    series: [...series, ...extra],
  };
}

export const AXIS_3D_COLORS = [{ name: 'red', color: '#d62728' }, { name: 'green', color: '#2ca02c' }, { name: 'blue', color: '#1f6fd1' }];

// The same in 3-D (echarts-gl scatter3D; call ensure3d() first). Drag to rotate, wheel to zoom.
export function scatter3dOption({ points, groups, names, describe, col, missingName = 'no genre', axisNames = ['1', '2', '3'] }) {
  const buckets = byGroup(groups, names.length);
  const n = points.length;
  // echarts-gl 2.1 on echarts 6 cuts its text sprites in half (tick labels and axis names come out as
  // unreadable fragments), so the 3 axes are told apart by colour instead (AXIS_3D_COLORS; the page says
  // which is which) and carry no text.
  const axis = (name, k) => ({
    name: '', axisLabel: { show: false }, axisTick: { show: false },
    axisLine: { lineStyle: { color: AXIS_3D_COLORS[k].color, width: 3 } }, splitLine: { lineStyle: { color: col.line, opacity: 0.4 } },
  });
  const series = [];
  buckets.forEach((idx, g) => {
    if (!idx.length) return;
    const missing = g === names.length;
    series.push({
      type: 'scatter3D',
      name: missing ? missingName : names[g],
      symbolSize: n > 5000 ? 2.5 : n > 1000 ? 3.5 : 5,
      itemStyle: { color: missing ? MISSING_COLOR : classColor(g), opacity: 0.85 },
      data: idx.map((i) => [points[i][0], points[i][1], points[i][2] ?? 0, i]),
      emphasis: { itemStyle: { color: col.text } },
    });
  });
  return {
    legend: { type: 'scroll', top: 0, textStyle: { color: col.text }, pageTextStyle: { color: col.text }, pageIconColor: col.accent },
    tooltip: { formatter: (p) => (Array.isArray(p.value) && p.value.length >= 4 ? describe(p.value[3]) : esc(p.seriesName ?? '')) },
    xAxis3D: { type: 'value', scale: true, ...axis(axisNames[0], 0) },
    yAxis3D: { type: 'value', scale: true, ...axis(axisNames[1], 1) },
    zAxis3D: { type: 'value', scale: true, ...axis(axisNames[2], 2) },
    grid3D: {
      top: 30,
      axisPointer: { show: false },
      viewControl: { autoRotate: false, distance: 200, alpha: 20, beta: 35 },
      light: { main: { intensity: 1.1 }, ambient: { intensity: 0.4 } },
      boxWidth: 100, boxHeight: 100, boxDepth: 100,
    },
    series,
  };
}

// One line series with every ellipse (a null point between two ellipses breaks the line).
export function ellipseSeries(ellipses, col, name = '2-σ ellipse of each component') {
  const data = [];
  ellipses.forEach((e, k) => {
    if (k) data.push([null, null]);
    for (const p of ellipsePoints(e.center, e.cov)) data.push(p);
  });
  return {
    type: 'line', name, data, showSymbol: false, connectNulls: false, silent: true, z: 3,
    lineStyle: { color: col.text, width: 1.2, type: 'dashed', opacity: 0.8 }, itemStyle: { color: col.text }, tooltip: { show: false },
  };
}

// Cluster centres as big marked points, coloured like their cluster.
export function centroidSeries(centroids, col, { name = 'cluster centre', label = (k) => `${k + 1}` } = {}) {
  return {
    type: 'scatter', name, z: 4, symbol: 'diamond', symbolSize: 16,
    data: centroids.map((c, k) => ({ value: [c[0], c[1]], name: `${name} ${label(k)}`, itemStyle: { color: classColor(k), borderColor: col.text, borderWidth: 1.5 } })),
    label: { show: centroids.length <= 20, formatter: (p) => label(p.dataIndex), position: 'right', color: col.text, fontWeight: 'bold', textBorderColor: col.surface, textBorderWidth: 2 },
    itemStyle: { color: col.text },
    tooltip: { formatter: (p) => `${esc(p.name)}<br>(${p.value[0].toFixed(2)}, ${p.value[1].toFixed(2)})` },
  };
}
