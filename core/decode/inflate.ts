/**
 * A small DEFLATE decoder (RFC 1951) for IPComp payloads: canonical Huffman decoding bit by bit,
 * tables built in place, no allocation per call. Input is read through a DataView so that it can
 * decode straight out of a capture chunk; output is bounded, so a "zip bomb" stops at the bound.
 */

/** An IP datagram is at most 65535 bytes (a jumbogram inside IPComp is not a thing). */
export const MAX_INFLATED = 65536;
export const INFLATE_TRUNCATED = -1;
export const INFLATE_INVALID = -2;
export const INFLATE_TOO_LONG = -3;

const MAX_BITS = 15;
const MAX_LIT_CODES = 286;
const MAX_DIST_CODES = 30;
const FIXED_LIT_CODES = 288;
const CODE_LENGTH_CODES = 19;
const END_OF_BLOCK = 256;

// RFC 1951 §3.2.5: base values and extra bits of the length and distance codes.
const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
// RFC 1951 §3.2.7: the order in which code-length code lengths are sent.
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

class Huffman {
  readonly counts = new Uint16Array(MAX_BITS + 1);
  readonly symbols: Uint16Array;
  constructor(size: number) {
    this.symbols = new Uint16Array(size);
  }
}

const offs = new Uint16Array(MAX_BITS + 1);

/** Builds a canonical code from `n` lengths; returns < 0 if over-subscribed, > 0 if incomplete. */
function build(h: Huffman, lengths: Uint8Array, start: number, n: number): number {
  h.counts.fill(0);
  for (let i = 0; i < n; i++) h.counts[lengths[start + i]!]!++;
  if (h.counts[0] === n) return 0;
  let left = 1;
  for (let len = 1; len <= MAX_BITS; len++) {
    left <<= 1;
    left -= h.counts[len]!;
    if (left < 0) return left;
  }
  offs[1] = 0;
  for (let len = 1; len < MAX_BITS; len++) offs[len + 1] = offs[len]! + h.counts[len]!;
  for (let sym = 0; sym < n; sym++) {
    const len = lengths[start + sym]!;
    if (len !== 0) h.symbols[offs[len]!++] = sym;
  }
  return left;
}

const lengths = new Uint8Array(MAX_LIT_CODES + MAX_DIST_CODES);
const fixedLit = new Huffman(FIXED_LIT_CODES);
const fixedDist = new Huffman(MAX_DIST_CODES);
const dynLit = new Huffman(MAX_LIT_CODES);
const dynDist = new Huffman(MAX_DIST_CODES);
const clCode = new Huffman(CODE_LENGTH_CODES);
{
  const fixed = new Uint8Array(FIXED_LIT_CODES);
  fixed.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
  build(fixedLit, fixed, 0, FIXED_LIT_CODES);
  fixed.fill(5, 0, MAX_DIST_CODES);
  build(fixedDist, fixed, 0, MAX_DIST_CODES);
}

/** Decoder state: one at a time (core/ is single-threaded per worker). */
let src: DataView;
let inPos = 0;
let inEnd = 0;
let bitBuf = 0;
let bitCnt = 0;
let out: Uint8Array;
let outLen = 0;
let status = 0;

function bits(need: number): number {
  let val = bitBuf;
  while (bitCnt < need) {
    if (inPos >= inEnd) {
      status = INFLATE_TRUNCATED;
      return 0;
    }
    val |= src.getUint8(inPos++) << bitCnt;
    bitCnt += 8;
  }
  bitBuf = val >>> need;
  bitCnt -= need;
  return val & ((1 << need) - 1);
}

function decode(h: Huffman): number {
  let code = 0;
  let first = 0;
  let index = 0;
  for (let len = 1; len <= MAX_BITS; len++) {
    code |= bits(1);
    if (status !== 0) return -1;
    const count = h.counts[len]!;
    if (code - count < first) return h.symbols[index + (code - first)]!;
    index += count;
    first = (first + count) << 1;
    code <<= 1;
  }
  status = INFLATE_INVALID;
  return -1;
}

