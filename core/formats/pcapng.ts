/**
 * pcapng (draft-ietf-opsawg-pcapng): blocks of type, length, body, length again. Each Section
 * Header Block starts a section with its own byte order and its own interfaces; packets name an
 * interface by its index in the section, and the engine sees the index counted over the file.
 *
 * Framing (the two lengths) is what lets a reader resynchronise: a block whose framing holds but
 * whose content is wrong is skipped with a warning; broken framing stops the read.
 */
import type { CaptureFormat, ReadError } from './record';
import { type CutOutcome, type FormatParser, type ReadContext, hex32 } from './parser';
import { OPT_COMMENT, optionText, readInterfaceDescription, readSectionHeader, walkOptions } from './pcapng-options';
import { TickConverter, unitsPerSecond } from './ticks';

export const BT_SHB = 0x0a0d0d0a;
export const BT_IDB = 0x00000001;
/** The obsolete Packet Block: an EPB with a 16-bit interface id and a 16-bit drop count. */
export const BT_PB = 0x00000002;
export const BT_SPB = 0x00000003;
export const BT_EPB = 0x00000006;
export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

/** Type, length, trailing length: the smallest block there is. */
export const BLOCK_MIN_LEN = 12;
/** + byte-order magic (4), major and minor version (4), section length (8). */
export const SHB_MIN_LEN = 28;
/** + link type (2), reserved (2), snaplen (4). */
export const IDB_MIN_LEN = 20;
/** + interface (4), timestamp (8), captured and original length (8); the PB has the same size. */
export const EPB_MIN_LEN = 32;
/** + original length (4). */
export const SPB_MIN_LEN = 16;
/**
 * wiretap's MAX_BLOCK_SIZE: an EPB holding the largest packet any link type allows (D-Bus,
 * 128 MiB) plus 128 KiB of options. A longer block is damage, and waiting for it would let one
 * length field make the reader buffer without bound.
 */
export const PCAPNG_MAX_BLOCK_LEN = EPB_MIN_LEN + 128 * 1024 * 1024 + 128 * 1024;

const BLOCK_NAMES: Record<number, string> = { [BT_EPB]: 'Enhanced Packet Block', [BT_PB]: 'Packet Block', [BT_SPB]: 'Simple Packet Block' };

interface Interface {
  globalId: number;
  linkType: number;
  snapLen: number;
  ticks: TickConverter;
  tsOffsetSec: number;
}

const trailerMismatch = (type: number, at: number, len: number, trailer: number): string =>
  `pcapng: block of type ${hex32(type)} at byte offset ${at} is ${len} bytes long by its header but ${trailer} by its trailing length`;

/** Blocks the reader needs whole; any other type is passed over by its length, unbuffered. */
const needsBody = (type: number): boolean => type === BT_SHB || type === BT_IDB || type === BT_EPB || type === BT_PB || type === BT_SPB;

export class PcapngParser implements FormatParser {
  readonly format: CaptureFormat = 'pcapng';
  need = BLOCK_MIN_LEN;
  error: ReadError | null = null;
  private le = true;
  private sections = 0;
  /** This section's interfaces, by section-local index. */
  private ifaces: Interface[] = [];
  private interfaceCount = 0;
  /** Set while a block is passed over unbuffered: the length its trailing length field must repeat. */
  private trailerOf = -1;
  /** That block's type and file offset, for the message if the trailing length disagrees. */
  private skippedType = 0;
  private skippedAt = 0;
  private readonly utf8 = new TextDecoder('utf-8');
  private comments: string[] | null = null;
  private bytes: Uint8Array = new Uint8Array(0);
  private readonly collectComment = (code: number, at: number, length: number): void => {
    if (code === OPT_COMMENT) (this.comments ??= []).push(optionText(this.utf8, this.bytes, at, length));
  };

  constructor(private readonly ctx: ReadContext) {}

