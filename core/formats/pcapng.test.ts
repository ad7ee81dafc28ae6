import { describe, expect, it } from 'vitest';
import { Bytes, concat, payload, readChunked, hex } from '../../test/support/capture-vectors';
import { BT_EPB, BT_IDB, BT_PB, BT_SHB, BT_SPB, PCAPNG_MAX_BLOCK_LEN } from './pcapng';
import { PcapngWriter } from './pcapng-writer';

/** A block framed by hand: type, total length, body (padded to 4), total length. */
const block = (le: boolean, type: number, body: Uint8Array, trailer?: number) => {
  const len = 12 + ((body.length + 3) & ~3);
  return new Bytes(le).u32(type, len).raw(body).zeros(((body.length + 3) & ~3) - body.length).u32(trailer ?? len).build();
};
const shbBody = (le: boolean, major = 1, minor = 0) => new Bytes(le).u32(0x1a2b3c4d).u16(major, minor).u32(0xffffffff, 0xffffffff).build();
const idbBody = (le: boolean, linkType: number, snapLen = 0) => new Bytes(le).u16(linkType, 0).u32(snapLen).build();
const epbBody = (le: boolean, ifId: number, hi: number, lo: number, data: Uint8Array, origLen = data.length, capLen = data.length) =>
  new Bytes(le).u32(ifId, hi, lo, capLen, origLen).raw(data).zeros(((data.length + 3) & ~3) - data.length).build();

/** One section: SHB, the given interfaces, then the given packets, all with the writer. */
function section(le: boolean, ifaces: ConstructorParameters<typeof PcapngWriter>[0] & { list: Parameters<PcapngWriter['interfaceDescription']>[0][] }, packets: Parameters<PcapngWriter['enhancedPacket']>[0][]) {
  const w = new PcapngWriter({ littleEndian: le, comments: ifaces.comments });
  return concat(w.sectionHeader(), ...ifaces.list.map((i) => w.interfaceDescription(i)), ...packets.map((p) => w.enhancedPacket(p)));
}

