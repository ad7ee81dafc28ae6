/**
 * A streaming pcapng writer: a Section Header, Interface Descriptions, then one Enhanced Packet
 * Block per packet. Pure: it returns bytes (or writes them into a buffer the caller owns).
 *
 * One writer writes one section in one byte order; a file of several sections (or of mixed byte
 * orders, for test vectors) is the concatenation of several writers' output.
 */
import { BT_EPB, BT_IDB, BT_SHB, BYTE_ORDER_MAGIC, EPB_MIN_LEN, IDB_MIN_LEN, SHB_MIN_LEN } from './pcapng';
import { IF_DESCRIPTION, IF_NAME, IF_TSOFFSET, IF_TSRESOL, OPT_COMMENT } from './pcapng-options';
import { type TsResolution, MICROSECONDS, TickEncoder, encodeTsresol } from './ticks';
import type { PacketToWrite } from './pcap-writer';

export interface PcapngSectionOptions {
  /** Byte order of the section; little-endian unless told (big-endian is for test vectors). */
  littleEndian?: boolean;
  /** opt_comment values of the section header. */
  comments?: string[];
}

export interface PcapngInterfaceOptions {
  linkType: number;
  /** 0 means "no limit", as in the spec. */
  snapLen?: number;
  name?: string;
  description?: string;
  /** if_tsresol; microseconds when absent (then the option is not written, as the spec's default). */
  tsResolution?: TsResolution;
  /** if_tsoffset, in seconds: written times are stored as ticks since this offset. */
  tsOffsetSec?: number;
  /** opt_comment values of the interface (e.g. how its packets were timed). */
  comments?: string[];
}

export interface PcapngPacketToWrite extends PacketToWrite {
  /** Index of the interface in this section (the order of interfaceDescription calls). */
  interfaceId: number;
  comments?: string[];
}

interface Option {
  code: number;
  value: Uint8Array;
}

const pad4 = (n: number): number => (n + 3) & ~3;
const optionsLength = (options: Option[]): number =>
  options.length === 0 ? 0 : options.reduce((n, o) => n + 4 + pad4(o.value.length), 4 /* opt_endofopt */);

export class PcapngWriter {
  private readonly le: boolean;
  private readonly utf8 = new TextEncoder();
  private readonly interfaces: { encoder: TickEncoder; tsOffsetSec: number }[] = [];
  private target: Uint8Array | null = null;
  private view: DataView = new DataView(new ArrayBuffer(0));

  constructor(private readonly section: PcapngSectionOptions = {}) {
    this.le = section.littleEndian ?? true;
  }

  /** The Section Header Block; starts a new section, whose interfaces are numbered from 0 again. */
  sectionHeader(): Uint8Array {
    this.interfaces.length = 0;
    const options = (this.section.comments ?? []).map((c) => this.text(OPT_COMMENT, c));
    const len = SHB_MIN_LEN + optionsLength(options);
    const { out, v } = this.block(BT_SHB, len);
    v.setUint32(8, BYTE_ORDER_MAGIC, this.le);
    v.setUint16(12, 1, this.le);
    v.setUint16(14, 0, this.le);
    // Section length −1: unknown, as for any file written as a stream.
    v.setUint32(16, 0xffffffff, this.le);
    v.setUint32(20, 0xffffffff, this.le);
    this.writeOptions(v, out, 24, options);
    return out;
  }

  /** An Interface Description Block; the interface's id is the number of IDBs before it in the section. */
  interfaceDescription(iface: PcapngInterfaceOptions): Uint8Array {
    const options: Option[] = (iface.comments ?? []).map((c) => this.text(OPT_COMMENT, c));
    if (iface.name !== undefined) options.push(this.text(IF_NAME, iface.name));
    if (iface.description !== undefined) options.push(this.text(IF_DESCRIPTION, iface.description));
    const resolution = iface.tsResolution ?? MICROSECONDS;
    if (iface.tsResolution !== undefined) options.push({ code: IF_TSRESOL, value: Uint8Array.of(encodeTsresol(resolution)) });
    const tsOffsetSec = iface.tsOffsetSec ?? 0;
    if (iface.tsOffsetSec !== undefined) {
      if (!Number.isSafeInteger(tsOffsetSec)) throw new RangeError(`if_tsoffset ${tsOffsetSec} is not a whole number of seconds`);
      const value = new Uint8Array(8);
      const ov = new DataView(value.buffer);
      const hi = Math.floor(tsOffsetSec / 0x1_0000_0000);
      ov.setInt32(this.le ? 4 : 0, hi, this.le);
      ov.setUint32(this.le ? 0 : 4, tsOffsetSec - hi * 0x1_0000_0000, this.le);
      options.push({ code: IF_TSOFFSET, value });
    }
    const len = IDB_MIN_LEN + optionsLength(options);
    const { out, v } = this.block(BT_IDB, len);
    v.setUint16(8, iface.linkType, this.le);
    v.setUint32(12, iface.snapLen ?? 0, this.le);
    this.writeOptions(v, out, 16, options);
    this.interfaces.push({ encoder: new TickEncoder(resolution), tsOffsetSec });
    return out;
  }

