/**
 * The analysis worker: reads captures and answers questions about them off the main thread, so
 * the window (and the main process's event loop) stay responsive whatever the file's size. A live
 * capture's packets arrive here in batches from the main thread (see capture-feed.ts).
 */
import { parentPort } from 'node:worker_threads';
import { AnalysisService, type ServiceEvents } from './service';
import { CaptureFeed } from './capture-feed';
import { CAPTURE_METHODS, SERVICE_METHODS, type Push, type Reply, type Request } from './protocol';

const port = parentPort;
if (!port) throw new Error('analysis-worker.js runs as a worker thread');

const post = (m: Reply | Push) => port.postMessage(m);
let feed: CaptureFeed | null = null;
const events: ServiceEvents = {
  session: (info) => {
    feed?.sessionChanged();
    post({ push: 'session', info });
  },
  progress: (progress) => post({ push: 'progress', progress }),
};
const service = new AnalysisService(events);
feed = new CaptureFeed(service, events);

/** Which object answers a method: the service, the capture feed, or nobody (a bad request). */
function targetOf(method: string): object | null {
  if ((SERVICE_METHODS as readonly string[]).includes(method)) return service;
  if ((CAPTURE_METHODS as readonly string[]).includes(method)) return feed;
  return null;
}

port.on('message', async (req: Request) => {
  const target = targetOf(req.method);
  if (!target) {
    post({ id: req.id, ok: false, message: `unknown method ${String(req.method)}` });
    return;
  }
  try {
    const method = (target as Record<string, (...a: unknown[]) => unknown>)[req.method]!;
    const value = await method.apply(target, req.args as unknown[]);
    post({ id: req.id, ok: true, value });
  } catch (e) {
    // A bug, not bad input (bad input comes back as values): report it rather than die silently.
    post({ id: req.id, ok: false, message: e instanceof Error ? e.message : String(e) });
  }
});
