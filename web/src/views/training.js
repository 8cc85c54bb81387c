// Step 3 (running): a progress bar with the stage the engine reports, the time elapsed and Cancel.
import { h } from '../dom.js';
import { fmtSeconds } from '../format.js';

export function mountTrainingView(root, store, actions) {
  const fill = h('div', { class: 'progress-fill' });
  const bar = h(
    'div',
    { class: 'progress', id: 'train-progress', role: 'progressbar', 'aria-label': 'Training progress', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0' },
    fill,
  );
  const stage = h('span', { class: 'stage', id: 'train-stage' });
  const elapsed = h('span', { class: 'elapsed', id: 'train-elapsed' });
  const cancel = h('button', { type: 'button', id: 'cancel-button', class: 'button danger', onclick: () => actions.cancel() }, 'Cancel');
  const panel = h('div', { class: 'training-panel', id: 'training-panel', hidden: true }, bar, h('p', { class: 'progress-text' }, stage, ' · ', elapsed), cancel);
  root.append(panel);

  let timer = null;
  let wasTraining = false;
  let lastReport = null;
  const tick = () => {
    const t = store.get().training;
    if (t) elapsed.textContent = `${fmtSeconds((performance.now() - t.startedAt) / 1000)} elapsed`;
  };
  store.subscribe((s) => {
    const training = s.phase === 'training' && s.training;
    panel.hidden = !training;
    if (training) {
      const pct = Math.round(Math.max(0, Math.min(1, s.training.fraction ?? 0)) * 100);
      fill.style.width = `${pct}%`;
      bar.setAttribute('aria-valuenow', String(pct));
      bar.setAttribute('aria-valuetext', `${pct} percent, ${s.training.stage || 'working'}`);
      stage.textContent = `${pct} % — ${s.training.stage || 'working'}`;
      tick();
      if (!timer) timer = setInterval(tick, 200);
      if (!wasTraining) cancel.focus();   // keyboard users land on the one control that works now
    } else {
      if (timer) clearInterval(timer);
      timer = null;
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
