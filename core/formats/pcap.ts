/**
 * libpcap files: a 24-byte file header, then records of a 16-byte header and the packet.
 * Microsecond and nanosecond magics, both byte orders, and the "modified" (Kuznetsov ss991029)
 * variant whose records carry 8 more bytes (interface index, protocol, packet type).
 */
import type { CaptureFormat, ReadError } from './record';
import { type CutOutcome, type FormatParser, type ReadContext, SubsecondCarry, hex32 } from './parser';

export const PCAP_MAGIC_USEC = 0xa1b2c3d4;
export const PCAP_MAGIC_NSEC = 0xa1b23c4d;
/** Alexey Kuznetsov's patched libpcap (ss990915 / ss991029): same header, longer records. */
export const PCAP_MAGIC_MODIFIED = 0xa1b2cd34;

export const PCAP_FILE_HEADER_LEN = 24;
export const PCAP_RECORD_HEADER_LEN = 16;
/** ss991029 record header: the standard 16 bytes + ifindex (4), protocol (2), pkt_type (1), pad (1). */
export const PCAP_MODIFIED_RECORD_HEADER_LEN = 24;

/**
 * wiretap's WTAP_MAX_PACKET_SIZE_STANDARD. A caplen above it (and above the file's snaplen) is how
 * tshark recognises a corrupt record header ("File has N-byte packet, bigger than maximum of
 * 262144"); pcap has no other framing check, so this is also what stops a garbage length from
 * making the reader wait for gigabytes.
 */
export const PCAP_MAX_STANDARD_CAPLEN = 262_144;
/** The largest per-link maximum wiretap knows (D-Bus, 128 MiB): a larger snaplen is not honoured. */
export const PCAP_MAX_HONOURED_SNAPLEN = 128 * 1024 * 1024;

/** Link-type field subfields (libpcap): low 16 bits the LINKTYPE_, then FCS info and reserved bits. */
const LINKTYPE_MASK = 0x0000ffff;
const LINKTYPE_RESERVED_MASK = 0x03ff0000;

/** How the captured and original lengths sit in records of old format versions (wiretap's rule). */
const enum Lengths { InOrder, Swapped, SwappedIfCapLonger }

const NS_PER_US = 1000;

/** Which pcap variant a magic number announces, and in which byte order; null if none. */
export function sniffPcap(view: DataView, at: number): { littleEndian: boolean; magic: number } | null {
  for (const littleEndian of [true, false]) {
    const magic = view.getUint32(at, littleEndian);
    if (magic === PCAP_MAGIC_USEC || magic === PCAP_MAGIC_NSEC || magic === PCAP_MAGIC_MODIFIED) return { littleEndian, magic };
  }
  return null;
}

export class PcapParser implements FormatParser {
  readonly format: CaptureFormat;
  need = PCAP_FILE_HEADER_LEN;
  error: ReadError | null = null;
  private headerDone = false;
  private readonly recordHeaderLen: number;
  private readonly nsPerTick: number;
  private lengths = Lengths.InOrder;
  private maxCapLen = PCAP_MAX_STANDARD_CAPLEN;
  private readonly subsecond: SubsecondCarry;

  constructor(
    private readonly ctx: ReadContext,
    private readonly le: boolean,
    magic: number,
  ) {
    this.format = magic === PCAP_MAGIC_NSEC ? 'pcap-nsec' : magic === PCAP_MAGIC_MODIFIED ? 'pcap-modified' : 'pcap';
    this.recordHeaderLen = magic === PCAP_MAGIC_MODIFIED ? PCAP_MODIFIED_RECORD_HEADER_LEN : PCAP_RECORD_HEADER_LEN;
    this.nsPerTick = magic === PCAP_MAGIC_NSEC ? 1 : NS_PER_US;
    this.subsecond = new SubsecondCarry(ctx);
  }

