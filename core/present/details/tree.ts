/** Building blocks of the packet details tree: nodes, Wireshark's bit patterns, and the walk over one packet. */
import type { DetailNode } from '../../api';
import type { Dissection } from '../../decode/dissection';
import type { PacketFacts } from '../../tcp/facts';

export type { DetailNode };

/** What the caller knows beyond the bytes: the tracker's view of the packet, and the wire length. */
export interface DetailContext {
  /** Frame number (from 1) for the Frame line. */
  frame?: number;
  /** Length on the wire; the captured length when absent. Tells a snaplen cut from a malformed packet. */
  origLen?: number;
  /** The tracker's facts for this frame: stream, relative seq/ack, scaled window, analysis bits. */
  facts?: PacketFacts | null;
  /** The connection's initial RTT in seconds (tcp.analysis.initial_rtt), null when unknown. */
  irtt?: number | null;
  /** Multiplier applied to this segment's window: −1 unknown, −2 no scaling used (Wireshark's values). */
  windowScaleFactor?: number;
  /** For a duplicate ACK: the frame it duplicates and its count. */
  dupAck?: { frame: number; num: number } | null;
}

export function node(label: string, start: number, length: number, field?: string, children?: DetailNode[]): DetailNode {
  const n: DetailNode = { label, start, length };
  if (field !== undefined) n.field = field;
  if (children !== undefined && children.length > 0) n.children = children;
  return n;
}

/**
 * Wireshark's picture of a bit field: the bits of `value` under `mask` in a field `width` bits
 * wide, most significant first, the others as dots, in groups of four ("010. ....").
 */
export function bits(value: number, mask: number, width: number): string {
  let s = '';
  for (let i = width - 1; i >= 0; i--) {
    const bit = 2 ** i;
    s += Math.floor(mask / bit) % 2 ? (Math.floor(value / bit) % 2 ? '1' : '0') : '.';
    if (i > 0 && i % 4 === 0) s += ' ';
  }
  return s;
}

export const hex = (n: number, digits: number) => n.toString(16).padStart(digits, '0');
export const setNot = (on: boolean) => (on ? 'Set' : 'Not set');
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The bytes of one packet (or of IPComp's decompressed payload) and where the tree goes. */
export class Walk {
  readonly view: DataView;
  readonly cap: number;
  constructor(
    readonly bytes: Uint8Array,
    readonly d: Dissection,
    readonly ctx: DetailContext,
    /** End of the packet on the wire (≥ cap when the snaplen cut it). */
    readonly wire: number,
    readonly out: DetailNode[],
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.cap = bytes.length;
  }
  /** `n` bytes at `o` were captured and lie before `end`. */
  has(o: number, n: number, end = this.wire): boolean {
    return o + n <= this.cap && o + n <= end;
  }
  u8(o: number): number { return this.view.getUint8(o); }
  u16(o: number): number { return this.view.getUint16(o); }
  u32(o: number): number { return this.view.getUint32(o); }
  hexBytes(o: number, n: number): string {
    let s = '';
    for (let i = 0; i < n && o + i < this.cap; i++) s += hex(this.bytes[o + i]!, 2);
    return s;
  }
}
