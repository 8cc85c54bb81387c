// A small promise-based client for worker.js:
//   const client = new WorkerClient(() => new Worker(new URL('./worker.js', import.meta.url), {type: 'module'}));
//   const result = await client.call('train', {dataset, recipe}, {onProgress, signal});
// Cancel = abort the signal: the client sends {op:'cancel'} and the worker stops between two steps. If the
// worker has not answered `cancelGraceMs` after that, it is terminated and a new one started; every pending
// call then rejects with `error.restarted = true` and the 'restart' listeners run (state inside the old
// worker — datasets, models — is gone, so the page loads its data again).

export class WorkerError extends Error {
  constructor(message, { cancelled = false, restarted = false } = {}) {
    super(message);
    this.name = 'WorkerError';
    this.cancelled = cancelled;
    this.restarted = restarted;
  }
}

export class WorkerClient {
  constructor(factory, { cancelGraceMs = 3000 } = {}) {
    this.factory = factory;
    this.cancelGraceMs = cancelGraceMs;
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
      const entry = { resolve, reject, onProgress, cleanup: () => {} };
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
      entry.onProgress?.(msg.progress);
      return;
    }
    this.pending.delete(msg.id);
    entry.cleanup();
    if (msg.ok) entry.resolve(msg.result);
    else entry.reject(new WorkerError(msg.error?.message ?? 'Unknown error in the worker.', { cancelled: Boolean(msg.error?.cancelled) }));
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
  restart(reason = 'The worker was restarted.') {
    this.worker.terminate();
    this.#rejectAll(reason, { restarted: true, cancelled: true });
    this.#start();
    for (const fn of this.listeners.restart) fn(reason);
  }

  #rejectAll(message, flags) {
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) {
      entry.cleanup();
      entry.reject(new WorkerError(message, flags));
    }
  }
}
