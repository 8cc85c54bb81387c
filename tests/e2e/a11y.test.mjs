// Accessibility and themes (issue 5) in headless Chromium against the production build: with every panel
// filled (demo songs, a PCA map, k-means groups, a trained kNN, its results and the classify form),
//  - Tab reaches every control on the page, and each one shows a visible focus ring (an outline of at least
//    2 px in a colour different from the page, or a box shadow) — for a visually hidden file input, its label;
//  - every input, select, textarea and button has an accessible name (label, aria-label(ledby) or text);
//  - headings go down one level at a time; progress and errors are live regions; each chart has a table;
//  - at phone width (390×844) nothing scrolls sideways;
//  - the theme toggle switches to dark (page colours and ECharts' dark theme), and the choice survives a reload;
//    with no choice the page follows prefers-color-scheme.
// Run: npx vite build --logLevel warn && node --test --test-concurrency=1 tests/e2e/a11y.test.mjs
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { foreignRequests, launch, loadDemo, openPage, requireDist, shot, shotOf, skipReason, startServer, trainAndWait } from './helpers.mjs';

const reason = skipReason();
if (reason) console.log(`# SKIP e2e: ${reason}`);

// axe-core (Deque's rule engine: contrast of rendered text, names, roles, table headers, heading order…) when
// it is installed; the page's own checks below do not need it.
let AXE = null;
try {
  AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
} catch {
  /* not installed */
}
const axeReason = AXE ? null : 'axe-core is not installed (npm install --save-dev axe-core); skipping the axe audit';
if (axeReason && !reason) console.log(`# SKIP axe: ${axeReason}`);

// Fills the optional analysis panels when they are on the page (a PCA map and k-means groups), so their
// controls, charts and tables are audited too.
async function fillAnalysis(page) {
  if (await page.locator('#reduce-run').count()) {
    await page.selectOption('#reduce-method', 'pca');
    const before = await page.evaluate(() => window.genrelab.store.get().reduce?.run ?? 0);
    await page.click('#reduce-run');
    await page.waitForFunction((p) => { const s = window.genrelab.store.get(); return !s.reduceJob && ((s.reduce?.run ?? 0) > p || s.reduceError); }, before, { timeout: 60_000 });
  }
  if (await page.locator('#cluster-run').count()) {
    await page.selectOption('#cluster-method', 'kmeans');
    await page.fill('#cluster-k', '4');
    const before = await page.evaluate(() => window.genrelab.store.get().cluster?.run ?? 0);
    await page.click('#cluster-run');
    await page.waitForFunction((p) => { const s = window.genrelab.store.get(); return !s.clusterJob && ((s.cluster?.run ?? 0) > p || s.clusterError); }, before, { timeout: 60_000 });
  }
}

// In the page: every element that should be reachable by Tab right now (visible, enabled, tabindex ≥ 0,
// one per radio group), each tagged with data-a11y-key so the walk can tick it off.
function tabbables() {
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex], [contenteditable=""], [contenteditable=true]';
  const visible = (el) => {
    if (el.closest('[hidden], [inert]')) return false;
    const d = el.closest('details');
    if (d && !d.open && el !== d.querySelector(':scope > summary')) return false; // only a closed <details>' summary is reachable
    const st = getComputedStyle(el);
    if (st.visibility === 'hidden' || st.display === 'none') return false;
    // a visually hidden control (1×1 px, clipped) still takes focus: its label shows the ring
    return el.getClientRects().length > 0;
  };
  const out = [];
  const radios = new Set();
  let n = 0;
  for (const el of document.querySelectorAll(sel)) {
    if (el.tabIndex < 0 || el.disabled || el.closest('fieldset:disabled')) continue;
    if (el.tagName === 'SUMMARY' && el.parentElement?.tagName !== 'DETAILS') continue;
    if (!visible(el)) continue;
    if (el.type === 'radio') {
      const group = `${el.form?.id ?? ''}/${el.name}`;
      if (el.name && radios.has(group)) continue;
      if (el.name) radios.add(group);
      el.dataset.a11yGroup = group;
    }
    el.dataset.a11yKey ??= `k${n++}`;
    out.push({ key: el.dataset.a11yKey, group: el.dataset.a11yGroup ?? null, what: describe(el) });
  }
  return out;
  function describe(el) {
    return `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''}${el.className && typeof el.className === 'string' ? ` class="${el.className}"` : ''}> “${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}”`;
  }
}

