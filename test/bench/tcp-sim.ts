/**
 * A deterministic simulation of real TCP conversations for the benchmark capture: handshakes with
 * options, request/response data with delayed ACKs, losses answered by duplicate ACKs with SACK
 * and fast retransmission, tail losses answered by RTO retransmission, four-way and three-way
 * teardowns, resets, refused connections and SYNs that are never answered. The capture point
 * sits next to the clients. Seeded: the same options give the same bytes.
 */

import { prng } from '../support/prng';

export interface SimOptions {
  seed: number;
  connections: number;
  /** Keep adding request/response exchanges until about this many packets in all. */
  targetPackets: number;
  /** Seconds over which connections start. */
  spanSeconds: number;
  /** Bytes of each packet kept (the rest counted in the original length), like `tcpdump -s`. */
  snapLen: number;
}

export interface SimPacket {
  /** Nanoseconds since the start of the capture. */
  t: number;
  bytes: Uint8Array;
  origLen: number;
}

const F = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16 } as const;
const MSS = 1448;
const CLIENT_WINDOW = 502; // ×128 (window scale 7): ~64 KiB
const SERVER_WINDOW = 509;

interface Endpoint { ip: number; port: number; mac: number }

interface Segment {
  t: number;
  fromClient: boolean;
  flags: number;
  seq: number;
  ack: number;
  len: number;
  window: number;
  syn?: boolean;
  sack?: [number, number];
}

