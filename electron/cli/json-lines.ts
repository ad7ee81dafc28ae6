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
import { copyWords, copyWordsAt, OutputView, PieceTable, pieceWords, uint32, utf8 } from './bytes';

/** Bytes a line needs besides its cached pieces: 80 of keys, 9 numbers of at most 25 characters, the 3 a word store may write past its key. */
const LINE_BYTES = 512;
/** Endpoints cached per stream in a direct-mapped table: the connections active at once fit, and memory stays bounded however many connections a file holds. */
const ENDPOINT_SLOTS = 4096;
/**
 * Room for an endpoint piece: `,"stream":` and 10 digits, then `,"src":` and `,"dst":` each with
 * an IPv6 address in brackets and a port, quoted: 132 bytes at most.
 */
const ENDPOINT_PIECE_BYTES = 160;
/** Distinct values of the 12-bit TCP flags field. */
const FLAG_VALUES = 1 << 12;
const key = (s: string): Int32Array => pieceWords(utf8(s));
const K_FRAME = key('{"frame":');
const K_ACK = key(',"ack":');
const K_SEQ_RAW = key(',"seqRaw":');
const K_ACK_RAW = key(',"ackRaw":');
const K_LEN = key(',"len":');
const K_WINDOW = key(',"window":');
const K_TIME = utf8(',"time":');
const K_NOT_TCP = utf8(',"flags":null,"seq":null,"ack":null,"seqRaw":null,"ackRaw":null,"len":null,"window":null,"roles":[],"analysis":[],"states":null}\n');

/**
 * The line is its frame, then four pieces that repeat, with numbers between them:
 *   ,"time":SECONDS                      per second (then the nanoseconds)
 *   ,"stream":S,"src":…,"dst":…          per stream and direction
 *   ,"flags":…,"seq":                    per flags value
 *   ,"roles":…,"analysis":…,"states":…}  per roles, analysis and states
 * Each piece is made once, as bytes, and copied whole. The writes go to a plain Uint8Array and
 * a DataView over the output's buffer: the numbers, keys and the short pieces as 16- and 32-bit
 * stores, the two longer pieces by TypedArray#set.
 */
export class PacketJsonWriter {
  private readonly view: OutputView;
  /** As words (pieceWords): cheaper than TypedArray#set at their 20-odd bytes; the longer pieces go by set. */
  private readonly flagPieces: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(FLAG_VALUES);
  /** Keyed by roles (8 bits) | states (8 bits) << 8 | analysis (14 bits) << 16; few combinations occur. */
  private readonly tailPieces = new Map<number, Uint8Array>();
  /** The last line's tail: four lines in five repeat it, and the comparison costs less than the map. */
  private lastTailKey = -1;
  private lastTail: Uint8Array = new Uint8Array(0);
  /**
   * ',"time":' and the seconds, as words (pieceWords), for the second of the last line: nearly
   * every line falls in the same second as the one before.
   */
  private timeSec = NaN;
  private timePiece: Int32Array = new Int32Array(1);
  private readonly endpointStream = new Int32Array(ENDPOINT_SLOTS).fill(-1);
  /** Per slot: the piece for packets from the client (room 2·slot) and from the server (2·slot + 1). */
  private readonly endpointPieces = new PieceTable(2 * ENDPOINT_SLOTS, ENDPOINT_PIECE_BYTES);
  /** Where each room's piece starts in endpointPieces.words. */
  private readonly endpointAt = new Int32Array(2 * ENDPOINT_SLOTS);

  constructor(private readonly out: Output) {
    this.view = new OutputView(out);
  }

