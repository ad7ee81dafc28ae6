/**
 * The main thread's side of `synfin flows` on two threads (see flows-share.ts): it follows share 0
 * while a worker follows share 1, numbers both together, and hands the rows on in stream order.
 * Whatever goes wrong with the worker (it cannot start, fails, disagrees about the frames, or
 * falls silent) costs time, never the answer: share 1 is then followed here too.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Partition } from '../../core/tcp/partition';
import type { FileReadSummary } from '../host/capture-file';
import { flowJson, flowJsonText } from '../../core/tcp/summary';
import { firstFrames, followShare, numberTogether, shareNotes, shareRows, ROWS_PER_BATCH, type FollowedShare, type MoreRows, type RowBatch, type RowSink, type ShareMessage, type ShareNotes, type ShareWork } from './flows-share';
import { ProgressLine } from './progress';
import type { NotedConnection } from './read';
import type { CliIo } from './io';

/**
 * Below this size one thread is as fast: starting a worker and loading the engine in it costs
 * tens of milliseconds, about what one thread needs for a few megabytes.
 */
export const SPLIT_MIN_BYTES = 8 * 1024 * 1024;
/** However fast the main thread was, the worker gets at least this long to catch up. */
const MIN_WAIT_MS = 10_000;
/** ... and this many times what the main thread took for the same reading. */
const WAIT_FACTOR = 3;

/**
 * The worker's young generation: its tracking makes next to no garbage (the numbers are in a slab),
 * and V8's default lets a second heap grow by tens of megabytes of it while the rows are made.
 */
const WORKER_YOUNG_MB = 8;

const SHARE_0: Partition = { index: 0, count: 2 };
const SHARE_1: Partition = { index: 1, count: 2 };

/** What `flows` prints, followed on two threads. */
export interface SplitFlows {
  summary: FileReadSummary;
  frames: number;
  connections: number;
  notes: NotedConnection[];
  /** Share 1 came from the worker (false: the worker failed, and it was followed on this thread). */
  fromWorker: boolean;
  /** Each connection's row (JSON text when `json`, else the object), in stream order. */
  eachRow(sink: RowSink): Promise<void>;
}

/**
 * SYNFIN_THREADS=1 keeps `flows` on one thread; =2 splits whatever the size (the tests use both
 * to prove the two agree). Unset: split files of SPLIT_MIN_BYTES and more on machines with two
 * or more cores.
 */
function wanted(size: number): boolean {
  const forced = process.env.SYNFIN_THREADS;
  if (forced === '1') return false;
  if (forced === '2') return true;
  return size >= SPLIT_MIN_BYTES && availableParallelism() >= 2;
}

/** Follows the file on two threads; null when it should not or cannot be split (the caller then uses one). */
export async function followFlowsSplit(
  io: CliIo, path: string, json: boolean,
  // Built, the worker sits beside this bundle; run from the sources there is none (tests pass the built one).
  workerFile: URL | string = new URL('./flows-worker.js', import.meta.url),
): Promise<SplitFlows | null> {
  if (!existsSync(workerFile)) return null;
  let size: number;
  try {
    const stat = statSync(path);
    // A pipe or a device can be read once only, and its size says nothing.
    if (!stat.isFile()) return null;
    size = stat.size;
  } catch {
    return null; // the one-thread path words the failure
  }
  if (!wanted(size)) return null;

  const progress = new SharedArrayBuffer(4);
  const work: ShareWork = { path, limitBytes: size, partition: SHARE_1, json, progress };
  let inbox: Inbox | null;
  try {
    inbox = new Inbox(new Worker(workerFile, { workerData: work, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } }));
  } catch {
    inbox = null;
  }
  const line = new ProgressLine(io.progress, path);
  const theirs = new Int32Array(progress);
  const started = performance.now();
  const own = followShare(path, size, SHARE_0, (bytes, total, frames, n) => line.update(bytes, total, frames, n + Atomics.load(theirs, 0)));
  const other = new OtherShare(inbox, path, size, json, Math.max(MIN_WAIT_MS, WAIT_FACTOR * (performance.now() - started)));
  const tracked = await other.tracked(own.frames);
  line.done();

  const [ownStreams, otherStreams] = numberTogether(firstFrames(own.connections), tracked.firstFrames);
  other.start(otherStreams);
  const notes: NotedConnection[] = [
    ...own.connections.filter((c) => c.notes.length > 0 || c.notesDropped > 0)
      .map((c) => ({ stream: ownStreams[c.stream]!, notes: c.notes, notesDropped: c.notesDropped })),
    ...tracked.notes.map((n) => ({ stream: otherStreams[n.index]!, notes: n.notes, notesDropped: n.notesDropped })),
  ].sort((a, b) => a.stream - b.stream);

  const total = ownStreams.length + otherStreams.length;
  return {
    summary: own.summary,
    frames: own.frames,
    connections: total,
    notes,
    get fromWorker() {
      return other.fromWorker;
    },
    async eachRow(sink) {
      let mine = 0;
      let batch: RowBatch = { kind: 'objects', rows: [] };
      let inBatch = 0;
      let taken = 0;
      for (let stream = 0; stream < total; stream++) {
        if (mine < ownStreams.length && ownStreams[mine] === stream) {
          const c = own.connections[mine++]!;
          if (json) sink.text(flowJsonText(c, stream));
          else sink.object(flowJson(c, stream));
          continue;
        }
        if (inBatch === (batch.kind === 'json' ? batch.ends.length : batch.rows.length)) {
          batch = await other.rows(taken, batch);
          inBatch = 0;
        }
        if (batch.kind === 'json') sink.bytes(batch.bytes, inBatch === 0 ? 0 : batch.ends[inBatch - 1]!, batch.ends[inBatch]!);
        else sink.object(batch.rows[inBatch]!);
        inBatch++;
        taken++;
      }
    },
  };
}

