// Step 4 (running): a progress bar with the stage the engine reports, the time elapsed and left, Cancel,
// and — for a neural network — its loss and accuracy per epoch drawn live as it trains.
import { h } from '../dom.js';
import { fmtSeconds } from '../format.js';
import { learningCurves } from './curves.js';
import { changed } from '../state.js';
import { compositedFill } from './job-progress.js';

export function mountTrainingView(root, store, actions) {
  const fill = h('div', { class: 'progress-fill' });
  const setFill = compositedFill(fill);
  const bar = h(
    'div',
    { class: 'progress', id: 'train-progress', role: 'progressbar', 'aria-label': 'Training progress', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0' },
    fill,
  );
  const stage = h('span', { class: 'stage', id: 'train-stage' });
  const elapsed = h('span', { class: 'elapsed', id: 'train-elapsed' });
  const cancel = h('button', { type: 'button', id: 'cancel-button', class: 'button danger', onclick: () => actions.cancel() }, 'Cancel');
  const liveBox = h('div', { class: 'live-curves results-grid', id: 'live-curves', hidden: true, 'aria-live': 'off' });
  const panel = h('div', { class: 'training-panel', id: 'training-panel', hidden: true }, bar, h('p', { class: 'progress-text' }, stage, ' · ', elapsed), cancel);
  root.append(panel, liveBox);
  let live = null; // {curves, epochs, drawnAt} while the curves are on screen

  let timer = null;
  let wasTraining = false;
  let lastReport = null;
  const tick = () => {
    const t = store.get().training;
    if (!t) return;
    const secs = (performance.now() - t.startedAt) / 1000;
    const f = Math.max(0, Math.min(1, t.fraction ?? 0));
    // the rate so far is the best guess there is; too early (< 3 % or < 1 s) it says nothing useful
    const left = f > 0.03 && secs > 1 ? (secs * (1 - f)) / f : null;
    elapsed.textContent = `${fmtSeconds(secs)} elapsed${left !== null ? `, about ${fmtSeconds(left)} left` : ''}`;
  };
  store.subscribe((s, prev) => {
    if (!changed(s, prev, 'phase', 'training', 'report')) return;
    const training = s.phase === 'training' && s.training;
    panel.hidden = !training;
    if (training) {
      const pct = Math.round(Math.max(0, Math.min(1, s.training.fraction ?? 0)) * 100);
      setFill(pct / 100);
      bar.setAttribute('aria-valuenow', String(pct));
      bar.setAttribute('aria-valuetext', `${pct} percent, ${s.training.stage || 'working'}`);
      stage.textContent = `${pct} % — ${s.training.stage || 'working'}`;
      tick();
      if (!timer) timer = setInterval(tick, 200);
      // keyboard users land on the one control that works now; in a task of its own, since focusing makes the
      // browser lay out the whole changed page at once, on top of the click that started training (issue 6)
      if (!wasTraining) setTimeout(() => !panel.hidden && cancel.focus(), 0);
      const epochs = s.training.live?.train_loss?.length ?? 0;
      if (epochs > 0 && !live) {
        liveBox.hidden = false;
        const curves = learningCurves('live', s.training.live);
        liveBox.replaceChildren(...curves.panels.map((p) => p.el));
        for (const p of curves.panels) p.mount({ defer: true });
        live = { curves, epochs, drawnAt: performance.now() };
      } else if (live && epochs !== live.epochs && performance.now() - live.drawnAt > 500) {
        // at most 2 redraws a second: an epoch can take a few milliseconds, and a redraw of the two charts
        // costs tens of milliseconds of the page's main thread (more on a busy computer)
        live.curves.update(s.training.live);
        live.epochs = epochs;
        live.drawnAt = performance.now();
      }
    } else {
      if (timer) clearInterval(timer);
      timer = null;
      if (live) {
        for (const p of live.curves.panels) p.dispose();
        live = null;
        liveBox.replaceChildren();
        liveBox.hidden = true;
      }
      if (wasTraining && (document.activeElement === cancel || document.activeElement === document.body)) {
        // focus leaves the hidden Cancel button: to the new results, or back to Train
        const target = s.report && s.report !== lastReport ? document.getElementById('results-heading') : document.getElementById('train-button');
        target?.focus();
      }
      lastReport = s.report;
    }
    wasTraining = Boolean(training);
  });
}
