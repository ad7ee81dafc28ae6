/**
 * The worker thread of `synfin capture` (see capture-analysis.ts): takes the batches the main
 * thread posts, and writes the events and the summary to fds 1 and 2 itself (synchronous writes
 * work from a worker, and keep the order of everything printed).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CaptureAnalysis, type CaptureAnalysisOptions } from './capture-analysis';
import type { ToCaptureWorker, FromCaptureWorker } from './capture-protocol';
import { processIo } from './io';

const port = parentPort;
if (!port) throw new Error('capture-worker.js runs as a worker thread');

const post = (m: FromCaptureWorker) => port.postMessage(m);
const analysis = new CaptureAnalysis(workerData as CaptureAnalysisOptions, processIo(), (why) => post({ kind: 'stop', why }));
post(analysis.failure === null ? { kind: 'ready' } : { kind: 'failed', message: analysis.failure });

port.on('message', (m: ToCaptureWorker) => {
  if (m.kind === 'batch') {
    analysis.batch(m.blocks, m.packets);
    post({ kind: 'taken', bytes: m.blocks.byteLength });
  } else {
    post({ kind: 'done', code: analysis.end(m.reason, m.dropped) });
    port.close();
  }
});
