// The one place ECharts is set up: only the pieces the page uses are bundled (tree-shaken). Charts are
// drawn on canvas; the SVG renderer is used only to export a chart as an .svg file. Later views (scatter
// of 100k songs in `large` mode, curves, 3-D via echarts-gl) add their chart types here.
import * as echarts from 'echarts/core';
import { BarChart, BoxplotChart, HeatmapChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { isDark, onThemeChange } from './theme.js';

echarts.use([
  HeatmapChart, BarChart, BoxplotChart, GridComponent, TooltipComponent, VisualMapComponent, TitleComponent, AriaComponent,
  LegendComponent, CanvasRenderer, SVGRenderer,
]);

export { echarts };

// Colours for charts, read from the page's CSS custom properties (so light/dark follows the theme).
export function chartColors() {
  const css = getComputedStyle(document.documentElement);
  const v = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text', '#1b1e24'),
    muted: v('--muted', '#5b6270'),
    line: v('--line', '#d5d9e0'),
    surface: v('--surface', '#ffffff'),
    accent: v('--accent', '#2457b8'),
    heatLow: v('--heat-low', '#f3f6fb'),
    heatMid: v('--heat-mid', '#7fa7d9'),
    heatHigh: v('--heat-high', '#123c7a'),
    heatHighText: v('--heat-high-text', '#ffffff'),
    negative: v('--corr-negative', '#b2182b'),
    positive: v('--corr-positive', '#2166ac'),
    palette: v('--palette', '').split(/\s+/).filter(Boolean),
  };
}

// Distinct colours for up to 12 classes (Okabe–Ito and Tableau-like hues that stay apart in both schemes),
// repeated beyond that.
const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#8cd17d', '#bab0ac', '#499894'];
export const classColor = (i) => PALETTE[i % PALETTE.length];

// Kept for anyone who wants the system's preference; the page's theme is theme.js's (the person may override it).
export const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');

// First draws that wait for a task of their own (makeChart's `defer`): one chart per task, so a view that
// shows several charts at once (the results of a run, the live curves) gives the page's main thread back
// between them instead of holding it for all of them (issue 6: no task over 100 ms while a model trains).
const firstDraws = [];
function drawLater(fn) {
  firstDraws.push(fn);
  if (firstDraws.length === 1) setTimeout(drawNext, 0);
}
function drawNext() {
  try {
    firstDraws[0]();
  } finally {
    firstDraws.shift();
    if (firstDraws.length) setTimeout(drawNext, 0);
  }
}

// Makes a chart in `el` that follows the element's size and the page's theme. render(chart, colours) sets the
// option. A theme change re-creates the instance with ECharts' built-in 'dark' theme (axes, tooltips,
// legends) — ECharts cannot switch the theme of a live instance — so `handle.chart` is a getter.
// defer: the canvas exists at once, the first drawing comes in a later task of its own (see drawLater).
export function makeChart(el, render, { defer = false } = {}) {
  let chart = null;
  let drawn = false;
  let disposed = false;
  const create = () => {
    chart?.dispose();
    chart = echarts.init(el, isDark() ? 'dark' : null, { renderer: 'canvas' });
  };
  const redraw = () => {
    drawn = true;
    render(chart, chartColors());
  };
  const ro = new ResizeObserver(() => chart.resize());
  ro.observe(el);
  create();
  const stop = onThemeChange(() => {
    create();
    redraw();
  });
  if (defer) drawLater(() => !drawn && !disposed && redraw());
  else redraw();
  return {
    get chart() {
      return chart;
    },
    redraw,
    dispose() {
      disposed = true;
      ro.disconnect();
      stop();
      chart.dispose();
    },
  };
}

// The same chart drawn once more by the SVG renderer (server-side mode: no element needed) → SVG text.
export function svgString(option, width, height) {
  const chart = echarts.init(null, isDark() ? 'dark' : null, { renderer: 'svg', ssr: true, width: Math.max(200, Math.round(width)), height: Math.max(150, Math.round(height)) });
  try {
    chart.setOption({ ...option, animation: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
