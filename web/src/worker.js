// The only place the wasm module lives. The page talks to it with messages:
//   → {id, op, args}
//   ← {id, progress: {fraction, stage}}            (zero or more, for long operations)
//   ← {id, ok: true, result}  |  {id, ok: false, error: {message, cancelled?}}
// Fitted state (datasets, jobs, models) stays here, keyed by the module's integer ids; only results cross.
import createModule from './wasm/genrelab.mjs';
import wasmUrl from './wasm/genrelab.wasm?url';

const STEP_BUDGET_MS = 50;

const modulePromise = createModule({
  locateFile: (path) => (path.endsWith('.wasm') ? wasmUrl : path),
  print: (text) => console.log('[wasm]', text),
  printErr: (text) => console.warn('[wasm]', text),
});

class OpError extends Error {
  constructor(message, extra = {}) {
    super(message);
    Object.assign(this, extra);
  }
}

// Calls one Embind function; they all return JSON text {"ok":true,…} | {"ok":false,"error":"…"}.
async function api(name, ...args) {
  const m = await modulePromise;
  if (typeof m[name] !== 'function') throw new OpError(`The wasm module has no function '${name}'.`);
  let text;
  try {
    if (selfTestFault) throw selfTestFault.shift();
    text = m[name](...args);
  } catch (e) {
    // A wasm trap or abort (memory exhausted past MAXIMUM_MEMORY, a failed grow) leaves the module unusable:
    // say so, and let the page start a fresh worker (worker-client.js restarts on `fatal`).
    if (e instanceof OpError) throw e;
    const text = String(e?.message ?? e);
    const oom = e instanceof RangeError || /out of memory|OOM|alloc|memory access out of bounds|Cannot enlarge memory/i.test(text);
    throw new OpError(
      oom ? `The engine ran out of memory in ${name} (${text}).` : `The engine stopped with an internal error in ${name} (${text}).`,
      { oom, fatal: true },
    );
  } finally {
    if (selfTestFault && selfTestFault.length === 0) selfTestFault = null;
  }
  let res;
  try {
    res = JSON.parse(text);
  } catch {
    throw new OpError(`The wasm module's ${name} returned something that is not JSON.`);
  }
  // std::bad_alloc inside the engine comes back as {"ok":false,"error":"out of memory: …"} (registry.hpp):
  // the module survived, but its memory is grown and fragmented, so the page restarts the worker anyway.
  if (!res || res.ok === false) {
    const message = res?.error || `${name} failed.`;
    if (/^out of memory/.test(message)) throw new OpError(`The engine ran out of memory in ${name}: ${message.replace(/^out of memory:?\s*/, '')}.`, { oom: true, fatal: true });
    throw new OpError(message);
  }
  delete res.ok;
  return res;
}

// Advances a job to its end: step_job (≈50 ms a step, yielding between steps so 'cancel' can arrive, posting
// progress) → finish_job. A cancel or a failure drops the job in the module.
async function runJob(job, ctx, cancelledMessage) {
  try {
    ctx.progress({ fraction: 0, stage: 'starting' });
    for (;;) {
      await yieldToEventLoop();
      if (ctx.cancelled) {
        await api('cancel_job', job).catch(() => {});
        throw new OpError(cancelledMessage, { cancelled: true });
      }
      const step = await api('step_job', job, STEP_BUDGET_MS);
      // live: what the job shows while it runs (the MLP's per-epoch curves so far), when it has any
      ctx.progress({ fraction: step.fraction ?? 0, stage: step.stage ?? '', ...(step.live != null ? { live: step.live } : {}) });
      if (step.done) break;
    }
  } catch (e) {
    if (!e.cancelled) await api('cancel_job', job).catch(() => {});
    throw e;
  }
  return api('finish_job', job);
}

// Test hook (tests/e2e/hostile.test.mjs): selfTest {kind:'oom'|'abort'} makes the NEXT engine call fail the way
// a std::bad_alloc ('oom': the api's "out of memory" answer) or a wasm abort ('abort': a thrown RuntimeError)
// would, so the page's recovery (message, fresh worker, data reloaded, results kept) can be tested without
// exhausting the machine's memory. It changes nothing else and lasts one call.
let selfTestFault = null;

// Requests that are running and may be cancelled: request id → {cancelled}.
const running = new Map();
const yieldToEventLoop = () => new Promise((resolve) => setTimeout(resolve, 0));

