import { describe, expect, it } from 'vitest';
import { prng } from '../../test/support/prng';
import { fillDissection, type Endpoints, type Segment } from '../../test/support/tcp-builder';
import { Dissection } from '../decode/dissection';
import { wordsKey } from '../tabulation';
import { PacketFacts } from './facts';
import { type ConnectionTable, TUPLE_WORDS, tupleHash } from './table';
import { TcpTracker } from './tracker';

const key = wordsKey(TUPLE_WORDS, prng(11));
const v4 = (a: number, p: number, b: number, q: number): Endpoints => ({ ipVersion: 4, clientAddr: [a, 0, 0, 0], serverAddr: [b, 0, 0, 0], clientPort: p, serverPort: q });
const syn: Segment = { from: 'c', flags: 'S', seq: 1000, ack: 0, len: 0, win: 64240, t: 0 };
const synAck: Segment = { from: 's', flags: 'SA', seq: 5000, ack: 1001, len: 0, win: 65160, t: 0 };

function hashOf(ep: Endpoints, from: 'c' | 's'): number {
  const d = new Dissection();
  fillDissection(d, { ...syn, from }, ep);
  return tupleHash(key.table, d);
}

describe('the 4-tuple hash', () => {
  it('is the same in both directions, for IPv4 and IPv6, when addresses or ports are equal', () => {
    const cases: Endpoints[] = [
      v4(0x0a000001, 40000, 0x0a000002, 80),
      v4(0xc0a80001, 80, 0x0a000002, 40000),
      v4(0x0a000001, 40000, 0x0a000001, 80),
      v4(0x0a000001, 80, 0x0a000002, 80),
      v4(0x0a000001, 80, 0x0a000001, 80),
      { ipVersion: 6, clientAddr: [0x20010db8, 0, 0, 1], serverAddr: [0x20010db8, 0, 0, 2], clientPort: 50000, serverPort: 443 },
      { ipVersion: 6, clientAddr: [0x20010db8, 0, 0, 2], serverAddr: [0x20010db8, 0, 0, 2], clientPort: 443, serverPort: 50000 },
    ];
    for (const ep of cases) expect(hashOf(ep, 's')).toBe(hashOf(ep, 'c'));
  });

  it('differs when the ports swap sides, and between an endpoint to itself and to its twin port', () => {
    expect(hashOf(v4(0x0a000001, 40000, 0x0a000002, 80), 'c')).not.toBe(hashOf(v4(0x0a000001, 80, 0x0a000002, 40000), 'c'));
    expect(hashOf(v4(0x0a000001, 80, 0x0a000001, 80), 'c')).not.toBe(hashOf(v4(0x0a000002, 80, 0x0a000002, 80), 'c'));
    expect(hashOf(v4(0x0a000001, 80, 0x0a000001, 80), 'c')).not.toBe(0);
  });
});

/**
 * Captures shaped against a hash that combines one hash per endpoint: each connection gets a SYN
 * and, back, a SYN-ACK that must find it. `find` must step past fewer than two slots a packet. With
 * the table's old hash (FNV-1a per endpoint, XORed) the first shape put every key on one chain
 * (10,000 slots a packet, 15 s) and the other two stepped past 2.4 and 2.9.
 */
describe('the connection table keeps short chains on captures made to collide', () => {
  const N = 20_000;
  const shapes: [string, (i: number) => Endpoints][] = [
    // A LAND attack's shape: each from an address and port to itself (all hashed to 0).
    ['every connection from an endpoint to itself', (i) => v4(0x0a000000 + i, 7, 0x0a000000 + i, 7)],
    ['the same port on both sides, between two addresses', (i) => v4(0x0a000001, 1 + i, 0x0a000002, 1 + i)],
    ['addresses and ports that swap between connections', (i) => v4(0x0a000001 + (i & 1), 1000 + (i >> 1), 0x0a000002 - (i & 1), 2000 + (i >> 1))],
  ];
  for (const [name, shape] of shapes) {
    it(name, () => {
      const tracker = new TcpTracker({ hashKey: key });
      const d = new Dissection();
      const out = new PacketFacts();
      let frame = 0;
      for (let i = 0; i < N; i++) {
        const ep = shape(i);
        for (const s of [syn, synAck]) {
          fillDissection(d, s, ep);
          tracker.track(++frame, 1_700_000_000, frame, d, out);
          expect(out.stream).toBe(i);
        }
      }
      expect(tracker.connectionCount).toBe(N);
      const table = (tracker as unknown as { table: ConnectionTable }).table;
      expect(table.probes / frame).toBeLessThan(2);
    });
  }
});

describe('the connection table keeps the connections with packets at the first slot they probe', () => {
  it('moves a connection found past its home slot back to it', () => {
    // 19,000 connections fill 58% of the table's 32,768 slots (below the 60% that grows it). The
    // newest were placed at the ends of runs, behind the older ones: found there every time, their
    // packets stepped past about one slot each.
    const N = 19_000;
    const ACTIVE = 500;
    const tracker = new TcpTracker({ hashKey: key });
    const d = new Dissection();
    const out = new PacketFacts();
    let frame = 0;
    const ep = (i: number) => v4(0x0a000000 + i, 40000 + (i % 20000), 0x0b000001, 443);
    for (let i = 0; i < N; i++) {
      fillDissection(d, syn, ep(i));
      tracker.track(++frame, 1_700_000_000, frame, d, out);
    }
    const table = (tracker as unknown as { table: ConnectionTable }).table;
    let before = table.probes;
    for (let round = 0; round < 10; round++) {
      // Each moves home at its first packet: count from the second round on.
      if (round === 1) before = table.probes;
      for (let i = N - ACTIVE; i < N; i++) {
        fillDissection(d, round % 2 === 0 ? synAck : { ...syn, flags: 'A', seq: 1001, ack: 5001 }, ep(i));
        tracker.track(++frame, 1_700_000_000, frame, d, out);
        expect(out.stream).toBe(i);
      }
    }
    expect(tracker.connectionCount).toBe(N);
    // Only two that share a home slot step past one (they trade it back and forth).
    expect((table.probes - before) / (9 * ACTIVE)).toBeLessThan(0.05);
  });
});
