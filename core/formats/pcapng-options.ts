/**
 * pcapng options (code, length, value padded to 4 bytes) and the contents of the two blocks that
 * are nothing but fixed fields and options: the Section Header and the Interface Description.
 */
import { type TsResolution, MICROSECONDS, decodeTsresol } from './ticks';

export const OPT_ENDOFOPT = 0;
export const OPT_COMMENT = 1;
export const IF_NAME = 2;
export const IF_DESCRIPTION = 3;
export const IF_TSRESOL = 9;
export const IF_TSOFFSET = 14;

/** What a TextDecoder offers, by shape (Node's typings declare TextDecoder as a value only). */
export interface Utf8Decoder {
  decode(input?: Uint8Array): string;
}

/** Called for each option with the position and length of its value. */
export type OptionVisitor = (code: number, at: number, length: number) => void;

/**
 * Walks the options in view[start, end). Returns null, or what was wrong (an option running past
 * the end of its block) after visiting every option before it.
 */
export function walkOptions(view: DataView, start: number, end: number, le: boolean, visit: OptionVisitor): string | null {
  let p = start;
  while (end - p >= 4) {
    const code = view.getUint16(p, le);
    const length = view.getUint16(p + 2, le);
    if (code === OPT_ENDOFOPT) return null;
    if (length > end - p - 4) return `option ${code} of ${length} bytes runs ${length - (end - p - 4)} bytes past the end of its block`;
    visit(code, p + 4, length);
    p += 4 + ((length + 3) & ~3);
  }
  return null;
}

/**
 * UTF-8 text of an option, up to its first NUL: some writers end strings C-style and leave junk
 * after the NUL (tshark, reading C strings, shows the same text).
 */
export function optionText(decoder: Utf8Decoder, bytes: Uint8Array, at: number, length: number): string {
  const nul = bytes.subarray(at, at + length).indexOf(0);
  return decoder.decode(bytes.subarray(at, nul < 0 ? at + length : at + nul));
}

export interface SectionHeader {
  littleEndian: boolean;
  major: number;
  minor: number;
  comments: string[];
  /** What was wrong with the options, if anything. */
  problem: string | null;
}

/** Reads an SHB whose framing was checked; `block` is the offset of its type field. */
export function readSectionHeader(decoder: Utf8Decoder, bytes: Uint8Array, view: DataView, block: number, length: number, le: boolean): SectionHeader {
  const comments: string[] = [];
  const problem = walkOptions(view, block + 24, block + length - 4, le, (code, at, len) => {
    if (code === OPT_COMMENT) comments.push(optionText(decoder, bytes, at, len));
  });
  return { littleEndian: le, major: view.getUint16(block + 12, le), minor: view.getUint16(block + 14, le), comments, problem };
}

export interface InterfaceDescription {
  linkType: number;
  snapLen: number;
  name: string | null;
  description: string | null;
  resolution: TsResolution;
  tsOffsetSec: number;
  /** What was wrong with the options, if anything (the interface is kept with the defaults). */
  problem: string | null;
}

/** Reads an IDB whose framing was checked and that is at least 20 bytes long. */
export function readInterfaceDescription(decoder: Utf8Decoder, bytes: Uint8Array, view: DataView, block: number, length: number, le: boolean): InterfaceDescription {
  const idb: InterfaceDescription = {
    linkType: view.getUint16(block + 8, le), snapLen: view.getUint32(block + 12, le),
    name: null, description: null, resolution: MICROSECONDS, tsOffsetSec: 0, problem: null,
  };
  const problems: string[] = [];
  const walked = walkOptions(view, block + 16, block + length - 4, le, (code, at, len) => {
    switch (code) {
      case IF_NAME: idb.name = optionText(decoder, bytes, at, len); break;
      case IF_DESCRIPTION: idb.description = optionText(decoder, bytes, at, len); break;
      case IF_TSRESOL: {
        const r = len === 1 ? decodeTsresol(view.getUint8(at)) : null;
        if (r) idb.resolution = r;
        else problems.push(`if_tsresol ${len === 1 ? view.getUint8(at) : `of ${len} bytes`} unsupported, microseconds assumed`);
        break;
      }
      case IF_TSOFFSET:
        // A signed 64-bit count of seconds; exact while it stays under 2^53 (any real offset does).
        if (len === 8) idb.tsOffsetSec = le ? view.getInt32(at + 4, true) * 0x1_0000_0000 + view.getUint32(at, true) : view.getInt32(at, false) * 0x1_0000_0000 + view.getUint32(at + 4, false);
        else problems.push(`if_tsoffset of ${len} bytes (not 8) ignored`);
        break;
    }
  });
  if (walked) problems.push(walked);
  idb.problem = problems.length > 0 ? problems.join('; ') : null;
  return idb;
}
