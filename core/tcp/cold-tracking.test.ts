import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../test/support/corpus';
import { NegativeHandles, trackTwice } from '../../test/support/twin-trackers';
import { reusedTuples } from '../../test/support/reused-tuples';
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
    const r = trackTwice(reusedTuples({ seed: 20261122, tuples: TUPLES, connectionsPerTuple: CONNECTIONS_PER_TUPLE }), 2, new MemoryColdStore(), TINY);
    expect(r.differences).toEqual([]);
    expect(r.connections).toBe(TUPLES * CONNECTIONS_PER_TUPLE);
    // Every connection's entry went out, and those of the later ones on a 4-tuple went out beside the earlier ones.
    expect(r.coldKeys).toBeGreaterThan(r.connections * 0.9);
  });
});

const TUPLES = 150;
const CONNECTIONS_PER_TUPLE = 4;

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
