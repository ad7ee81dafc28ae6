import { describe, expect, it } from 'vitest';
import { Bytes, concat, payload, readChunked, hex } from '../../test/support/capture-vectors';
import { PCAP_MAGIC_MODIFIED, PCAP_MAGIC_NSEC, PCAP_MAGIC_USEC, PCAP_MAX_HONOURED_SNAPLEN, PCAP_MAX_STANDARD_CAPLEN } from './pcap';
import { PcapWriter } from './pcap-writer';

interface Header { le?: boolean; magic?: number; major?: number; minor?: number; snapLen?: number; network?: number }
/** A pcap file header written field by field, so that every field can be wrong. */
const header = ({ le = true, magic = PCAP_MAGIC_USEC, major = 2, minor = 4, snapLen = 65535, network = 1 }: Header = {}) =>
  new Bytes(le).u32(magic).u16(major, minor).u32(0, 0, snapLen, network).build();

/** A record whose length fields are given as stored (first, second), not as meant. */
const record = (le: boolean, sec: number, frac: number, first: number, second: number, data: Uint8Array, extra = 0) =>
  new Bytes(le).u32(sec, frac, first, second).zeros(extra).raw(data).build();

describe('pcap: magic, byte order and resolution', () => {
  for (const le of [true, false]) {
    for (const nsec of [false, true]) {
      it(`reads a ${le ? 'little' : 'big'}-endian ${nsec ? 'nanosecond' : 'microsecond'} file: lengths, times and file offsets`, () => {
        const file = concat(
          header({ le, magic: nsec ? PCAP_MAGIC_NSEC : PCAP_MAGIC_USEC, network: 113 }),
          record(le, 1_700_000_000, nsec ? 123_456_789 : 123_456, 60, 1514, payload(60)),
          record(le, 4_000_000_000, nsec ? 999_999_999 : 999_999, 3, 3, payload(3, 9)),
        );
        const r = readChunked(file);
        expect(r.summary).toMatchObject({ format: nsec ? 'pcap-nsec' : 'pcap', packets: 2, error: null, warningCount: 0, bytes: file.length });
        expect(r.interfaces).toEqual([{ id: 0, linkType: 113, snapLen: 65535, name: null, description: null, tsUnitsPerSecond: nsec ? 1e9 : 1e6, tsOffsetSec: 0 }]);
        expect(r.packets.map((p) => [p.tsSec, p.tsNsec, p.capLen, p.origLen, p.fileOffset, p.linkType, p.interfaceId])).toEqual([
          [1_700_000_000, nsec ? 123_456_789 : 123_456_000, 60, 1514, 40, 113, 0],
          [4_000_000_000, nsec ? 999_999_999 : 999_999_000, 3, 3, 40 + 60 + 16, 113, 0],
        ]);
        expect(r.packets[0]!.data).toEqual(hex(payload(60)));
        expect(r.packets[1]!.data).toEqual(hex(payload(3, 9)));
      });
    }
  }

  it('reads the modified (Kuznetsov) format: 8 more bytes of record header, both byte orders', () => {
    for (const le of [true, false]) {
      const file = concat(header({ le, magic: PCAP_MAGIC_MODIFIED }), record(le, 5, 6, 4, 4, payload(4), 8), record(le, 7, 8, 2, 9, payload(2, 1), 8));
      const r = readChunked(file);
      expect(r.summary).toMatchObject({ format: 'pcap-modified', packets: 2, error: null });
      expect(r.packets.map((p) => [p.tsSec, p.tsNsec, p.capLen, p.origLen, p.fileOffset, p.data])).toEqual([
        [5, 6000, 4, 4, 48, hex(payload(4))],
        [7, 8000, 2, 9, 48 + 4 + 24, hex(payload(2, 1))],
      ]);
    }
  });

  it('sniffs the format from the magic, whatever the bytes after it', () => {
    const r = readChunked(concat(new Bytes().text('PK\x03\x04').build(), payload(40)));
    expect(r.summary.format).toBeNull();
    expect(r.summary.error).toMatchObject({ kind: 'unsupported', offset: 0 });
    expect(r.summary.error!.message).toContain('0x504b0304');
    const gz = readChunked(Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0));
    expect(gz.summary.error!.message).toContain('gzip');
  });
});

