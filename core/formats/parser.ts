/**
 * What the chunk driver (reader.ts) and the format parsers (pcap.ts, pcapng.ts, snoop.ts) share.
 *
 * A parser consumes whole units (a file header, a record, a block) from one contiguous byte range.
 * When a unit does not fit, it stops in front of it and says how many bytes the unit needs; the
 * driver then assembles that one unit from the following chunks and hands it back.
 */
import type { CaptureFormat, PacketRecord, ReadError, ReaderSink, ReadWarning } from './record';

/** Warnings kept in the summary and passed to the sink; a corrupt file could otherwise raise millions. */
export const MAX_WARNINGS_KEPT = 100;

export const NS_PER_SEC = 1_000_000_000;

export interface FormatParser {
  readonly format: CaptureFormat;
  /**
   * Consumes whole units from bytes[start, end), where bytes[i] sits at file offset base + i.
   * Returns the position of the first byte not consumed. A return value beyond `end` asks the
   * driver to skip that many bytes of later input unseen (a block read only for its length).
   * When it returns before `end`, `need` is the size of the unit there (always more than what is
   * left), unless `error` is set: then reading stops.
   */
  scan(bytes: Uint8Array, view: DataView, start: number, end: number, base: number): number;
  need: number;
  error: ReadError | null;
  /**
   * The file ended `have` bytes into an unfinished unit at `offset` (`have` may be 0 when the file
   * ended while a block was being skipped). Says whether that loses a packet (a warning) or leaves
   * nothing readable (an error).
   */
  cut(offset: number, have: number): CutOutcome;
}

export type CutOutcome = { error: ReadError } | { warning: string };

/** The state every parser writes to: the sink, the one reused record, warnings and counts. */
export class ReadContext {
  readonly record: PacketRecord;
  packets = 0;
  readonly warnings: ReadWarning[] = [];
  warningCount = 0;

  constructor(readonly sink: ReaderSink) {
    const bytes = new Uint8Array(0);
    // Every field is set here, so that the record keeps one shape for the engine's hot loop.
    this.record = {
      bytes, view: new DataView(bytes.buffer), offset: 0, capLen: 0, origLen: 0, fileOffset: 0,
      tsSec: 0, tsNsec: 0, hasTimestamp: true, linkType: 0, interfaceId: 0, comments: null,
    };
  }

  warn(offset: number, message: string): void {
    this.warningCount++;
    if (this.warningCount > MAX_WARNINGS_KEPT) return;
    const w: ReadWarning = {
      offset,
      message: this.warningCount === MAX_WARNINGS_KEPT ? `${message} (further warnings are counted, not listed)` : message,
    };
    this.warnings.push(w);
    this.sink.warning?.(w);
  }
}

/**
 * Sub-second fields at or above one second (seen in damaged and hand-made files) are carried into
 * the seconds, so that every record keeps 0 ≤ tsNsec < 10^9; the first one in a file is reported.
 */
export class SubsecondCarry {
  private reported = false;

  constructor(private readonly ctx: ReadContext) {}

  apply(rec: PacketRecord, offset: number, raw: number, unit: string): void {
    const carry = Math.floor(rec.tsNsec / NS_PER_SEC);
    rec.tsSec += carry;
    rec.tsNsec -= carry * NS_PER_SEC;
    if (this.reported) return;
    this.reported = true;
    this.ctx.warn(offset, `timestamp at byte offset ${offset} has ${raw} ${unit}, more than a second: carried into the seconds (later ones silently)`);
  }
}

/** Lowercase hex of a 32-bit value, 8 digits, as tshark prints link types and magics. */
export const hex32 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
