/**
 * The analysis worker: reads captures and answers questions about them off the main thread, so
 * the window (and the main process's event loop) stay responsive whatever the file's size.
 */
import { parentPort } from 'node:worker_threads';
import { AnalysisService } from './service';
import { SERVICE_METHODS, type Push, type Reply, type Request } from './protocol';

const port = parentPort;
if (!port) throw new Error('analysis-worker.js runs as a worker thread');

const post = (m: Reply | Push) => port.postMessage(m);
const service = new AnalysisService({
  session: (info) => post({ push: 'session', info }),
  progress: (progress) => post({ push: 'progress', progress }),
});

port.on('message', async (req: Request) => {
  if (!(SERVICE_METHODS as readonly string[]).includes(req.method)) {
    post({ id: req.id, ok: false, message: `unknown method ${String(req.method)}` });
    return;
  }
  try {
    const method = service[req.method] as (...a: unknown[]) => unknown;
    const value = await method.apply(service, req.args as unknown[]);
    post({ id: req.id, ok: true, value });
  } catch (e) {
    // A bug, not bad input (bad input comes back as values): report it rather than die silently.
    post({ id: req.id, ok: false, message: e instanceof Error ? e.message : String(e) });
  }
});