/** Messages from the worker, one at a time, as promises; null once it is gone or too slow. */
export class Inbox {
  private readonly queue: ShareMessage[] = [];
  private waiting: ((m: ShareMessage | null) => void) | null = null;
  private gone = false;

  constructor(readonly worker: Worker) {
    worker.on('message', (m: ShareMessage) => this.arrive(m));
    worker.on('error', () => this.end());
    worker.on('messageerror', () => this.end());
    worker.on('exit', () => this.end());
  }

  next(timeoutMs: number): Promise<ShareMessage | null> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.gone) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.deliver(null), timeoutMs);
      this.waiting = (m) => {
        clearTimeout(timer);
        resolve(m);
      };
    });
  }

  close(): void {
    this.gone = true;
    this.queue.length = 0;
    void this.worker.terminate();
  }

  private arrive(m: ShareMessage): void {
    if (this.waiting) this.deliver(m);
    else this.queue.push(m);
  }

  private end(): void {
    this.gone = true;
    this.deliver(null);
  }

  private deliver(m: ShareMessage | null): void {
    const w = this.waiting;
    this.waiting = null;
    w?.(m);
  }
}

/** Share 1: from the worker while it keeps its word, else followed on this thread. */
class OtherShare {
  private local: FollowedShare | null = null;
  fromWorker = true;
  private streams: Int32Array = new Int32Array(0);

  constructor(
    private inbox: Inbox | null,
    private readonly path: string,
    private readonly size: number,
    private readonly json: boolean,
    private readonly waitMs: number,
  ) {}

  /** The share's first frames and notes; `frames` is what the main thread read (the worker must agree). */
  async tracked(frames: number): Promise<{ firstFrames: Int32Array; notes: ShareNotes[] }> {
    const m = await this.inbox?.next(this.waitMs);
    if (m?.kind === 'tracked' && m.frames === frames) return m;
    const local = this.followHere();
    return { firstFrames: firstFrames(local.connections), notes: shareNotes(local.connections) };
  }

  start(streams: Int32Array): void {
    this.streams = streams;
    this.inbox?.worker.postMessage(streams);
  }

  /** The next rows, from row `from` of the share on; `printed`, the batch before, is done with. */
  async rows(from: number, printed: RowBatch): Promise<RowBatch> {
    const m = await this.inbox?.next(this.waitMs);
    if (m?.kind === 'rows') {
      const buffer = printed.kind === 'json' ? printed.bytes : null;
      this.inbox?.worker.postMessage({ kind: 'more', buffer } satisfies MoreRows, buffer ? [buffer.buffer as ArrayBuffer] : []);
      return m.batch;
    }
    const local = this.followHere();
    return shareRows(local.connections, this.streams, this.json, from, Math.min(local.connections.length, from + ROWS_PER_BATCH));
  }

  private followHere(): FollowedShare {
    this.fromWorker = false;
    this.inbox?.close();
    this.inbox = null;
    return (this.local ??= followShare(this.path, this.size, SHARE_1));
  }
}
