/**
 * The host services: HostApi for whoever shows the UI (the Electron main process, or the
 * end-to-end tests). Captures are analysed in a worker thread; this side forwards questions to it
 * and passes its pushes on (already batched by the worker: at most 20 a second).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HostApi, HostEvents, Result } from '../../core/api';
import { isPush, type Args, type Push, type Reply, type Value, type WorkerMethod } from './protocol';
import { CaptureHost } from './capture-host';
import type { SaveFormat } from './capture-save';

export interface HostOptions {
  events: HostEvents;
  /** The built worker (dist/host/analysis-worker.js); found next to the bundle or in dist/ by default. */
  workerFile?: string;
  /** Where `cap` is loaded from (tests point it at a module that fails to load). */
  capModule?: string;
  /** Where live captures spill their packets (default: synfin-captures in the temporary directory). */
  spillDir?: string;
  /** The kernel's capture buffer in bytes (capture-device.ts explains the default). */
  kernelBufferBytes?: number;
}

export type Host = HostApi & {
  /** Writes the open file or capture to `path` (for File → Save As in the main process). */
  saveAs(path: string, format: SaveFormat): Promise<Result<{ packets: number }, string>>;
  dispose(): Promise<void>;
};

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

  call<M extends WorkerMethod>(method: M, ...args: Args<M>): Promise<Value<M>> {
    return this.send(method, args);
  }

  /** The same, with buffers moved to the worker rather than copied (a capture's batches). */
  send<M extends WorkerMethod>(method: M, args: Args<M>, transfer: ArrayBuffer[] = []): Promise<Value<M>> {
    const w = this.ensure();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      w.postMessage({ id, method, args }, transfer);
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
  const capture = new CaptureHost({ link: client, capModule: options.capModule, spillDir: options.spillDir, kernelBufferBytes: options.kernelBufferBytes });
  // Opening or closing anything ends a running capture first (its session is being replaced).
  const stopped = <T>(then: () => Promise<T>) => capture.stop().then(then);
  return {
    openFile: (path) => stopped(() => client.call('openFile', path)),
    cancelLoading: () => client.call('cancelLoading'),
    closeFile: () => stopped(() => client.call('closeFile')),
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
    saveAs: (path, format) => client.call('saveAs', path, format),
    dispose: async () => {
      // A capture's session is closed so its spill file goes with it; a crash is what leaves one behind.
      if (capture.used) await capture.stop().then(() => client.call('closeFile')).catch(() => undefined);
      await client.dispose();
    },
  };
}
