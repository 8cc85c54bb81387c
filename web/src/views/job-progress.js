// Pieces the map and clustering views share: a running job's progress (the training view's pattern: a bar
// with the stage the engine reports, the time elapsed, an estimate of the time left, and Cancel;
// update(job) with {fraction, stage, startedAt} | null), inline errors, and drawing charts one by one.
import { h } from '../dom.js';
import { fmtSeconds } from '../format.js';

// A progress bar's fill grows by a transform, not its width: the CSS transition then runs on the compositor,
// without a style, layout and paint of the whole page in every frame while the bar moves (issue 6).
export function compositedFill(fill) {
  Object.assign(fill.style, { width: '100%', transformOrigin: 'left center', transform: 'scaleX(0)', transition: 'transform 0.12s linear', willChange: 'transform' });
  return (fraction) => {
    fill.style.transform = `scaleX(${Math.max(0, Math.min(1, fraction))})`;
  };
}

// one chart that cannot draw (e.g. no WebGL for 3-D) must not keep the others from drawing
export function mountSafely(panel) {
  try {
    panel.mount();
  } catch (e) {
    console.warn('A chart could not be drawn:', e);
    const chart = panel.el.querySelector('.chart');
    chart?.replaceChildren(Object.assign(document.createElement('p'), { className: 'inline-error', textContent: `This chart could not be drawn here: ${e.message}` }));
  }
}

// An inline error: role=alert only while it has something to say (announced when it appears).
export function showError(el, text) {
  el.hidden = !text;
  el.textContent = text ?? '';
  if (text) el.setAttribute('role', 'alert');
  else el.removeAttribute('role');
}

export function jobProgress(id, label, onCancel, { afterFocus } = {}) {
  const fill = h('div', { class: 'progress-fill' });
  const setFill = compositedFill(fill);
  // role=progressbar only while it runs: a page with several hidden bars should not offer them to anyone
  const bar = h('div', { class: 'progress', id: `${id}-progress`, 'aria-label': label, 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0' }, fill);
  const stage = h('span', { class: 'stage', id: `${id}-stage` });
  const time = h('span', { class: 'elapsed', id: `${id}-time` });
  const cancel = h('button', { type: 'button', id: `${id}-cancel`, class: 'button danger small', onclick: () => onCancel() }, 'Cancel');
  const el = h('div', { class: 'training-panel job-panel', id: `${id}-panel`, hidden: true }, bar, h('p', { class: 'progress-text' }, stage, ' · ', time), cancel);

  let job = null;
  let timer = null;
  const tick = () => {
    if (!job) return;
    const elapsed = (performance.now() - job.startedAt) / 1000;
    const f = Math.max(0, Math.min(1, job.fraction ?? 0));
    // the rate so far is the best guess there is; too early (< 3 % or < 1 s) it says nothing useful
    const left = f > 0.03 && elapsed > 1 ? (elapsed * (1 - f)) / f : null;
    time.textContent = `${fmtSeconds(elapsed)} elapsed${left !== null ? `, about ${fmtSeconds(left)} left` : ''}`;
  };
  return {
    el,
    update(next) {
      if (next === job) return; // the same job object: nothing to redraw (views call this on every store change)
      const was = Boolean(job);
      job = next;
      el.hidden = !job;
      if (job) bar.setAttribute('role', 'progressbar');
      else bar.removeAttribute('role');
      if (job) {
        const pct = Math.round(Math.max(0, Math.min(1, job.fraction ?? 0)) * 100);
        setFill(pct / 100);
        bar.setAttribute('aria-valuenow', String(pct));
        bar.setAttribute('aria-valuetext', `${pct} percent, ${job.stage || 'working'}`);
        stage.textContent = `${pct} % — ${job.stage || 'working'}`;
        tick();
        timer ??= setInterval(tick, 250);
        if (!was && (document.activeElement === document.body || document.activeElement?.closest?.('form, .analysis-form'))) cancel.focus();
      } else {
        if (timer) clearInterval(timer);
        timer = null;
        if (was && (document.activeElement === cancel || document.activeElement === document.body)) afterFocus?.()?.focus();
      }
    },
  };
}
