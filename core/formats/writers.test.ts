import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { concat, readChunked, hex } from '../../test/support/capture-vectors';
import { PcapWriter } from './pcap-writer';
import { PcapngWriter } from './pcapng-writer';
import type { TsResolution } from './ticks';

const packetArb = fc.record({
  tsSec: fc.integer({ min: 0, max: 0xffffffff }),
  tsNsec: fc.integer({ min: 0, max: 999_999_999 }),
  data: fc.uint8Array({ minLength: 0, maxLength: 200 }),
  extra: fc.integer({ min: 0, max: 3000 }),
});

describe('round trip: what the writers write, the reader reads back', () => {
  it('pcap, µs and ns, both byte orders', () => {
    for (const nanosecond of [false, true]) {
      for (const littleEndian of [true, false]) {
        fc.assert(fc.property(fc.array(packetArb, { maxLength: 20 }), (packets) => {
          const w = new PcapWriter({ linkType: 228, nanosecond, littleEndian, snapLen: 1000 });
          const file = concat(w.fileHeader(), ...packets.map((p) => w.packet({ ...p, origLen: p.data.length + p.extra })));
          const r = readChunked(file, 97);
          expect(r.summary).toMatchObject({ format: nanosecond ? 'pcap-nsec' : 'pcap', packets: packets.length, error: null, warningCount: 0 });
          expect(r.interfaces[0]).toMatchObject({ linkType: 228, snapLen: 1000 });
          expect(r.packets.map((p) => [p.data, p.origLen, p.tsSec, p.tsNsec])).toEqual(
            packets.map((p) => [hex(p.data), p.data.length + p.extra, p.tsSec, nanosecond ? p.tsNsec : p.tsNsec - (p.tsNsec % 1000)]),
          );
        }), { numRuns: 40 });
      }
    }
  });

  it('pcapng, both byte orders, interfaces with every option, comments, and resolutions that hold the times exactly', () => {
    const resolutions: TsResolution[] = [{ base: 10, exponent: 9 }, { base: 10, exponent: 6 }, { base: 2, exponent: 30 }, { base: 2, exponent: 31 }];
    for (const littleEndian of [true, false]) {
      fc.assert(fc.property(
        fc.array(fc.record({ p: packetArb, iface: fc.integer({ min: 0, max: resolutions.length - 1 }), comments: fc.option(fc.array(fc.string({ maxLength: 30 }).map((s) => s.replace(/\0/g, '')), { minLength: 1, maxLength: 3 }), { nil: undefined }) }), { maxLength: 15 }),
        fc.string({ maxLength: 40 }).map((s) => s.replace(/\0/g, '')),
        (packets, name) => {
          const w = new PcapngWriter({ littleEndian, comments: [`section ${name}`] });
          const shb = w.sectionHeader();
          const ifaces = resolutions.map((tsResolution, i) => w.interfaceDescription({ linkType: i + 1, snapLen: 0, name: `${name}${i}`, description: `d${i}`, tsResolution, tsOffsetSec: i === 3 ? -7200 : i }));
          const file = concat(shb, ...ifaces, ...packets.map(({ p, iface, comments }) => w.enhancedPacket({ interfaceId: iface, tsSec: p.tsSec + 7200, tsNsec: p.tsNsec, data: p.data, origLen: p.data.length + p.extra, comments })));
          const r = readChunked(file, 61);
          expect(r.summary).toMatchObject({ format: 'pcapng', packets: packets.length, error: null, warningCount: 0 });
          expect(r.fileComments).toEqual([`section ${name}`]);
          expect(r.interfaces.map((i) => [i.name, i.description, i.linkType, i.tsOffsetSec])).toEqual(resolutions.map((_, i) => [`${name}${i}`, `d${i}`, i + 1, i === 3 ? -7200 : i]));
          expect(r.packets.map((q) => [q.interfaceId, q.data, q.origLen, q.tsSec, q.tsNsec, q.comments])).toEqual(packets.map(({ p, iface, comments }) => {
            // 10^-6 truncates to microseconds; 2^-30 and 2^-31 hold every nanosecond (2^30 > 10^9), as does 10^-9.
            const nsec = iface === 1 ? p.tsNsec - (p.tsNsec % 1000) : p.tsNsec;
            return [iface, hex(p.data), p.data.length + p.extra, p.tsSec + 7200, nsec, comments ?? null];
          }));
        },
      ), { numRuns: 30 });
    }
  });

  it('writing into one shared buffer gives the same bytes as one array per packet', () => {
    const a = new PcapngWriter();
    const b = new PcapngWriter();
    const head = concat(a.sectionHeader(), a.interfaceDescription({ linkType: 1 }));
    expect(concat(b.sectionHeader(), b.interfaceDescription({ linkType: 1 }))).toEqual(head);
    const packets = [3, 0, 64, 5].map((n, i) => ({ interfaceId: 0, tsSec: i, tsNsec: i, data: new Uint8Array(n).fill(i + 1), comments: i === 3 ? ['c'] : undefined }));
    const buffer = new Uint8Array(packets.reduce((n, p) => n + b.enhancedPacketLength(p), 0) + 8).fill(0xaa);
    let at = 4;
    for (const p of packets) at += b.enhancedPacketInto(p, buffer.subarray(4), at - 4);
    expect(buffer.subarray(4, at)).toEqual(concat(...packets.map((p) => a.enhancedPacket(p))));
    expect([...buffer.subarray(0, 4), ...buffer.subarray(at)]).toEqual(new Array(8).fill(0xaa));

    const pw = new PcapWriter({ linkType: 1 });
    const out = new Uint8Array(2 * 16 + 7);
    const n = pw.packetInto({ tsSec: 1, tsNsec: 0, data: Uint8Array.of(1, 2, 3) }, out, 0);
    pw.packetInto({ tsSec: 2, tsNsec: 0, data: Uint8Array.of(4, 5, 6, 7) }, out, n);
    expect(out).toEqual(concat(pw.packet({ tsSec: 1, tsNsec: 0, data: Uint8Array.of(1, 2, 3) }), pw.packet({ tsSec: 2, tsNsec: 0, data: Uint8Array.of(4, 5, 6, 7) })));
  });

  it('refuses what the format cannot hold instead of writing a wrong file', () => {
    const w = new PcapngWriter();
    w.sectionHeader();
    expect(() => w.enhancedPacket({ interfaceId: 0, tsSec: 1, tsNsec: 0, data: new Uint8Array(1) })).toThrow(/interface 0/);
    w.interfaceDescription({ linkType: 1, tsOffsetSec: 100 });
    expect(() => w.enhancedPacket({ interfaceId: 0, tsSec: 99, tsNsec: 0, data: new Uint8Array(1) })).toThrow(RangeError);
    expect(() => w.sectionHeader() && w.enhancedPacket({ interfaceId: 0, tsSec: 200, tsNsec: 0, data: new Uint8Array(1) })).toThrow(/interface 0/);
    const p = new PcapWriter({ linkType: 1 });
    expect(() => p.packet({ tsSec: 2 ** 32, tsNsec: 0, data: new Uint8Array(1) })).toThrow(RangeError);
    expect(() => p.packet({ tsSec: 1, tsNsec: 1e9, data: new Uint8Array(1) })).toThrow(RangeError);
  });
});
