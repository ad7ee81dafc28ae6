/**
 * `synfin packets --json` lines (DESIGN.md), written byte by byte into the output buffer.
 *
 * A million lines a second cannot afford a string per line: building, joining and encoding them
 * was most of the command's time and garbage. Here the keys and punctuation are fixed, the
 * numbers are printed as digits straight into the buffer, and the words that repeat (flags, roles,
 * analysis, states, a connection's endpoints) are made once per distinct value. The bytes are
 * exactly those of the template literal this replaced: numbers as `${n}` prints them (digits for
 * whole numbers in uint32 range, String(n) for anything else), strings JSON-quoted.
 */
import type { PacketRecord } from '../../core/formats/record';
import type { Dissection } from '../../core/decode/dissection';
import { formatEndpoint, formatIP, formatMac } from '../../core/decode/address';
import type { PacketFacts } from '../../core/tcp/facts';
import type { Connection } from '../../core/tcp/connection';
import { analysisNames, roleNames, stateName } from '../../core/tcp/vocabulary';
import { formatTcpFlags } from '../../core/present/flags';
import type { Output } from './output';

/** Bytes a line needs besides its cached pieces: 80 of keys, 9 numbers of at most 25 characters, the 3 a word store may write past its key. */
const LINE_BYTES = 512;
/** Endpoints cached per stream in a direct-mapped table: the connections active at once fit, and memory stays bounded however many connections a file holds. */
const ENDPOINT_SLOTS = 4096;
/** Distinct values of the 12-bit TCP flags field. */
const FLAG_VALUES = 1 << 12;
const NINE_DIGITS = 1_000_000_000;

/**
 * "00" … "99" as little-endian 16-bit words, tens digit first in memory: two digits per division
 * and per store.
 */
const DIGIT_PAIRS = Uint16Array.from({ length: 100 }, (_, i) => (48 + Math.floor(i / 10)) | ((48 + (i % 10)) << 8));

/** As a plain Uint8Array (a view, not a copy): the copies into the output then see one kind of array. */
const utf8 = (s: string): Uint8Array => {
  const b = Buffer.from(s, 'utf8');
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
};

/**
 * The fixed keys as little-endian 32-bit words, stored whole: a key of 7 to 10 bytes is two or
 * three stores instead of a loop over its bytes (which cost more than all its digits). The last
 * word may run up to 3 bytes past the key; what follows overwrites them, and `begin` reserved them.
 */
function keyWords(s: string): [number, number, number, number] {
  const b = Buffer.alloc(12);
  b.write(s, 'latin1');
  return [b.readInt32LE(0), b.readInt32LE(4), b.readInt32LE(8), s.length];
}
const [FRAME0, FRAME1, FRAME2, FRAME_LEN] = keyWords('{"frame":');
const [TIME0, TIME1, , TIME_LEN] = keyWords(',"time":');
const [ACK0, ACK1, , ACK_LEN] = keyWords(',"ack":');
const [SEQ_RAW0, SEQ_RAW1, SEQ_RAW2, SEQ_RAW_LEN] = keyWords(',"seqRaw":');
const [ACK_RAW0, ACK_RAW1, ACK_RAW2, ACK_RAW_LEN] = keyWords(',"ackRaw":');
const [LEN0, LEN1, , LEN_LEN] = keyWords(',"len":');
const [WINDOW0, WINDOW1, WINDOW2, WINDOW_LEN] = keyWords(',"window":');
const K_FRAME = utf8('{"frame":');
const K_TIME = utf8(',"time":');
const K_NOT_TCP = utf8(',"flags":null,"seq":null,"ack":null,"seqRaw":null,"ackRaw":null,"len":null,"window":null,"roles":[],"analysis":[],"states":null}\n');

