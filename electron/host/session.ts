/**
 * One open capture (a file, or a live capture's spill file): the packet store and connection
 * table the engine builds from it, and the answers to the UI's questions about them.
 * Runs inside the analysis worker; also used directly by tests.
 */
import { closeSync, openSync } from 'node:fs';
import type { PacketRecord, ReaderSink, InterfaceInfo } from '../../core/formats/record';
import { PacketPipeline } from '../../core/pipeline';
import type { TcpTracker } from '../../core/tcp/tracker';
import type { Connection } from '../../core/tcp/connection';
import { PacketStore } from '../../core/store/packet-store';
import type { SessionInfo } from '../../core/api';
import { readPacketBytes } from './capture-file';
import { openColdStore } from './cold-file';

export type SessionSource = { kind: 'file'; path: string; title: string } | { kind: 'capture'; path: string; title: string };

export class AnalysisSession implements ReaderSink {
  readonly store = new PacketStore();
  /**
   * Connections not seen for a while go to a temporary file (TcpTracker's cold store), as in the
   * command line: a SYN flood of 4 M connections took 5 GB here, and a larger one would have
   * ended the worker. Where the file cannot be made or written they stay compact in memory, with
   * a warning.
   */
  private readonly pipeline: PacketPipeline;
  readonly tracker: TcpTracker;
  /** Link type of each interface id, learnt as records arrive (bytes are re-decoded with it). */
  readonly linkTypes: number[] = [];
  readonly interfaces: InterfaceInfo[] = [];
  readonly comments = new Map<number, string[]>();
  fileComments: string[] = [];
  format = '';
  phase: SessionInfo['phase'] = 'loading';
  warnings: string[] = [];
  error: string | null = null;
  unsaved = false;
  /** Bumped whenever packets are added: views and caches compare against it. */
  generation = 0;
  private fd = -1;

  /** `maxLive`: connections kept in memory (TcpTracker's option; tests set it low to make them go cold). */
  constructor(readonly sessionId: number, readonly source: SessionSource, options: { maxLive?: number } = {}) {
    const cold = openColdStore((why) => this.warnings.push(`${why}; connections not seen for a while are kept in memory instead`));
    this.pipeline = new PacketPipeline((frame, rec, d, f) => {
      this.store.append(rec, d, f);
      this.linkTypes[rec.interfaceId] = rec.linkType;
      if (rec.comments) this.comments.set(frame, rec.comments);
    }, { cold, maxLive: options.maxLive });
    this.tracker = this.pipeline.tracker;
  }

  get connectionCount(): number {
    return this.tracker.connectionCount;
  }

  /** Connection `stream`, a copy if it was in the cold store (see TcpTracker.connection); null if there is none. */
  connection(stream: number): Connection | null {
    return this.hasStream(stream) ? this.tracker.connection(stream) : null;
  }

  /**
   * Connection `stream` to read at once, or undefined if there is none: valid until the next call
   * or the next packet (see TcpTracker.peek). Readers that look at one connection and move on use this.
   */
  peek(stream: number): Connection | undefined {
    return this.hasStream(stream) ? this.tracker.peek(stream) : undefined;
  }

  private hasStream(stream: number): boolean {
    return Number.isInteger(stream) && stream >= 0 && stream < this.tracker.connectionCount;
  }

  /** ReaderSink: every record goes through the decoders and the tracker into the store. */
  packet(rec: PacketRecord): void {
    this.pipeline.packet(rec);
  }

  interface(info: InterfaceInfo): void {
    this.interfaces[info.id] = info;
  }

  fileComment(comment: string): void {
    this.fileComments.push(comment);
  }

  warning(w: { offset: number; message: string }): void {
    this.warnings.push(w.message);
  }

  info(): SessionInfo {
    return {
      sessionId: this.sessionId,
      title: this.source.title,
      source: this.source.kind,
      format: this.format,
      phase: this.phase,
      packets: this.store.length,
      connections: this.tracker.connectionCount,
      firstTime: this.store.length > 0 ? this.store.baseSec + this.store.baseNsec / 1e9 : null,
      warnings: this.warnings.slice(0, 50),
      error: this.error,
      unsaved: this.unsaved,
    };
  }

  /** The captured bytes of packet index `i`, read back from the file (the store keeps offsets only). */
  bytes(i: number): Uint8Array | null {
    if (this.fd < 0) {
      try {
        this.fd = openSync(this.source.path, 'r');
      } catch {
        return null;
      }
    }
    const r = readPacketBytes(this.fd, this.store.get('fileOffset', i), this.store.get('capLen', i));
    return r.ok ? r.value : null;
  }

  linkTypeOf(i: number): number {
    return this.linkTypes[this.store.get('interfaceId', i)] ?? -1;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    this.tracker.close();
  }
}
