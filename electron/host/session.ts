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

export type SessionSource = { kind: 'file'; path: string; title: string } | { kind: 'capture'; path: string; title: string };

export class AnalysisSession implements ReaderSink {
  readonly store = new PacketStore();
  private readonly pipeline = new PacketPipeline((frame, rec, d, f) => {
    this.store.append(rec, d, f);
    this.linkTypes[rec.interfaceId] = rec.linkType;
    if (rec.comments) this.comments.set(frame, rec.comments);
  });
  readonly tracker: TcpTracker = this.pipeline.tracker;
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

  constructor(readonly sessionId: number, readonly source: SessionSource) {}

  get connections(): readonly Connection[] {
    return this.tracker.connections;
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
      connections: this.tracker.connections.length,
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
  }
}
