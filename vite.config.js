// Vite builds the static page in web/ into web/dist/. base './' makes every URL in the build relative,
// so the page works from any sub-path (course materials, a file share behind a web server, …).
//
// The worker imports the Emscripten module from web/src/wasm/ (written by scripts/build-wasm).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./web', import.meta.url));
const wasmDir = resolve(root, 'src/wasm');

const NODE_STUB = '\0genrelab-node-stub';

function genrelabWasm() {
  return {
    name: 'genrelab-wasm',
    enforce: 'pre',
    buildStart() {
      if (!existsSync(resolve(wasmDir, 'genrelab.mjs'))) {
        this.error('web/src/wasm/genrelab.mjs is missing: build the wasm module first (scripts/build-wasm).');
      }
      // The demo dataset is generated, not committed: make it when a plain `vite build` runs first.
      if (!existsSync(resolve(root, 'public/demo/songs-demo.csv'))) {
        execFileSync(process.execPath, [fileURLToPath(new URL('./scripts/gen-demo.mjs', import.meta.url))], { stdio: 'inherit' });
      }
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
    plugins: () => [genrelabWasm()],
  },
  preview: { host: '127.0.0.1', port: 8080, strictPort: true },
});
