/**
 * The TCP tracker against tshark 4.0.17 on every corpus capture with TCP expectations: the file is
 * read, dissected and tracked as the app does it, then compared frame by frame (tcp.stream, ports,
 * flags, relative and raw seq/ack, tcp.len, window field), stream by stream (final completeness,
 * iRTT) and flag by flag (the frames tshark marks with each tcp.analysis flag); see
 * test/support/tcp-compare.ts.
 *
 * Any difference fails, except the ones in DEVIATIONS below, each with the reason.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { corpusCaptures, findCorpus } from '../support/corpus';
import { compareWithTshark } from '../support/tcp-compare';

const corpus = findCorpus();

/**
 * Where Synfin shows something else than tshark 4.0.17, on purpose. Keyed by capture, then by
 * what differs: `frame:N` (any per-frame field), `stream:N` (completeness or iRTT), `flag:NAME`.
 */
const DEVIATIONS: Record<string, Record<string, string>> = {
  'tcpdump/timestamp_invalid_nano.pcap': {
    'stream:0':
      'The file\'s sub-second fields exceed 10^9 ns; the reader carries them into the seconds (see ' +
      'test/corpus/formats.test.ts), so the SYN to ACK interval is 2.147483649 s. tshark keeps the raw ' +
      'fields and prints its difference unnormalised, as 1.1147483649.',
  },
};

const title = 'the TCP tracker agrees with tshark 4.0.17 on the corpus';
describe.skipIf(!corpus)(corpus ? title : `${title} (skipped: the corpus is absent; see test/support/corpus.ts)`, () => {
  const captures = corpus ? corpusCaptures(corpus).filter((rel) => existsSync(join(corpus, 'expected/tshark', `${rel}.frames.tsv`))) : [];
  const totals = { frames: 0, framesAgreeing: 0, streams: 0, streamsAgreeing: 0, flags: 0, flagsAgreeing: 0 };

  for (const rel of captures) {
    it(rel, () => {
      const { differences, frames, streams, flags } = compareWithTshark(join(corpus!, 'pcaps', rel), join(corpus!, 'expected/tshark', rel), rel);
      const allowed = DEVIATIONS[rel] ?? {};
      const count = (prefix: string) => differences.filter((x) => x.key.startsWith(prefix)).length;
      totals.frames += frames;
      totals.framesAgreeing += frames - count('frame:');
      totals.streams += streams;
      totals.streamsAgreeing += streams - count('stream:');
      totals.flags += flags;
      totals.flagsAgreeing += flags - count('flag:');
      expect(differences.filter((x) => !(x.key in allowed))).toEqual([]);
      // A listed deviation that no longer happens must be taken off the list.
      expect(Object.keys(allowed).filter((key) => !differences.some((x) => x.key === key))).toEqual([]);
    });
  }

  it('reports the agreement', () => {
    console.log(`tcp corpus agreement: frames ${totals.framesAgreeing}/${totals.frames}, streams ${totals.streamsAgreeing}/${totals.streams}, flag lists ${totals.flagsAgreeing}/${totals.flags}`);
    expect(totals.frames).toBeGreaterThan(0);
  });
});
