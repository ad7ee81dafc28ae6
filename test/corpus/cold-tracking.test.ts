/**
 * Every corpus capture, and damaged copies of some, through a tracker that keeps each connection
 * in memory and one that moves them to a cold store and back after nearly every packet: the
 * packets' facts and the connections' whole state agree.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusCaptures, findCorpus } from '../support/corpus';
import { prng } from '../support/prng';
import { NegativeHandles, trackTwice } from '../support/twin-trackers';
import { MemoryColdStore } from '../../core/tcp/cold-store';

const corpus = findCorpus();
const DAMAGED_COPIES = 3;

const title = 'the cold store loses nothing on the corpus';
describe.skipIf(!corpus)(corpus ? title : `${title} (skipped: the corpus is absent; see test/support/corpus.ts)`, () => {
  const captures = corpus ? corpusCaptures(corpus) : [];
  for (const rel of captures) {
    it(rel, () => {
      const original = new Uint8Array(readFileSync(join(corpus!, 'pcaps', rel)));
      const r = trackTwice(original, 2);
      expect(r.differences).toEqual([]);
      expect(trackTwice(original, 2, new NegativeHandles()).differences).toEqual([]);
      // The connection table's entries and the cold index's pages out of memory too, nearly all the time.
      expect(trackTwice(original, 2, new MemoryColdStore(), { tableSlots: 8, filterBits: 64, indexPages: 1 }).differences).toEqual([]);
      if (r.connections >= 2) expect(r.coldBytes).toBeGreaterThan(0);
      const random = prng(rel.length * 7919 + original.length);
      for (let k = 0; k < DAMAGED_COPIES; k++) {
        const damaged = original.slice(0, Math.max(original.length >> 1, Math.floor(random() * original.length)));
        for (let w = 0; w < 8; w++) damaged[Math.floor(random() * damaged.length)] = Math.floor(random() * 256);
        // Every other copy through a store with negative handles, as a file store gives the records it had to keep in memory.
        expect(trackTwice(damaged, 3, k % 2 === 1 ? new NegativeHandles() : undefined).differences).toEqual([]);
      }
    });
  }
});