/**
 * The line is its frame and time, then three pieces that repeat, with numbers between them:
 *   ,"stream":S,"src":…,"dst":…          per stream and direction
 *   ,"flags":…,"seq":                    per flags value
 *   ,"roles":…,"analysis":…,"states":…}  per roles, analysis and states
 * Each piece is made once, as bytes, and copied whole. The writes go to a plain Uint8Array and
 * a DataView over the output's buffer: the numbers, keys and the flags piece as 16- and 32-bit
 * stores, the two longer pieces by TypedArray#set.
 */
export class PacketJsonWriter {
  /** The output's buffer (`buf`) as a plain Uint8Array and as a DataView for the word stores. */
  private buf: Buffer;
  private u8: Uint8Array;
  private dv: DataView;
  /**
   * As words (pieceWords): at 20-odd bytes, five or six word stores cost about half of
   * TypedArray#set's fixed cost (25 vs 50 ns in a micro-benchmark); the longer pieces go by set.
   */
  private readonly flagPieces: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(FLAG_VALUES);
  /** Keyed by roles (8 bits) | states (8 bits) << 8 | analysis (14 bits) << 16; few combinations occur. */
  private readonly tailPieces = new Map<number, Uint8Array>();
  private readonly endpointStream = new Int32Array(ENDPOINT_SLOTS).fill(-1);
  /** Per slot: the piece for packets from the client (2·slot) and from the server (2·slot + 1). */
  private readonly endpointPieces: Uint8Array[] = new Array<Uint8Array>(2 * ENDPOINT_SLOTS);

  constructor(private readonly out: Output) {
    this.buf = out.buf;
    this.u8 = new Uint8Array(out.buf.buffer, out.buf.byteOffset, out.buf.length);
    this.dv = new DataView(out.buf.buffer, out.buf.byteOffset, out.buf.length);
  }

  /** One frame's line; `c` is its connection, null when the frame is not tracked TCP. */
  line(frame: number, rec: PacketRecord, d: Dissection, f: PacketFacts, c: Connection | null): void {
    if (c === null) {
      this.otherLine(frame, rec, d);
      return;
    }
    const stream = this.streamPiece(c, f.fromClient);
    const flags = this.flagPieces[d.tcpFlags] ?? this.flagPiece(d.tcpFlags);
    const tailKey = f.roles | (((f.clientState << 4) | f.serverState) << 8) | (f.analysis << 16);
    const tail = this.tailPieces.get(tailKey) ?? this.tailPiece(tailKey, f);
    let p = this.begin(LINE_BYTES + stream.length + 4 * flags.length + tail.length);
    const u8 = this.u8;
    const dv = this.dv;
    dv.setInt32(p, FRAME0, true);
    dv.setInt32(p + 4, FRAME1, true);
    dv.setInt32(p + 8, FRAME2, true);
    p = this.num(p + FRAME_LEN, frame);
    dv.setInt32(p, TIME0, true);
    dv.setInt32(p + 4, TIME1, true);
    p = this.time(p + TIME_LEN, rec);
    u8.set(stream, p);
    p += stream.length;
    p = this.num(copyWords(dv, p, flags), f.relSeq);
    dv.setInt32(p, ACK0, true);
    dv.setInt32(p + 4, ACK1, true);
    p = this.num(p + ACK_LEN, f.relAck);
    dv.setInt32(p, SEQ_RAW0, true);
    dv.setInt32(p + 4, SEQ_RAW1, true);
    dv.setInt32(p + 8, SEQ_RAW2, true);
    p = uint32(dv, u8, p + SEQ_RAW_LEN, d.seq >>> 0);
    dv.setInt32(p, ACK_RAW0, true);
    dv.setInt32(p + 4, ACK_RAW1, true);
    dv.setInt32(p + 8, ACK_RAW2, true);
    p = uint32(dv, u8, p + ACK_RAW_LEN, d.ack >>> 0);
    dv.setInt32(p, LEN0, true);
    dv.setInt32(p + 4, LEN1, true);
    p = this.num(p + LEN_LEN, d.payloadLen);
    dv.setInt32(p, WINDOW0, true);
    dv.setInt32(p + 4, WINDOW1, true);
    dv.setInt32(p + 8, WINDOW2, true);
    p = this.num(p + WINDOW_LEN, d.window);
    u8.set(tail, p);
    this.out.pos = p + tail.length;
  }

