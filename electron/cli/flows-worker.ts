/**
 * The second thread of `synfin flows` (dist/cli/flows-worker.js): follows its share of the
 * connections, reports their first frames and notes, then, once told their stream numbers, sends
 * their rows in batches. See flows-share.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { firstFrames, followShare, ROWS_PER_BATCH, shareNotes, shareRows, type ShareMessage, type ShareWork } from './flows-share';

const port = parentPort!;
const send = (m: ShareMessage) => port.postMessage(m);
const failed = (e: unknown) => send({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });

try {
  const work = workerData as ShareWork;
  const counter = new Int32Array(work.progress);
  const share = followShare(work.path, work.limitBytes, work.partition, (_b, _t, _f, connections) => Atomics.store(counter, 0, connections));
  send({ kind: 'tracked', frames: share.frames, firstFrames: firstFrames(share.connections), notes: shareNotes(share.connections) });
  port.once('message', (streams: Int32Array) => {
    try {
      const n = share.connections.length;
      for (let from = 0; from < n; from += ROWS_PER_BATCH) {
        send({ kind: 'rows', rows: shareRows(share.connections, streams, work.json, from, Math.min(n, from + ROWS_PER_BATCH)) });
      }
    } catch (e) {
      failed(e);
    }
  });
} catch (e) {
  failed(e);
}