describe('pcapng: sections and interfaces', () => {
  it('reads several sections of mixed byte order, numbering interfaces across the file', () => {
    const file = concat(
      section(true, { comments: ['first'], list: [{ linkType: 1, name: 'eth0', description: 'uplink' }, { linkType: 101 }] }, [
        { interfaceId: 1, tsSec: 100, tsNsec: 5000, data: payload(9) },
        { interfaceId: 0, tsSec: 101, tsNsec: 0, data: payload(60), origLen: 1514, comments: ['a', 'b'] },
      ]),
      section(false, { comments: ['second', 'more'], list: [{ linkType: 113, snapLen: 128 }] }, [{ interfaceId: 0, tsSec: 102, tsNsec: 7000, data: payload(3) }]),
      section(true, { list: [{ linkType: 0 }, { linkType: 1 }] }, [{ interfaceId: 1, tsSec: 103, tsNsec: 1000, data: payload(4) }]),
    );
    const r = readChunked(file);
    expect(r.summary).toMatchObject({ format: 'pcapng', packets: 4, error: null, warningCount: 0 });
    expect(r.fileComments).toEqual(['first', 'second', 'more']);
    expect(r.interfaces.map((i) => [i.id, i.linkType, i.snapLen, i.name, i.description])).toEqual([
      [0, 1, 0, 'eth0', 'uplink'], [1, 101, 0, null, null], [2, 113, 128, null, null], [3, 0, 0, null, null], [4, 1, 0, null, null],
    ]);
    expect(r.packets.map((p) => [p.interfaceId, p.linkType, p.tsSec, p.tsNsec, p.capLen, p.origLen, p.comments])).toEqual([
      [1, 101, 100, 5000, 9, 9, null],
      [0, 1, 101, 0, 60, 1514, ['a', 'b']],
      [2, 113, 102, 7000, 3, 3, null],
      [4, 1, 103, 1000, 4, 4, null],
    ]);
    expect(r.packets[1]!.data).toEqual(hex(payload(60)));
  });

  it('applies if_tsresol (10^-n and 2^-n) and if_tsoffset per interface', () => {
    const file = concat(section(false, { list: [
      { linkType: 1, tsResolution: { base: 10, exponent: 9 } },
      { linkType: 1, tsResolution: { base: 2, exponent: 20 }, tsOffsetSec: 1_600_000_000 },
      { linkType: 1, tsResolution: { base: 10, exponent: 3 }, tsOffsetSec: -3600 },
      { linkType: 1, tsResolution: { base: 10, exponent: 10 } },
    ] }, [
      { interfaceId: 0, tsSec: 1_700_000_000, tsNsec: 123_456_789, data: payload(1) },
      { interfaceId: 1, tsSec: 1_700_000_000, tsNsec: 500_000_000, data: payload(1) }, // 2^-1 s: exact in 2^-20
      { interfaceId: 2, tsSec: 1_700_000_000, tsNsec: 250_000_000, data: payload(1) },
      { interfaceId: 3, tsSec: 1_700_000_000, tsNsec: 999_999_999, data: payload(1) },
    ]));
    const r = readChunked(file);
    expect(r.interfaces.map((i) => [i.tsUnitsPerSecond, i.tsOffsetSec])).toEqual([[1e9, 0], [2 ** 20, 1_600_000_000], [1e3, -3600], [1e10, 0]]);
    expect(r.packets.map((p) => [p.tsSec, p.tsNsec])).toEqual([
      [1_700_000_000, 123_456_789], [1_700_000_000, 500_000_000], [1_700_000_000, 250_000_000], [1_700_000_000, 999_999_999],
    ]);
  });

  it('turns 2^-n ticks into truncated nanoseconds, from hand-made ticks', () => {
    // 2^-30 s ticks: 3·2^30 + 1 ticks is 3 s and 0.93 ns, which truncates to 0 ns; 2^29 ticks is half a second.
    const le = true;
    const tsresol = new Bytes(le).u16(9, 1).u8(0x80 | 30, 0, 0, 0).u16(0, 0).build();
    const file = concat(
      block(le, BT_SHB, shbBody(le)),
      block(le, BT_IDB, concat(idbBody(le, 1), tsresol)),
      block(le, BT_EPB, epbBody(le, 0, 0, 3 * 2 ** 30 + 1, payload(2))),
      block(le, BT_EPB, epbBody(le, 0, 1, 2 ** 29, payload(2))), // 2^32 + 2^29 ticks = 4 s + 0.5 s
    );
    expect(readChunked(file).packets.map((p) => [p.tsSec, p.tsNsec])).toEqual([[3, 0], [4, 500_000_000]]);
  });

  it('keeps an interface whose if_tsresol tshark would refuse, in microseconds, with a warning', () => {
    const le = true;
    const bad = new Bytes(le).u16(9, 1).u8(20, 0, 0, 0).build(); // 10^-20
    const file = concat(block(le, BT_SHB, shbBody(le)), block(le, BT_IDB, concat(idbBody(le, 1), bad)), block(le, BT_EPB, epbBody(le, 0, 0, 2_000_001, payload(1))));
    const r = readChunked(file);
    expect(r.packets.map((p) => [p.tsSec, p.tsNsec])).toEqual([[2, 1000]]);
    expect(r.summary.warnings[0]!.message).toMatch(/byte offset 28.*if_tsresol 20 unsupported/);
  });
});

