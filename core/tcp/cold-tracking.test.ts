import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../test/support/corpus';
import { NegativeHandles, trackTwice } from '../../test/support/twin-trackers';
import { pcapBytes } from '../../test/support/pcap-writer';
import { prng } from '../../test/support/prng';
import type { Endpoints, Segment } from '../../test/support/tcp-builder';
import { MemoryColdStore } from './cold-store';
import { TcpTracker } from './tracker';

const FIXTURES = join(repoRoot, 'test/fixtures');
/** Bounds so small that nearly every lookup goes to the cold keys, and the filter says "maybe" often. */
const TINY = { tableSlots: 8, filterBits: 64, indexPages: 1 };

describe('a tracker that moves connections to a cold store and back says what one that keeps them says', () => {
  const fixtures = readdirSync(FIXTURES).filter((f) => /\.pcap(ng)?$/.test(f));
  it('has fixtures to read', () => expect(fixtures.length).toBeGreaterThan(5));
  for (const name of fixtures) {
    for (const maxLive of [2, 3, 64]) {
      it(`${name}, at most ${maxLive} connections in memory`, () => {
        const r = trackTwice(new Uint8Array(readFileSync(join(FIXTURES, name))), maxLive);
        expect(r.differences).toEqual([]);
        if (r.connections > maxLive) expect(r.coldBytes).toBeGreaterThan(0);
      });
    }
  }
});

describe('a tracker whose connection table and cold index leave memory too says what one that keeps them says', () => {
  for (const name of readdirSync(FIXTURES).filter((f) => /\.pcap(ng)?$/.test(f))) {
    it(name, () => {
      const r = trackTwice(new Uint8Array(readFileSync(join(FIXTURES, name))), 2, new MemoryColdStore(), TINY);
      expect(r.differences).toEqual([]);
      if (r.connections > 8) expect(r.coldKeys).toBeGreaterThan(0);
    });
  }

  it('on many connections reusing few 4-tuples, some of them quiet for long and then back', () => {
    const r = trackTwice(reusedTuples(20261122), 2, new MemoryColdStore(), TINY);
    expect(r.differences).toEqual([]);
    expect(r.connections).toBe(TUPLES * CONNECTIONS_PER_TUPLE);
    // Every connection's entry went out, and those of the later ones on a 4-tuple went out beside the earlier ones.
    expect(r.coldKeys).toBeGreaterThan(r.connections * 0.9);
  });
});

const TUPLES = 150;
const CONNECTIONS_PER_TUPLE = 4;

/**
 * A capture where each of TUPLES 4-tuples carries CONNECTIONS_PER_TUPLE connections one after the
 * other (a new SYN with a new ISN after a close, a reset, or nothing), the 4-tuples' packets
 * interleaved at random, so that a 4-tuple is often quiet while hundreds of others go on.
 */
function reusedTuples(seed: number): Uint8Array {
  const random = prng(seed);
  const queues: { segment: Segment; endpoints: Endpoints }[][] = [];
  for (let k = 0; k < TUPLES; k++) {
    const endpoints: Endpoints = {
      ipVersion: k % 5 === 0 ? 6 : 4,
      clientAddr: [0x0a000000 + (k % 7), 0, 0, k % 3], serverAddr: [0xc0000250, 0, 0, 0], clientPort: 40000 + k, serverPort: 80,
    };
    const q: Segment[] = [];
    for (let n = 0; n < CONNECTIONS_PER_TUPLE; n++) {
      const c = (n * 1_000_003 + k * 7919) >>> 0;
      const s = (c * 31 + 17) >>> 0;
      const data = 1 + Math.floor(random() * 3);
      const seg = (from: 'c' | 's', flags: string, seq: number, ack: number, len = 0): Segment => ({ from, flags, seq, ack, len, win: 500, t: 0 });
      q.push(seg('c', 'S', c, 0), seg('s', 'SA', s, c + 1), seg('c', 'A', c + 1, s + 1));
      for (let j = 0; j < data; j++) q.push(seg('c', 'PA', c + 1 + 10 * j, s + 1, 10), seg('s', 'A', s + 1, c + 11 + 10 * j));
      const end = c + 1 + 10 * data;
      const how = random();
      if (how < 0.5) q.push(seg('c', 'FA', end, s + 1), seg('s', 'FA', s + 1, end + 1), seg('c', 'A', end + 1, s + 2));
      else if (how < 0.8) q.push(seg('s', 'R', s + 1, 0));
    }
    queues.push(q.map((segment) => ({ segment, endpoints })));
  }
  const packets: { segment: Segment; endpoints: Endpoints }[] = [];
  let t = 0;
  while (queues.some((q) => q.length > 0)) {
    const open = queues.filter((q) => q.length > 0);
    const next = open[Math.floor(random() * open.length)]!.shift()!;
    next.segment.t = (t += 0.001);
    packets.push(next);
  }
  return pcapBytes(packets);
}

describe('a tracker whose cold store gives negative handles (records a file store had to keep in memory)', () => {
  for (const name of readdirSync(FIXTURES).filter((f) => /\.pcap(ng)?$/.test(f))) {
    it(name, () => {
      const r = trackTwice(new Uint8Array(readFileSync(join(FIXTURES, name))), 2, new NegativeHandles());
      expect(r.differences).toEqual([]);
    });
  }
});

describe('a tracker with a cold store', () => {
  it('refuses to hand out its connections as an array', () => {
    const t = new TcpTracker({ cold: new MemoryColdStore() });
    expect(() => t.connections).toThrow(/connection\(stream\)/);
  });

  it('says which stream it does not have', () => {
    expect(() => new TcpTracker().connection(0)).toThrow(RangeError);
  });
});
