import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../test/support/corpus';
import { prng } from '../../test/support/prng';
import { reusedTuples } from '../../test/support/reused-tuples';
import { trackBoth } from '../../test/support/twin-trackers';
import { MemoryColdStore } from './cold-store';
import { fillDissection, type Endpoints, type Segment } from '../../test/support/tcp-builder';
import { Dissection } from '../decode/dissection';
import { wordsKey } from '../tabulation';
import { PacketFacts } from './facts';
import { type ConnectionTable, TUPLE_WORDS, tupleHash } from './table';
import { TcpTracker, type TrackerOptions } from './tracker';

const key = wordsKey(TUPLE_WORDS, prng(11));
const tableOf = (t: TcpTracker) => (t as unknown as { table: ConnectionTable }).table;
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
      expect(tableOf(tracker).probes / frame).toBeLessThan(2);
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
    const table = tableOf(tracker);
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

/**
 * The capture through two trackers with the same options, one of whose tables forgets the previous
 * packet's 4-tuple before each packet (so it looks every packet up): what they say about each
 * packet, and how many lookups each needed.
 */
function rememberingAndForgetting(file: Uint8Array, options: () => TrackerOptions) {
  const remembering = new TcpTracker(options());
  const forgetting = new TcpTracker(options());
  const forget = () => {
    (tableOf(forgetting) as unknown as { lastStream: number }).lastStream = -1;
  };
  const { frames, differences } = trackBoth(file, remembering, forgetting, forget);
  return { differences, frames, lookups: tableOf(remembering).lookups, forgottenLookups: tableOf(forgetting).lookups };
}

/** Sends each segment between its endpoints; what the tracker said about each: [stream, from the client]. */
function sendAll(tracker: TcpTracker, packets: [Segment, Endpoints, number?][]): [number, boolean][] {
  const d = new Dissection();
  const out = new PacketFacts();
  let frame = 0;
  return packets.map(([s, ep, at]) => {
    frame = at ?? frame + 1;
    fillDissection(d, s, ep);
    tracker.track(frame, 1_700_000_000, frame, d, out);
    return [out.stream, out.fromClient];
  });
}
const seg = (from: 'c' | 's', flags: string, seq: number, ack: number, len = 0): Segment => ({ from, flags, seq, ack, len, win: 500, t: 0 });
const web = v4(0x0a000001, 40000, 0x0a000002, 80);
describe('the connection table tells connections apart by every word of their 4-tuple', () => {
  it('with every 4-tuple hashed alike, so that only the comparison decides', () => {
    const v6 = (client: number[], clientPort: number, server: number[], serverPort: number): Endpoints => ({ ipVersion: 6, clientAddr: client, serverAddr: server, clientPort, serverPort });
    const A = [0x20010db8, 0, 0, 1];
    const shapes: Endpoints[] = [
      v6(A, 40000, [0x20010db8, 0, 0, 2], 443),
      // Each differs from the first in one word past the first, or in the version only.
      v6([0x20010db8, 0, 0, 3], 40000, [0x20010db8, 0, 0, 2], 443),
      v6(A, 40000, [0x20010db8, 0, 7, 2], 443),
      v6([0x20010db8, 5, 0, 1], 40000, [0x20010db8, 0, 0, 2], 443),
      v4(0x20010db8, 40000, 0x20010db8, 443),
      // IPv4: the server's address only, then the client's only.
      v4(0x0a000001, 40000, 0x0a000002, 443),
      v4(0x0a000001, 40000, 0x0a000003, 443),
      v4(0x0a000004, 40000, 0x0a000002, 443),
      // The ports the other way round, and an endpoint talking to itself.
      v6(A, 443, [0x20010db8, 0, 0, 2], 40000),
      v6(A, 40000, A, 40000),
    ];
    const tracker = new TcpTracker({ hashKey: wordsKey(TUPLE_WORDS, () => 0) });
    const packets: [Segment, Endpoints][] = [];
    for (const ep of shapes) packets.push([syn, ep]);
    for (const ep of shapes) packets.push([synAck, ep]);
    const seen = sendAll(tracker, packets);
    const n = shapes.length;
    // A connection to itself: its SYN-ACK, from the same endpoint, is from its client.
    expect(seen).toEqual([...shapes.map((_, k) => [k, true]), ...shapes.map((_, k) => [k, k === n - 1])]);
    expect(tableOf(tracker).lookups).toBe(2 * n);
  });
});

