import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../test/support/corpus';
import { NegativeHandles, trackTwice } from '../../test/support/twin-trackers';
import { MemoryColdStore } from './cold-store';
import { TcpTracker } from './tracker';

const FIXTURES = join(repoRoot, 'test/fixtures');

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
