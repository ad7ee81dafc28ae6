/**
 * The second thread of `synfin flows` (dist/cli/flows-worker.js): follows its share of the
 * connections, reports their first frames and notes, then, once told their stream numbers, sends
 * their rows in batches, as the main thread asks for them. See flows-share.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { firstFrames, followShare, ROWS_PER_BATCH, shareNotes, shareRows, type MoreRows, type ShareMessage, type ShareWork } from './flows-share';

const port = parentPort!;
const send = (m: ShareMessage) => port.postMessage(m);
const failed = (e: unknown) => send({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });

try {
  const work = workerData as ShareWork;
  const counter = new Int32Array(work.progress);
  const share = followShare(work.path, work.limitBytes, work.partition, (_b, _t, _f, connections) => Atomics.store(counter, 0, connections));
  send({ kind: 'tracked', frames: share.frames, firstFrames: firstFrames(share.connections), notes: shareNotes(share.connections) });
  // Two batches ahead, then one for each the main thread takes: formatting keeps pace with the
  // printing without the whole share's text waiting in the main thread's inbox. The buffers the
  // main thread gives back are filled again.
  let streams: Int32Array | null = null;
  let from = 0;
  const spare: Uint8Array[] = [];
  const sendBatch = () => {
    const n = share.connections.length;
    if (streams === null || from >= n) return;
    const to = Math.min(n, from + ROWS_PER_BATCH);
    const batch = shareRows(share.connections, streams, work.json, from, to, spare.pop());
    if (batch.kind === 'json') port.postMessage({ kind: 'rows', batch } satisfies ShareMessage, [batch.bytes.buffer as ArrayBuffer]);
    else send({ kind: 'rows', batch });
    from = to;
  };
  port.on('message', (m: Int32Array | MoreRows) => {
    try {
      if (m instanceof Int32Array) {
        streams = m;
        sendBatch();
        sendBatch();
      } else {
        if (m.buffer) spare.push(m.buffer);
        sendBatch();
      }
      if (from >= share.connections.length) port.close();
    } catch (e) {
      failed(e);
    }
  });
} catch (e) {
  failed(e);
}