const ops = {
  async version() {
    return api('version');
  },

  // Test hook: see selfTestFault above.
  async selfTest({ kind }) {
    if (kind === 'oom') selfTestFault = [new OpError('The engine ran out of memory (self-test: a simulated std::bad_alloc).', { oom: true, fatal: true })];
    else if (kind === 'abort') selfTestFault = [new WebAssembly.RuntimeError('Aborted(OOM) (self-test: a simulated wasm abort)')];
    else throw new OpError(`selfTest: unknown kind '${kind}' (oom, abort)`);
    return { armed: kind };
  },

  // args: {bytes: ArrayBuffer (transferred), options?}
  async loadCsv({ bytes, options = {} }) {
    return api('load_csv', new Uint8Array(bytes), JSON.stringify(options));
  },

  async forgetDataset({ dataset }) {
    return api('forget_dataset', dataset);
  },

  async suggestRecipe({ dataset }) {
    const res = await api('suggest_recipe', dataset);
    return { recipe: res.recipe ?? res };
  },

  // Runs start_training → step_job (≈50 ms a step, yielding between steps so 'cancel' can arrive) →
  // finish_training. Result: {model, report}.
  async train({ dataset, recipe }, ctx) {
    const { job } = await api('start_training', dataset, JSON.stringify(recipe));
    return runJob(job, ctx, 'Training was cancelled.');
  },

  // Model search (grid/random with k-fold CV, cpp/search/) as a job: spec = {recipe, method, params, cv, select, …}.
  // Progress live = {done, total, best_so_far}. Result: {model (refitted winner) | null, search: {table}, csv, report}.
  async search({ dataset, spec }, ctx) {
    const { job } = await api('start_search', dataset, JSON.stringify(spec));
    return runJob(job, ctx, 'The search was cancelled.');
  },

  // Predicts every row of a dataset as a job (progress, cancel). Result: the preview of start_prediction.
  async predictDataset({ model, dataset, options = {} }, ctx) {
    const { job } = await api('start_prediction', model, dataset, JSON.stringify(options));
    return runJob(job, ctx, 'Classifying was cancelled.');
  },

  // Analysis jobs (api_analysis.hpp): args {dataset, spec}; results as documented there (points, assignments …).
  async reduce({ dataset, spec }, ctx) {
    const { job } = await api('start_reduction', dataset, JSON.stringify(spec));
    return runJob(job, ctx, 'The projection was cancelled.');
  },
  async cluster({ dataset, spec }, ctx) {
    const { job } = await api('start_clustering', dataset, JSON.stringify(spec));
    return runJob(job, ctx, 'Clustering was cancelled.');
  },
  async elbow({ dataset, spec }, ctx) {
    const { job } = await api('start_elbow', dataset, JSON.stringify(spec));
    return runJob(job, ctx, 'The sweep over k was cancelled.');
  },

  // Data preparation (api_prepare.hpp): what the recipe's cleaning, grouping and split do, with counts.
  async previewPreparation({ dataset, recipe }) {
    return api('preview_preparation', dataset, JSON.stringify(recipe));
  },
  async labelMaps({ dataset = 0, label = '' }) {
    return api('label_maps', dataset, label);
  },

  // Permutation feature importance of a model (api_importance.hpp) as a job. Result: {baseline, features:[{name, mean, std, drops}], …}.
  async importance({ model, dataset, options = {} }, ctx) {
    const { job } = await api('start_importance', model, dataset, JSON.stringify(options));
    return runJob(job, ctx, 'Measuring the importance was cancelled.');
  },

  async explore({ dataset, options = {} }) {
    return api('explore', dataset, JSON.stringify(options));
  },
  async modelInfo({ model }) {
    return api('model_info', model);
  },
  // rows: [{column: value, …}, …]
  async predictRows({ model, rows }) {
    return api('predict_rows', model, JSON.stringify(rows));
  },
  async predictionsCsv({ model, dataset }) {
    return api('predictions_csv', model, dataset);
  },

  async saveModel({ model }) {
    return api('save_model', model);
  },
  async loadModel({ text }) {
    return api('load_model', text);
  },
  async forgetModel({ model }) {
    return api('forget_model', model);
  },
  async predict({ model, dataset }) {
    return api('predict', model, dataset);
  },
  async evaluate({ model, dataset }) {
    return api('evaluate', model, dataset);
  },

  // scripts/bench (scripts/lib/bench-browser.mjs): {task:'csv', bytes, repeat} times load_csv (parse + profile)
  // here in the worker; any other task runs api_bench.hpp's bench_task on {dataset}. Blocks the worker (no
  // progress, no cancel): for measuring only. Adds the module's heap size after the task.
  async bench({ task, dataset, bytes, repeat = 5, spec = {} }) {
    const m = await modulePromise;
    if (task === 'csv') {
      const runs = [];
      let rows = 0;
      for (let i = 0; i < repeat; i++) {
        const t0 = performance.now();
        const r = await api('load_csv', new Uint8Array(bytes), '{}');
        runs.push((performance.now() - t0) / 1000);
        rows = r.n_rows;
        await api('forget_dataset', r.dataset);
      }
      const sorted = [...runs].sort((a, b) => a - b);
      return { task, bytes: bytes.byteLength, rows, fit_s: sorted[sorted.length >> 1], fit_runs_s: runs, memory_bytes: m.HEAP8.buffer.byteLength };
    }
    const res = await api('bench_task', dataset, JSON.stringify({ ...spec, task }));
    return { ...res, memory_bytes: m.HEAP8.buffer.byteLength };
  },
};

self.addEventListener('message', async (event) => {
  const { id, op, args = {} } = event.data ?? {};
  if (op === 'cancel') {
    const target = running.get(args.target);
    if (target) target.cancelled = true;
    return; // the cancelled request answers for itself
  }
  if (op === 'ping') {
    self.postMessage({ id, ok: true, result: 'pong' });
    return;
  }
  const fn = ops[op];
  if (!fn) {
    self.postMessage({ id, ok: false, error: { message: `Unknown operation '${op}'.` } });
    return;
  }
  const ctx = {
    cancelled: false,
    progress: (progress) => self.postMessage({ id, progress }),
  };
  running.set(id, ctx);
  try {
    const result = await fn(args, ctx);
    self.postMessage({ id, ok: true, result });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    self.postMessage({ id, ok: false, error: { message, cancelled: Boolean(e?.cancelled), oom: Boolean(e?.oom), fatal: Boolean(e?.fatal) } });
  } finally {
    running.delete(id);
  }
});

// Tell the page whether the module started (a failed fetch or compile shows up here, not on first use).
modulePromise.then(
  () => self.postMessage({ type: 'ready' }),
  (e) => self.postMessage({ type: 'fatal', error: { message: `The WebAssembly module failed to start: ${e?.message ?? e}` } }),
);
