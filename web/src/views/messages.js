// The alert region (errors: role=alert, announced at once) and the status line (role=status, polite).
import { h, replace } from '../dom.js';
import { changed } from '../state.js';

export function mountMessages(alertEl, statusEl, store, actions) {
  let shownError = null;
  store.subscribe((s, prev) => {
    if (!changed(s, prev, 'error', 'notice')) return;
    if (s.error !== shownError) {
      shownError = s.error;
      if (s.error) {
        replace(
          alertEl,
          h('p', { class: 'alert-text', id: 'alert-text' }, h('strong', {}, 'Problem: '), s.error.message),
          h('button', { type: 'button', class: 'button small', id: 'dismiss-alert', onclick: () => actions.dismissError() }, 'Dismiss'),
        );
      } else alertEl.replaceChildren();
      alertEl.classList.toggle('visible', Boolean(s.error));
    }
    const text = s.notice ?? '';
    if (statusEl.textContent !== text) statusEl.textContent = text;
    statusEl.classList.toggle('visible', Boolean(text));
  });
}

export function mountEngineStatus(el, store) {
  store.subscribe((s, prev) => {
    if (!changed(s, prev, 'phase', 'engine')) return;
    if (s.phase === 'starting') el.textContent = 'Starting the engine…';
    else if (s.engine?.failed) el.textContent = 'The engine could not start.';
    else if (s.engine) el.textContent = `Engine ${s.engine.version ?? ''} ready (WebAssembly, in a background worker).`;
  });
}