describe('pcap: header checks as libpcap and tshark make them', () => {
  it('refuses major version 1 (tshark: "pcap: major version 1 unsupported")', () => {
    const r = readChunked(concat(header({ major: 1 }), record(true, 1, 1, 4, 4, payload(4))));
    expect(r.summary).toMatchObject({ packets: 0, error: { kind: 'unsupported', offset: 4 } });
    expect(r.summary.error!.message).toMatch(/major version 1 unsupported.*byte offset 4/);
  });

  it('accepts 2.5 and other 2.x minors, as tshark does (libpcap itself refuses 2.5)', () => {
    expect(readChunked(concat(header({ minor: 5 }), record(true, 1, 1, 4, 4, payload(4)))).summary).toMatchObject({ packets: 1, error: null });
  });

  it('swaps the two lengths of version 2.0–2.2 and 543.0 records, and of 2.3 records whose caplen exceeds len', () => {
    for (const [major, minor] of [[2, 0], [2, 2], [543, 0]] as const) {
      const r = readChunked(concat(header({ major, minor }), record(true, 1, 1, 100, 4, payload(4))));
      expect(r.packets.map((p) => [p.capLen, p.origLen])).toEqual([[4, 100]]);
    }
    // 2.3 files were written both ways: swap only when the stored order makes no sense.
    const r = readChunked(concat(header({ minor: 3 }), record(true, 1, 1, 100, 4, payload(4)), record(true, 1, 1, 4, 100, payload(4))));
    expect(r.packets.map((p) => [p.capLen, p.origLen])).toEqual([[4, 100], [4, 100]]);
  });

  it('refuses a link-type field with reserved bits set (tshark: "network type reserved field not zero")', () => {
    const r = readChunked(header({ network: 0x00300000 }));
    expect(r.summary.error).toMatchObject({ kind: 'unsupported', offset: 20 });
    expect(r.summary.error!.message).toContain('0x00300000');
  });

  it('masks the FCS-length bits of the link-type field', () => {
    const r = readChunked(concat(header({ network: 0x30000001 }), record(true, 1, 1, 4, 4, payload(4))));
    expect(r.summary.error).toBeNull();
    expect(r.packets[0]!.linkType).toBe(1);
    expect(r.interfaces[0]!.linkType).toBe(1);
  });
});

describe('pcap: record lengths and snaplen', () => {
  it('reads records longer than the snaplen, up to 262144 bytes (tshark reads them too)', () => {
    const r = readChunked(concat(header({ snapLen: 1 }), record(true, 1, 1, 8, 78, payload(8)), record(true, 1, 1, PCAP_MAX_STANDARD_CAPLEN, PCAP_MAX_STANDARD_CAPLEN, payload(PCAP_MAX_STANDARD_CAPLEN))));
    expect(r.summary).toMatchObject({ packets: 2, error: null });
    expect(r.packets[1]!.capLen).toBe(PCAP_MAX_STANDARD_CAPLEN);
  });

  it('stops at a caplen above max(snaplen, 262144), naming the record offset, after every packet before it', () => {
    const big = PCAP_MAX_STANDARD_CAPLEN + 1;
    const r = readChunked(concat(header(), record(true, 1, 1, 4, 4, payload(4)), record(true, 1, 1, big, big, payload(10))));
    expect(r.summary).toMatchObject({ packets: 1, error: { kind: 'malformed', offset: 44 } });
    expect(r.summary.error!.message).toMatch(/byte offset 44.*262145-byte packet.*maximum of 262144/);
  });

  it('honours a larger snaplen, up to the largest per-link maximum wiretap knows', () => {
    const n = PCAP_MAX_STANDARD_CAPLEN + 100;
    const ok = readChunked(concat(header({ snapLen: n }), record(true, 1, 1, n, n, payload(n))));
    expect(ok.summary).toMatchObject({ packets: 1, error: null });
    // A snaplen of 0xffffffff does not open the door to 4 GiB records.
    const huge = PCAP_MAX_HONOURED_SNAPLEN + 1;
    const bad = readChunked(concat(header({ snapLen: 0xffffffff }), record(true, 1, 1, huge, huge, payload(4))));
    expect(bad.summary.error).toMatchObject({ kind: 'malformed', offset: 24 });
  });

  it('delivers a zero-length record', () => {
    const r = readChunked(concat(header(), record(true, 1, 1, 0, 60, new Uint8Array(0)), record(true, 2, 2, 1, 1, payload(1))));
    expect(r.packets.map((p) => [p.capLen, p.origLen, p.fileOffset])).toEqual([[0, 60, 40], [1, 1, 56]]);
  });
});

