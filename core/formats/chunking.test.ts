import { describe, expect, it } from 'vitest';
import { Bytes, concat, payload, readChunked, readSplit } from '../../test/support/capture-vectors';
import { PCAP_MAGIC_MODIFIED } from './pcap';
import { PcapWriter } from './pcap-writer';
import { PcapngWriter } from './pcapng-writer';

/** Files of every format and outcome; each must read the same however it is cut into chunks. */
function vectors(): [string, Uint8Array][] {
  const pcap = (nanosecond: boolean, littleEndian: boolean) => {
    const w = new PcapWriter({ linkType: 1, nanosecond, littleEndian });
    return concat(w.fileHeader(), ...[0, 1, 60, 3, 0, 17].map((n, i) => w.packet({ tsSec: 1000 + i, tsNsec: i * 333_333, data: payload(n, i), origLen: n + i })));
  };
  const ngSection = (littleEndian: boolean, comment: string) => {
    const w = new PcapngWriter({ littleEndian, comments: [comment] });
    return concat(
      w.sectionHeader(),
      w.interfaceDescription({ linkType: 1, name: `if-${comment}`, tsResolution: { base: 10, exponent: 9 } }),
      new Bytes(littleEndian).u32(0x5, 40).zeros(28).u32(40).build(), // an ISB, passed over
      w.interfaceDescription({ linkType: 101, description: 'raw', tsResolution: { base: 2, exponent: 24 }, tsOffsetSec: 77 }),
      ...[5, 0, 33, 2].map((n, i) => w.enhancedPacket({ interfaceId: i % 2, tsSec: 1_700_000_000 + i, tsNsec: i * 1_000_000, data: payload(n, i), comments: i === 2 ? ['x', 'yz'] : undefined })),
      new Bytes(littleEndian).u32(0x80000001, 212).zeros(200).u32(212).build(), // a local block type, passed over
      new Bytes(littleEndian).u32(3, 28, 9).raw(payload(9)).zeros(3).u32(28).build(), // an SPB
    );
  };
  const pcapng = concat(ngSection(true, 'one'), ngSection(false, 'two'));
  const modified = concat(
    new Bytes().u32(PCAP_MAGIC_MODIFIED).u16(2, 4).u32(0, 0, 65535, 1).build(),
    ...[4, 9, 0].map((n, i) => new Bytes().u32(i, i, n, n, 7).u16(0x800).u8(0, 0).raw(payload(n)).build()),
  );
  const snoop = concat(
    new Bytes(false).text('snoop').zeros(3).u32(2, 4).build(),
    ...[7, 8, 0, 13].map((n, i) => new Bytes(false).u32(n, n, 24 + n + 5, 0, i, i).raw(payload(n)).zeros(5).build()),
  );
  const badCaplen = concat(pcap(false, true).subarray(0, 24 + 16), new Bytes().u32(1, 1, 0x7fffffff, 1).build(), payload(30));
  const badTrailer = concat(ngSection(true, 'three'), new Bytes().u32(6, 40).zeros(28).u32(44).build(), payload(50));
  return [
    ['pcap µs little-endian', pcap(false, true)],
    ['pcap ns big-endian', pcap(true, false)],
    ['pcap cut inside a record', pcap(false, true).subarray(0, 24 + 16 + 16 + 1 + 16 + 30)],
    ['pcap cut inside a record header', pcap(false, false).subarray(0, 24 + 16 + 16 + 1 + 9)],
    ['pcap with a garbage caplen', badCaplen],
    ['pcap cut inside its file header', pcap(true, true).subarray(0, 19)],
    ['modified pcap', modified],
    ['pcapng, two sections of both byte orders', pcapng],
    ['pcapng cut inside a packet block', pcapng.subarray(0, pcapng.length - 150)],
    ['pcapng cut inside a passed-over block', pcapng.subarray(0, pcapng.length - 40)],
    ['pcapng with a broken trailer', badTrailer],
    ['snoop with padding', snoop],
    ['snoop cut inside padding', snoop.subarray(0, snoop.length - 2)],
    ['not a capture', new Bytes().text('GIF89a, surely not a capture file').build()],
  ];
}

describe('chunk boundaries', () => {
  for (const [name, file] of vectors()) {
    it(`${name}: the same packets, warnings and error whatever the chunk size`, () => {
      const whole = readChunked(file);
      for (const size of [1, 2, 3, 4, 5, 7, 11, 13, 16, 24, 31, 64, 100, 257]) {
        expect(readChunked(file, size), `chunks of ${size}`).toEqual(whole);
      }
    });
    it(`${name}: the same whatever offset splits it in two`, () => {
      const whole = readChunked(file);
      for (let cut = 0; cut <= file.length; cut++) expect(readSplit(file, cut), `split at ${cut}`).toEqual(whole);
    });
  }

  it('the vectors are not trivial: they hold packets, warnings and errors', () => {
    const results = vectors().map(([, f]) => readChunked(f).summary);
    expect(results.reduce((n, s) => n + s.packets, 0)).toBeGreaterThan(30);
    expect(results.filter((s) => s.warningCount > 0).length).toBeGreaterThanOrEqual(5);
    expect(results.filter((s) => s.error !== null).length).toBeGreaterThanOrEqual(4);
  });
});
