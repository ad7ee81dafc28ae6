/**
 * The host services: HostApi for whoever shows the UI (the Electron main process, or the
 * end-to-end tests). Captures are analysed in a worker thread; this side forwards questions to it
 * and passes its pushes on (already batched by the worker: at most 20 a second).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HostApi, HostEvents } from '../../core/api';
import { isPush, type Args, type Push, type Reply, type ServiceMethod, type Value } from './protocol';
import { CaptureHost } from './capture-host';

export interface HostOptions {
  events: HostEvents;
  /** The built worker (dist/host/analysis-worker.js); found next to the bundle or in dist/ by default. */
  workerFile?: string;
}

export type Host = HostApi & { dispose(): Promise<void> };

/** Where the built worker is, from the bundled main process (dist/main) or from the sources (tests). */
export function defaultWorkerFile(): string {
  const candidates = ['../host/analysis-worker.js', '../../dist/host/analysis-worker.js'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`the analysis worker is not built (looked for ${candidates.join(', ')}): run npm run build`);
  return found;
}

class WorkerClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  constructor(private readonly file: string, private readonly onPush: (p: Push) => void) {}

  call<M extends ServiceMethod>(method: M, ...args: Args<M>): Promise<Value<M>> {
    const w = this.ensure();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      w.postMessage({ id, method, args });
    });
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.file);
    w.on('message', (m: Reply | Push) => {
      if (isPush(m)) return this.onPush(m);
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(m.message));
    });
    const fail = (why: string) => {
      this.worker = null;
      for (const p of this.pending.values()) p.reject(new Error(`the analysis worker stopped: ${why}`));
      this.pending.clear();
      this.onPush({ push: 'session', info: null });
    };
    w.on('error', (e) => fail(e.message));
    w.on('exit', (code) => { if (this.worker === w) fail(`exit code ${code}`); });
    this.worker = w;
    return w;
  }

  async dispose(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

export function createHost(options: HostOptions): Host {
  const client = new WorkerClient(options.workerFile ?? defaultWorkerFile(), (p) => {
    if (p.push === 'session') options.events.session(p.info);
    else options.events.progress(p.progress);
  });
  const capture = new CaptureHost();
  return {
    openFile: (path) => client.call('openFile', path),
    cancelLoading: () => client.call('cancelLoading'),
    closeFile: () => client.call('closeFile'),
    session: () => client.call('info'),
    checkFilter: (text) => client.call('checkFilter', text),
    setView: (spec) => client.call('setView', spec),
    rows: (viewId, from, to) => client.call('rowsOf', viewId, from, to),
    indexOfFrame: (viewId, frame) => client.call('indexOfFrame', viewId, frame),
    connections: (q) => client.call('connections', q),
    connection: (stream) => client.call('connection', stream),
    packetDetail: (frame) => client.call('packetDetail', frame),
    ladder: (stream, folds) => client.call('ladder', stream, folds),
    captureAvailability: () => capture.availability(),
    interfaces: () => capture.interfaces(),
    checkCaptureFilter: (iface, filter) => capture.checkFilter(iface, filter),
    startCapture: (o) => capture.start(o),
    stopCapture: () => capture.stop(),
    dispose: () => client.dispose(),
  };
}