describe('pcapng: packet blocks', () => {
  it('reads a Simple Packet Block on the first interface: caplen bounded by snaplen and block, no timestamp', () => {
    for (const le of [true, false]) {
      const file = concat(
        block(le, BT_SHB, shbBody(le)),
        block(le, BT_IDB, idbBody(le, 1, 8)),
        block(le, BT_IDB, idbBody(le, 101, 0)),
        block(le, BT_EPB, epbBody(le, 1, 0, 5_000_000, payload(4))),
        block(le, BT_SPB, new Bytes(le).u32(100).raw(payload(12)).build()), // snaplen 8 cuts it
        block(le, BT_SPB, new Bytes(le).u32(6).raw(payload(6)).build()),
      );
      const r = readChunked(file);
      expect(r.summary).toMatchObject({ packets: 3, error: null, warningCount: 0 });
      expect(r.packets.map((p) => [p.interfaceId, p.linkType, p.capLen, p.origLen, p.hasTimestamp, p.tsSec, p.fileOffset])).toEqual([
        [1, 101, 4, 4, true, 5, 28 + 20 + 20 + 28],
        [0, 1, 8, 100, false, 5, 28 + 20 + 20 + 36 + 12],
        [0, 1, 6, 6, false, 5, 28 + 20 + 20 + 36 + 28 + 12],
      ]);
    }
    // Without a snaplen, the block's size is the bound.
    const le = true;
    const r = readChunked(concat(block(le, BT_SHB, shbBody(le)), block(le, BT_IDB, idbBody(le, 1, 0)), block(le, BT_SPB, new Bytes(le).u32(1000).raw(payload(10)).build())));
    expect(r.packets.map((p) => [p.capLen, p.origLen])).toEqual([[12, 1000]]); // 10 bytes + 2 of padding: the block cannot say which
  });

  it('reads the obsolete Packet Block (16-bit interface id and drop count)', () => {
    for (const le of [true, false]) {
      const pb = new Bytes(le).u16(1, 0xffff).u32(0, 7_000_123, 5, 60).raw(payload(5)).zeros(3).u16(1, 3).text('hey').u8(0).u32(0).build();
      const file = concat(block(le, BT_SHB, shbBody(le)), block(le, BT_IDB, idbBody(le, 1)), block(le, BT_IDB, idbBody(le, 9)), block(le, BT_PB, pb));
      const r = readChunked(file);
      expect(r.packets.map((p) => [p.interfaceId, p.linkType, p.tsSec, p.tsNsec, p.capLen, p.origLen, p.comments, p.data])).toEqual([
        [1, 9, 7, 123_000, 5, 60, ['hey'], hex(payload(5))],
      ]);
    }
  });

  it('passes over unknown, NRB, ISB, DSB and custom blocks, however long', () => {
    const le = false;
    const w = new PcapngWriter({ littleEndian: le });
    const others = [0x4, 0x5, 0xa, 0xbad, 0x40000bad, 0x80001234, 0x7].map((t, i) => block(le, t, payload(4 + i * 300, i)));
    const file = concat(w.sectionHeader(), others[0]!, w.interfaceDescription({ linkType: 1 }), ...others.slice(1, 4),
      w.enhancedPacket({ interfaceId: 0, tsSec: 1, tsNsec: 0, data: payload(20) }), ...others.slice(4));
    const r = readChunked(file);
    expect(r.summary).toMatchObject({ packets: 1, error: null, warningCount: 0 });
    expect(r.packets[0]!.data).toEqual(hex(payload(20)));
  });

  it('reads every comment of a packet, up to the first NUL of each', () => {
    const le = true;
    const opts = new Bytes(le).u16(1, 5).text('one\0x').zeros(3).u16(2, 4).u32(0).u16(1, 3).text('two').u8(0).u16(0, 0).build();
    const file = concat(block(le, BT_SHB, shbBody(le)), block(le, BT_IDB, idbBody(le, 1)), block(le, BT_EPB, concat(epbBody(le, 0, 0, 1, payload(1)), opts)));
    expect(readChunked(file).packets[0]!.comments).toEqual(['one', 'two']);
  });
});

describe('pcapng: damage where the framing holds is skipped with a warning', () => {
  const le = true;
  const head = concat(block(le, BT_SHB, shbBody(le)), block(le, BT_IDB, idbBody(le, 1)));
  const good = block(le, BT_EPB, epbBody(le, 0, 0, 1, payload(8)));

  it('an EPB naming an interface its section lacks', () => {
    const r = readChunked(concat(head, block(le, BT_EPB, epbBody(le, 3, 0, 1, payload(8))), good));
    expect(r.summary).toMatchObject({ packets: 1, error: null, warningCount: 1 });
    expect(r.summary.warnings[0]).toMatchObject({ offset: 48 });
    expect(r.summary.warnings[0]!.message).toMatch(/byte offset 48 names interface 3, but its section has 1: block skipped/);
  });

  it('an EPB whose caplen is more than its block holds, or that is shorter than its fixed fields', () => {
    const r = readChunked(concat(head, block(le, BT_EPB, epbBody(le, 0, 0, 1, payload(8), 100, 500)), block(le, BT_EPB, payload(8)), good));
    expect(r.summary).toMatchObject({ packets: 1, error: null, warningCount: 2 });
  });

  it('an SPB before any interface of its section', () => {
    const r = readChunked(concat(block(le, BT_SHB, shbBody(le)), block(le, BT_SPB, new Bytes(le).u32(4).raw(payload(4)).build()), block(le, BT_IDB, idbBody(le, 1)), good));
    expect(r.summary).toMatchObject({ packets: 1, warningCount: 1 });
  });

  it('an option running past its block: the packet is kept', () => {
    const opts = new Bytes(le).u16(1, 200).text('abcd').build();
    const r = readChunked(concat(head, block(le, BT_EPB, concat(epbBody(le, 0, 0, 1, payload(8)), opts))));
    expect(r.summary).toMatchObject({ packets: 1, warningCount: 1 });
    expect(r.summary.warnings[0]!.message).toContain('option 1 of 200 bytes');
  });
});

