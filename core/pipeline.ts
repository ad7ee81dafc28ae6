/**
 * The engine's per-packet path, in one place: a record from a reader is decoded, then tracked,
 * and handed on with its facts. The command line prints from here; the app's session stores.
 */
import type { PacketRecord, ReaderSink } from './formats/record';
import { Dissection } from './decode/dissection';
import { dissect } from './decode/dissect';
import { PacketFacts } from './tcp/facts';
import { TcpTracker, type TrackerOptions } from './tcp/tracker';

/** Called for each frame; `d` and `f` are reused: read them during the call, do not keep them. */
export type FrameHandler = (frame: number, rec: PacketRecord, d: Dissection, f: PacketFacts) => void;

export class PacketPipeline implements ReaderSink {
  readonly tracker: TcpTracker;
  readonly dissection = new Dissection();
  readonly facts = new PacketFacts();
  /** Frames seen so far (the last frame's number). */
  frames = 0;

  constructor(private readonly onFrame: FrameHandler, tracking: TrackerOptions = {}) {
    this.tracker = new TcpTracker(tracking);
  }

  packet(rec: PacketRecord): void {
    const frame = ++this.frames;
    dissect(rec, this.dissection);
    this.tracker.track(frame, rec.tsSec, rec.tsNsec, this.dissection, this.facts);
    this.onFrame(frame, rec, this.dissection, this.facts);
  }
}
