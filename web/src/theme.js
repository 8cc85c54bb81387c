// Light and dark themes. The page follows the system's `prefers-color-scheme` until the person picks a theme
// with the header's toggle; that choice is remembered in localStorage (nothing leaves the browser) and wins
// over the system setting from then on. The theme is written as <html data-theme="light|dark"> — the
// stylesheet keys its colour variables on it (and on the media query alone, before this script has run) —
// and announced to whoever listens (charts.js re-creates the ECharts instances with ECharts' 'dark' theme).
const KEY = 'genrelab-theme';
const media = window.matchMedia('(prefers-color-scheme: dark)');
const listeners = new Set();

// localStorage throws in some sandboxed iframes and with storage blocked: the page then just does not remember.
function stored() {
  try {
    const v = window.localStorage.getItem(KEY);
    return v === 'dark' || v === 'light' ? v : null;
  } catch {
    return null;
  }
}

let choice = stored(); // 'light' | 'dark' | null (= follow the system)

export const currentTheme = () => choice ?? (media.matches ? 'dark' : 'light');
export const isDark = () => currentTheme() === 'dark';

// fn(theme) after every change of the theme in use; returns a function that stops listening.
export function onThemeChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

let applied = null;
function apply() {
  const theme = currentTheme();
  const root = document.documentElement;
  root.dataset.theme = theme;
  root.style.colorScheme = theme; // form controls and scrollbars follow
  if (theme === applied) return;
  applied = theme;
  for (const fn of [...listeners]) fn(theme);
}

// theme: 'light' | 'dark' | null (forget the choice and follow the system again)
export function setTheme(theme) {
  choice = theme === 'light' || theme === 'dark' ? theme : null;
  try {
    if (choice) window.localStorage.setItem(KEY, choice);
    else window.localStorage.removeItem(KEY);
  } catch {
    /* not remembered; still applied */
  }
  apply();
}

media.addEventListener('change', () => {
  if (!choice) apply();
});
// another tab of the page changed the theme: follow it
window.addEventListener('storage', (e) => {
  if (e.key !== KEY && e.key !== null) return;
  choice = stored();
  apply();
});
apply(); // as soon as this module runs (main.js imports it first)

// The toggle: one button whose pressed state says "dark theme on". A button (not a switch role) because every
// screen reader announces aria-pressed.
export function mountThemeToggle(container) {
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'theme-toggle';
  button.className = 'button small theme-toggle';
  const icon = document.createElement('span');
  icon.setAttribute('aria-hidden', 'true');
  const text = document.createElement('span');
  text.textContent = 'Dark theme';
  button.append(icon, text);
  const sync = () => {
    const dark = isDark();
    button.setAttribute('aria-pressed', String(dark));
    icon.textContent = dark ? '☾' : '☀';
    button.title = dark ? 'Dark theme is on: press for the light theme' : 'Light theme is on: press for the dark theme';
  };
  button.addEventListener('click', () => setTheme(isDark() ? 'light' : 'dark'));
  onThemeChange(sync);
  sync();
  container.prepend(button); // floats right, beside the title
  return button;
}
