/**
 * The chunk driver: sniffs the format from the magic, hands each chunk to the format's parser in
 * place, and assembles only the one unit that straddles two chunks (by copying it).
 */
import type { CaptureReader, ReadError, ReaderSink, ReadSummary } from './record';
import { type FormatParser, ReadContext, hex32 } from './parser';
import { PcapParser, sniffPcap } from './pcap';
import { BT_SHB, PcapngParser } from './pcapng';
import { SnoopParser, isSnoop } from './snoop';

/** Every format this reader knows is told apart by its first four bytes. */
const SNIFF_LEN = 4;
/** A carry buffer grown past this for one large record is let go once that record is done. */
const CARRY_KEEP_BYTES = 1 << 20;
const CARRY_MIN_BYTES = 4096;
const GZIP_MAGIC = 0x1f8b;

export function createCaptureReader(sink: ReaderSink): CaptureReader {
  return new ChunkReader(sink);
}

class ChunkReader implements CaptureReader {
  private readonly ctx: ReadContext;
  private parser: FormatParser | null = null;
  /** The start of a unit that did not fit in its chunk: carry[0, carryLen) is at file offset carryBase. */
  private carry = new Uint8Array(0);
  private carryView: DataView = new DataView(this.carry.buffer);
  private carryLen = 0;
  private carryBase = 0;
  /** Bytes of later input the parser asked to pass over unseen. */
  private skip = 0;
  /** File offset of the next byte to arrive. */
  private base = 0;
  private error: ReadError | null = null;
  private ended = false;

  constructor(sink: ReaderSink) {
    this.ctx = new ReadContext(sink);
  }

  get stopped(): boolean {
    return this.error !== null;
  }

  push(chunk: Uint8Array): void {
    const chunkBase = this.base;
    const end = chunk.length;
    this.base += end;
    if (this.error !== null || this.ended || end === 0) return;
    let pos = this.skipFrom(0, end);

    // Finish the unit an earlier chunk started: top the carry up to what it needs, then parse it.
    while (this.carryLen > 0) {
      const need = this.needed();
      const take = Math.min(Math.max(need - this.carryLen, 0), end - pos);
      this.appendCarry(chunk, pos, take);
      pos += take;
      if (this.carryLen < need) return;
      const r = this.scan(this.carry, this.carryView, 0, this.carryLen, this.carryBase);
      if (this.error !== null) return;
      if (r >= this.carryLen) {
        this.skip = r - this.carryLen;
        this.releaseCarry();
        pos = this.skipFrom(pos, end);
      } else if (r > 0) {
        this.carry.copyWithin(0, r, this.carryLen);
        this.carryLen -= r;
        this.carryBase += r;
      } else if (this.needed() <= this.carryLen) {
        this.error = { kind: 'malformed', offset: this.carryBase, message: `internal: the ${this.parser?.format ?? 'format'} parser made no progress at byte offset ${this.carryBase}` };
        return;
      }
    }
    if (pos >= end) return;

    const view = new DataView(chunk.buffer, chunk.byteOffset, end);
    const r = this.scan(chunk, view, pos, end, chunkBase);
    if (this.error !== null) return;
    if (r >= end) {
      this.skip = r - end;
    } else {
      this.carryBase = chunkBase + r;
      this.appendCarry(chunk, r, end - r);
    }
  }

  end(): ReadSummary {
    if (!this.ended && this.error === null) {
      this.ended = true;
      if (this.parser === null) {
        const message = this.base === 0 ? 'the file is empty: no capture file header at byte offset 0' : `the file ends at byte offset ${this.base}, too short for any capture file header`;
        this.error = { kind: 'truncated', offset: 0, message };
      } else if (this.carryLen > 0 || this.skip > 0) {
        const offset = this.carryLen > 0 ? this.carryBase : this.base;
        const outcome = this.parser.cut(offset, this.carryLen);
        if ('error' in outcome) this.error = outcome.error;
        else this.ctx.warn(offset, outcome.warning);
      }
      this.releaseCarry();
    }
    this.ended = true;
    return this.snapshot();
  }

  snapshot(): ReadSummary {
    return {
      format: this.parser?.format ?? null,
      packets: this.ctx.packets,
      warnings: this.ctx.warnings.slice(),
      warningCount: this.ctx.warningCount,
      bytes: this.base,
      error: this.error,
    };
  }

  private needed(): number {
    return this.parser === null ? SNIFF_LEN : this.parser.need;
  }

  private skipFrom(pos: number, end: number): number {
    const s = Math.min(this.skip, end - pos);
    this.skip -= s;
    return pos + s;
  }

  private scan(bytes: Uint8Array, view: DataView, start: number, end: number, base: number): number {
    if (this.parser === null) {
      if (end - start < SNIFF_LEN) return start;
      this.parser = this.sniff(bytes, view, start, base);
      if (this.parser === null) return start;
    }
    const r = this.parser.scan(bytes, view, start, end, base);
    if (this.parser.error !== null) this.error = this.parser.error;
    return r;
  }

  private sniff(bytes: Uint8Array, view: DataView, at: number, base: number): FormatParser | null {
    const pcap = sniffPcap(view, at);
    if (pcap) return new PcapParser(this.ctx, pcap.littleEndian, pcap.magic);
    if (view.getUint32(at, false) === BT_SHB) return new PcapngParser(this.ctx);
    if (isSnoop(bytes, at, at + SNIFF_LEN)) return new SnoopParser(this.ctx);
    const magic = view.getUint32(at, false);
    const hint = magic >>> 16 === GZIP_MAGIC ? ' (gzip-compressed: decompress it first)' : '';
    this.error = { kind: 'unsupported', offset: base + at, message: `not a pcap, pcapng or snoop file: the magic at byte offset ${base + at} is ${hex32(magic)}${hint}` };
    return null;
  }

  private appendCarry(chunk: Uint8Array, from: number, n: number): void {
    if (n <= 0) return;
    const required = this.carryLen + n;
    if (required > this.carry.length) {
      // Grow towards what the unit needs, never past it: a length field promising gigabytes
      // costs only the bytes that really arrive.
      const size = Math.max(required, Math.min(Math.max(this.carry.length * 2, CARRY_MIN_BYTES), this.needed()));
      const grown = new Uint8Array(size);
      grown.set(this.carry.subarray(0, this.carryLen));
      this.carry = grown;
      this.carryView = new DataView(grown.buffer);
    }
    this.carry.set(chunk.subarray(from, from + n), this.carryLen);
    this.carryLen = required;
  }

  private releaseCarry(): void {
    this.carryLen = 0;
    if (this.carry.length > CARRY_KEEP_BYTES) {
      this.carry = new Uint8Array(0);
      this.carryView = new DataView(this.carry.buffer);
    }
  }
}