  /** One frame's line; `c` is its connection (number f.stream), null when the frame is not tracked TCP. */
  line(frame: number, rec: PacketRecord, d: Dissection, f: PacketFacts, c: Connection | null): void {
    if (c === null) {
      this.otherLine(frame, rec, d);
      return;
    }
    const streamAt = this.streamPiece(f.stream, c, f.fromClient);
    const streamWords = this.endpointPieces.words;
    const flags = this.flagPieces[d.tcpFlags] ?? this.flagPiece(d.tcpFlags);
    const tailKey = f.roles | (((f.clientState << 4) | f.serverState) << 8) | (f.analysis << 16);
    let tail = this.lastTail;
    if (tailKey !== this.lastTailKey) {
      tail = this.lastTail = this.tailPieces.get(tailKey) ?? this.tailPiece(tailKey, f);
      this.lastTailKey = tailKey;
    }
    const sec = rec.tsSec;
    const time = sec === this.timeSec ? this.timePiece : this.secondsPiece(sec);
    const v = this.view;
    let p = v.begin(LINE_BYTES + 4 * time.length + ENDPOINT_PIECE_BYTES + 4 * flags.length + tail.length);
    const u8 = v.u8;
    const dv = v.dv;
    p = v.num(copyWords(dv, p, K_FRAME), frame);
    p = v.nanoseconds(copyWords(dv, p, time), rec.tsNsec);
    p = copyWordsAt(dv, p, streamWords, streamAt);
    p = v.num(copyWords(dv, p, flags), f.relSeq);
    p = v.num(copyWords(dv, p, K_ACK), f.relAck);
    p = uint32(dv, u8, copyWords(dv, p, K_SEQ_RAW), d.seq >>> 0);
    p = uint32(dv, u8, copyWords(dv, p, K_ACK_RAW), d.ack >>> 0);
    p = v.num(copyWords(dv, p, K_LEN), d.payloadLen);
    p = v.num(copyWords(dv, p, K_WINDOW), d.window);
    u8.set(tail, p);
    this.out.pos = p + tail.length;
  }

  /** A frame that is not tracked TCP: rare enough that its endpoints are made as strings. */
  private otherLine(frame: number, rec: PacketRecord, d: Dissection): void {
    const [src, dst] = otherEndpoints(rec, d);
    const middle = utf8(`,"stream":null,"src":${JSON.stringify(src)},"dst":${JSON.stringify(dst)}`);
    const v = this.view;
    let p = v.begin(LINE_BYTES + middle.length + K_NOT_TCP.length);
    p = v.num(copyWords(v.dv, p, K_FRAME), frame);
    p = v.bytes(p, K_TIME);
    p = v.time(p, rec.tsSec, rec.tsNsec);
    p = v.bytes(p, middle);
    this.out.pos = v.bytes(p, K_NOT_TCP);
  }

  /** `stream` is c.stream, taken from the packet's facts: reading it from `c` costs a load or two that miss the cache. */
  private streamPiece(stream: number, c: Connection, fromClient: boolean): number {
    const slot = stream & (ENDPOINT_SLOTS - 1);
    if (this.endpointStream[slot] !== stream) {
      this.endpointStream[slot] = stream;
      const client = JSON.stringify(c.endpointText(true));
      const server = JSON.stringify(c.endpointText(false));
      this.endpointAt[2 * slot] = this.endpointPieces.set(2 * slot, `,"stream":${c.stream},"src":${client},"dst":${server}`);
      this.endpointAt[2 * slot + 1] = this.endpointPieces.set(2 * slot + 1, `,"stream":${c.stream},"src":${server},"dst":${client}`);
    }
    return this.endpointAt[2 * slot + (fromClient ? 0 : 1)]!;
  }

  private flagPiece(bits: number): Int32Array {
    return (this.flagPieces[bits] = pieceWords(utf8(`,"flags":${JSON.stringify(formatTcpFlags(bits))},"seq":`)));
  }

  private secondsPiece(sec: number): Int32Array {
    this.timeSec = sec;
    return (this.timePiece = pieceWords(utf8(`,"time":${sec}`)));
  }

  private tailPiece(key: number, f: PacketFacts): Uint8Array {
    const states = { client: stateName(f.clientState), server: stateName(f.serverState) };
    const piece = utf8(`,"roles":${JSON.stringify(roleNames(f.roles))},"analysis":${JSON.stringify(analysisNames(f.analysis))},"states":${JSON.stringify(states)}}\n`);
    this.tailPieces.set(key, piece);
    return piece;
  }
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