function ipChecksum(b: Uint8Array, o: number): number {
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += (b[o + i]! << 8) | b[o + i + 1]!;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** Ethernet + IPv4 + TCP (with options) headers; the payload is zeros, cut at snapLen. */
function encode(seg: Segment, c: Endpoint, s: Endpoint, tsVal: number, tsEcr: number, snapLen: number): SimPacket {
  const src = seg.fromClient ? c : s;
  const dst = seg.fromClient ? s : c;
  const optLen = seg.syn ? 20 : seg.sack ? 24 : 12;
  const tcpLen = 20 + optLen;
  const origLen = 14 + 20 + tcpLen + seg.len;
  const capLen = Math.min(origLen, snapLen);
  const b = new Uint8Array(Math.max(capLen, 14 + 20 + tcpLen));
  const v = new DataView(b.buffer);
  v.setUint16(0, 0x0200); v.setUint32(2, dst.mac);
  v.setUint16(6, 0x0200); v.setUint32(8, src.mac);
  v.setUint16(12, 0x0800);
  v.setUint8(14, 0x45); v.setUint16(16, 20 + tcpLen + seg.len); v.setUint16(18, (seg.t / 1000) & 0xffff);
  v.setUint16(20, 0x4000); v.setUint8(22, 64); v.setUint8(23, 6);
  v.setUint32(26, src.ip); v.setUint32(30, dst.ip);
  v.setUint16(24, ipChecksum(b, 14));
  const t = 34;
  v.setUint16(t, src.port); v.setUint16(t + 2, dst.port);
  v.setUint32(t + 4, seg.seq >>> 0); v.setUint32(t + 8, seg.flags & F.ACK ? seg.ack >>> 0 : 0);
  v.setUint8(t + 12, (tcpLen / 4) << 4); v.setUint8(t + 13, seg.flags);
  v.setUint16(t + 14, seg.window);
  let o = t + 20;
  if (seg.syn) {
    v.setUint32(o, 0x020405b4); // MSS 1460
    v.setUint16(o + 4, 0x0402); // SACK permitted
    o += 6;
  } else {
    v.setUint16(o, 0x0101); // NOP NOP
    o += 2;
  }
  v.setUint16(o, 0x080a); v.setUint32(o + 2, tsVal >>> 0); v.setUint32(o + 6, tsEcr >>> 0); // timestamps
  o += 10;
  if (seg.syn) { v.setUint32(o, 0x01030307); o += 4; } // NOP, window scale 7
  if (seg.sack) {
    v.setUint32(o, 0x0101050a); // NOP NOP SACK(10)
    v.setUint32(o + 4, seg.sack[0] >>> 0); v.setUint32(o + 8, seg.sack[1] >>> 0);
    o += 12;
  }
  return { t: seg.t, bytes: capLen < b.length ? b.subarray(0, capLen) : b, origLen };
}

type Ending = 'four-way' | 'three-way' | 'reset-client' | 'reset-server' | 'open' | 'unanswered' | 'refused';

function pickEnding(r: number): Ending {
  if (r < 0.55) return 'four-way';
  if (r < 0.75) return 'three-way';
  if (r < 0.83) return 'reset-client';
  if (r < 0.88) return 'reset-server';
  if (r < 0.94) return 'open';
  if (r < 0.97) return 'unanswered';
  return 'refused';
}

/** All segments of one connection, in the order the capture point sees them. */
function* conversation(rand: () => number, start: number, exchanges: number, ending: Ending): Generator<Segment> {
  const rtt = (1 + rand() * 79) * 1e6; // 1–80 ms
  let t = start;
  let cs = (rand() * 2 ** 32) >>> 0; // client's next sequence number
  let ss = (rand() * 2 ** 32) >>> 0;
  yield { t, fromClient: true, flags: F.SYN, seq: cs, ack: 0, len: 0, window: 64240, syn: true };
  if (ending === 'unanswered') {
    for (const backoff of [1, 2, 4]) yield { t: (t += backoff * 1e9), fromClient: true, flags: F.SYN, seq: cs, ack: 0, len: 0, window: 64240, syn: true };
    return;
  }
  if (ending === 'refused') {
    yield { t: t + rtt, fromClient: false, flags: F.RST | F.ACK, seq: 0, ack: cs + 1, len: 0, window: 0 };
    return;
  }
  cs++;
  yield { t: (t += rtt), fromClient: false, flags: F.SYN | F.ACK, seq: ss, ack: cs, len: 0, window: 65160, syn: true };
  ss++;
  yield { t: (t += 20e3), fromClient: true, flags: F.ACK, seq: cs, ack: ss, len: 0, window: CLIENT_WINDOW };
  for (let x = 0; x < exchanges; x++) {
    const req = 80 + Math.floor(rand() * 700);
    yield { t: (t += 50e3), fromClient: true, flags: F.PSH | F.ACK, seq: cs, ack: ss, len: req, window: CLIENT_WINDOW };
    cs += req;
    const resp = 200 + Math.floor(rand() * 40_000);
    const segments = Math.ceil(resp / MSS);
    const lost = rand() < 0.15 && segments > 4 ? 1 + Math.floor(rand() * (segments - 4)) : -1;
    const tailLost = lost < 0 && rand() < 0.03;
    t += rtt;
    let acked = ss;
    let hole = false;
    for (let k = 0; k < segments; k++) {
      const len = k === segments - 1 ? resp - k * MSS : MSS;
      const seq = ss + k * MSS;
      const last = k === segments - 1;
      yield { t: (t += 100e3), fromClient: false, flags: last ? F.PSH | F.ACK : F.ACK, seq, ack: cs, len, window: SERVER_WINDOW };
      if (last && tailLost) break;
      if (k === lost) {
        hole = true; // sent past the capture point, lost before the client
        continue;
      }
      if (hole) {
        // Each segment after the hole draws an immediate duplicate ACK with a SACK block.
        acked = ss + lost * MSS;
        yield { t: t + 20e3, fromClient: true, flags: F.ACK, seq: cs, ack: acked, len: 0, window: CLIENT_WINDOW, sack: [acked + MSS, seq + len] };
        if (k === lost + 3 || last) {
          // Three duplicate ACKs: fast retransmission (or, short of three at the end, the RTO).
          t += k === lost + 3 ? rtt : Math.max(200e6, 3 * rtt);
          yield { t, fromClient: false, flags: F.ACK, seq: acked, ack: cs, len: MSS, window: SERVER_WINDOW };
          acked = seq + len;
          yield { t: (t += 20e3), fromClient: true, flags: F.ACK, seq: cs, ack: acked, len: 0, window: CLIENT_WINDOW };
          hole = false;
        }
        continue;
      }
      if (k % 2 === 1 || last) {
        acked = seq + len; // delayed ACK: every second segment, and the last
        yield { t: t + 20e3, fromClient: true, flags: F.ACK, seq: cs, ack: acked, len: 0, window: CLIENT_WINDOW };
      }
    }
    if (tailLost) {
      // The last segment was lost after the capture point: the server's RTO fires and it resends.
      const k = segments - 1;
      const len = resp - k * MSS;
      yield { t: (t += Math.max(200e6, 3 * rtt)), fromClient: false, flags: F.PSH | F.ACK, seq: ss + k * MSS, ack: cs, len, window: SERVER_WINDOW };
      yield { t: (t += 20e3), fromClient: true, flags: F.ACK, seq: cs, ack: ss + resp, len: 0, window: CLIENT_WINDOW };
    }
    ss += resp;
    t += rtt;
  }
  switch (ending) {
    case 'open':
      return;
    case 'reset-client':
      yield { t: (t += 1e6), fromClient: true, flags: F.RST | F.ACK, seq: cs, ack: ss, len: 0, window: 0 };
      return;
    case 'reset-server':
      yield { t: (t += rtt), fromClient: false, flags: F.RST, seq: ss, ack: 0, len: 0, window: 0 };
      return;
    case 'three-way':
      yield { t: (t += 1e6), fromClient: true, flags: F.FIN | F.ACK, seq: cs, ack: ss, len: 0, window: CLIENT_WINDOW };
      yield { t: (t += rtt), fromClient: false, flags: F.FIN | F.ACK, seq: ss, ack: cs + 1, len: 0, window: SERVER_WINDOW };
      yield { t: (t += 30e3), fromClient: true, flags: F.ACK, seq: cs + 1, ack: ss + 1, len: 0, window: CLIENT_WINDOW };
      return;
    default:
      yield { t: (t += 1e6), fromClient: true, flags: F.FIN | F.ACK, seq: cs, ack: ss, len: 0, window: CLIENT_WINDOW };
      yield { t: (t += rtt), fromClient: false, flags: F.ACK, seq: ss, ack: cs + 1, len: 0, window: SERVER_WINDOW };
      yield { t: (t += 5e6), fromClient: false, flags: F.FIN | F.ACK, seq: ss, ack: cs + 1, len: 0, window: SERVER_WINDOW };
      yield { t: (t += rtt), fromClient: true, flags: F.ACK, seq: cs + 1, ack: ss + 1, len: 0, window: CLIENT_WINDOW };
  }
}

interface Live {
  next: SimPacket;
  rest: Generator<SimPacket>;
}

/** Every packet of every connection, merged in time order (a binary heap of live connections). */
export function* simulate(o: SimOptions): Generator<SimPacket> {
  const rand = prng(o.seed);
  const perConnection = o.targetPackets / o.connections;
  // A request/response exchange of ~20 KB is ~25 packets; the handshake and teardown ~7.
  const meanExchanges = Math.max(1, (perConnection - 7) / 25);
  const starts = Array.from({ length: o.connections }, () => rand() * o.spanSeconds * 1e9).sort((a, b) => a - b);
  const heap: Live[] = [];
  const push = (l: Live) => {
    heap.push(l);
    for (let i = heap.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (heap[p]!.next.t <= heap[i]!.next.t) break;
      [heap[p], heap[i]] = [heap[i]!, heap[p]!];
      i = p;
    }
  };
  const pop = (): Live => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l]!.next.t < heap[m]!.next.t) m = l;
        if (r < heap.length && heap[r]!.next.t < heap[m]!.next.t) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i]!, heap[m]!];
        i = m;
      }
    }
    return top;
  };
  let started = 0;
  const startNext = () => {
    const i = started++;
    const client: Endpoint = { ip: (10 << 24) | (1 << 16) | (i & 0xffff), port: 32768 + (i % 28000), mac: 0x10000000 + (i & 0xffff) };
    const server: Endpoint = { ip: (10 << 24) | (200 << 8) | (1 + (i % 50)), port: i % 3 === 0 ? 443 : 80, mac: 0x20000000 + (i % 50) };
    const exchanges = Math.max(1, Math.round(meanExchanges * (0.2 + 1.6 * rand())));
    const ending = pickEnding(rand());
    // The capture point sits beside the client: each direction is in order, and sorting by time
    // (stably) interleaves the client's ACKs with the server's data as the wire shows them.
    const segments = [...conversation(rand, starts[i]!, exchanges, ending)].sort((a, b) => a.t - b.t);
    const packets = (function* () {
      let tsC = (rand() * 2 ** 31) >>> 0;
      let tsS = (rand() * 2 ** 31) >>> 0;
      for (const seg of segments) {
        const ms = Math.floor(seg.t / 1e6);
        if (seg.fromClient) tsC = ms; else tsS = ms + 7919;
        yield encode(seg, client, server, seg.fromClient ? tsC : tsS, seg.fromClient ? tsS : tsC, o.snapLen);
      }
    })();
    const first = packets.next();
    if (!first.done) push({ next: first.value, rest: packets });
  };
  while (started < o.connections || heap.length > 0) {
    while (started < o.connections && (heap.length === 0 || starts[started]! <= heap[0]!.next.t)) startNext();
    const live = pop();
    yield live.next;
    const n = live.rest.next();
    if (!n.done) push({ next: n.value, rest: live.rest });
  }
}
