import { describe, expect, it } from 'vitest';
import { play, type ScenarioName } from '../../test/support/scenarios';
import { Conv, DEFAULT_ENDPOINTS, fillDissection, START_SEC } from '../../test/support/tcp-builder';
import { dissectBytes } from '../decode/dissect';
import { LinkType } from '../decode/numbers';
import { Dissection, Proto } from '../decode/dissection';
import { analysisNames } from './vocabulary';
import { PacketFacts } from './facts';
import { seqBaseAt } from './stream-info';
import { TcpTracker } from './tracker';

const run = (name: ScenarioName) => play(name, new Conv());
const LINKTYPE_ETHERNET = LinkType.ETHERNET;

/** Ethernet + IPv4 + TCP bytes between 10.0.0.1:40000 and 10.0.0.2:80 (`reply`: the other way). */
function ipv4Tcp(o: { seq: number; ack: number; flags: number; payload?: number; dataOffset?: number; reply?: boolean }): Uint8Array {
  const hl = o.dataOffset ?? 20;
  const tcpLen = Math.max(hl, 20) + (o.payload ?? 0);
  const b = new Uint8Array(14 + 20 + tcpLen);
  const v = new DataView(b.buffer);
  v.setUint16(12, 0x0800);
  v.setUint8(14, 0x45);
  v.setUint16(16, 20 + tcpLen);
  v.setUint8(22, 64);
  v.setUint8(23, 6);
  v.setUint32(26, o.reply ? 0x0a000002 : 0x0a000001);
  v.setUint32(30, o.reply ? 0x0a000001 : 0x0a000002);
  v.setUint16(34, o.reply ? 80 : 40000);
  v.setUint16(36, o.reply ? 40000 : 80);
  v.setUint32(38, o.seq);
  v.setUint32(42, o.ack);
  v.setUint16(46, ((hl / 4) << 12) | o.flags);
  v.setUint16(48, 500);
  return b;
}

/** An Ethernet + IPv4 packet cut into two IP fragments after `at` bytes of IP payload (a multiple of 8). */
function fragments(packet: Uint8Array, at: number): Uint8Array[] {
  const payload = packet.subarray(34);
  const part = (bytes: Uint8Array, offset: number, more: boolean) => {
    const b = new Uint8Array(34 + bytes.length);
    b.set(packet.subarray(0, 34));
    b.set(bytes, 34);
    const v = new DataView(b.buffer);
    v.setUint16(16, 20 + bytes.length);
    v.setUint16(18, 7);
    v.setUint16(20, (more ? 0x2000 : 0) | (offset / 8));
    return b;
  };
  return [part(payload.subarray(0, at), 0, true), part(payload.subarray(at), at, false)];
}