  /** Bytes the Enhanced Packet Block of `p` will take. */
  enhancedPacketLength(p: PcapngPacketToWrite): number {
    return EPB_MIN_LEN + pad4(p.data.length) + (p.comments ? optionsLength(p.comments.map((c) => this.text(OPT_COMMENT, c))) : 0);
  }

  enhancedPacket(p: PcapngPacketToWrite): Uint8Array {
    const out = new Uint8Array(this.enhancedPacketLength(p));
    this.enhancedPacketInto(p, out, 0);
    return out;
  }

  /**
   * Writes the EPB into `target` at `offset` (no allocation unless it has comments); returns the
   * bytes written. Throws RangeError for an interface not yet described or a time its resolution
   * cannot hold.
   */
  enhancedPacketInto(p: PcapngPacketToWrite, target: Uint8Array, offset: number): number {
    const iface = this.interfaces[p.interfaceId];
    if (iface === undefined) throw new RangeError(`interface ${p.interfaceId} has no Interface Description Block in this section`);
    const options = p.comments ? p.comments.map((c) => this.text(OPT_COMMENT, c)) : [];
    const capLen = p.data.length;
    const len = EPB_MIN_LEN + pad4(capLen) + optionsLength(options);
    iface.encoder.encode(p.tsSec - iface.tsOffsetSec, p.tsNsec);
    if (target !== this.target) {
      this.target = target;
      this.view = new DataView(target.buffer, target.byteOffset, target.byteLength);
    }
    const v = this.view;
    const le = this.le;
    v.setUint32(offset, BT_EPB, le);
    v.setUint32(offset + 4, len, le);
    v.setUint32(offset + 8, p.interfaceId, le);
    v.setUint32(offset + 12, iface.encoder.hi, le);
    v.setUint32(offset + 16, iface.encoder.lo, le);
    v.setUint32(offset + 20, capLen, le);
    v.setUint32(offset + 24, p.origLen ?? capLen, le);
    target.set(p.data, offset + 28);
    target.fill(0, offset + 28 + capLen, offset + 28 + pad4(capLen));
    this.writeOptions(v, target, offset + 28 + pad4(capLen), options);
    v.setUint32(offset + len - 4, len, le);
    return len;
  }

  private text(code: number, s: string): Option {
    return { code, value: this.utf8.encode(s) };
  }

  private block(type: number, len: number): { out: Uint8Array; v: DataView } {
    const out = new Uint8Array(len);
    const v = new DataView(out.buffer);
    v.setUint32(0, type, this.le);
    v.setUint32(4, len, this.le);
    v.setUint32(len - 4, len, this.le);
    return { out, v };
  }

  /** Writes options (and opt_endofopt after them) at `at`, relative to the view's and out's start. */
  private writeOptions(v: DataView, out: Uint8Array, at: number, options: Option[]): void {
    if (options.length === 0) return;
    let p = at;
    for (const o of options) {
      if (o.value.length > 0xffff) throw new RangeError(`option ${o.code} of ${o.value.length} bytes is longer than pcapng allows`);
      v.setUint16(p, o.code, this.le);
      v.setUint16(p + 2, o.value.length, this.le);
      out.set(o.value, p + 4);
      out.fill(0, p + 4 + o.value.length, p + 4 + pad4(o.value.length));
      p += 4 + pad4(o.value.length);
    }
    v.setUint32(p, 0, this.le); // opt_endofopt: code 0, length 0
  }
}
