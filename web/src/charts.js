// The one place ECharts is set up: only the pieces the page uses are bundled (tree-shaken), drawn on
// canvas. Later views (scatter of 100k songs in `large` mode, curves, 3-D via echarts-gl) add their
// chart types here.
import * as echarts from 'echarts/core';
import { HeatmapChart } from 'echarts/charts';
import { AriaComponent, GridComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([HeatmapChart, GridComponent, TooltipComponent, VisualMapComponent, TitleComponent, AriaComponent, CanvasRenderer]);

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
    heatLow: v('--heat-low', '#f3f6fb'),
    heatMid: v('--heat-mid', '#7fa7d9'),
    heatHigh: v('--heat-high', '#123c7a'),
    heatHighText: v('--heat-high-text', '#ffffff'),
  };
}

export const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');

// Makes a chart in `el` that follows the element's size and the colour scheme. render(chart) sets the option.
export function makeChart(el, render) {
  const chart = echarts.init(el, null, { renderer: 'canvas' });
  const redraw = () => render(chart, chartColors());
  const ro = new ResizeObserver(() => chart.resize());
  ro.observe(el);
  darkQuery.addEventListener('change', redraw);
  redraw();
  return {
    chart,
    redraw,
    dispose() {
      ro.disconnect();
      darkQuery.removeEventListener('change', redraw);
      chart.dispose();
    },
  };
}
