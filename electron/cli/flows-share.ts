/**
 * `synfin flows` on two threads: each reads the whole file and follows one share of its
 * connections (core/tcp/tracker.ts Partition); the shares are then numbered together in the order
 * their connections began, which is the order one thread would have numbered them in.
 * This file: what one share does (on either thread), and the messages between the threads.
 */
import { PacketPipeline } from '../../core/pipeline';
import type { FlowJson } from '../../core/report';
import type { Connection, Note } from '../../core/tcp/connection';
import { flowJson, flowJsonText } from '../../core/tcp/summary';
import type { Partition } from '../../core/tcp/tracker';
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

/** Worker → main thread messages. */
export type ShareMessage =
  | { kind: 'tracked'; frames: number; firstFrames: Int32Array; notes: ShareNotes[] }
  | { kind: 'rows'; rows: (string | FlowJson)[] }
  | { kind: 'failed'; message: string };

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

/** A connection's row as `flows` prints it (JSON text, or the object for the table), under `stream`. */
export function flowRow(c: Connection, stream: number, json: boolean): string | FlowJson {
  return json ? flowJsonText(c, stream) : flowJson(c, stream);
}

/** Rows [from, to) of a share, each under its stream number in the whole capture (`streams`). */
export function shareRows(connections: readonly Connection[], streams: Int32Array, json: boolean, from: number, to: number): (string | FlowJson)[] {
  const rows: (string | FlowJson)[] = [];
  for (let i = from; i < to; i++) rows.push(flowRow(connections[i]!, streams[i]!, json));
  return rows;
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