// In the page: record, for every element that receives focus, whether a focus ring is visible on it.
function recordFocus() {
  window.__focus = [];
  const parse = (c) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const bgOf = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (c && !/rgba\(.*,\s*0\)$/.test(c) && c !== 'transparent') return parse(c);
    }
    return parse(getComputedStyle(document.documentElement).backgroundColor);
  };
  const ring = (el) => {
    const st = getComputedStyle(el);
    const width = parseFloat(st.outlineWidth) || 0;
    const colour = parse(st.outlineColor);
    const bg = bgOf(el.parentElement ?? el);
    const differs = colour.length === 3 && colour.some((v, i) => Math.abs(v - bg[i]) > 60);
    return { outline: st.outlineStyle !== 'none' && width >= 2 && differs, shadow: st.boxShadow !== 'none', style: `${st.outlineStyle} ${st.outlineWidth} ${st.outlineColor}` };
  };
  document.addEventListener('focusin', (e) => {
    const el = e.target;
    let r = ring(el);
    // a visually hidden input (the file pickers) shows its ring on the label that stands for it
    if (el.getBoundingClientRect().width <= 2 && el.labels?.length) {
      const rl = ring(el.labels[0]);
      r = { ...rl, style: `label: ${rl.style}` };
    }
    if (el === document.body) return;
    window.__focus.push({ key: el.dataset?.a11yKey ?? null, group: el.dataset?.a11yGroup ?? null, visible: r.outline || r.shadow, style: r.style, what: `<${el.tagName.toLowerCase()} id="${el.id}">` });
  });
}

// In the page: put the sequential-focus starting point at the top, as for someone who has just opened it.
function toTop() {
  window.scrollTo(0, 0);
  document.body.tabIndex = -1;
  document.body.focus();
  document.body.removeAttribute('tabindex');
}

// In the page: the theme's colour pairs whose contrast ratio is below what they need.
function contrastProblems() {
  const css = getComputedStyle(document.documentElement);
  const rgb = (name) => {
    const probe = document.createElement('span');
    probe.style.color = css.getPropertyValue(name).trim();
    document.body.append(probe);
    const c = getComputedStyle(probe).color.match(/[\d.]+/g).slice(0, 3).map(Number);
    probe.remove();
    return c;
  };
  const lum = (c) => c.map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const pairs = [
    ['--text', '--bg', 4.5], ['--text', '--surface', 4.5], ['--text', '--surface-2', 4.5], ['--muted', '--surface', 4.5], ['--muted', '--surface-2', 4.5],
    ['--muted', '--bg', 4.5], ['--accent', '--surface', 4.5], ['--accent', '--accent-soft', 4.5], ['--accent-text', '--accent', 4.5], ['--danger', '--surface', 4.5],
    ['--danger', '--danger-soft', 4.5], ['--text', '--danger-soft', 4.5], ['--ok', '--surface', 4.5], ['--heat-high-text', '--heat-high', 4.5],
    ['--focus', '--surface', 3], ['--focus', '--bg', 3], ['--focus', '--surface-2', 3], ['--control-line', '--surface', 3], ['--control-line', '--surface-2', 3],
  ];
  return pairs.map(([a, b, min]) => [a, b, min, ratio(a, b)]).filter(([, , min, r]) => !(r >= min)).map(([a, b, min, r]) => `${a} on ${b}: ${r.toFixed(2)} < ${min}`);
}

