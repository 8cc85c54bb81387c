// Number and size formatting shared by the views (one locale-aware place).
const int = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

export const fmtInt = (n) => (Number.isFinite(n) ? int.format(n) : '—');

export function fmtBytes(n) {
  if (!Number.isFinite(n)) return '—';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024, u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

// A compact number for a profile table: 4 significant digits, thousands separators for big ones.
export function fmtNum(x) {
  if (x === null || x === undefined || x === '') return '—';
  const n = Number(x);
  if (!Number.isFinite(n)) return String(x);
  if (Number.isInteger(n)) return int.format(n);
  const abs = Math.abs(n);
  if (abs >= 1000) return int.format(n);
  return new Intl.NumberFormat(undefined, { maximumSignificantDigits: 4 }).format(n);
}

export const fmtPct = (x, digits = 1) => (Number.isFinite(x) ? `${(x * 100).toFixed(digits)} %` : '—');
export const fmtScore = (x) => (Number.isFinite(x) ? x.toFixed(3) : '—');

export function fmtSeconds(s) {
  if (!Number.isFinite(s)) return '—';
  if (s < 0.1) return `${Math.max(0, s * 1000).toFixed(s < 0.01 ? 1 : 0)} ms`;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}
