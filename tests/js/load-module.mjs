// Loads the wasm build under Node 20, working around two Emscripten 3.1.6 bugs (see ../shared/TOOLCHAIN.md):
// the ES module refers to __dirname/require, and it tries fetch() on a file path.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const wasmDir = new URL('../../web/src/wasm/', import.meta.url);

export async function loadModule() {
  globalThis.__dirname = wasmDir.pathname;
  globalThis.require = createRequire(wasmDir);
  const { default: createModule } = await import(new URL('genrelab.mjs', wasmDir));
  return createModule({ wasmBinary: fs.readFileSync(new URL('genrelab.wasm', wasmDir)) });
}

// Parses an api reply and fails loudly on {ok:false}.
export function ok(text) {
  const reply = JSON.parse(text);
  if (!reply.ok) throw new Error(reply.error);
  return reply;
}

// Runs a training job to the end the way the worker does, step by step.
export function trainInModule(m, dataset, recipe) {
  const { job } = ok(m.start_training(dataset, JSON.stringify(recipe)));
  let fractions = [];
  for (;;) {
    const s = ok(m.step_job(job, 50));
    fractions.push(s.fraction);
    if (s.done) break;
  }
  return { ...ok(m.finish_training(job)), fractions };
}