describe('pcap: truncation', () => {
  const whole = concat(header(), record(true, 1, 1, 20, 20, payload(20)), record(true, 2, 2, 30, 30, payload(30)));

  it('a record cut by the end of the file gives every whole packet and a warning', () => {
    for (const cut of [whole.length - 1, whole.length - 30, 24 + 36 + 15, 24 + 36 + 1]) {
      const r = readChunked(whole.subarray(0, cut));
      expect(r.summary).toMatchObject({ packets: 1, error: null, warningCount: 1 });
      expect(r.summary.warnings[0]!.offset).toBe(24 + 36);
      expect(r.summary.warnings[0]!.message).toContain('byte offset 60');
    }
  });

  it('a file cut inside its file header is an error: there is nothing to read', () => {
    for (const cut of [4, 7, 23]) {
      const r = readChunked(whole.subarray(0, cut));
      expect(r.summary).toMatchObject({ format: 'pcap', packets: 0, error: { kind: 'truncated', offset: 0 } });
    }
  });

  it('a header-only file has no packets and nothing wrong', () => {
    expect(readChunked(header()).summary).toMatchObject({ packets: 0, error: null, warningCount: 0 });
  });

  it('an empty or three-byte file is an error that says so', () => {
    expect(readChunked(new Uint8Array(0)).summary.error).toMatchObject({ kind: 'truncated', message: 'the file is empty: no capture file header at byte offset 0' });
    expect(readChunked(Uint8Array.of(0xd4, 0xc3, 0xb2)).summary.error!.message).toBe('the file ends at byte offset 3, too short for any capture file header');
  });
});

describe('pcap: timestamps', () => {
  it('carries a sub-second field of a second or more into the seconds, and warns once', () => {
    const file = concat(
      header({ magic: PCAP_MAGIC_NSEC }),
      record(true, 10, 1_000_000_000, 1, 1, payload(1)),
      record(true, 10, 0x80000000, 1, 1, payload(1)),
    );
    const r = readChunked(file);
    expect(r.packets.map((p) => [p.tsSec, p.tsNsec])).toEqual([[11, 0], [12, 147_483_648]]);
    expect(r.summary.warningCount).toBe(1);
    expect(r.summary.warnings[0]).toMatchObject({ offset: 28 });
  });

  it('matches the writer: what PcapWriter writes, the reader reads (µs truncation included)', () => {
    const w = new PcapWriter({ linkType: 101, snapLen: 4096 });
    const file = concat(w.fileHeader(), w.packet({ tsSec: 3, tsNsec: 456_789_999, data: payload(5), origLen: 50 }));
    expect(readChunked(file).packets).toMatchObject([{ tsSec: 3, tsNsec: 456_789_000, capLen: 5, origLen: 50, linkType: 101 }]);
  });
});
