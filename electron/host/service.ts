/**
 * The analysis service: the HostApi methods that concern an open capture, answered from an
 * AnalysisSession. It runs in the analysis worker (host.ts proxies to it) and, for tests, in any
 * process. Reading is asynchronous chunk by chunk, so questions are answered while a file loads.
 */
import { basename } from 'node:path';
import { statSync } from 'node:fs';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import type {
  ConnectionPage, ConnectionQuery, ConnectionRow, FilterCheck, FilterError, Ladder, OpenError, PacketDetail,
  PacketRow, Progress, Result, SessionInfo, ViewInfo, ViewSpec,
} from '../../core/api';
import { MAX_PUSHES_PER_SECOND } from '../../core/api';
import { err, ok } from '../../core/result';
import { readCaptureFile } from './capture-file';
import { AnalysisSession, type SessionSource } from './session';
import { View, VIEW_SLICE } from './views';
import { MAX_ROWS_PER_REQUEST, RowBuilder } from './rows';
import { ConnectionTableQuery, connectionRow } from './connections';
import { StreamIndex } from './stream-index';
import { ladderOf } from './ladder-query';
import { packetDetail } from './detail';
import { checkDisplayFilter, startFilterRun } from './filtering';
import type { FilterRun } from '../../core/filter';

export interface ServiceEvents {
  session(info: SessionInfo | null): void;
  progress(p: Progress): void;
}

/** Views kept per session (the UI uses two or three at a time; old ones are dropped first). */
const MAX_VIEWS = 16;
const PUSH_INTERVAL_MS = 1000 / MAX_PUSHES_PER_SECOND;
/**
 * The first read of a file: a screenful of full-size packets or ~650 short ones (the bench's
 * 96-byte snaps), decoded in milliseconds even by a cold engine, so openFile returns and the first
 * rows can be asked for at once, not after a first 4 MB chunk (~40 k short packets took 0.4–1 s
 * there before the engine was optimised).
 */
const FIRST_CHUNK_BYTES = 64 * 1024;
/**
 * Later reads: the worker answers questions only between chunks, and 1 MB (~10 k packets, ~25 ms
 * on one core) keeps a page of rows asked for while a file loads from waiting behind a long
 * chunk; measured on a 1 M-packet file, 1 MB and 4 MB chunks cost the same CPU time in total.
 */
const LOADING_CHUNK_BYTES = 1024 * 1024;

export class AnalysisService {
  private session: AnalysisSession | null = null;
  private nextSessionId = 1;
  private nextViewId = 1;
  private views = new Map<string, View>();
  private rows: RowBuilder | null = null;
  private readonly table = new ConnectionTableQuery();
  private streamIndex = new StreamIndex();
  private loading: AbortController | null = null;
  private lastPush = 0;

  constructor(private readonly events: ServiceEvents) {}

  get current(): AnalysisSession | null {
    return this.session;
  }

