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

/** Bytes a line needs besides its cached pieces: 80 of keys, 9 numbers of at most 20 characters, room to spare. */
const LINE_BYTES = 512;
/** Pieces longer than this are copied by TypedArray#set (a memmove after a fixed cost); shorter ones byte by byte. */
const SET_FROM = 24;
/** Endpoints cached per stream in a direct-mapped table: the connections active at once fit, and memory stays bounded however many connections a file holds. */
const ENDPOINT_SLOTS = 4096;
/** Distinct values of the 12-bit TCP flags field. */
const FLAG_VALUES = 1 << 12;
const NINE_DIGITS = 1_000_000_000;

/** "00" … "99" as character codes: two digits per division. */
const DIGIT_PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 48 + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)));

const utf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');
const K_FRAME = utf8('{"frame":');
const K_TIME = utf8(',"time":');
const K_ACK = utf8(',"ack":');
const K_SEQ_RAW = utf8(',"seqRaw":');
const K_ACK_RAW = utf8(',"ackRaw":');
const K_LEN = utf8(',"len":');
const K_WINDOW = utf8(',"window":');
const K_NOT_TCP = utf8(',"flags":null,"seq":null,"ack":null,"seqRaw":null,"ackRaw":null,"len":null,"window":null,"roles":[],"analysis":[],"states":null}\n');

/**
 * The line is its frame and time, then three pieces that repeat, with numbers between them:
 *   ,"stream":S,"src":…,"dst":…          per stream and direction
 *   ,"flags":…,"seq":                    per flags value
 *   ,"roles":…,"analysis":…,"states":…}  per roles, analysis and states
 * Each piece is made once, as bytes, and copied whole.
 */
export class PacketJsonWriter {
  private buf: Buffer;
  private pos = 0;
  private readonly flagPieces: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(FLAG_VALUES);
  /** Keyed by roles (8 bits) | states (8 bits) << 8 | analysis (14 bits) << 16; few combinations occur. */
  private readonly tailPieces = new Map<number, Uint8Array>();
  private readonly endpointStream = new Int32Array(ENDPOINT_SLOTS).fill(-1);
  /** Per slot: the piece for packets from the client (2·slot) and from the server (2·slot + 1). */
  private readonly endpointPieces: Uint8Array[] = new Array<Uint8Array>(2 * ENDPOINT_SLOTS);

  constructor(private readonly out: Output) {
    this.buf = out.buf;
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
    this.begin(LINE_BYTES + stream.length + flags.length + tail.length);
    this.bytes(K_FRAME);
    this.num(frame);
    this.bytes(K_TIME);
    this.time(rec);
    this.bytes(stream);
    this.bytes(flags);
    this.num(f.relSeq);
    this.bytes(K_ACK);
    this.num(f.relAck);
    this.bytes(K_SEQ_RAW);
    this.num(d.seq >>> 0);
    this.bytes(K_ACK_RAW);
    this.num(d.ack >>> 0);
    this.bytes(K_LEN);
    this.num(d.payloadLen);
    this.bytes(K_WINDOW);
    this.num(d.window);
    this.bytes(tail);
    this.end();
  }

  /** A frame that is not tracked TCP: rare enough that its endpoints are made as strings. */
  private otherLine(frame: number, rec: PacketRecord, d: Dissection): void {
    const [src, dst] = otherEndpoints(rec, d);
    const middle = utf8(`,"stream":null,"src":${JSON.stringify(src)},"dst":${JSON.stringify(dst)}`);
    this.begin(LINE_BYTES + middle.length + K_NOT_TCP.length);
    this.bytes(K_FRAME);
    this.num(frame);
    this.bytes(K_TIME);
    this.time(rec);
    this.bytes(middle);
    this.bytes(K_NOT_TCP);
    this.end();
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

  private flagPiece(bits: number): Uint8Array {
    return (this.flagPieces[bits] = utf8(`,"flags":${JSON.stringify(formatTcpFlags(bits))},"seq":`));
  }

  private tailPiece(key: number, f: PacketFacts): Uint8Array {
    const states = { client: stateName(f.clientState), server: stateName(f.serverState) };
    const piece = utf8(`,"roles":${JSON.stringify(roleNames(f.roles))},"analysis":${JSON.stringify(analysisNames(f.analysis))},"states":${JSON.stringify(states)}}\n`);
    this.tailPieces.set(key, piece);
    return piece;
  }

  private begin(maxBytes: number): void {
    this.out.reserve(maxBytes);
    this.buf = this.out.buf;
    this.pos = this.out.pos;
  }

  private end(): void {
    this.out.pos = this.pos;
  }

  private bytes(b: Uint8Array): void {
    const n = b.length;
    if (n > SET_FROM) {
      this.buf.set(b, this.pos);
      this.pos += n;
      return;
    }
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = b[i]!;
    this.pos = p;
  }

  /** A number as `${n}` prints it: digits for a whole number in uint32 range, String(n) otherwise. */
  private num(n: number): void {
    if (n >>> 0 === n) this.uint32(n >>> 0);
    else this.bytes(utf8(String(n)));
  }

  private uint32(n: number): void {
    const buf = this.buf;
    let p = this.pos + decimalDigits(n);
    this.pos = p;
    while (n >= 100) {
      const q = (n / 100) >>> 0;
      const r = (n - q * 100) << 1;
      buf[--p] = DIGIT_PAIRS[r + 1]!;
      buf[--p] = DIGIT_PAIRS[r]!;
      n = q;
    }
    if (n >= 10) {
      buf[--p] = DIGIT_PAIRS[(n << 1) + 1]!;
      buf[--p] = DIGIT_PAIRS[n << 1]!;
    } else {
      buf[--p] = 48 + n;
    }
  }

  /** Epoch seconds with all nine digits of the nanoseconds: `${tsSec}.${String(tsNsec).padStart(9, '0')}`. */
  private time(rec: PacketRecord): void {
    this.num(rec.tsSec);
    const ns = rec.tsNsec;
    if (ns >>> 0 !== ns || ns >= NINE_DIGITS) {
      this.bytes(utf8(`.${String(ns).padStart(9, '0')}`));
      return;
    }
    const buf = this.buf;
    let p = this.pos + 10;
    this.pos = p;
    // Two digits per division, four times, then the ninth: zeros included, as padStart gives them.
    let n = ns;
    for (let i = 0; i < 4; i++) {
      const q = (n / 100) >>> 0;
      const r = (n - q * 100) << 1;
      buf[--p] = DIGIT_PAIRS[r + 1]!;
      buf[--p] = DIGIT_PAIRS[r]!;
      n = q;
    }
    buf[--p] = 48 + n;
    buf[--p] = 46; // '.'
  }
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
