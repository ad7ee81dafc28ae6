import { describe, expect, it } from 'vitest';
import { Bytes, concat, payload, readChunked, hex } from '../../test/support/capture-vectors';
import { SNOOP_MAX_PACKET_LEN } from './snoop';

const header = (version = 2, datalink = 4) => new Bytes(false).text('snoop').zeros(3).u32(version, datalink).build();
/** A record with `pad` bytes of padding after the packet (snoop pads records to 4 bytes, Shomiti more). */
const record = (sec: number, usec: number, data: Uint8Array, origLen = data.length, pad = (4 - (data.length % 4)) % 4, recLen?: number) =>
  new Bytes(false).u32(origLen, data.length, recLen ?? 24 + data.length + pad, 0, sec, usec).raw(data).zeros(pad).build();

describe('snoop', () => {
  it('reads records and their padding, big-endian, with microsecond times', () => {
    const file = concat(header(), record(911_274_719, 885_516, payload(86)), record(911_274_720, 1, payload(5), 60, 19), record(3, 4, payload(8)));
    const r = readChunked(file);
    expect(r.summary).toMatchObject({ format: 'snoop', packets: 3, error: null, warningCount: 0 });
    expect(r.interfaces).toEqual([{ id: 0, linkType: 1, snapLen: 0, name: null, description: null, tsUnitsPerSecond: 1e6, tsOffsetSec: 0 }]);
    expect(r.packets.map((p) => [p.tsSec, p.tsNsec, p.capLen, p.origLen, p.fileOffset, p.linkType])).toEqual([
      [911_274_719, 885_516_000, 86, 86, 40, 1],
      [911_274_720, 1000, 5, 60, 16 + 112 + 24, 1],
      [3, 4000, 8, 8, 16 + 112 + 48 + 24, 1],
    ]);
    expect(r.packets[1]!.data).toEqual(hex(payload(5)));
  });

  it('maps the datalink types wiretap reads to link types, and refuses the others', () => {
    for (const [datalink, linkType] of [[0, 1], [2, 6], [8, 10], [0x0e, 0], [0x12, 123], [0x80000005, 226]] as const) {
      expect(readChunked(concat(header(2, datalink), record(1, 1, payload(4)))).packets[0]!.linkType).toBe(linkType);
    }
    const r = readChunked(concat(header(2, 1), record(1, 1, payload(4))));
    expect(r.summary).toMatchObject({ packets: 0, error: { kind: 'unsupported', offset: 12, message: expect.stringContaining('network type 1') } });
  });

  it('refuses versions other than 2–5 (tshark: "snoop: version N unsupported")', () => {
    expect(readChunked(concat(header(5), record(1, 1, payload(4)))).summary.error).toBeNull();
    expect(readChunked(concat(header(1), record(1, 1, payload(4)))).summary.error).toMatchObject({ kind: 'unsupported', offset: 8 });
  });

  it('stops at a record whose lengths cannot be right, after every packet before it', () => {
    const bad: [string, Uint8Array][] = [
      ['packet longer than its record', record(1, 1, payload(40), 40, 0, 30)],
      ['packet over the maximum', new Bytes(false).u32(10, SNOOP_MAX_PACKET_LEN + 1, 0xffffff00, 0, 1, 1).build()],
      ['original length over the maximum', new Bytes(false).u32(SNOOP_MAX_PACKET_LEN + 1, 4, 28, 0, 1, 1).raw(payload(4)).build()],
    ];
    for (const [, b] of bad) {
      const r = readChunked(concat(header(), record(1, 1, payload(4)), b, record(1, 1, payload(4))));
      expect(r.summary).toMatchObject({ packets: 1, error: { kind: 'malformed', offset: 16 + 28 } });
      expect(r.summary.error!.message).toContain('byte offset 44');
    }
  });

  it('a record cut by the end of the file gives every whole packet and a warning', () => {
    const file = concat(header(), record(1, 1, payload(10)), record(2, 2, payload(10)));
    for (const cut of [file.length - 10, 16 + 36 + 5]) {
      const r = readChunked(file.subarray(0, cut));
      expect(r.summary).toMatchObject({ packets: 1, error: null, warningCount: 1, warnings: [{ offset: 52 }] });
    }
    // Cut in the padding only: the packet is whole, so it is delivered; the missing padding is reported.
    const r = readChunked(file.subarray(0, file.length - 1));
    expect(r.summary).toMatchObject({ packets: 2, error: null, warningCount: 1 });
    expect(readChunked(header().subarray(0, 10)).summary.error).toMatchObject({ kind: 'truncated' });
  });

  it('carries microsecond fields of a second or more into the seconds', () => {
    const r = readChunked(concat(header(), record(1, 2_500_000, payload(4))));
    expect(r.packets.map((p) => [p.tsSec, p.tsNsec])).toEqual([[3, 500_000_000]]);
    expect(r.summary.warningCount).toBe(1);
  });
});