  /** A frame that is not tracked TCP: rare enough that its endpoints are made as strings. */
  private otherLine(frame: number, rec: PacketRecord, d: Dissection): void {
    const [src, dst] = otherEndpoints(rec, d);
    const middle = utf8(`,"stream":null,"src":${JSON.stringify(src)},"dst":${JSON.stringify(dst)}`);
    let p = this.begin(LINE_BYTES + middle.length + K_NOT_TCP.length);
    p = this.bytes(p, K_FRAME);
    p = this.num(p, frame);
    p = this.bytes(p, K_TIME);
    p = this.time(p, rec);
    p = this.bytes(p, middle);
    this.out.pos = this.bytes(p, K_NOT_TCP);
  }

  private streamPiece(c: Connection, fromClient: boolean): Uint8Array {
    const slot = c.stream & (ENDPOINT_SLOTS - 1);
    if (this.endpointStream[slot] !== c.stream) {
      this.endpointStream[slot] = c.stream;
      const client = JSON.stringify(c.endpointText(true));
      const server = JSON.stringify(c.endpointText(false));
      this.endpointPieces[2 * slot] = utf8(`,"stream":${c.stream},"src":${client},"dst":${server}`);
      this.endpointPieces[2 * slot + 1] = utf8(`,"stream":${c.stream},"src":${server},"dst":${client}`);
    }
    return this.endpointPieces[2 * slot + (fromClient ? 0 : 1)]!;
  }

  private flagPiece(bits: number): Int32Array {
    return (this.flagPieces[bits] = pieceWords(utf8(`,"flags":${JSON.stringify(formatTcpFlags(bits))},"seq":`)));
  }

  private tailPiece(key: number, f: PacketFacts): Uint8Array {
    const states = { client: stateName(f.clientState), server: stateName(f.serverState) };
    const piece = utf8(`,"roles":${JSON.stringify(roleNames(f.roles))},"analysis":${JSON.stringify(analysisNames(f.analysis))},"states":${JSON.stringify(states)}}\n`);
    this.tailPieces.set(key, piece);
    return piece;
  }

  /** Room for `maxBytes` at the output's position, which it returns; the line ends by setting `out.pos`. */
  private begin(maxBytes: number): number {
    const out = this.out;
    out.reserve(maxBytes);
    if (out.buf !== this.buf) {
      const buf = (this.buf = out.buf);
      this.u8 = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
      this.dv = new DataView(buf.buffer, buf.byteOffset, buf.length);
    }
    return out.pos;
  }

  private bytes(p: number, b: Uint8Array): number {
    this.u8.set(b, p);
    return p + b.length;
  }

  /** A number as `${n}` prints it: digits for a whole number in uint32 range, String(n) otherwise. */
  private num(p: number, n: number): number {
    if (n >>> 0 === n) return uint32(this.dv, this.u8, p, n >>> 0);
    return ascii(this.u8, p, String(n));
  }

  /** Epoch seconds with all nine digits of the nanoseconds: `${tsSec}.${String(tsNsec).padStart(9, '0')}`. */
  private time(p: number, rec: PacketRecord): number {
    p = this.num(p, rec.tsSec);
    const ns = rec.tsNsec;
    if (ns >>> 0 !== ns || ns >= NINE_DIGITS) return ascii(this.u8, p, `.${String(ns).padStart(9, '0')}`);
    const u8 = this.u8;
    const dv = this.dv;
    u8[p] = 46; // '.'
    // Two halves (see uint32), two digits per step, zeros included as padStart gives them.
    const hi = Math.floor(ns * 0.00001);
    const lo = ns - hi * 100_000;
    const lo1 = Math.floor(lo * 0.01);
    const lo2 = Math.floor(lo1 * 0.01);
    dv.setUint16(p + 8, DIGIT_PAIRS[lo - lo1 * 100]!, true);
    dv.setUint16(p + 6, DIGIT_PAIRS[lo1 - lo2 * 100]!, true);
    const hi1 = Math.floor(hi * 0.01);
    dv.setUint16(p + 3, DIGIT_PAIRS[hi - hi1 * 100]!, true);
    dv.setUint16(p + 1, DIGIT_PAIRS[hi1]!, true);
    u8[p + 5] = 48 + lo2;
    return p + 10;
  }
}