  scan(bytes: Uint8Array, view: DataView, start: number, end: number, base: number): number {
    let pos = start;
    const rec = this.ctx.record;
    rec.bytes = bytes;
    rec.view = view;
    this.bytes = bytes;
    while (true) {
      const avail = end - pos;
      if (this.trailerOf >= 0) {
        if (avail < 4) return this.wait(pos, 4);
        const trailer = view.getUint32(pos, this.le);
        if (trailer !== this.trailerOf) return this.fail(pos, 'malformed', base + pos, trailerMismatch(this.skippedType, this.skippedAt, this.trailerOf, trailer));
        this.trailerOf = -1;
        pos += 4;
        continue;
      }
      if (avail < BLOCK_MIN_LEN) return this.wait(pos, BLOCK_MIN_LEN);
      const at = base + pos;
      const type = view.getUint32(pos, this.le); // the SHB type reads the same in both byte orders
      let le = this.le;
      if (type === BT_SHB) {
        if (view.getUint32(pos + 8, true) === BYTE_ORDER_MAGIC) le = true;
        else if (view.getUint32(pos + 8, false) === BYTE_ORDER_MAGIC) le = false;
        else return this.fail(pos, 'malformed', at + 8, `pcapng: unknown byte-order magic ${hex32(view.getUint32(pos + 8, false))} in the section header at byte offset ${at}`);
      }
      const len = view.getUint32(pos + 4, le);
      if (len < BLOCK_MIN_LEN || len % 4 !== 0 || len > PCAPNG_MAX_BLOCK_LEN || (type === BT_SHB && len < SHB_MIN_LEN)) {
        const why = len % 4 !== 0 ? 'not a multiple of 4' : len > PCAPNG_MAX_BLOCK_LEN ? `more than the maximum of ${PCAPNG_MAX_BLOCK_LEN}` : 'too short for its type';
        return this.fail(pos, 'malformed', at + 4, `pcapng: block of type ${hex32(type)} at byte offset ${at} has total length ${len}, ${why}`);
      }
      if (avail < len) {
        if (needsBody(type)) return this.wait(pos, len);
        this.trailerOf = len;
        this.skippedType = type;
        this.skippedAt = at;
        const next = pos + len - 4;
        if (next > end) return next;
        pos = next;
        continue;
      }
      const trailer = view.getUint32(pos + len - 4, le);
      if (trailer !== len) return this.fail(pos, 'malformed', at + len - 4, trailerMismatch(type, at, len, trailer));
      switch (type) {
        case BT_EPB:
        case BT_PB:
          this.packetBlock(type, view, pos, len, base);
          break;
        case BT_SPB:
          this.simplePacketBlock(view, pos, len, base);
          break;
        case BT_IDB:
          if (!this.interfaceBlock(bytes, view, pos, len, at)) return pos;
          break;
        case BT_SHB:
          if (!this.sectionHeader(bytes, view, pos, len, le, at)) return pos;
          break;
        default:
          break; // NRB, ISB, DSB, custom and unknown blocks: nothing the engine needs
      }
      pos += len;
    }
  }

  /** EPB and the obsolete PB: the same fields at the same offsets, but for the interface id's width. */
  private packetBlock(type: number, view: DataView, pos: number, len: number, base: number): void {
    // A boolean V8 knows as one (see PcapParser.scan).
    const le = this.le === true;
    const at = base + pos;
    if (len < EPB_MIN_LEN) return this.skip(at, `${BLOCK_NAMES[type]} at byte offset ${at} is ${len} bytes, shorter than its fixed fields`);
    const ifId = type === BT_EPB ? view.getUint32(pos + 8, le) : view.getUint16(pos + 8, le);
    const iface = this.ifaces[ifId];
    if (iface === undefined) return this.skip(at, `${BLOCK_NAMES[type]} at byte offset ${at} names interface ${ifId}, but its section has ${this.ifaces.length}`);
    const capLen = view.getUint32(pos + 20, le);
    if (capLen > len - EPB_MIN_LEN) return this.skip(at, `${BLOCK_NAMES[type]} at byte offset ${at} claims ${capLen} captured bytes, but the ${len}-byte block holds at most ${len - EPB_MIN_LEN}`);
    const rec = this.ctx.record;
    iface.ticks.convert(view.getUint32(pos + 12, le), view.getUint32(pos + 16, le));
    rec.tsSec = iface.ticks.sec + iface.tsOffsetSec;
    rec.tsNsec = iface.ticks.nsec;
    rec.hasTimestamp = true;
    rec.origLen = view.getUint32(pos + 24, le);
    rec.capLen = capLen;
    rec.offset = pos + 28;
    rec.fileOffset = at + 28;
    rec.linkType = iface.linkType;
    rec.interfaceId = iface.globalId;
    const options = pos + 28 + ((capLen + 3) & ~3);
    const blockEnd = pos + len - 4;
    rec.comments = null;
    if (options < blockEnd) {
      this.comments = null;
      const problem = walkOptions(view, options, blockEnd, le, this.collectComment);
      if (problem) this.ctx.warn(at, `pcapng: ${BLOCK_NAMES[type]} at byte offset ${at}: ${problem}; packet kept, rest of its options ignored`);
      rec.comments = this.comments;
    }
    this.ctx.packets++;
    this.ctx.sink.packet(rec);
  }