function stored(): void {
  bitBuf = 0;
  bitCnt = 0;
  if (inPos + 4 > inEnd) { status = INFLATE_TRUNCATED; return; }
  const len = src.getUint16(inPos, true);
  const nlen = src.getUint16(inPos + 2, true);
  inPos += 4;
  if (len !== (~nlen & 0xffff)) { status = INFLATE_INVALID; return; }
  if (inPos + len > inEnd) { status = INFLATE_TRUNCATED; return; }
  if (outLen + len > out.length) { status = INFLATE_TOO_LONG; return; }
  for (let i = 0; i < len; i++) out[outLen++] = src.getUint8(inPos++);
}

function codes(lit: Huffman, dist: Huffman): void {
  for (;;) {
    let sym = decode(lit);
    if (status !== 0) return;
    if (sym < END_OF_BLOCK) {
      if (outLen >= out.length) { status = INFLATE_TOO_LONG; return; }
      out[outLen++] = sym;
      continue;
    }
    if (sym === END_OF_BLOCK) return;
    sym -= END_OF_BLOCK + 1;
    if (sym >= LEN_BASE.length) { status = INFLATE_INVALID; return; }
    const len = LEN_BASE[sym]! + bits(LEN_EXTRA[sym]!);
    const dsym = decode(dist);
    if (status !== 0) return;
    if (dsym >= DIST_BASE.length) { status = INFLATE_INVALID; return; }
    const d = DIST_BASE[dsym]! + bits(DIST_EXTRA[dsym]!);
    if (status !== 0) return;
    if (d > outLen) { status = INFLATE_INVALID; return; }
    if (outLen + len > out.length) { status = INFLATE_TOO_LONG; return; }
    for (let i = 0; i < len; i++, outLen++) out[outLen] = out[outLen - d]!;
  }
}

function dynamic(): void {
  const nlen = bits(5) + 257;
  const ndist = bits(5) + 1;
  const ncode = bits(4) + 4;
  if (status !== 0) return;
  if (nlen > MAX_LIT_CODES || ndist > MAX_DIST_CODES) { status = INFLATE_INVALID; return; }
  lengths.fill(0, 0, CODE_LENGTH_CODES);
  for (let i = 0; i < ncode; i++) lengths[CL_ORDER[i]!] = bits(3);
  if (status !== 0) return;
  if (build(clCode, lengths, 0, CODE_LENGTH_CODES) !== 0) { status = INFLATE_INVALID; return; }
  let i = 0;
  while (i < nlen + ndist) {
    const sym = decode(clCode);
    if (status !== 0) return;
    if (sym < 16) { lengths[i++] = sym; continue; }
    let len = 0;
    let repeat: number;
    if (sym === 16) {
      if (i === 0) { status = INFLATE_INVALID; return; }
      len = lengths[i - 1]!;
      repeat = 3 + bits(2);
    } else if (sym === 17) {
      repeat = 3 + bits(3);
    } else {
      repeat = 11 + bits(7);
    }
    if (status !== 0) return;
    if (i + repeat > nlen + ndist) { status = INFLATE_INVALID; return; }
    while (repeat--) lengths[i++] = len;
  }
  if (lengths[END_OF_BLOCK] === 0) { status = INFLATE_INVALID; return; }
  // An incomplete code is allowed only when it has a single symbol (RFC 1951 leaves it open; zlib accepts it).
  const litLeft = build(dynLit, lengths, 0, nlen);
  if (litLeft < 0 || (litLeft > 0 && nlen - dynLit.counts[0]! !== 1)) { status = INFLATE_INVALID; return; }
  const distLeft = build(dynDist, lengths, nlen, ndist);
  if (distLeft < 0 || (distLeft > 0 && ndist - dynDist.counts[0]! !== 1)) { status = INFLATE_INVALID; return; }
  codes(dynLit, dynDist);
}

/**
 * Decompresses raw DEFLATE bytes [start, end) of `input` into `output`.
 * Returns the number of bytes written, or INFLATE_TRUNCATED / INFLATE_INVALID / INFLATE_TOO_LONG.
 */
export function inflateRaw(input: DataView, start: number, end: number, output: Uint8Array): number {
  src = input;
  inPos = start;
  inEnd = end;
  bitBuf = 0;
  bitCnt = 0;
  out = output;
  outLen = 0;
  status = 0;
  let last = 0;
  do {
    last = bits(1);
    const type = bits(2);
    if (status !== 0) return status;
    if (type === 0) stored();
    else if (type === 1) codes(fixedLit, fixedDist);
    else if (type === 2) dynamic();
    else status = INFLATE_INVALID;
    if (status !== 0) return status;
  } while (!last);
  return outLen;
}