  async openFile(path: string): Promise<Result<SessionInfo, OpenError>> {
    const name = basename(path);
    try {
      if (!statSync(path).isFile()) return err({ file: name, message: `${path} is not a regular file` });
    } catch (e) {
      return err({ file: name, message: `cannot open ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
    }
    const s = this.begin({ kind: 'file', path, title: name });
    const controller = (this.loading = new AbortController());
    let firstChunk!: () => void;
    const started = new Promise<void>((resolve) => (firstChunk = resolve));
    const done = readCaptureFile(path, s, {
      chunkSize: LOADING_CHUNK_BYTES,
      firstChunkSize: FIRST_CHUNK_BYTES,
      signal: controller.signal,
      onProgress: (bytes, total) => {
        firstChunk();
        this.progress(s, { phase: 'reading', percent: total > 0 ? (100 * bytes) / total : 0, bytes });
      },
    }).then((summary) => {
      s.format = summary.format ?? '';
      s.warnings.length = 0;
      s.warnings.push(...summary.warnings.map((w) => w.message));
      if (summary.warningCount > summary.warnings.length) s.warnings.push(`… and ${summary.warningCount - summary.warnings.length} more warnings`);
      s.error = summary.error ? summary.error.message : null;
      s.phase = summary.aborted ? 'cancelled' : summary.error && s.store.length === 0 ? 'failed' : 'ready';
      if (this.loading === controller) this.loading = null;
      s.generation++;
      this.progress(s, { phase: 'done', percent: 100, bytes: summary.bytes }, true);
      if (this.session === s) this.events.session(s.info());
    });
    await Promise.race([started, done]);
    // No packet in the first chunk: an empty capture or a file the reader refused. Either way the
    // read ends at once; wait for it so that a refusal comes back as this call's error.
    if (s.store.length === 0) await done;
    if (s.phase === 'failed' && s.store.length === 0) {
      this.closeFile();
      return err({ file: name, message: s.error ?? `${path} could not be read` });
    }
    this.events.session(s.info());
    return ok(s.info());
  }

  /** Starts a new session (closing the previous one); the caller feeds it packets. */
  begin(source: SessionSource): AnalysisSession {
    this.closeFile();
    const s = new AnalysisSession(this.nextSessionId++, source);
    this.session = s;
    this.rows = new RowBuilder(s);
    this.views.clear();
    this.streamIndex = new StreamIndex();
    return s;
  }

  cancelLoading(): void {
    this.loading?.abort();
  }

  closeFile(): void {
    this.loading?.abort();
    this.loading = null;
    if (this.session) {
      this.session.close();
      this.session = null;
      this.events.session(null);
    }
    this.rows = null;
    this.views.clear();
  }

  info(): SessionInfo | null {
    return this.session?.info() ?? null;
  }

  checkFilter(text: string): FilterCheck {
    return checkDisplayFilter(text);
  }

  async setView(spec: ViewSpec): Promise<Result<ViewInfo, FilterError>> {
    const s = this.session;
    if (!s) return err({ message: 'no capture is open', start: 0, end: 0 });
    const key = `${spec.stream}\u0000${spec.filter.trim()}`;
    let view = this.views.get(key);
    if (!view) {
      let run: FilterRun | null = null;
      if (spec.filter.trim() !== '') {
        const started = startFilterRun(spec.filter, s);
        if (!started.ok) return started;
        run = started.value.filter.keepsAll ? null : started.value;
      }
      view = new View(this.nextViewId++, { filter: spec.filter.trim(), stream: spec.stream }, run);
      if (this.views.size >= MAX_VIEWS) this.views.delete(this.views.keys().next().value!);
      this.views.set(key, view);
    }
    // Catch up with the store in slices, answering other questions between them.
    while (!view.extend(s.store, VIEW_SLICE)) {
      this.progress(s, { phase: 'filtering', percent: (100 * view.scanned) / Math.max(1, s.store.length), bytes: 0 });
      await yieldToEvents();
      if (this.session !== s) return err({ message: 'the capture was closed', start: 0, end: 0 });
    }
    return ok(this.viewInfo(s, view));
  }

  private viewInfo(s: AnalysisSession, view: View): ViewInfo {
    return {
      sessionId: s.sessionId,
      viewId: view.id,
      count: view.count(s.store),
      connectionCount: view.isAll ? s.connectionCount : view.streams.size,
    };
  }

  private viewById(id: number): View | null {
    for (const v of this.views.values()) if (v.id === id) return v;
    return null;
  }

  rowsOf(viewId: number, from: number, to: number): PacketRow[] {
    const s = this.session;
    const view = this.viewById(viewId);
    if (!s || !view || !this.rows) return [];
    const count = view.count(s.store);
    const start = Math.max(0, Math.floor(from));
    const end = Math.min(count, Math.floor(to), start + MAX_ROWS_PER_REQUEST);
    const rows: PacketRow[] = [];
    for (let r = start; r < end; r++) rows.push(this.rows.row(r, view.storeIndex(r), r > 0 ? view.storeIndex(r - 1) : null));
    return rows;
  }

  indexOfFrame(viewId: number, frame: number): number {
    const s = this.session;
    const view = this.viewById(viewId);
    if (!s || !view) return -1;
    return view.rowOf(frame - 1, s.store);
  }

  connections(q: ConnectionQuery): ConnectionPage {
    const s = this.session;
    if (!s) return { total: 0, rows: [] };
    const view = q.viewId === null ? null : this.viewById(q.viewId);
    const include = view && !view.isAll ? view.streams : null;
    return this.table.page(s, q, include, s.generation + s.store.length);
  }

  connection(stream: number): ConnectionRow | null {
    const c = this.session?.peek(stream);
    return c ? connectionRow(c) : null;
  }

  packetDetail(frame: number): PacketDetail | null {
    const s = this.session;
    if (!s || !this.rows || frame < 1 || frame > s.store.length) return null;
    return packetDetail(s, this.rows, this.streamIndex, frame - 1);
  }

  ladder(stream: number, expandedFolds: number[]): Ladder | null {
    const s = this.session;
    return s ? ladderOf(s, this.streamIndex, stream, expandedFolds) : null;
  }

  /** Pushes progress, at most MAX_PUSHES_PER_SECOND times a second (always the last one). */
  progress(s: AnalysisSession, p: Pick<Progress, 'phase' | 'percent' | 'bytes'>, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastPush < PUSH_INTERVAL_MS) return;
    this.lastPush = now;
    this.events.progress({ sessionId: s.sessionId, ...p, percent: Math.min(100, Math.round(p.percent * 10) / 10),
      packets: s.store.length, connections: s.connectionCount });
  }
}