describe('stream numbering (tcp.stream)', () => {
  it('numbers conversations in order of their first packet, the same in both directions', () => {
    const tracker = new TcpTracker();
    const a = new Conv({ ...DEFAULT_ENDPOINTS, clientPort: 1111 }, tracker, 0);
    const b = new Conv({ ...DEFAULT_ENDPOINTS, clientPort: 2222 }, tracker, 100);
    a.c('S', 1000, 0);
    b.c('S', 1000, 0);
    a.s('SA', 5000, 1001);
    b.s('SA', 5000, 1001);
    expect([...a.seen, ...b.seen].map((s) => s.stream)).toEqual([0, 0, 1, 1]);
    expect(tracker.connections.map((c) => c.clientPort)).toEqual([1111, 2222]);
  });

  it('tells IPv6 conversations apart by all four address words', () => {
    const tracker = new TcpTracker();
    const v6 = { ipVersion: 6 as const, clientAddr: [0x20010db8, 0, 0, 1], serverAddr: [0x20010db8, 0, 0, 2], clientPort: 5000, serverPort: 443 };
    const a = new Conv(v6, tracker, 0);
    const b = new Conv({ ...v6, clientAddr: [0x20010db8, 0, 1, 1] }, tracker, 10);
    a.c('S', 1, 0);
    b.c('S', 1, 0);
    a.s('SA', 9, 2);
    expect([a.seen[0]!.stream, b.seen[0]!.stream, a.seen[1]!.stream]).toEqual([0, 1, 0]);
  });

  it('a SYN with a new ISN opens a new stream (reused_ports, completeness starts at SYN)', () => {
    const v = run('new ISN on the same ports opens a new stream');
    expect(v.seen.map((s) => s.stream)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(v.tracker.connections.map((c) => c.completeness)).toEqual([7, 7]);
  });

  it('keeps thousands of conversations apart as the table grows', () => {
    const tracker = new TcpTracker();
    const convs = Array.from({ length: 5000 }, (_, i) => new Conv({ ...DEFAULT_ENDPOINTS, clientAddr: [0x0a000000 + (i >> 8), 0, 0, 0], clientPort: 1024 + i }, tracker, i * 2));
    convs.forEach((v) => v.c('S', 1000, 0));
    convs.forEach((v) => v.s('SA', 5000, 1001));
    expect(convs.every((v, i) => v.seen[0]!.stream === i && v.seen[1]!.stream === i)).toBe(true);
  });

  it('gives no stream to what is not TCP or whose TCP header was cut short', () => {
    const tracker = new TcpTracker();
    const d = new Dissection();
    const out = new PacketFacts();
    d.proto = Proto.UDP;
    tracker.track(1, START_SEC, 0, d, out);
    expect(out.stream).toBe(-1);
    // The ports were captured, the rest of the header not: the decoders say Malformed.
    dissectBytes(ipv4Tcp({ seq: 1, ack: 0, flags: 0x02 }).subarray(0, 14 + 20 + 12), LINKTYPE_ETHERNET, d);
    tracker.track(2, START_SEC, 0, d, out);
    expect([d.srcPort, out.stream, tracker.connections.length]).toEqual([40000, -1, 0]);
  });
});

describe('broken and fragmented segments (as tshark 4.0 shows them with ip.defragment off)', () => {
  /** A handshake on raw bytes, then `more`, through the real decoders. */
  function decoded(more: Uint8Array[]): { seen: PacketFacts[]; tracker: TcpTracker } {
    const tracker = new TcpTracker();
    const d = new Dissection();
    const packets = [
      ipv4Tcp({ seq: 1000, ack: 0, flags: 0x02 }),
      ipv4Tcp({ seq: 5000, ack: 1001, flags: 0x12, reply: true }),
      ipv4Tcp({ seq: 1001, ack: 5001, flags: 0x10 }),
      ...more,
    ];
    const seen = packets.map((bytes, i) => {
      dissectBytes(bytes, LINKTYPE_ETHERNET, d);
      const out = new PacketFacts();
      // The handshake 1 ms apart (iRTT 2 ms), then a second between packets: nothing is out of order.
      tracker.track(i + 1, START_SEC + (i < 3 ? 0 : i), i < 3 ? i * 1_000_000 : 0, d, out);
      return out;
    });
    return { seen, tracker };
  }

  it('a data offset below 20 bytes is numbered and analysed (tcp.len from the stated offset), nothing more', () => {
    const { seen, tracker } = decoded([
      ipv4Tcp({ seq: 1001, ack: 5001, flags: 0x18, payload: 10, dataOffset: 16 }),
      ipv4Tcp({ seq: 1001, ack: 5001, flags: 0x18, payload: 10 }),
    ]);
    expect([seen[3]!.stream, seen[3]!.relSeq, seen[3]!.roles]).toEqual([0, 1, 0]);
    // tshark counted 14 bytes from the bogus offset, so the next segment at seq 1001 is behind nextseq.
    expect(analysisNames(seen[4]!.analysis)).toEqual(['retransmission']);
    expect([tracker.connections[0]!.completeness, tracker.connections[0]!.notes[0]?.message]).toEqual([15, 'malformed TCP header (data offset 16 bytes): not interpreted']);
  });

  it('a first IP fragment is numbered but not analysed (raw seq), a later one carries no TCP', () => {
    const whole = ipv4Tcp({ seq: 1001, ack: 5001, flags: 0x18, payload: 1000 });
    const { seen, tracker } = decoded([...fragments(whole, 600), ipv4Tcp({ seq: 5001, ack: 2001, flags: 0x10, reply: true })]);
    expect([seen[3]!.stream, seen[3]!.relSeq, seen[3]!.analysis]).toEqual([0, 1001, 0]);
    expect(seen[4]!.stream).toBe(-1);
    expect(analysisNames(seen[5]!.analysis)).toEqual(['ack_lost_segment']);
    expect(tracker.connections[0]!.completeness).toBe(7);
  });

  it('a header longer than its segment is numbered but not analysed', () => {
    const short = ipv4Tcp({ seq: 1001, ack: 5001, flags: 0x18, dataOffset: 24 });
    const cut = short.slice(0, short.length - 4);
    new DataView(cut.buffer).setUint16(14 + 2, 20 + 20);
    const { seen } = decoded([cut]);
    expect([seen[3]!.stream, seen[3]!.relSeq, seen[3]!.analysis]).toEqual([0, 1001, 0]);
  });
});

describe('which side is the client', () => {
  it('the SYN sender', () => {
    expect(run('three-way handshake').conn.clientPort).toBe(40000);
  });

  it('the receiver of a SYN-ACK seen first', () => {
    const v = run('SYN-ACK first, then the SYN (reordered)');
    expect([v.conn.clientPort, v.seen[0]!.fromClient]).toEqual([40000, false]);
  });

  it('mid-stream, the side with the higher port, whoever sent first', () => {
    const v = run('picked up mid-stream');
    expect([v.conn.clientPort, v.conn.serverPort, v.seen[0]!.fromClient]).toEqual([40000, 80, false]);
  });

  it('mid-stream on equal ports, the first sender', () => {
    const v = new Conv({ ...DEFAULT_ENDPOINTS, clientPort: 179, serverPort: 179 });
    v.s('PA', 7, 9, { len: 19 });
    expect(v.conn.clientAddr[0]).toBe(DEFAULT_ENDPOINTS.serverAddr[0]);
  });
});

describe('relative sequence numbers (as tshark shows them)', () => {
  it('count from the ISN of each side', () => {
    const v = run('four-way close');
    expect(v.seen.map((s) => [s.seq, s.ack])).toEqual([[0, 0], [0, 1], [1, 1], [1, 1], [1, 2], [1, 2], [2, 2]]);
  });

  it('mid-stream: first seq − 1 for the sender, the first ack − 1 for the other side', () => {
    const v = run('picked up mid-stream');
    expect(v.seen.map((s) => [s.seq, s.ack])).toEqual([[1, 1], [1, 201], [1, 201]]);
    expect([v.conn.serverBaseSeq, v.conn.clientBaseSeq]).toEqual([5000, 1000]);
  });

  it('show the raw ack when ACK is not set', () => {
    const v = new Conv();
    expect(v.c('S', 1000, 77).ack).toBe(77);
  });

  it('wrap around 2^32', () => {
    const v = new Conv();
    v.c('S', 0xffffff00, 0);
    v.s('SA', 5000, 0xffffff01);
    expect(v.c('PA', 0xffffff01, 5001, { len: 0x200 }).seq).toBe(1);
    expect(v.s('A', 5001, 0x101).ack).toBe(0x201);
  });

  it('a SYN-ACK at another ISN re-bases its direction; the store can still find each packet\'s base', () => {
    const v = run('SYN-ACK at another ISN than the base re-bases it');
    expect(v.seen.map((s) => [s.seq, s.ack])).toEqual([[0, 0], [1, 0], [0, 1], [1, 1]]);
    const c = v.conn;
    expect(c.baseChanges).toEqual([{ frame: 3, client: false, previous: 0xffffffff }]);
    expect([seqBaseAt(c, false, 2), seqBaseAt(c, false, 3), seqBaseAt(c, true, 2)]).toEqual([0xffffffff, 5000, 1000]);
  });
});

describe('window size (tcp.window_size)', () => {
  it('is scaled by the shift of the sender\'s SYN once both SYNs carried the option; SYNs never', () => {
    const v = run('handshake with window scaling');
    expect(v.seen.map((s) => s.window)).toEqual([64240, 65160, 502 * 128, 1000 * 128, 300 * 256]);
  });

  it('is unscaled when only one SYN carried the option', () => {
    expect(run('window scale offered by the client only').seen.map((s) => s.window)).toEqual([1000, 1000, 502, 700]);
  });

  it('is unknown (−1) when the handshake was not seen', () => {
    expect(run('picked up mid-stream').seen.map((s) => s.window)).toEqual([-1, -1, -1]);
  });

  it('uses 14 for a shift above 14 (RFC 7323)', () => {
    expect(run('window scale above 14 is used as 14').seen.at(-1)!.window).toBe(3 * 2 ** 14);
  });
});

describe('completeness (tcp.completeness, final value)', () => {
  const cases: [ScenarioName, number][] = [
    ['three-way handshake', 7], ['open at the end of the capture', 15], ['four-way close', 23],
    ['half-close with data after the FIN', 31], ['reset after the handshake', 47], ['refused (SYN answered by RST,ACK)', 37],
    ['unanswered SYN, retransmitted', 1], ['picked up mid-stream', 12], ['SYN-ACK first, then the SYN (reordered)', 12],
    ['data on the SYN (TCP Fast Open)', 15],
  ];
  for (const [name, bits] of cases) {
    it(`${name}: ${bits}`, () => expect(run(name).conn.completeness).toBe(bits));
  }
});

describe('iRTT (tcp.analysis.initial_rtt)', () => {
  it('runs from the latest SYN to the first pure ACK', () => {
    expect(run('three-way handshake').conn.irtt).toBe(0.002);
    expect(run('SYN and SYN-ACK retransmitted').conn.irtt).toBeCloseTo(1.02, 9);
  });

  it('is null without a SYN or without an ACK after it', () => {
    expect(run('picked up mid-stream').conn.irtt).toBeNull();
    expect(run('unanswered SYN, retransmitted').conn.irtt).toBeNull();
  });

  it('counts an RST,ACK as the ACK (tshark does)', () => {
    expect(run('refused (SYN answered by RST,ACK)').conn.irtt).toBe(0.001);
  });

  it('takes the second-pass value when the only pure ACKs came before the SYN', () => {
    const v = new Conv();
    v.s('SA', 5000, 1001, { t: 0 });
    v.c('A', 1001, 5001, { t: 0.003 });
    v.c('S', 1000, 0, { t: 0.004 });
    expect(v.conn.irtt).toBeCloseTo(-0.001, 9);
  });

  it('is exact however far the capture clock is from the epoch', () => {
    const tracker = new TcpTracker();
    const d = new Dissection();
    const out = new PacketFacts();
    fillDissection(d, { from: 'c', flags: 'S', seq: 1, ack: 0, len: 0, win: 1, t: 0 }, DEFAULT_ENDPOINTS);
    tracker.track(1, 18_446_744_073_204, 160_194_000, d, out);
    fillDissection(d, { from: 's', flags: 'RA', seq: 0, ack: 2, len: 0, win: 0, t: 0 }, DEFAULT_ENDPOINTS);
    tracker.track(2, 18_446_744_073_204, 160_216_000, d, out);
    expect(tracker.connections[0]!.irtt).toBeCloseTo(0.000022, 12);
  });
});

describe('volume', () => {
  it('counts packets, payload bytes each way, first and last frame', () => {
    const c = run('half-close with data after the FIN').conn;
    expect([c.packets, c.client.bytes, c.server.bytes, c.firstFrame, c.lastFrame]).toEqual([9, 0, 500, 1, 9]);
  });
});