/**
 * The digits of a uint32 at `p`; returns the position after them. Two digits per step from the
 * right, the quotient by a multiplication (floor(n * 0.01) is exact below 2^32: 0.01 as a double
 * errs by under 1e-18 relatively, far less than the 0.01 that separates n / 100 from the next
 * whole number), and numbers of more than four digits as two halves whose steps do not wait on
 * each other.
 */
function uint32(dv: DataView, u8: Uint8Array, p: number, n: number): number {
  const end = p + decimalDigits(n);
  let q = end;
  if (n >= 10_000) {
    const hi = Math.floor(n * 0.0001);
    const lo = n - hi * 10_000;
    const lo1 = Math.floor(lo * 0.01);
    dv.setUint16(end - 2, DIGIT_PAIRS[lo - lo1 * 100]!, true);
    dv.setUint16(end - 4, DIGIT_PAIRS[lo1]!, true);
    n = hi;
    q = end - 4;
  }
  while (n >= 100) {
    const m = Math.floor(n * 0.01);
    q -= 2;
    dv.setUint16(q, DIGIT_PAIRS[n - m * 100]!, true);
    n = m;
  }
  if (n >= 10) dv.setUint16(q - 2, DIGIT_PAIRS[n]!, true);
  else u8[q - 1] = 48 + n;
  return end;
}

/** Its length, then its bytes as little-endian words (the last padded), for copyWords. */
function pieceWords(b: Uint8Array): Int32Array {
  const w = new Int32Array(1 + ((b.length + 3) >> 2));
  w[0] = b.length;
  new Uint8Array(w.buffer, 4).set(b);
  return w;
}

/** A piece made by pieceWords at `p`, a word at a time (up to 3 bytes past it); returns the position after it. */
function copyWords(dv: DataView, p: number, w: Int32Array): number {
  for (let i = 1; i < w.length; i++) dv.setInt32(p + 4 * i - 4, w[i]!, true);
  return p + w[0]!;
}

/** A string of ASCII characters (as String(number) gives) at `p`; returns the position after it. */
function ascii(u8: Uint8Array, p: number, s: string): number {
  for (let i = 0; i < s.length; i++) u8[p++] = s.charCodeAt(i);
  return p;
}

/** Digits of a uint32 in decimal. */
function decimalDigits(n: number): number {
  if (n < 100_000) return n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10_000 ? 4 : 5;
  return n < 1_000_000 ? 6 : n < 10_000_000 ? 7 : n < 100_000_000 ? 8 : n < NINE_DIGITS ? 9 : 10;
}

/** Source and destination of a frame that is not tracked TCP: ip:port, ip, a MAC, or null. */
export function otherEndpoints(rec: PacketRecord, d: Dissection): [string | null, string | null] {
  if (d.ipVersion === 4 || d.ipVersion === 6) {
    if (d.srcPort >= 0) return [formatEndpoint(d.ipVersion, d.src, d.srcPort), formatEndpoint(d.ipVersion, d.dst, d.dstPort)];
    return [formatIP(d.ipVersion, d.src), formatIP(d.ipVersion, d.dst)];
  }
  if (d.ethOffset >= 0 && rec.capLen >= d.ethOffset + 12) {
    const at = rec.offset + d.ethOffset;
    return [formatMac(rec.bytes, at + 6), formatMac(rec.bytes, at)];
  }
  return [null, null];
}