  scan(bytes: Uint8Array, view: DataView, start: number, end: number, base: number): number {
    let pos = start;
    if (!this.headerDone) {
      if (end - pos < PCAP_FILE_HEADER_LEN) {
        this.need = PCAP_FILE_HEADER_LEN;
        return pos;
      }
      if (!this.fileHeader(view, pos, base)) return pos;
      pos += PCAP_FILE_HEADER_LEN;
    }
    // A boolean V8 knows as one: the field's value was tested in about ten instructions a record.
    const le = this.le === true;
    const hdrLen = this.recordHeaderLen;
    const maxCapLen = this.maxCapLen;
    const nsPerTick = this.nsPerTick;
    const rec = this.ctx.record;
    const sink = this.ctx.sink;
    rec.bytes = bytes;
    rec.view = view;
    while (true) {
      const avail = end - pos;
      if (avail < hdrLen) {
        this.need = hdrLen;
        return pos;
      }
      let capLen = view.getUint32(pos + 8, le);
      let origLen = view.getUint32(pos + 12, le);
      if (this.lengths !== Lengths.InOrder && (this.lengths === Lengths.Swapped || capLen > origLen)) {
        const t = capLen;
        capLen = origLen;
        origLen = t;
      }
      if (capLen > maxCapLen) {
        this.error = {
          kind: 'malformed', offset: base + pos,
          message: `pcap: record header at byte offset ${base + pos} claims a ${capLen}-byte packet, bigger than the maximum of ${maxCapLen} (damaged or not a pcap record)`,
        };
        return pos;
      }
      const total = hdrLen + capLen;
      if (avail < total) {
        this.need = total;
        return pos;
      }
      rec.tsSec = view.getUint32(pos, le);
      const frac = view.getUint32(pos + 4, le);
      rec.tsNsec = frac * nsPerTick;
      if (rec.tsNsec >= 1_000_000_000) this.subsecond.apply(rec, base + pos + 4, frac, nsPerTick === 1 ? 'ns' : 'µs');
      rec.offset = pos + hdrLen;
      rec.capLen = capLen;
      rec.origLen = origLen;
      rec.fileOffset = base + pos + hdrLen;
      this.ctx.packets++;
      sink.packet(rec);
      pos += total;
    }
  }

  /** Checks the file header as libpcap / wiretap do; false (with `error` set) when reading must stop. */
  private fileHeader(view: DataView, at: number, base: number): boolean {
    const le = this.le;
    const major = view.getUint16(at + 4, le);
    const minor = view.getUint16(at + 6, le);
    const snapLen = view.getUint32(at + 16, le);
    const network = view.getUint32(at + 20, le);
    if (major < 2) {
      this.error = { kind: 'unsupported', offset: base + at + 4, message: `pcap: major version ${major} unsupported at byte offset ${base + at + 4} (tshark and libpcap read 2.x only)` };
      return false;
    }
    if ((network & LINKTYPE_RESERVED_MASK) !== 0) {
      this.error = {
        kind: 'unsupported', offset: base + at + 20,
        message: `pcap: network type reserved field not zero (${hex32(network & LINKTYPE_RESERVED_MASK)}) at byte offset ${base + at + 20}`,
      };
      return false;
    }
    // Before 2.3 the two lengths were stored the other way round; some 2.3 writers did either; DG/UX wrote 543.0.
    if ((major === 2 && minor < 3) || major === 543) this.lengths = Lengths.Swapped;
    else if (major === 2 && minor === 3) this.lengths = Lengths.SwappedIfCapLonger;
    this.maxCapLen = Math.max(PCAP_MAX_STANDARD_CAPLEN, Math.min(snapLen, PCAP_MAX_HONOURED_SNAPLEN));
    this.headerDone = true;
    this.ctx.sink.interface?.({
      id: 0, linkType: network & LINKTYPE_MASK, snapLen, name: null, description: null,
      tsUnitsPerSecond: this.nsPerTick === 1 ? 1e9 : 1e6, tsOffsetSec: 0,
    });
    this.ctx.record.linkType = network & LINKTYPE_MASK;
    this.ctx.record.interfaceId = 0;
    this.ctx.record.comments = null;
    this.ctx.record.hasTimestamp = true;
    return true;
  }

  cut(offset: number, have: number): CutOutcome {
    if (!this.headerDone) {
      return { error: { kind: 'truncated', offset, message: `pcap: the file ends inside its ${PCAP_FILE_HEADER_LEN}-byte file header (only ${have} bytes from byte offset ${offset})` } };
    }
    if (have < this.recordHeaderLen) {
      return { warning: `pcap: the file ends inside the record header at byte offset ${offset} (${have} of ${this.recordHeaderLen} bytes): last record lost` };
    }
    return { warning: `pcap: the file ends inside the record at byte offset ${offset} (${have} of ${this.need} bytes): last packet lost` };
  }
}
