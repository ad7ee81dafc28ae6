/**
 * The per-packet index: typed-array columns in pages, 64 bytes a packet, no objects per packet.
 * Packet bytes are not here: `fileOffset` and `capLen` say where to read them back.
 *
 * Everything a row, a filter or a ladder needs per packet is a column; what is per connection
 * (addresses, ports, bases of the relative numbers, states over time) lives in the tracker's
 * connection table, and address pairs are interned (`addrPair`, `ethPair` are ids).
 */
import type { PacketRecord } from '../formats/record';
import type { Dissection } from '../decode/dissection';
import type { PacketFacts } from '../tcp/facts';
import { TupleTable } from './tuple-table';

/** The columns, each defined once: name and element type. */
export const COLUMNS = {
  fileOffset: Float64Array,
  /** Nanoseconds since the first packet (exact up to ~104 days of capture). */
  tsRelNs: Float64Array,
  capLen: Uint32Array,
  origLen: Uint32Array,
  /** tcp.stream, −1 when not tracked TCP. */
  stream: Int32Array,
  seqRaw: Uint32Array,
  ackRaw: Uint32Array,
  /** TCP payload length (tcp.len). */
  payloadLen: Uint32Array,
  /** Interned (ip version, source, destination) id; see PacketStore.addresses. */
  addrPair: Uint32Array,
  /** Interned (source MAC, destination MAC) id, 0xffffffff when there are none. */
  ethPair: Uint32Array,
  interfaceId: Uint16Array,
  tcpFlags: Uint16Array,
  /** Window field as sent (unscaled). */
  window: Uint16Array,
  analysis: Uint16Array,
  /** Outermost VLAN id, 0xffff when untagged. */
  vlanId: Uint16Array,
  /** Protocol label code (decode/dissection PROTOCOLS). */
  proto: Uint8Array,
  roles: Uint8Array,
  /** Client state code << 4 | server state code, after this packet. */
  states: Uint8Array,
  /** MiscBit flags. */
  misc: Uint8Array,
  /** IPv4 TTL or IPv6 hop limit. */
  ttl: Uint8Array,
  /** The window scale shift applied to this packet's window (tcp.window_size), WINDOW_UNSCALED when unknown. */
  winShift: Uint8Array,
} as const;

export type ColumnName = keyof typeof COLUMNS;
export type Page = { [K in ColumnName]: InstanceType<(typeof COLUMNS)[K]> };

export const MiscBit = Object.freeze({
  FROM_CLIENT: 1,
  DECODE_PROBLEM: 2,
  FRAGMENT: 4,
  HAS_COMMENT: 8,
  /** The tracker showed raw seq/ack for this packet (PacketFacts.rawNumbers). */
  RAW_NUMBERS: 16,
});

/** Rows per page: pages grow the store without copying what is already there. */
export const PAGE_BITS = 16;
export const PAGE_SIZE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_SIZE - 1;
export const NO_ETH = 0xffffffff;
export const NO_VLAN = 0xffff;
/** winShift when the tracker did not know the scale: tcp.window_size is then the raw field. */
export const WINDOW_UNSCALED = 0xff;

export const BYTES_PER_PACKET = Object.values(COLUMNS).reduce((n, C) => n + C.BYTES_PER_ELEMENT, 0);

function newPage(): Page {
  const page = {} as Record<string, unknown>;
  for (const [name, Ctor] of Object.entries(COLUMNS)) page[name] = new Ctor(PAGE_SIZE);
  return page as Page;
}

export class PacketStore {
  readonly pages: Page[] = [];
  private count = 0;
  /** Epoch time of the first packet: tsRelNs counts from here. */
  baseSec = 0;
  baseNsec = 0;
  /** Address pairs: word 0 is the IP version (0 when none), then 4 words source, 4 words destination. */
  readonly addresses = new TupleTable(9);
  /** MAC pairs: source and destination, 6 bytes each, in 3 words. */
  readonly macs = new TupleTable(3);
  private readonly addrKey = new Uint32Array(9);
  private readonly macKey = new Uint32Array(3);

