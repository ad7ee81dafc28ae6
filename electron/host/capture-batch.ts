/**
 * The main thread's share of a live capture, kept as small as possible: stamp each packet as it is
 * delivered, and append it as a pcapng Enhanced Packet Block to a batch. A batch is a run of whole
 * blocks, so it is at once what goes into the spill file and what the analysis reads (the same
 * pcapng reader as for files, whose offsets are then the spill file's offsets).
 */
import { PcapngWriter } from '../../core/formats/pcapng-writer';
import { NANOSECONDS } from '../../core/formats/ticks';
import type { DeliveryClock } from './capture-clock';
import { CAP_SNAPLEN } from './capture-device';

/**
 * Largest batch: a block of the largest packet (65,535 bytes) always fits, and at a million
 * packets a second of 1 KiB a batch is still sent every millisecond or so.
 */
export const BATCH_BYTES = 1 << 20;

/**
 * How often a batch is sent even when not full: the analysis (and so the UI, or the CLI's lines)
 * lags the wire by at most this much. One batch per allowed push (MAX_PUSHES_PER_SECOND).
 */
export const BATCH_INTERVAL_MS = 50;

/**
 * Batches sent but not yet taken in by the analysis (a worker thread), in bytes. Past this the
 * analysis is not keeping up, and packets are dropped (and counted) rather than let the backlog
 * take all memory.
 */
export const MAX_IN_FLIGHT_BYTES = 128 << 20;

export interface CaptureHeaderSpec {
  device: string;
  /** libpcap's description of the device, if any. */
  description: string | null;
  linkType: number;
  clock: DeliveryClock;
  /** When the capture started, for the file's comment. */
  started: Date;
}

/** Said in the interface's description, which Wireshark shows with every frame (and a reader keeps). */
export const DELIVERY_TIMES = 'packet times taken by Synfin at delivery, not by the kernel';

/**
 * The Section Header and the one Interface Description of a capture, and the writer that must
 * write its packets (it holds the interface's time resolution). The interface's description and
 * comment say how the packets were timed, so that anyone opening the file later learns it too.
 */
export function captureHeader(spec: CaptureHeaderSpec): { writer: PcapngWriter; header: Uint8Array } {
  const writer = new PcapngWriter({ comments: [`Live capture by Synfin on ${spec.device}, started ${spec.started.toISOString()}.`] });
  const shb = writer.sectionHeader();
  const idb = writer.interfaceDescription({
    linkType: spec.linkType,
    snapLen: CAP_SNAPLEN,
    name: spec.device,
    description: spec.description ? `${spec.description} — ${DELIVERY_TIMES}` : DELIVERY_TIMES,
    tsResolution: NANOSECONDS,
    comments: [spec.clock.describe()],
  });
  const header = new Uint8Array(shb.length + idb.length);
  header.set(shb, 0);
  header.set(idb, shb.length);
  return { writer, header };
}

/** Receives a batch: whole Enhanced Packet Blocks, `packets` of them. The array is the receiver's. */
export type BatchReceiver = (blocks: Uint8Array, packets: number) => void;

export class CaptureBatcher {
  private readonly buffer: Uint8Array;
  private used = 0;
  private packets = 0;
  /** Reused for every packet: the writer reads it during the call only. */
  private readonly packet: { interfaceId: number; tsSec: number; tsNsec: number; data: Uint8Array } = { interfaceId: 0, tsSec: 0, tsNsec: 0, data: new Uint8Array(0) };

  constructor(
    private readonly writer: PcapngWriter,
    private readonly clock: DeliveryClock,
    private readonly receive: BatchReceiver,
    size = BATCH_BYTES,
  ) {
    this.buffer = new Uint8Array(size);
  }

  /** Packets waiting in the current batch. */
  get pending(): number {
    return this.packets;
  }

  /** Stamps and appends one packet; `data` is read during the call only. */
  add(data: Uint8Array): void {
    const p = this.packet;
    this.clock.stamp(p); // first: the time of delivery, before any of our own work
    p.data = data;
    const length = this.writer.enhancedPacketLength(p);
    if (this.used + length > this.buffer.length) this.flush();
    this.used += this.writer.enhancedPacketInto(p, this.buffer, this.used);
    this.packets++;
  }

  /** Hands the batch over (a copy of just its bytes, so the buffer is reused). */
  flush(): void {
    if (this.used === 0) return;
    const blocks = this.buffer.slice(0, this.used);
    const packets = this.packets;
    this.used = 0;
    this.packets = 0;
    this.receive(blocks, packets);
  }
}
