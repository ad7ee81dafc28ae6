/**
 * `synfin flows` on two threads: each reads the whole file and follows one share of its
 * connections (core/tcp/partition.ts); the shares are then numbered together in the order
 * their connections began, which is the order one thread would have numbered them in.
 * This file: what one share does (on either thread), and the messages between the threads.
 */
import { PacketPipeline } from '../../core/pipeline';
import type { FlowJson } from '../../core/report';
import type { Connection, Note } from '../../core/tcp/connection';
import { flowJson, flowJsonText } from '../../core/tcp/summary';
import type { Partition } from '../../core/tcp/partition';
import { readCaptureFileSync, type FileReadSummary } from '../host/capture-file';

/** What the worker is given (workerData). */
export interface ShareWork {
  path: string;
  /** Both threads read up to here: a file still growing gives both the same packets. */
  limitBytes: number;
  partition: Partition;
  json: boolean;
  /** Int32 0: the worker's connections so far, for the progress line. */
  progress: SharedArrayBuffer;
}

/** Rows go back in batches of this many: the main thread prints the first while later ones are made. */
export const ROWS_PER_BATCH = 2048;

/**
 * Rows of a share, in its order: for `--json` their text as UTF-8 (row k is bytes[ends[k − 1],
 * ends[k])), which crosses threads as one transferred buffer rather than thousands of strings
 * (and goes back to be filled again); for the table, the objects.
 */
export type RowBatch = { kind: 'json'; bytes: Uint8Array; ends: Int32Array } | { kind: 'objects'; rows: FlowJson[] };

/** Worker → main thread messages. */
export type ShareMessage =
  | { kind: 'tracked'; frames: number; firstFrames: Int32Array; notes: ShareNotes[] }
  | { kind: 'rows'; batch: RowBatch }
  | { kind: 'failed'; message: string };

/**
 * Main thread → worker, after the stream numbers: the next batch, please (and here is the
 * buffer of a batch already printed, to fill again).
 */
export interface MoreRows {
  kind: 'more';
  buffer: Uint8Array | null;
}

/** A connection's notes, by its index in the share. */
export interface ShareNotes {
  index: number;
  notes: Note[];
  notesDropped: number;
}

export interface FollowedShare {
  summary: FileReadSummary;
  frames: number;
  connections: readonly Connection[];
}

export function followShare(
  path: string, limitBytes: number, partition: Partition,
  onProgress?: (bytesRead: number, totalBytes: number, frames: number, connections: number) => void,
): FollowedShare {
  const pipeline = new PacketPipeline(() => {}, partition);
  const summary = readCaptureFileSync(path, pipeline, {
    limitBytes,
    onProgress: onProgress && ((bytes, total) => onProgress(bytes, total, pipeline.frames, pipeline.tracker.connections.length)),
  });
  return { summary, frames: pipeline.frames, connections: pipeline.tracker.connections };
}

/** The first frame of each of a share's connections, in the share's order (which is ascending). */
export function firstFrames(connections: readonly Connection[]): Int32Array {
  return Int32Array.from(connections, (c) => c.firstFrame);
}

export function shareNotes(connections: readonly Connection[]): ShareNotes[] {
  const out: ShareNotes[] = [];
  connections.forEach((c, index) => {
    if (c.notes.length > 0 || c.notesDropped > 0) out.push({ index, notes: [...c.notes], notesDropped: c.notesDropped });
  });
  return out;
}

const utf8 = new TextEncoder();

/**
 * Rows [from, to) of a share, each under its stream number in the whole capture (`streams`).
 * JSON rows are encoded one by one into `into` when it is large enough (the buffers go back and
 * forth between the threads; no text of the whole batch is ever made), else into a new buffer.
 */
export function shareRows(connections: readonly Connection[], streams: Int32Array, json: boolean, from: number, to: number, into?: Uint8Array): RowBatch {
  if (!json) {
    const rows: FlowJson[] = [];
    for (let i = from; i < to; i++) rows.push(flowJson(connections[i]!, streams[i]!));
    return { kind: 'objects', rows };
  }
  const ends = new Int32Array(to - from);
  let bytes = into ?? new Uint8Array(64 * 1024);
  let at = 0;
  for (let i = from; i < to; i++) {
    const row = flowJsonText(connections[i]!, streams[i]!);
    // A UTF-16 unit takes at most 3 bytes in UTF-8.
    if (bytes.length - at < row.length * 3) {
      const grown = new Uint8Array(Math.max(bytes.length * 2, at + row.length * 3));
      grown.set(bytes.subarray(0, at));
      bytes = grown;
    }
    at += utf8.encodeInto(row, bytes.subarray(at)).written;
    ends[i - from] = at;
  }
  return { kind: 'json', bytes, ends };
}

/** Where `flows` puts each connection's row, in stream order. */
export interface RowSink {
  /** JSON text made on this thread. */
  text(s: string): void;
  /** JSON text made on the worker: bytes[start, end). */
  bytes(b: Uint8Array, start: number, end: number): void;
  /** For the table. */
  object(o: FlowJson): void;
}

/**
 * Stream numbers for two shares' connections, given each share's first frames (ascending): the
 * connections of both, numbered in the order they began. No two connections begin in one frame.
 */
export function numberTogether(a: Int32Array, b: Int32Array): [Int32Array, Int32Array] {
  const sa = new Int32Array(a.length);
  const sb = new Int32Array(b.length);
  let i = 0;
  let j = 0;
  for (let n = 0; i < a.length || j < b.length; n++) {
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) sa[i++] = n;
    else sb[j++] = n;
  }
  return [sa, sb];
}