// In the page: controls without an accessible name.
function unnamed() {
  const text = (el) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const byIds = (ids) => ids.split(/\s+/).map((id) => text(document.getElementById(id))).join(' ').trim();
  const nameOf = (el) => {
    if (el.getAttribute('aria-labelledby')) return byIds(el.getAttribute('aria-labelledby'));
    if (el.getAttribute('aria-label')?.trim()) return el.getAttribute('aria-label').trim();
    if (el.labels?.length) return [...el.labels].map(text).join(' ').trim();
    if (['BUTTON', 'SUMMARY', 'A'].includes(el.tagName)) return text(el);
    if (el.tagName === 'INPUT' && ['button', 'submit', 'reset'].includes(el.type)) return el.value;
    return el.title?.trim() ?? '';
  };
  return [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, summary, a[href], [role=progressbar]:not([hidden]), [role=img]')]
    .filter((el) => !el.closest('[hidden]') && !nameOf(el))
    .map((el) => `<${el.tagName.toLowerCase()} id="${el.id}" type="${el.type ?? ''}" class="${el.className}">`);
}

describe('accessibility and themes', { skip: reason ?? false }, () => {
  let server, browser;
  before(async () => {
    requireDist();
    server = await startServer();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('every control is reachable by Tab with a visible focus ring and has an accessible name; charts have tables; live regions', { timeout: 240_000 }, async () => {
    const { page, log } = await openPage(browser.context, server.url, { colorScheme: 'light' });
    await loadDemo(page);
    await fillAnalysis(page);
    await trainAndWait(page);
    await page.waitForSelector('#classify-button');

    // the checks can fail: an unlabelled probe input is caught (then removed)
    await page.evaluate(() => document.getElementById('main').append(Object.assign(document.createElement('input'), { id: 'a11y-probe' })));
    assert.deepEqual((await page.evaluate(unnamed)).filter((t) => t.includes('a11y-probe')).length, 1, 'the name check sees an unlabelled input');
    await page.evaluate(() => document.getElementById('a11y-probe').remove());
    const missingNames = await page.evaluate(unnamed);
    assert.deepEqual(missingNames, [], 'every control has an accessible name');

    // headings: one h1, and no level skipped on the way down (h2 → h4 without an h3 would be one)
    const levels = await page.$$eval('h1, h2, h3, h4, h5, h6', (hs) => hs.filter((x) => !x.closest('[hidden]')).map((x) => [Number(x.tagName[1]), x.textContent.trim().slice(0, 50)]));
    assert.equal(levels.filter(([l]) => l === 1).length, 1, 'one h1');
    const skips = [];
    for (let i = 1; i < levels.length; i++) if (levels[i][0] > levels[i - 1][0] + 1) skips.push(`“${levels[i][1]}” (h${levels[i][0]}) after h${levels[i - 1][0]} “${levels[i - 1][1]}”`);

    // live regions: errors announce at once, status and progress politely
    assert.equal(await page.getAttribute('#alert', 'role'), 'alert');
    assert.equal(await page.getAttribute('#status', 'role'), 'status');
    assert.equal(await page.getAttribute('#engine-status', 'aria-live'), 'polite');
    assert.equal(await page.getAttribute('#train-progress', 'role'), 'progressbar');

    // every drawn chart (role=img with a description) sits in a figure with a table of its numbers
    const charts = await page.$$eval('.chart[role=img]', (els) => els.filter((e) => !e.closest('[hidden]')).map((e) => ({
      // a chart panel keeps its table in its own <details>; the confusion matrix has its table just below the chart
      id: e.id, label: e.getAttribute('aria-label') ?? '', table: Boolean(e.closest('figure.chart-panel')?.querySelector('details table') || (e.id === 'confusion-chart' && document.querySelector('#confusion-table tbody tr'))),
    })));
    assert.ok(charts.length >= 8, `charts on the page: ${charts.length}`);
    for (const c of charts) {
      assert.ok(c.label.length > 10, `chart ${c.id} has a description`);
      assert.ok(c.table, `chart ${c.id} has a data table`);
    }

    // the Tab walk, from the top of the page
    // a probe button without a focus ring, at the end of main: the walk must reach it and flag it
    await page.evaluate(() => {
      const b = Object.assign(document.createElement('button'), { id: 'ring-probe', type: 'button', textContent: 'probe' });
      b.style.outline = 'none';
      document.getElementById('main').append(b);
    });
    const expected = await page.evaluate(tabbables);
    assert.ok(expected.length > 60, `controls to reach: ${expected.length}`);
    await page.evaluate(toTop);
    await page.evaluate(recordFocus);
    await page.keyboard.press('Tab');
    const firstFocused = await page.evaluate(() => document.activeElement?.className);
    assert.match(firstFocused, /skip-link/, 'the first Tab stop is the skip link');
    for (let i = 0; i < expected.length + 40; i++) {
      await page.keyboard.press('Tab');
      const count = await page.evaluate(() => window.__focus.length);
      if (count > expected.length + 5) break;
    }
    const seen = await page.evaluate(() => window.__focus);
    const seenKeys = new Set(seen.map((f) => f.key));
    const seenGroups = new Set(seen.map((f) => f.group).filter(Boolean));
    const unreached = expected.filter((e) => !(seenKeys.has(e.key) || (e.group && seenGroups.has(e.group))));
    assert.deepEqual(unreached.map((e) => e.what), [], 'Tab reaches every control');
    assert.deepEqual(seen.filter((f) => !f.visible && f.what.includes('ring-probe')).length, 1, 'the ring check flags a control without a ring');
    await page.evaluate(() => document.getElementById('ring-probe').remove());
    const noRing = seen.filter((f) => !f.visible && !f.what.includes('ring-probe'));
    assert.deepEqual(noRing.map((f) => `${f.what} (${f.style})`), [], 'every focused control shows a focus ring');
    console.log(`# Tab reached ${seenKeys.size} controls (${expected.length} expected), each with a visible focus ring`);

    // the skip link jumps to the main content
    await page.evaluate(toTop);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => Boolean(document.activeElement.closest('main'))), 'after the skip link, Tab lands inside main');

    // checked last, so one failure does not hide the others
    assert.deepEqual(skips, [], 'no heading level is skipped');
    assert.deepEqual(log.errors, []);
    assert.deepEqual(foreignRequests(log, server.origin), []);
    await page.close();
  });

  test('phone width 390×844: no sideways scrolling with every panel filled', { timeout: 180_000 }, async () => {
    const { page, log } = await openPage(browser.context, server.url, { viewport: { width: 390, height: 844 } });
    await loadDemo(page);
    await fillAnalysis(page);
    await trainAndWait(page);
    await page.waitForSelector('#classify-button');
    // open every "show the numbers" table too: wide tables must scroll inside their box, not the page
    await page.$$eval('details', (ds) => ds.forEach((d) => (d.open = true)));
    await page.waitForTimeout(300);
    const over = await page.evaluate(() => {
      const vw = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('main *, header *')]
        .filter((el) => !el.closest('.table-scroll, .songs-scroll, .predictions-scroll, [hidden]') && el.getBoundingClientRect().right > vw + 1 && getComputedStyle(el).position !== 'absolute')
        .slice(0, 8)
        .map((el) => `<${el.tagName.toLowerCase()} id="${el.id}" class="${el.className}"> right=${Math.round(el.getBoundingClientRect().right)}`);
      return { scrollWidth: document.documentElement.scrollWidth, vw, wide };
    });
    assert.ok(over.scrollWidth <= over.vw, `the page is ${over.scrollWidth} px wide at ${over.vw} px: ${over.wide.join(', ')}`);
    await shot(page, 'a11y-phone-390-full.png');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shotOf(page, null, 'a11y-phone-390-top.png');
    await page.locator('#results-section').scrollIntoViewIfNeeded();
    await shotOf(page, null, 'a11y-phone-390-results.png');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  test('the theme toggle switches to dark (page and charts), persists across a reload, and the system setting is the default', { timeout: 120_000 }, async () => {
    const { page, log } = await openPage(browser.context, server.url, { colorScheme: 'light' });
    const colours = () => page.evaluate(() => ({
      theme: document.documentElement.dataset.theme,
      bg: getComputedStyle(document.documentElement).backgroundColor,
      text: getComputedStyle(document.documentElement).color,
      pressed: document.getElementById('theme-toggle').getAttribute('aria-pressed'),
      stored: localStorage.getItem('genrelab-theme'),
    }));
    const light = await colours();
    assert.deepEqual({ theme: light.theme, pressed: light.pressed, stored: light.stored }, { theme: 'light', pressed: 'false', stored: null });
    await loadDemo(page);
    await page.waitForSelector('#histogram-chart canvas');
    const chartBefore = await page.evaluate(() => window.genrelab.echarts.getInstanceByDom(document.getElementById('histogram-chart')).id);

    // keyboard: focus the toggle and press Space
    await page.focus('#theme-toggle');
    await page.keyboard.press('Space');
    const dark = await colours();
    assert.equal(dark.theme, 'dark');
    assert.equal(dark.pressed, 'true');
    assert.equal(dark.stored, 'dark');
    assert.notEqual(dark.bg, light.bg, 'the page background changed');
    const lum = (c) => c.match(/\d+/g).slice(0, 3).map(Number).reduce((a, b) => a + b, 0) / 3;
    assert.ok(lum(dark.bg) < 60 && lum(dark.text) > 180, `dark background ${dark.bg}, light text ${dark.text}`);
    // the chart was re-created with the dark theme and the page's dark text colour
    const chartAfter = await page.evaluate(() => {
      const chart = window.genrelab.echarts.getInstanceByDom(document.getElementById('histogram-chart'));
      return { id: chart.id, text: chart.getOption().textStyle?.[0]?.color ?? chart.getOption().textStyle?.color };
    });
    assert.notEqual(chartAfter.id, chartBefore, 'the chart instance was re-created for the dark theme');
    assert.equal(chartAfter.text, await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--text').trim()));
    await page.evaluate(() => window.scrollTo(0, 0));
    await shotOf(page, null, 'a11y-dark-top.png'); // the window: header with the toggle, load and profile

    // contrast of the colour pairs the stylesheet uses for text and rings (WCAG: 4.5:1 text, 3:1 rings and borders), both themes
    for (const theme of ['dark', 'light']) {
      if ((await colours()).theme !== theme) await page.click('#theme-toggle');
      const low = await page.evaluate(contrastProblems);
      assert.deepEqual(low, [], `${theme} theme: colour pairs below their contrast minimum`);
    }
    await page.click('#theme-toggle'); // back to dark
    assert.equal((await colours()).theme, 'dark');
    // a reload keeps the choice, even though the system says light
    await page.reload();
    await page.waitForFunction(() => /ready/.test(document.getElementById('engine-status')?.textContent ?? ''));
    assert.equal((await colours()).theme, 'dark');
    assert.equal((await colours()).pressed, 'true');
    // and back to light, remembered too
    await page.click('#theme-toggle');
    assert.equal((await colours()).theme, 'light');
    await page.reload();
    await page.waitForFunction(() => /ready/.test(document.getElementById('engine-status')?.textContent ?? ''));
    assert.equal((await colours()).theme, 'light');
    assert.deepEqual(log.errors, []);
    await page.close();

    // with no stored choice, the system's dark preference is followed
    const second = await openPage(browser.context, server.url, { colorScheme: 'dark' });
    await second.page.evaluate(() => localStorage.removeItem('genrelab-theme'));
    await second.page.reload();
    await second.page.waitForFunction(() => /ready/.test(document.getElementById('engine-status')?.textContent ?? ''));
    assert.equal(await second.page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    await second.page.emulateMedia({ colorScheme: 'light' });
    await second.page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
    assert.deepEqual(second.log.errors, []);
    await second.page.close();
  });

  test('axe-core reports no violations in either theme with every panel filled and every table open', { timeout: 180_000, skip: axeReason ?? false }, async () => {
    const { page, log } = await openPage(browser.context, server.url, { colorScheme: 'light' });
    await loadDemo(page);
    await fillAnalysis(page);
    await trainAndWait(page);
    await page.waitForSelector('#classify-button');
    await page.$$eval('details', (ds) => ds.forEach((d) => (d.open = true)));
    await page.evaluate(readFileSync(AXE, 'utf8')); // through DevTools, so the page's CSP does not apply
    for (const theme of ['light', 'dark']) {
      await page.evaluate((t) => { if (document.documentElement.dataset.theme !== t) document.getElementById('theme-toggle').click(); }, theme);
      await page.waitForTimeout(500);
      const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
        .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(', ')}`));
      assert.deepEqual(violations, [], `axe in the ${theme} theme`);
    }
    await page.evaluate(() => localStorage.removeItem('genrelab-theme'));
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
