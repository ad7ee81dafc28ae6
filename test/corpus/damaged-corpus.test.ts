/**
 * Real captures, damaged at random (overwritten bytes and a cut): the reader never throws, reads
 * the same however the file is chunked, and every packet it delivers is where it says in the file.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hex, readChunked } from '../support/capture-vectors';
import { findCorpus } from '../support/corpus';

const corpus = findCorpus();
/** One of each format and oddity: multi-section pcapng, 126 interfaces, snoop, modified pcap, big-endian ns pcap. */
const SOURCES = ['hadrielk/output_le/difficult/test202.pcapng', 'zeek/modify-request.pcapng', 'pcapplusplus/solaris.snoop', 'rusticata/modified-format.pcap', 'pcapplusplus/nanosecs_big_endian.pcap'];
const RUNS = 60;

const title = 'randomly damaged corpus captures';
describe.skipIf(!corpus)(corpus ? title : `${title} (skipped: the corpus is absent)`, () => {
  for (const rel of SOURCES) {
    it(rel, () => {
      const original = new Uint8Array(readFileSync(join(corpus!, 'pcaps', rel)));
      const damaged = fc.record({
        writes: fc.array(fc.tuple(fc.nat({ max: original.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        cut: fc.nat({ max: original.length }),
      }).map(({ writes, cut }) => {
        const f = original.slice(0, Math.max(cut, original.length >> 1));
        for (const [at, v] of writes) if (at < f.length) f[at] = v;
        return f;
      });
      fc.assert(fc.property(damaged, fc.integer({ min: 1, max: 4096 }), (file, chunk) => {
        const whole = readChunked(file);
        expect(readChunked(file, chunk)).toEqual(whole);
        for (const p of whole.packets) expect(p.data).toBe(hex(file.subarray(p.fileOffset, p.fileOffset + p.capLen)));
      }), { numRuns: RUNS });
    });
  }
});
