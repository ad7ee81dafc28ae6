/**
 * Sun snoop files (RFC 1761): a 16-byte big-endian header ("snoop\0\0\0", version, datalink), then
 * records of a 24-byte header, the packet, and padding up to the record length.
 */
import type { CaptureFormat, ReadError } from './record';
import { type CutOutcome, type FormatParser, type ReadContext, SubsecondCarry } from './parser';

export const SNOOP_MAGIC = [0x73, 0x6e, 0x6f, 0x6f, 0x70, 0, 0, 0]; // "snoop\0\0\0"
export const SNOOP_FILE_HEADER_LEN = 16;
export const SNOOP_RECORD_HEADER_LEN = 24;
/**
 * wiretap's WTAP_MAX_PACKET_SIZE_STANDARD, which it applies to both lengths of a snoop record:
 * the record length is the only framing snoop has, so a larger value means damage.
 */
export const SNOOP_MAX_PACKET_LEN = 262_144;

/** Versions 3–5 are Shomiti/Finisar Surveyor files in the same layout (wiretap reads 2–5). */
const SUPPORTED_VERSIONS = new Set([2, 3, 4, 5]);
/** Set on Solaris' private datalink types (ipnet and friends). */
const SNOOP_PRIVATE_BIT = 0x80000000;

/** snoop (DLPI) datalink type → LINKTYPE_, for the types wiretap reads. */
const LINKTYPES = new Map<number, number>([
  [0x00, 1], // IEEE 802.3 → Ethernet
  [0x02, 6], // IEEE 802.5 token ring
  [0x04, 1], // Ethernet
  [0x08, 10], // FDDI
  [0x09, 0], // "other": wiretap treats it as BSD loopback
  [0x0e, 0], // software loopback
  [0x10, 122], // IP over Fibre Channel
  [0x12, 123], // ATM classical IP: the 4-byte flags/VPI/VCI header is LINKTYPE_SUNATM's
  [(SNOOP_PRIVATE_BIT | 0x05) >>> 0, 226], // Solaris ipnet
]);

export function isSnoop(bytes: Uint8Array, at: number, end: number): boolean {
  const n = Math.min(SNOOP_MAGIC.length, end - at);
  for (let i = 0; i < n; i++) if (bytes[at + i] !== SNOOP_MAGIC[i]) return false;
  return n >= 4;
}

export class SnoopParser implements FormatParser {
  readonly format: CaptureFormat = 'snoop';
  need = SNOOP_FILE_HEADER_LEN;
  error: ReadError | null = null;
  private headerDone = false;
  private readonly subsecond: SubsecondCarry;

  constructor(private readonly ctx: ReadContext) {
    this.subsecond = new SubsecondCarry(ctx);
  }

  scan(bytes: Uint8Array, view: DataView, start: number, end: number, base: number): number {
    let pos = start;
    if (!this.headerDone) {
      if (end - pos < SNOOP_FILE_HEADER_LEN) return this.wait(pos, SNOOP_FILE_HEADER_LEN);
      if (!this.fileHeader(bytes, view, pos, base)) return pos;
      pos += SNOOP_FILE_HEADER_LEN;
    }
    const rec = this.ctx.record;
    rec.bytes = bytes;
    rec.view = view;
    while (true) {
      const avail = end - pos;
      if (avail < SNOOP_RECORD_HEADER_LEN) return this.wait(pos, SNOOP_RECORD_HEADER_LEN);
      const at = base + pos;
      const origLen = view.getUint32(pos, false);
      const capLen = view.getUint32(pos + 4, false);
      const recLen = view.getUint32(pos + 8, false);
      const problem =
        origLen > SNOOP_MAX_PACKET_LEN ? `original length ${origLen} is bigger than the maximum of ${SNOOP_MAX_PACKET_LEN}`
        : capLen > SNOOP_MAX_PACKET_LEN ? `${capLen}-byte packet is bigger than the maximum of ${SNOOP_MAX_PACKET_LEN}`
        : recLen < SNOOP_RECORD_HEADER_LEN + capLen ? `record length ${recLen} cannot hold its header and ${capLen}-byte packet`
        : null;
      if (problem) {
        this.error = { kind: 'malformed', offset: at, message: `snoop: record at byte offset ${at}: ${problem} (damaged file)` };
        return pos;
      }
      const unit = SNOOP_RECORD_HEADER_LEN + capLen;
      if (avail < unit) return this.wait(pos, unit);
      rec.tsSec = view.getUint32(pos + 16, false);
      const usec = view.getUint32(pos + 20, false);
      rec.tsNsec = usec * 1000;
      if (rec.tsNsec >= 1_000_000_000) this.subsecond.apply(rec, at + 20, usec, 'µs');
      rec.capLen = capLen;
      rec.origLen = origLen;
      rec.offset = pos + SNOOP_RECORD_HEADER_LEN;
      rec.fileOffset = at + SNOOP_RECORD_HEADER_LEN;
      this.ctx.packets++;
      this.ctx.sink.packet(rec);
      // The padding after the packet is skipped, unbuffered when it lies beyond this chunk.
      const next = pos + recLen;
      if (next > end) return next;
      pos = next;
    }
  }

  private fileHeader(bytes: Uint8Array, view: DataView, pos: number, base: number): boolean {
    if (!isSnoop(bytes, pos, pos + SNOOP_MAGIC.length)) {
      this.error = { kind: 'unsupported', offset: base + pos, message: `snoop: the magic at byte offset ${base + pos} is not "snoop" followed by three NULs` };
      return false;
    }
    const version = view.getUint32(pos + 8, false);
    if (!SUPPORTED_VERSIONS.has(version)) {
      this.error = { kind: 'unsupported', offset: base + pos + 8, message: `snoop: version ${version} unsupported at byte offset ${base + pos + 8}` };
      return false;
    }
    const datalink = view.getUint32(pos + 12, false);
    const linkType = LINKTYPES.get(datalink);
    if (linkType === undefined) {
      this.error = { kind: 'unsupported', offset: base + pos + 12, message: `snoop: network type ${datalink} unknown or unsupported at byte offset ${base + pos + 12}` };
      return false;
    }
    this.headerDone = true;
    const rec = this.ctx.record;
    rec.linkType = linkType;
    rec.interfaceId = 0;
    rec.comments = null;
    rec.hasTimestamp = true;
    this.ctx.sink.interface?.({ id: 0, linkType, snapLen: 0, name: null, description: null, tsUnitsPerSecond: 1e6, tsOffsetSec: 0 });
    return true;
  }

  private wait(pos: number, need: number): number {
    this.need = need;
    return pos;
  }

  cut(offset: number, have: number): CutOutcome {
    if (!this.headerDone) {
      return { error: { kind: 'truncated', offset, message: `snoop: the file ends inside its ${SNOOP_FILE_HEADER_LEN}-byte file header (only ${have} bytes from byte offset ${offset})` } };
    }
    if (have === 0) return { warning: `snoop: the file ends at byte offset ${offset}, inside the padding of its last record` };
    return { warning: `snoop: the file ends inside the record at byte offset ${offset} (${have} of ${this.need} bytes): last packet lost` };
  }
}
