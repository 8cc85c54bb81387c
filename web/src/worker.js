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
  const text = m[name](...args);
  let res;
  try {
    res = JSON.parse(text);
  } catch {
    throw new OpError(`The wasm module's ${name} returned something that is not JSON.`);
  }
  if (!res || res.ok === false) throw new OpError(res?.error || `${name} failed.`);
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
      ctx.progress({ fraction: step.fraction ?? 0, stage: step.stage ?? '' });
      if (step.done) break;
    }
  } catch (e) {
    if (!e.cancelled) await api('cancel_job', job).catch(() => {});
    throw e;
  }
  return api('finish_job', job);
}

// Requests that are running and may be cancelled: request id → {cancelled}.
const running = new Map();
const yieldToEventLoop = () => new Promise((resolve) => setTimeout(resolve, 0));

const ops = {
  async version() {
    return api('version');
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

  // Predicts every row of a dataset as a job (progress, cancel). Result: the preview of start_prediction.
  async predictDataset({ model, dataset, options = {} }, ctx) {
    const { job } = await api('start_prediction', model, dataset, JSON.stringify(options));
    return runJob(job, ctx, 'Classifying was cancelled.');
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
    self.postMessage({ id, ok: false, error: { message, cancelled: Boolean(e?.cancelled) } });
  } finally {
    running.delete(id);
  }
});

// Tell the page whether the module started (a failed fetch or compile shows up here, not on first use).
modulePromise.then(
  () => self.postMessage({ type: 'ready' }),
  (e) => self.postMessage({ type: 'fatal', error: { message: `The WebAssembly module failed to start: ${e?.message ?? e}` } }),
);