  get length(): number {
    return this.count;
  }

  /** Appends one packet; returns its index (frame number − 1). */
  append(rec: PacketRecord, d: Dissection, f: PacketFacts): number {
    const i = this.count;
    if ((i & PAGE_MASK) === 0) this.pages.push(newPage());
    const p = this.pages[i >>> PAGE_BITS]!;
    const j = i & PAGE_MASK;
    if (i === 0) {
      this.baseSec = rec.tsSec;
      this.baseNsec = rec.tsNsec;
    }
    p.fileOffset[j] = rec.fileOffset;
    p.tsRelNs[j] = (rec.tsSec - this.baseSec) * 1e9 + (rec.tsNsec - this.baseNsec);
    p.capLen[j] = rec.capLen;
    p.origLen[j] = rec.origLen;
    p.interfaceId[j] = rec.interfaceId;
    p.stream[j] = f.stream;
    p.seqRaw[j] = d.seq;
    p.ackRaw[j] = d.ack;
    p.payloadLen[j] = d.payloadLen;
    p.tcpFlags[j] = d.tcpFlags;
    p.window[j] = d.window;
    p.analysis[j] = f.analysis;
    p.roles[j] = f.roles;
    p.states[j] = (f.clientState << 4) | f.serverState;
    p.proto[j] = d.proto;
    p.ttl[j] = d.ttl;
    p.winShift[j] = f.windowSize < 0 ? WINDOW_UNSCALED : d.window === 0 ? 0 : Math.round(Math.log2(f.windowSize / d.window));
    p.vlanId[j] = d.vlanCount > 0 ? d.vlanIds[0]! : NO_VLAN;
    p.misc[j] =
      (f.fromClient ? MiscBit.FROM_CLIENT : 0) |
      (d.problem ? MiscBit.DECODE_PROBLEM : 0) |
      (d.isFragment ? MiscBit.FRAGMENT : 0) |
      (rec.comments ? MiscBit.HAS_COMMENT : 0) |
      (f.rawNumbers ? MiscBit.RAW_NUMBERS : 0);
    p.addrPair[j] = this.internAddresses(d);
    p.ethPair[j] = d.ethOffset >= 0 && rec.capLen >= d.ethOffset + 12 ? this.internMacs(rec, d.ethOffset) : NO_ETH;
    this.count = i + 1;
    return i;
  }

  /** Column `name` at packet index `i`. */
  get<K extends ColumnName>(name: K, i: number): number {
    return this.pages[i >>> PAGE_BITS]![name][i & PAGE_MASK]!;
  }

  /** tcp.window_size of packet `i`: the window field scaled as the tracker scaled it. */
  windowSize(i: number): number {
    const shift = this.get('winShift', i);
    const w = this.get('window', i);
    return shift === WINDOW_UNSCALED ? w : w * 2 ** shift;
  }

  /** Epoch seconds of packet `i`. */
  epochSeconds(i: number): number {
    return this.baseSec + (this.baseNsec + this.get('tsRelNs', i)) / 1e9;
  }

  /** Approximate bytes held by the index (columns and intern tables). */
  get indexBytes(): number {
    return this.pages.length * PAGE_SIZE * BYTES_PER_PACKET;
  }

  private internAddresses(d: Dissection): number {
    const k = this.addrKey;
    k[0] = d.ipVersion;
    for (let w = 0; w < 4; w++) {
      k[1 + w] = d.src[w]!;
      k[5 + w] = d.dst[w]!;
    }
    return this.addresses.intern(k);
  }

  private internMacs(rec: PacketRecord, ethOffset: number): number {
    const v = rec.view;
    const o = rec.offset + ethOffset;
    // Ethernet puts the destination first; the key is (source, destination).
    this.macKey[0] = v.getUint32(o + 6);
    this.macKey[1] = (v.getUint16(o + 10) << 16) | v.getUint16(o);
    this.macKey[2] = v.getUint32(o + 2);
    return this.macs.intern(this.macKey);
  }
}