describe('a packet on the previous packet\'s 4-tuple is found without a lookup', () => {
  it('looks a connection up once, at its SYN, when its packets come one after the other', () => {
    const tracker = new TcpTracker({ hashKey: key });
    const segments = [syn, synAck, seg('c', 'A', 1001, 5001)];
    for (let k = 0; k < 50; k++) segments.push(seg('c', 'A', 1001 + 100 * k, 5001, 100), seg('s', 'A', 5001, 1101 + 100 * k));
    expect(sendAll(tracker, segments.map((s) => [s, web]))).toEqual(segments.map((s) => [0, s.from === 'c']));
    expect(tableOf(tracker).lookups).toBe(1);
  });


  it('knows the client of a connection whose first packet came from its server', () => {
    // Picked up mid-stream: the side on the higher port is the client, though it spoke second.
    expect(sendAll(new TcpTracker(), [[seg('s', 'A', 5000, 1000), web], [seg('c', 'A', 1000, 5000), web], [seg('s', 'A', 5000, 1000), web]]))
      .toEqual([[0, false], [0, true], [0, false]]);
  });

  it('knows the client of a connection that reuses a 4-tuple the other way round', () => {
    const reversed = v4(0x0a000002, 80, 0x0a000001, 40000);
    const packets: [Segment, Endpoints][] = [
      [syn, web], [synAck, web], [seg('c', 'A', 1001, 5001), web],
      [seg('c', 'FA', 1001, 5001), web], [seg('s', 'FA', 5001, 1002), web], [seg('c', 'A', 1002, 5002), web],
      // The old server opens the next connection: it is that one's client.
      [seg('c', 'S', 9000, 0), reversed], [seg('s', 'SA', 7000, 9001), reversed], [seg('c', 'A', 9001, 7001), reversed],
    ];
    expect(sendAll(new TcpTracker(), packets).slice(5)).toEqual([[0, true], [1, true], [1, false], [1, true]]);
  });

  it('finds a 4-tuple reused at once after the table grew, then looked up again', () => {
    // The 615th connection grows the table (past 60% of 1,024 slots), moving every entry; its SYN
    // with another ISN right after opens a new connection on the same 4-tuple.
    const ep = (i: number) => v4(0x0a000000 + i, 40000, 0x0b000001, 443);
    const packets: [Segment, Endpoints][] = [];
    for (let i = 0; i < 615; i++) packets.push([syn, ep(i)]);
    packets.push([seg('c', 'S', 77_000, 0), ep(614)], [syn, ep(0)], [seg('s', 'SA', 5000, 77_001), ep(614)]);
    expect(sendAll(new TcpTracker({ hashKey: key }), packets).slice(613)).toEqual([[613, true], [614, true], [615, true], [0, true], [615, false]]);
  });

  it('finds the previous packet\'s connection after it went to the cold store', () => {
    // With three in memory, last seen at frames 1, 2047 and 2048, the histogram of freezeOldest puts
    // the two latest in its last bucket, past the median: all three go, the latest among them.
    const tracker = new TcpTracker({ cold: new MemoryColdStore(), maxLive: 3 });
    const ep = (i: number) => v4(0x0a000000 + i, 40000, 0x0b000001, 443);
    expect(sendAll(tracker, [[syn, ep(0), 1], [syn, ep(1), 2047], [syn, ep(2), 2048], [synAck, ep(2), 2049]]))
      .toEqual([[0, true], [1, true], [2, true], [2, false]]);
    expect(tableOf(tracker).lookups).toBe(4);
  });

  const bursts = reusedTuples({ seed: 20261123, tuples: 60, connectionsPerTuple: 4, burst: 6, land: true });
  const cases: [string, () => TrackerOptions][] = [
    ['every connection in memory', () => ({ hashKey: wordsKey(TUPLE_WORDS, prng(3)) })],
    // Connections frozen between two packets of theirs, entries moved out and back (see cold-tracking.test.ts).
    ['two connections in memory, a table of eight slots', () => ({ cold: new MemoryColdStore(), maxLive: 2, bounds: { tableSlots: 8, filterBits: 64, indexPages: 1 } })],
  ];
  for (const [name, options] of cases) {
    it(`finds what a lookup finds: ports reused at once, endpoints talking to themselves, IPv6 between (${name})`, () => {
      const r = rememberingAndForgetting(bursts, options);
      expect(r.differences).toEqual([]);
      expect(r.forgottenLookups).toBeGreaterThan(r.frames * 0.9);
      expect(r.lookups).toBeLessThan(r.frames * 0.6);
    });

    it(`finds what a lookup finds on the recorded fixtures (${name})`, () => {
      const dir = join(repoRoot, 'test/fixtures');
      for (const f of readdirSync(dir).filter((n) => /\.pcap(ng)?$/.test(n))) {
        const r = rememberingAndForgetting(new Uint8Array(readFileSync(join(dir, f))), options);
        expect(r.differences, f).toEqual([]);
      }
    });
  }
});
