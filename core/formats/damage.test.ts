import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Bytes, concat, hex, payload, readChunked } from '../../test/support/capture-vectors';
import { PcapWriter } from './pcap-writer';
import { PcapngWriter } from './pcapng-writer';

/** Well-formed files of each format, to be damaged. */
function originals(): Uint8Array[] {
  const pw = new PcapWriter({ linkType: 1, nanosecond: true, littleEndian: false });
  const pcap = concat(pw.fileHeader(), ...[60, 0, 9, 130].map((n, i) => pw.packet({ tsSec: i, tsNsec: i, data: payload(n, i) })));
  const section = (littleEndian: boolean) => {
    const w = new PcapngWriter({ littleEndian, comments: ['c'] });
    return concat(w.sectionHeader(), w.interfaceDescription({ linkType: 1, name: 'n', tsResolution: { base: 2, exponent: 32 } }),
      new Bytes(littleEndian).u32(4, 16, 0, 16).build(),
      ...[30, 1, 64].map((n, i) => w.enhancedPacket({ interfaceId: 0, tsSec: 1_700_000_000, tsNsec: i, data: payload(n, i), comments: i === 1 ? ['k'] : undefined })),
      new Bytes(littleEndian).u32(3, 20, 8).raw(payload(8)).u32(20).build());
  };
  const snoop = concat(new Bytes(false).text('snoop').zeros(3).u32(2, 4).build(),
    ...[12, 0, 40].map((n, i) => new Bytes(false).u32(n, n, 24 + n + 4, 0, i, i).raw(payload(n)).zeros(4).build()));
  return [pcap, concat(section(true), section(false)), snoop];
}

/** Overwritten bytes, a cut, and inserted bytes: the damage files suffer. */
const damage = (file: Uint8Array) => fc.record({
  writes: fc.array(fc.tuple(fc.nat({ max: file.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
  cut: fc.option(fc.nat({ max: file.length }), { nil: undefined }),
  insert: fc.option(fc.tuple(fc.nat({ max: file.length }), fc.uint8Array({ minLength: 1, maxLength: 9 })), { nil: undefined }),
}).map(({ writes, cut, insert }) => {
  let f: Uint8Array = file.slice();
  for (const [at, v] of writes) f[at] = v;
  if (insert) f = concat(f.subarray(0, insert[0]), insert[1], f.subarray(insert[0]));
  return cut === undefined ? f : f.subarray(0, cut);
});

describe('damaged files', () => {
  it('never make the reader throw, and what it delivers is really in the file, whatever the chunking', () => {
    for (const original of originals()) {
      fc.assert(fc.property(damage(original), fc.integer({ min: 1, max: 70 }), (file, chunk) => {
        const whole = readChunked(file);
        expect(readChunked(file, chunk)).toEqual(whole);
        expect(whole.summary.packets).toBe(whole.packets.length);
        for (const p of whole.packets) {
          expect(p.fileOffset + p.capLen).toBeLessThanOrEqual(file.length);
          expect(p.data).toBe(hex(file.subarray(p.fileOffset, p.fileOffset + p.capLen)));
          expect(p.tsNsec).toBeGreaterThanOrEqual(0);
          expect(p.tsNsec).toBeLessThan(1e9);
        }
        // Exactly one of: a clean read, warnings, or an error that names where.
        if (whole.summary.error) expect(whole.summary.error.message).not.toContain('\n');
        for (const w of whole.summary.warnings) expect(w.message).not.toContain('\n');
      }), { numRuns: 400 });
    }
  });

  it('never make the reader throw on random bytes behind each magic', () => {
    const magics = [[0xd4, 0xc3, 0xb2, 0xa1], [0xa1, 0xb2, 0x3c, 0x4d], [0x34, 0xcd, 0xb2, 0xa1], [0x0a, 0x0d, 0x0d, 0x0a], [0x73, 0x6e, 0x6f, 0x6f, 0x70, 0, 0, 0]];
    for (const magic of magics) {
      fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 1, max: 50 }), (rest, chunk) => {
        const file = concat(Uint8Array.from(magic), rest);
        expect(readChunked(file, chunk)).toEqual(readChunked(file));
      }), { numRuns: 300 });
    }
  });

  it('a length field promising gigabytes costs only the bytes that arrive', () => {
    // A pcapng block claiming its maximum (128 MiB) on a file of a few bytes: the read ends with a
    // warning at once, having buffered only what was there.
    const le = true;
    const w = new PcapngWriter();
    const file = concat(w.sectionHeader(), w.interfaceDescription({ linkType: 1 }), new Bytes(le).u32(6, 128 * 1024 * 1024, 0, 0, 0).build());
    const t0 = performance.now();
    const r = readChunked(file, 3);
    expect(r.summary).toMatchObject({ packets: 0, error: null, warningCount: 1 });
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