  /**
   * An SPB has neither interface id (it is the section's first interface), nor timestamp, nor
   * captured length: that is the original length cut by the snaplen and by the block's size.
   */
  private simplePacketBlock(view: DataView, pos: number, len: number, base: number): void {
    const at = base + pos;
    if (len < SPB_MIN_LEN) return this.skip(at, `Simple Packet Block at byte offset ${at} is ${len} bytes, shorter than its fixed field`);
    const iface = this.ifaces[0];
    if (iface === undefined) return this.skip(at, `Simple Packet Block at byte offset ${at} comes before any interface of its section`);
    const origLen = view.getUint32(pos + 8, this.le);
    let capLen = Math.min(origLen, len - SPB_MIN_LEN);
    if (iface.snapLen !== 0) capLen = Math.min(capLen, iface.snapLen);
    const rec = this.ctx.record;
    rec.hasTimestamp = false; // tsSec/tsNsec keep the previous packet's time
    rec.origLen = origLen;
    rec.capLen = capLen;
    rec.offset = pos + 12;
    rec.fileOffset = at + 12;
    rec.linkType = iface.linkType;
    rec.interfaceId = iface.globalId;
    rec.comments = null;
    this.ctx.packets++;
    this.ctx.sink.packet(rec);
  }

  private interfaceBlock(bytes: Uint8Array, view: DataView, pos: number, len: number, at: number): boolean {
    // Skipping an IDB would renumber every later interface and mislabel their packets: stop instead.
    if (len < IDB_MIN_LEN) return this.fail(false, 'malformed', at, `pcapng: Interface Description Block at byte offset ${at} is ${len} bytes, shorter than its fixed fields`);
    const idb = readInterfaceDescription(this.utf8, bytes, view, pos, len, this.le);
    if (idb.problem) this.ctx.warn(at, `pcapng: Interface Description Block at byte offset ${at}: ${idb.problem}`);
    const globalId = this.interfaceCount++;
    this.ifaces.push({ globalId, linkType: idb.linkType, snapLen: idb.snapLen, ticks: new TickConverter(idb.resolution), tsOffsetSec: idb.tsOffsetSec });
    this.ctx.sink.interface?.({
      id: globalId, linkType: idb.linkType, snapLen: idb.snapLen, name: idb.name, description: idb.description,
      tsUnitsPerSecond: unitsPerSecond(idb.resolution), tsOffsetSec: idb.tsOffsetSec,
    });
    return true;
  }

  private sectionHeader(bytes: Uint8Array, view: DataView, pos: number, len: number, le: boolean, at: number): boolean {
    const shb = readSectionHeader(this.utf8, bytes, view, pos, len, le);
    // 1.0 is the format; 1.2 was written by some tools for the same format (wiretap reads both).
    if (shb.major !== 1 || (shb.minor !== 0 && shb.minor !== 2)) {
      return this.fail(false, 'unsupported', at + 12, `pcapng: unknown SHB version ${shb.major}.${shb.minor} in the section header at byte offset ${at}`);
    }
    this.le = le;
    this.sections++;
    this.ifaces = [];
    if (shb.problem) this.ctx.warn(at, `pcapng: section header at byte offset ${at}: ${shb.problem}`);
    for (const c of shb.comments) this.ctx.sink.fileComment?.(c);
    return true;
  }

  private skip(at: number, what: string): void {
    this.ctx.warn(at, `pcapng: ${what}: block skipped`);
  }

  private wait(pos: number, need: number): number {
    this.need = need;
    return pos;
  }

  /** Stops the read; returns `result`, what the caller returns. */
  private fail<T>(result: T, kind: ReadError['kind'], offset: number, message: string): T {
    this.error = { kind, offset, message };
    return result;
  }

  cut(offset: number, have: number): CutOutcome {
    if (this.sections === 0) {
      return { error: { kind: 'truncated', offset, message: `pcapng: the file ends inside its first section header block (only ${have} bytes from byte offset ${offset})` } };
    }
    if (this.trailerOf >= 0) return { warning: `pcapng: the file ends at byte offset ${offset + have}, inside a non-packet block` };
    if (have < BLOCK_MIN_LEN) return { warning: `pcapng: the file ends inside the block header at byte offset ${offset} (${have} of ${BLOCK_MIN_LEN} bytes): last block lost` };
    return { warning: `pcapng: the file ends inside the block at byte offset ${offset} (${have} of ${this.need} bytes): last block lost` };
  }
}
