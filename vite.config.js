// Vite builds the static page in web/ into web/dist/. base './' makes every URL in the build relative,
// so the page works from any sub-path (course materials, a file share behind a web server, …).
//
// The worker imports the Emscripten module from web/src/wasm/ (written by scripts/build-wasm).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./web', import.meta.url));
const wasmDir = resolve(root, 'src/wasm');

const NODE_STUB = '\0genrelab-node-stub';
const modelsSrc = fileURLToPath(new URL('./models', import.meta.url));
const modelsOut = resolve(root, 'public/models');

const CLASSIFIER_NAMES = { knn: 'k-nearest neighbours', mlp: 'neural network (MLP)', svm: 'support vector machine', logistic: 'logistic regression', forest: 'random forest' };

// One line for the page's list of shipped models, from the model file itself (its recipe's name and notes,
// else its model card).
function describeModel(file, model) {
  const card = model.card ?? {};
  const recipe = model.recipe ?? {};
  const accuracy = card.metrics?.accuracy ?? model.report?.metrics?.accuracy;
  const classes = model.classes ?? card.classes ?? [];
  const features = recipe.features ?? card.features ?? [];
  const facts = [
    `${CLASSIFIER_NAMES[recipe.classifier?.type] ?? recipe.classifier?.type ?? 'model'} on ${features.length} features`,
    `${classes.length} genres`,
    Number.isFinite(accuracy) ? `${(accuracy * 100).toFixed(1)} % accuracy on held-out songs` : null,
  ].filter(Boolean).join(', ');
  return {
    file,
    name: recipe.name || card.name || file.replace(/\.model\.json$/, ''),
    description: recipe.notes ? `${recipe.notes.trim().replace(/\.$/, '')}. ${facts[0].toUpperCase()}${facts.slice(1)}.` : `${facts[0].toUpperCase()}${facts.slice(1)}.`,
  };
}

// Copies models/*.model.json into web/public/models/ (the page's own static files) with an index.json
// [{file, name, description}] the page lists; files no longer in models/ are removed. Always writes an
// index (possibly []), so the page never asks for a file that is not there.
export function copyShippedModels() {
  mkdirSync(modelsOut, { recursive: true });
  const files = existsSync(modelsSrc) ? readdirSync(modelsSrc).filter((f) => f.endsWith('.model.json')).sort() : [];
  const index = [];
  for (const file of files) {
    const text = readFileSync(resolve(modelsSrc, file), 'utf8');
    let model;
    try {
      model = JSON.parse(text);
    } catch (e) {
      throw new Error(`models/${file} is not valid JSON: ${e.message}`);
    }
    const target = resolve(modelsOut, file);
    if (!existsSync(target) || statSync(target).size !== text.length || readFileSync(target, 'utf8') !== text) writeFileSync(target, text);
    index.push(describeModel(file, model));
  }
  for (const f of readdirSync(modelsOut)) {
    if (f.endsWith('.model.json') && !files.includes(f)) rmSync(resolve(modelsOut, f));
  }
  const indexText = JSON.stringify(index, null, 2) + '\n';
  const indexPath = resolve(modelsOut, 'index.json');
  if (!existsSync(indexPath) || readFileSync(indexPath, 'utf8') !== indexText) writeFileSync(indexPath, indexText);
  return index;
}

function genrelabWasm({ page = true } = {}) {
  return {
    name: 'genrelab-wasm',
    enforce: 'pre',
    configureServer(server) {
      // `vite` (dev): refresh the shipped models when a file in models/ changes.
      if (!page) return;
      server.watcher.add(modelsSrc);
      server.watcher.on('all', (_event, file) => {
        if (file.startsWith(modelsSrc) && basename(file).endsWith('.model.json')) copyShippedModels();
      });
    },
    buildStart() {
      if (page) copyShippedModels();
      if (!existsSync(resolve(wasmDir, 'genrelab.mjs'))) {
        this.error('web/src/wasm/genrelab.mjs is missing: build the wasm module first (scripts/build-wasm).');
      }
      // The demo dataset is generated, not committed: make it when a plain `vite build` runs first.
      if (!existsSync(resolve(root, 'public/demo/songs-demo.csv'))) {
        execFileSync(process.execPath, [fileURLToPath(new URL('./scripts/gen-demo.mjs', import.meta.url))], { stdio: 'inherit' });
      }
    },
    closeBundle() {
      // The service worker (web/public/sw.js) precaches every file of the build listed here, so the page works
      // offline once loaded. Written after the bundle, when the hashed names are known.
      if (!page) return;
      const out = resolve(root, '../web/dist');
      if (!existsSync(out)) return;
      const files = [];
      const walk = (dir, rel) => {
        for (const f of readdirSync(dir).sort()) {
          const full = resolve(dir, f);
          if (statSync(full).isDirectory()) walk(full, `${rel}${f}/`);
          else if (f !== 'sw.js' && f !== 'sw-manifest.json' && !f.endsWith('.map')) files.push(`./${rel}${f}`);
        }
      };
      walk(out, '');
      writeFileSync(resolve(out, 'sw-manifest.json'), JSON.stringify({ files }, null, 1) + '\n');
    },
    resolveId(source, importer) {
      // Emscripten's Node branch (never taken in a browser) calls require('fs'/'path'): give it an
      // empty stand-in instead of Vite's "externalized for browser compatibility" stub and warning.
      if ((source === 'fs' || source === 'path') && importer?.endsWith('genrelab.mjs')) return NODE_STUB;
      return null;
    },
    load(id) {
      return id === NODE_STUB ? 'export default {};' : null;
    },
  };
}

export default defineConfig({
  root: 'web',
  base: './',
  publicDir: 'public',
  plugins: [genrelabWasm()],
  build: {
    outDir: '../web/dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,          // never inline the .wasm (or anything) as a data: URL
    chunkSizeWarningLimit: 1500,   // ECharts is large; it is one cached chunk
  },
  worker: {
    format: 'es',
    plugins: () => [genrelabWasm({ page: false })],
  },
  preview: { host: '127.0.0.1', port: 8080, strictPort: true },
});
