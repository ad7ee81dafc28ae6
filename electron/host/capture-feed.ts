/**
 * The analysis worker's side of a live capture: it takes the batches the main thread sends, writes
 * them to the spill file, reads them into a session (source 'capture', path = the spill file) and
 * pushes progress at most MAX_PUSHES_PER_SECOND times a second, the last state always included.
 * The renderer re-asks for its views, rows and ladder on those pushes while the phase is 'loading'.
 *
 * The spill file lives as long as its session: it is removed when the session is closed or
 * replaced (after Save As, or once the user chose to discard it). A crash leaves it on disk.
 */
import { rmSync } from 'node:fs';
import type { Result, SessionInfo } from '../../core/api';
import { MAX_PUSHES_PER_SECOND } from '../../core/api';
import { err, ok } from '../../core/result';
import type { AnalysisService, ServiceEvents } from './service';
import type { AnalysisSession } from './session';
import { CaptureSink } from './capture-sink';
import { saveCapture, type SaveFormat } from './capture-save';

const PUSH_INTERVAL_MS = 1000 / MAX_PUSHES_PER_SECOND;

export interface CaptureBeginSpec {
  /** The spill file to create (it must not exist yet). */
  spillPath: string;
  /** The interface, shown as the session's title. */
  title: string;
  /** Section Header and Interface Description blocks. */
  header: Uint8Array;
}

/** What the main thread learns after each batch: whether to go on capturing, and why not. */
export type BatchAnswer = { go: true } | { go: false; reason: string };

interface Live {
  session: AnalysisSession;
  sink: CaptureSink | null;
  /** Packets when last saved; −1 when never saved. */
  savedPackets: number;
}

export class CaptureFeed {
  private live: Live | null = null;
  private pushTimer: ReturnType<typeof setTimeout> | null = null;
  private lastPushAt = 0;

  /** `events` are the service's own: the feed pushes the sessions it changes in place through them. */
  constructor(private readonly service: AnalysisService, private readonly events: ServiceEvents) {}

  /**
   * Starts a capture session. Synchronous on purpose: the batches posted right after this request
   * must find the session ready (a worker handles its messages in order, up to the first await).
   */
  captureBegin(spec: CaptureBeginSpec): Result<SessionInfo, string> {
    const s = this.service.begin({ kind: 'capture', path: spec.spillPath, title: spec.title });
    s.format = 'pcapng';
    s.unsaved = true;
    const created = CaptureSink.create({ path: spec.spillPath, exclusive: true }, spec.header, s);
    if (!created.ok) {
      this.service.closeFile();
      return err(`cannot capture: ${created.error}`);
    }
    this.live = { session: s, sink: created.value, savedPackets: -1 };
    this.events.session(s.info());
    this.service.progress(s, { phase: 'capturing', percent: -1, bytes: created.value.bytes }, true);
    this.lastPushAt = Date.now();
    return ok(s.info());
  }

  /** One batch of whole Enhanced Packet Blocks. */
  captureData(blocks: Uint8Array, packets: number): BatchAnswer {
    const live = this.live;
    if (!live?.sink || this.service.current !== live.session) return { go: false, reason: 'the capture was closed' };
    const r = live.sink.append(blocks, packets);
    if (!r.ok) {
      live.session.error = r.error;
      this.finish(live);
      return { go: false, reason: r.error };
    }
    this.schedulePush();
    return { go: true };
  }

  /**
   * The capture stopped; the session becomes 'ready'. `problem` says why when it was not the user or
   * a limit (the device went away, the analysis fell over) and is kept among the session's warnings.
   */
  captureEnd(problem: string | null): SessionInfo | null {
    const live = this.live;
    if (!live?.sink || this.service.current !== live.session) return this.service.info();
    if (problem) live.session.warnings.push(problem);
    this.finish(live);
    return live.session.info();
  }

  /** Writes the open session (capture or file) to `path` as pcapng or pcap. */
  async saveAs(path: string, format: SaveFormat): Promise<Result<{ packets: number }, string>> {
    const s = this.service.current;
    if (!s) return err('nothing is open to save');
    const live = this.live?.session === s ? this.live : null;
    const length = live?.sink ? live.sink.bytes : Number.MAX_SAFE_INTEGER;
    const packets = s.store.length;
    const saved = await saveCapture({ path: s.source.path, format: s.format, length }, path, format);
    if (!saved.ok) return saved;
    if (live && this.service.current === s) {
      live.savedPackets = packets;
      // Saved while still capturing: what comes after is not in the saved file.
      s.unsaved = live.sink !== null || s.store.length > packets;
      this.events.session(s.info());
    }
    return ok({ packets });
  }

  /** The service's session changed: a capture session that is no longer open takes its spill file with it. */
  sessionChanged(): void {
    const live = this.live;
    if (!live || this.service.current === live.session) return;
    this.live = null;
    if (this.pushTimer) clearTimeout(this.pushTimer);
    this.pushTimer = null;
    live.sink?.end();
    live.sink = null;
    rmSync(live.session.source.path, { force: true });
  }

  private finish(live: Live): void {
    live.sink?.end();
    live.sink = null;
    const s = live.session;
    s.phase = s.error && s.store.length === 0 ? 'failed' : 'ready';
    s.unsaved = s.store.length > 0 && s.store.length !== live.savedPackets;
    s.generation++;
    if (this.pushTimer) clearTimeout(this.pushTimer);
    this.pushTimer = null;
    this.service.progress(s, { phase: 'done', percent: 100, bytes: 0 }, true);
    this.events.session(s.info());
  }

  /** At most one progress push per interval, and always one after the last batch. */
  private schedulePush(): void {
    if (this.pushTimer) return;
    const wait = Math.max(0, this.lastPushAt + PUSH_INTERVAL_MS - Date.now());
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null;
      const live = this.live;
      if (!live?.sink || this.service.current !== live.session) return;
      this.lastPushAt = Date.now();
      this.service.progress(live.session, { phase: 'capturing', percent: -1, bytes: live.sink.bytes }, true);
    }, wait);
  }
}
