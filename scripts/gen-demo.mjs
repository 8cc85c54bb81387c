#!/usr/bin/env node
// Writes the built-in demo dataset web/public/demo/songs-demo.csv: 6,000 made-up songs in 10 genres
// (600 each), with the columns of the Kaggle "music genre" data the project grew from and its kinds of
// mess (empty cells, '?' tempos, -1 durations, all-empty rows). The numbers are the project's own: drawn
// from genre-dependent distributions (classical acoustic and quiet, metal loud and energetic, hip-hop
// speechy and danceable …) with enough overlap that kNN gets roughly half the songs right.
//
// Deterministic: one seeded mulberry32 stream (seed 2026), fixed decimals, fixed row order → the same
// bytes on every run and every machine.
//
//   node scripts/gen-demo.mjs [--out PATH] [--check]     (--check: print per-genre means, write nothing)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEED = 2026;
const PER_GENRE = 600;
const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const outArg = args.indexOf('--out');
const OUT = outArg >= 0 ? resolve(args[outArg + 1]) : resolve(here, '../web/public/demo/songs-demo.csv');

// ---- randomness: mulberry32 + own normal (Box–Muller), nothing from Math.random ----
function mulberry32(a) {
  return function () {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(SEED);
let spare = null;
function normal(mean = 0, sd = 1) {
  if (spare !== null) { const z = spare; spare = null; return mean + sd * z; }
  let u = 0;
  while (u === 0) u = rand();
  const v = rand();
  const r = Math.sqrt(-2 * Math.log(u));
  spare = r * Math.sin(2 * Math.PI * v);
  return mean + sd * r * Math.cos(2 * Math.PI * v);
}
const pick = (arr) => arr[Math.floor(rand() * arr.length)];
const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
const sigmoid = (x) => 1 / (1 + Math.exp(-x));
const logit = (p) => Math.log(p / (1 - p));
// A value in (0,1) around `p`: logistic-normal, so skewed near 0 or 1 as real audio features are.
const unit = (p, spread) => sigmoid(normal(logit(p), spread));

// ---- genre profiles: typical values and how much songs vary around them ----
// pop: popularity, ac: acousticness, da: danceability, dur: seconds, en: energy, ins: instrumentalness,
// li: liveness, loud: dB, sp: speechiness, tempo: BPM, va: valence, major: P(mode = Major),
// keys: favoured note names.
const GENRES = {
  rock:       { pop: 48, ac: 0.12, da: 0.50, dur: 240, en: 0.76, ins: 0.05, li: 0.20, loud: -6.8, sp: 0.045, tempo: 124, va: 0.50, major: 0.70, keys: ['E', 'A', 'D', 'G'] },
  pop:        { pop: 62, ac: 0.20, da: 0.66, dur: 208, en: 0.66, ins: 0.01, li: 0.16, loud: -6.0, sp: 0.07,  tempo: 118, va: 0.54, major: 0.62, keys: ['C', 'G', 'C#', 'F'] },
  'hip-hop':  { pop: 58, ac: 0.14, da: 0.76, dur: 222, en: 0.64, ins: 0.01, li: 0.19, loud: -6.4, sp: 0.26,  tempo: 108, va: 0.48, major: 0.50, keys: ['C#', 'G#', 'B', 'F#'] },
  electronic: { pop: 42, ac: 0.06, da: 0.64, dur: 275, en: 0.78, ins: 0.55, li: 0.18, loud: -6.6, sp: 0.07,  tempo: 126, va: 0.40, major: 0.48, keys: ['A', 'F', 'G#', 'C#'] },
  jazz:       { pop: 36, ac: 0.62, da: 0.58, dur: 285, en: 0.40, ins: 0.40, li: 0.17, loud: -11.0, sp: 0.055, tempo: 112, va: 0.52, major: 0.58, keys: ['F', 'A#', 'D#', 'C'] },
  classical:  { pop: 29, ac: 0.90, da: 0.30, dur: 330, en: 0.16, ins: 0.80, li: 0.14, loud: -20.0, sp: 0.045, tempo: 104, va: 0.22, major: 0.60, keys: ['C', 'D', 'G', 'D#'] },
  country:    { pop: 46, ac: 0.30, da: 0.58, dur: 214, en: 0.62, ins: 0.01, li: 0.18, loud: -7.0, sp: 0.038, tempo: 122, va: 0.57, major: 0.85, keys: ['G', 'D', 'A', 'C'] },
  metal:      { pop: 36, ac: 0.02, da: 0.42, dur: 268, en: 0.90, ins: 0.15, li: 0.21, loud: -5.0, sp: 0.085, tempo: 130, va: 0.30, major: 0.45, keys: ['E', 'D', 'C#', 'F#'] },
  blues:      { pop: 33, ac: 0.36, da: 0.52, dur: 250, en: 0.56, ins: 0.10, li: 0.24, loud: -8.6, sp: 0.05,  tempo: 116, va: 0.55, major: 0.66, keys: ['E', 'A', 'G', 'B'] },
  reggae:     { pop: 39, ac: 0.20, da: 0.74, dur: 236, en: 0.60, ins: 0.04, li: 0.18, loud: -7.6, sp: 0.11,  tempo: 100, va: 0.70, major: 0.60, keys: ['A', 'G', 'D', 'C'] },
};
const NOTES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

// ---- made-up names from syllables ----
const SYL = ['ka', 'lo', 'mi', 'ra', 'ven', 'tor', 'sil', 'da', 'ne', 'zu', 'bel', 'mar', 'ko', 'li', 'an', 'fe',
  'ro', 'sa', 'tin', 'vo', 'gra', 'del', 'mo', 'ri', 'su', 'ty', 'pel', 'jo', 'nar', 'qui', 'el', 'bo'];
const WORDS = ['Night', 'River', 'Gold', 'Fire', 'Blue', 'Echo', 'Heart', 'Road', 'Glass', 'Storm', 'Light', 'Dream',
  'Stone', 'Rain', 'Shadow', 'Summer', 'Wild', 'Silver', 'Moon', 'City', 'Ghost', 'Honey', 'Iron', 'Velvet'];
const cap = (s) => s[0].toUpperCase() + s.slice(1);
const word = (n) => cap(Array.from({ length: n }, () => pick(SYL)).join(''));
function artistName() {
  const r = rand();
  if (r < 0.45) return `${word(2)} ${word(2 + Math.floor(rand() * 2))}`;
  if (r < 0.70) return `The ${word(2)}s`;
  if (r < 0.85) return `${word(3)}`;
  if (r < 0.95) return `${word(2)} & the ${pick(WORDS)}s`;
  return `${word(2)}, ${word(2)} and ${word(2)}`;          // a comma: exercises CSV quoting
}
function trackName() {
  const r = rand();
  if (r < 0.35) return `${pick(WORDS)} ${word(2)}`;
  if (r < 0.60) return `${word(2)} ${pick(WORDS)}`;
  if (r < 0.80) return `${pick(WORDS)} of ${word(2)}`;
  if (r < 0.95) return `${word(2)}'s ${pick(WORDS)}`;
  return `"${word(2)}" (${pick(WORDS)} Mix)`;               // quotes: exercises CSV escaping
}

// ---- one song ----
function song(g) {
  const p = GENRES[g];
  const key = rand() < 0.55 ? pick(p.keys) : pick(NOTES);
  return {
    popularity: Math.round(clamp(normal(p.pop, 15), 0, 99)),
    acousticness: clamp(unit(p.ac, 1.35), 1e-6, 0.996),
    danceability: clamp(normal(p.da, 0.15), 0.06, 0.986),
    duration_ms: Math.round(clamp(normal(p.dur, 60), 45, 1500) * 1000 + Math.floor(rand() * 1000)),
    energy: clamp(normal(p.en, 0.17), 0.001, 0.999),
    instrumentalness: rand() < 0.35 ? 0 : clamp(unit(p.ins, 1.8), 0, 0.99),
    key,
    liveness: clamp(unit(p.li, 0.7), 0.015, 0.99),
    loudness: clamp(normal(p.loud, p.loud < -15 ? 5 : 2.8), -47, 1.5),
    mode: rand() < p.major ? 'Major' : 'Minor',
    speechiness: clamp(unit(p.sp, 0.65), 0.022, 0.94),
    tempo: clamp(normal(p.tempo, 25), 45, 220),
    valence: clamp(normal(p.va, 0.22), 0.02, 0.99),
  };
}

const FEATURES = ['popularity', 'acousticness', 'danceability', 'duration_ms', 'energy', 'instrumentalness', 'key',
  'liveness', 'loudness', 'mode', 'speechiness', 'tempo', 'valence'];
const HEADER = ['track_id', 'artist_name', 'track_name', ...FEATURES, 'genre'];
const DECIMALS = { acousticness: 5, danceability: 3, energy: 3, instrumentalness: 5, liveness: 4, loudness: 3, speechiness: 4, tempo: 3, valence: 3 };

// ---- the table ----
const genres = Object.keys(GENRES);
const artists = Object.fromEntries(genres.map((g) => [g, Array.from({ length: 90 }, artistName)]));
const rows = [];
for (const g of genres) {
  for (let i = 0; i < PER_GENRE; i++) rows.push({ genre: g, artist_name: pick(artists[g]), track_name: trackName(), ...song(g) });
}
// Fisher–Yates shuffle so genres are interleaved.
for (let i = rows.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [rows[i], rows[j]] = [rows[j], rows[i]];
}

function cell(name, v) {
  if (typeof v === 'number') {
    if (name in DECIMALS) return String(Number(v.toFixed(DECIMALS[name])));
    return String(v);
  }
  return v;
}
const quote = (s) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

const lines = [HEADER.join(',')];
const emptyAt = new Set([1234, 3210, 5000]);     // 3 all-empty rows
let id = 0;
for (let i = 0; i < rows.length; i++) {
  if (emptyAt.has(i)) lines.push(','.repeat(HEADER.length - 1));
  const r = rows[i];
  const out = [`GL${String(++id).padStart(5, '0')}`, r.artist_name, r.track_name];
  for (const f of FEATURES) {
    let v = cell(f, r[f]);
    const u = rand();
    if (f === 'tempo' && u < 0.05) v = '?';                       // ~5 % unknown tempo
    else if (f === 'duration_ms' && u < 0.03) v = '-1';           // ~3 % unknown duration
    else if (rand() < 0.01) v = '';                                // ~1 % empty cells in every feature
    out.push(v);
  }
  out.push(r.genre);
  lines.push(out.map(quote).join(','));
}
const text = lines.join('\n') + '\n';

if (args.includes('--check')) {
  for (const g of genres) {
    const rs = rows.filter((r) => r.genre === g);
    const mean = (f) => (rs.reduce((s, r) => s + r[f], 0) / rs.length).toFixed(3);
    console.log(g.padEnd(11), ['acousticness', 'energy', 'loudness', 'speechiness', 'tempo'].map((f) => `${f}=${mean(f)}`).join(' '));
  }
} else {
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, text);
  console.log(`gen-demo: wrote ${rows.length} songs (${genres.length} genres) to ${OUT} (${text.length} bytes)`);
}
