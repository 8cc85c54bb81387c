// A small promise-based client for worker.js:
//   const client = new WorkerClient(() => new Worker(new URL('./worker.js', import.meta.url), {type: 'module'}));
//   const result = await client.call('train', {dataset, recipe}, {onProgress, signal});
// Cancel = abort the signal: the client sends {op:'cancel'} and the worker stops between two steps. If the
// worker has not answered `cancelGraceMs` after that, it is terminated and a new one started; every pending
// call then rejects with `error.restarted = true` and the 'restart' listeners run (state inside the old
// worker — datasets, models — is gone, so the page loads its data again).

export class WorkerError extends Error {
  constructor(message, { cancelled = false, restarted = false, oom = false } = {}) {
    super(message);
    this.name = 'WorkerError';
    this.cancelled = cancelled;
    this.restarted = restarted;
    this.oom = oom;
  }
}

export class WorkerClient {
  // progressIntervalMs: progress reaches onProgress at most once per interval (the latest, with any field a
  // skipped message had and the latest lacks, e.g. the MLP's `live` curves). The worker reports after every
  // ≈50 ms step; the eye needs no more than 10 updates a second, and each one costs the page a render.
  constructor(factory, { cancelGraceMs = 3000, progressIntervalMs = 100 } = {}) {
    this.factory = factory;
    this.cancelGraceMs = cancelGraceMs;
    this.progressIntervalMs = progressIntervalMs;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = { restart: new Set(), fatal: new Set() };
    this.#start();
  }

  on(event, fn) {
    this.listeners[event].add(fn);
    return () => this.listeners[event].delete(fn);
  }

  // Resolves when the wasm module inside the worker has started; rejects with its error if it cannot.
  get ready() {
    return this.readyPromise;
  }

  call(op, args = {}, { onProgress, signal, transfer = [] } = {}) {
    if (signal?.aborted) return Promise.reject(new WorkerError('Cancelled before it started.', { cancelled: true }));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const entry = { id, resolve, reject, onProgress, cleanup: () => {} };
      if (signal) {
        const onAbort = () => this.#cancel(id);
        signal.addEventListener('abort', onAbort, { once: true });
        entry.cleanup = () => {
          signal.removeEventListener('abort', onAbort);
          clearTimeout(entry.graceTimer);
        };
      }
      this.pending.set(id, entry);
      this.worker.postMessage({ id, op, args }, transfer);
    });
  }

  // Stops the worker for good (page unload, tests).
  terminate() {
    this.worker.terminate();
    this.#rejectAll('The worker was stopped.', {});
  }

  #start() {
    this.worker = this.factory();
    this.readyPromise = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.readyPromise.catch(() => {}); // observed by whoever awaits it
    this.worker.addEventListener('message', (e) => this.#onMessage(e.data));
    this.worker.addEventListener('error', (e) => {
      e.preventDefault?.();
      this.#fatal(`The worker failed: ${e.message || 'its script could not be loaded'}.`);
    });
    this.worker.addEventListener('messageerror', () => this.#fatal('A message from the worker could not be read.'));
  }

  #fatal(message) {
    this.rejectReady(new WorkerError(message));
    this.#rejectAll(message, {});
    for (const fn of this.listeners.fatal) fn(message);
  }

  #onMessage(msg) {
    if (msg?.type === 'ready') return this.resolveReady();
    if (msg?.type === 'fatal') return this.#fatal(msg.error?.message ?? 'The worker could not start.');
    const entry = this.pending.get(msg?.id);
    if (!entry) return; // a late answer for a call that was given up
    if ('progress' in msg) {
      this.#progress(entry, msg.progress);
      return;
    }
    this.pending.delete(msg.id);
    clearTimeout(entry.progressTimer); // the answer supersedes a progress report still waiting
    entry.cleanup();
    if (msg.ok) entry.resolve(msg.result);
    else entry.reject(new WorkerError(msg.error?.message ?? 'Unknown error in the worker.', { cancelled: Boolean(msg.error?.cancelled), oom: Boolean(msg.error?.oom) }));
    // Out of memory or a wasm abort: the module is spent. The caller hears the error first (its own message
    // shows), then — once its handlers have run — a fresh worker starts and 'restart' listeners reload the data.
    if (!msg.ok && (msg.error?.oom || msg.error?.fatal)) {
      const reason = msg.error?.oom
        ? 'The engine ran out of memory; a fresh one was started.'
        : 'The engine stopped after an internal error; a fresh one was started.';
      setTimeout(() => this.restart(reason, { oom: Boolean(msg.error?.oom), fatal: true }), 0);
    }
  }

  #progress(entry, progress) {
    if (!entry.onProgress) return;
    const deliver = () => {
      entry.progressTimer = null;
      entry.progressAt = performance.now();
      const p = entry.queued;
      entry.queued = null;
      entry.onProgress(p);
    };
    const queued = entry.queued;
    entry.queued = queued && progress && typeof progress === 'object' && typeof queued === 'object' ? { ...queued, ...progress } : progress;
    if (entry.progressTimer) return;
    const wait = (entry.progressAt ?? -Infinity) + this.progressIntervalMs - performance.now();
    if (wait <= 0) deliver();
    else entry.progressTimer = setTimeout(() => this.pending.has(entry.id) && deliver(), wait);
  }

  #cancel(id) {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.worker.postMessage({ id: this.nextId++, op: 'cancel', args: { target: id } });
    entry.graceTimer = setTimeout(() => {
      if (this.pending.has(id)) this.restart('The worker did not answer the cancel request and was restarted.');
    }, this.cancelGraceMs);
  }

  // Last resort: terminate the worker (e.g. stuck in a long wasm call) and start a fresh one.
  restart(reason = 'The worker was restarted.', info = {}) {
    this.worker.terminate();
    this.#rejectAll(reason, { restarted: true, cancelled: true });
    this.#start();
    for (const fn of this.listeners.restart) fn(reason, info);
  }

  #rejectAll(message, flags) {
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) {
      clearTimeout(entry.progressTimer);
      entry.cleanup();
      entry.reject(new WorkerError(message, flags));
    }
  }
}
