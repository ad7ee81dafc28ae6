/**
 * The many-connections capture: a SYN flood as a server's capture point sees it. Every packet but
 * the answers opens a connection of its own (a distinct source address and port, as spoofed
 * floods have), so the number of connections grows with the file, which is what a tracker that
 * keeps each connection in memory cannot survive. The server refuses some of them with an RST-ACK,
 * as a closed port or an overloaded listener does. Seeded: the same options give the same bytes.
 * Run through test/bench/run.mjs, which bundles it.
 */
import { prng } from '../support/prng';
import { writeEthernetPcap } from './generate';
import type { SimPacket } from './tcp-sim';

export interface FloodOptions {
  seed: number;
  connections: number;
  /** Every this-many-th SYN is answered by an RST-ACK; the others go unanswered. */
  refusedEvery: number;
  /**
   * LAND-shaped (CVE-1999-0016): each SYN goes from its address and port to that same address and
   * port. A capture made to collide: every such connection had one hash before the table's hash
   * was keyed (core/tabulation.ts), and the time grew with the square of their number.
   */
  land?: boolean;
}

const F = { SYN: 2, RST: 4, ACK: 16 } as const;
/** Between one SYN and the next: 50 000 SYNs a second, a modest flood. */
const SYN_GAP_NS = 20_000;
/** Between a SYN and the server's RST-ACK: a server on the same network as the capture point. */
const ANSWER_DELAY_NS = 50_000;
const SERVER = { ip: 0xc0000250, port: 80, mac: 0x20000001 }; // 192.0.2.80
/** The flood arrives through the router, so every SYN has the router's MAC address. */
const ROUTER_MAC = 0x10000001;
/** An odd multiplier: i ↦ i × it mod 2^24 is a bijection, so sources are distinct yet scattered over 10/8. */
const SCATTER = 0x9e3779;
const SNAP_LEN = 96;

/** The packet and connection counts the options make, without writing anything. */
export function floodCounts(o: FloodOptions): { packets: number; connections: number } {
  return { packets: o.connections + Math.ceil(o.connections / o.refusedEvery), connections: o.connections };
}

export function writeFloodCapture(path: string, o: FloodOptions): { packets: number; bytes: number } {
  if (o.connections > 1 << 24) throw new RangeError('10/8 holds 2^24 source addresses');
  return writeEthernetPcap(path, flood(o), SNAP_LEN);
}

function* flood(o: FloodOptions): Generator<SimPacket> {
  const rand = prng(o.seed);
  // The answers wait here until their time comes; all are delayed alike, so the first is next.
  const answers: SimPacket[] = [];
  let nextAnswer = 0;
  for (let i = 0; i < o.connections; i++) {
    const t = i * SYN_GAP_NS;
    while (nextAnswer < answers.length && answers[nextAnswer]!.t <= t) yield answers[nextAnswer++]!;
    if (nextAnswer === answers.length) answers.length = nextAnswer = 0;
    const client = { ip: (10 << 24) | (((i + 1) * SCATTER) & 0xffffff), port: 1024 + Math.floor(rand() * 64512), mac: ROUTER_MAC };
    const isn = (rand() * 2 ** 32) >>> 0;
    const ipId = (rand() * 0x10000) >>> 0;
    const server = o.land ? client : SERVER;
    yield segment(t, client, server, F.SYN, isn, 0, 64240, ipId);
    if (i % o.refusedEvery === o.refusedEvery - 1) {
      answers.push(segment(t + ANSWER_DELAY_NS, server, client, F.RST | F.ACK, 0, (isn + 1) >>> 0, 0, 0));
    }
  }
  while (nextAnswer < answers.length) yield answers[nextAnswer++]!;
}

interface Endpoint { ip: number; port: number; mac: number }

/** Ethernet + IPv4 + TCP, checksums right; a SYN carries an MSS option, as every stack's does. */
function segment(t: number, src: Endpoint, dst: Endpoint, flags: number, seq: number, ack: number, window: number, ipId: number): SimPacket {
  const tcpLen = flags & F.SYN ? 24 : 20;
  const b = new Uint8Array(14 + 20 + tcpLen);
  const v = new DataView(b.buffer);
  v.setUint16(0, 0x0200); v.setUint32(2, dst.mac);
  v.setUint16(6, 0x0200); v.setUint32(8, src.mac);
  v.setUint16(12, 0x0800);
  v.setUint8(14, 0x45); v.setUint16(16, 20 + tcpLen); v.setUint16(18, ipId);
  v.setUint16(20, 0x4000); v.setUint8(22, 64); v.setUint8(23, 6);
  v.setUint32(26, src.ip >>> 0); v.setUint32(30, dst.ip >>> 0);
  v.setUint16(24, ~sum16(b, 14, 20, 0) & 0xffff);
  const o = 34;
  v.setUint16(o, src.port); v.setUint16(o + 2, dst.port);
  v.setUint32(o + 4, seq); v.setUint32(o + 8, ack);
  v.setUint8(o + 12, (tcpLen / 4) << 4); v.setUint8(o + 13, flags);
  v.setUint16(o + 14, window);
  if (flags & F.SYN) v.setUint32(o + 20, 0x020405b4); // MSS 1460
  const pseudo = (src.ip >>> 16) + (src.ip & 0xffff) + (dst.ip >>> 16) + (dst.ip & 0xffff) + 6 + tcpLen;
  v.setUint16(o + 16, ~sum16(b, o, tcpLen, pseudo) & 0xffff);
  return { t, bytes: b, origLen: b.length };
}

/** The Internet checksum's ones'-complement sum of `length` (even) bytes from `at`, folded. */
function sum16(b: Uint8Array, at: number, length: number, start: number): number {
  let sum = start;
  for (let i = at; i < at + length; i += 2) sum += (b[i]! << 8) | b[i + 1]!;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}