describe('pcapng: broken framing stops the read at the offset it names', () => {
  const le = true;
  const head = concat(block(le, BT_SHB, shbBody(le)), block(le, BT_IDB, idbBody(le, 1)));
  const good = block(le, BT_EPB, epbBody(le, 0, 0, 1, payload(8)));

  const cases: [string, Uint8Array, number, RegExp][] = [
    ['a trailing length unlike the leading one', block(le, BT_EPB, epbBody(le, 0, 0, 1, payload(8)), 44), 88 + 36, /40 bytes long by its header but 44/],
    ['a length not a multiple of 4', new Bytes(le).u32(BT_EPB, 42).zeros(40).build(), 92, /total length 42, not a multiple of 4/],
    ['a length under 12', new Bytes(le).u32(0x99, 8).zeros(8).build(), 92, /total length 8, too short/],
    ['a length over the maximum', new Bytes(le).u32(0x99, PCAPNG_MAX_BLOCK_LEN + 4).zeros(8).build(), 92, /more than the maximum/],
  ];
  for (const [what, bad, offset, message] of cases) {
    it(what, () => {
      const r = readChunked(concat(head, good, bad, good));
      expect(r.summary).toMatchObject({ packets: 1, error: { kind: 'malformed', offset } });
      expect(r.summary.error!.message).toMatch(message);
      expect(r.summary.error!.message).toContain('byte offset 88');
    });
  }

  it('an unknown byte-order magic in a later section', () => {
    const shb = new Bytes(le).u32(BT_SHB, 28, 0x11223344).u16(1, 0).u32(0, 0, 28).build();
    const r = readChunked(concat(head, good, shb));
    expect(r.summary).toMatchObject({ packets: 1, error: { kind: 'malformed', offset: 96 } });
  });

  it('an SHB version other than 1.0 and 1.2 (tshark: "unknown SHB version")', () => {
    for (const [major, minor, ok] of [[1, 2, true], [1, 1, false], [0, 1, false], [2, 0, false]] as const) {
      const r = readChunked(concat(block(le, BT_SHB, shbBody(le, major, minor)), block(le, BT_IDB, idbBody(le, 1)), good));
      if (ok) expect(r.summary).toMatchObject({ packets: 1, error: null });
      else expect(r.summary.error).toMatchObject({ kind: 'unsupported', offset: 12, message: expect.stringContaining(`unknown SHB version ${major}.${minor}`) });
    }
  });

  it('an IDB shorter than its fixed fields (skipping it would renumber the interfaces)', () => {
    const r = readChunked(concat(head, good, block(le, BT_IDB, Uint8Array.of(1, 0, 0, 0)), good));
    expect(r.summary).toMatchObject({ packets: 1, error: { kind: 'malformed', offset: 88 } });
  });
});

describe('pcapng: truncation', () => {
  const w = new PcapngWriter();
  const file = concat(w.sectionHeader(), w.interfaceDescription({ linkType: 1 }), w.enhancedPacket({ interfaceId: 0, tsSec: 1, tsNsec: 0, data: payload(30) }),
    w.enhancedPacket({ interfaceId: 0, tsSec: 2, tsNsec: 0, data: payload(30) }));
  const second = 28 + 20 + 64;

  it('a block cut by the end of the file gives every whole packet and a warning', () => {
    for (const cut of [second + 3, second + 12, second + 40, file.length - 1]) {
      const r = readChunked(file.subarray(0, cut));
      expect(r.summary).toMatchObject({ packets: 1, error: null, warningCount: 1 });
      expect(r.summary.warnings[0]).toMatchObject({ offset: second, message: expect.stringContaining(`byte offset ${second}`) });
    }
  });

  it('a file cut inside a block it passes over warns too', () => {
    const le = true;
    const r = readChunked(concat(file, block(le, 0x5, payload(400))).subarray(0, file.length + 100));
    expect(r.summary).toMatchObject({ packets: 2, error: null, warningCount: 1 });
  });

  it('a file cut inside its first section header is an error', () => {
    for (const cut of [4, 11, 27]) expect(readChunked(file.subarray(0, cut)).summary.error).toMatchObject({ kind: 'truncated', offset: 0 });
  });
});
