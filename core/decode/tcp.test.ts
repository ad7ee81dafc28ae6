import { describe, expect, it } from 'vitest';
import { dissect } from './dissect';
import { Dissection, PROTOCOLS } from './dissection';
import { LinkType } from './numbers';
import { bytesOf, ethernet, hex, ipv4, recordOf, tcp, type TcpOpts } from '../../test/builders/packets';
import { CUT_OPTIONS, CUT_OPTIONS_ORIG_LEN, HEAP_OVERFLOW, HEAP_OVERFLOW_ORIG_LEN } from '../../test/builders/vectors';

const run = (bytes: Uint8Array, opts: { capLen?: number; origLen?: number } = {}) => {
  const d = new Dissection();
  dissect(recordOf(bytes, LinkType.ETHERNET, opts), d);
  return d;
};
const label = (d: Dissection) => PROTOCOLS[d.proto];
const seg = (o: TcpOpts, payload?: Uint8Array) => ethernet(0x0800, ipv4({ proto: 6 }, tcp(o, payload)));

// tcpdump/tcp_eight_lowest_weight_flags_set.pcap frame 1.
const EIGHT_FLAGS = hex('42010af0000142010af000170800450000288e4a00004006d8020a0000020a80000218740050225c20671cf82b1f50ff0200f4c30000');

describe('TCP header', () => {
  it('reads all twelve flag bits, AE and the reserved ones included', () => {
    expect(run(seg({ flags: 0xfff })).tcpFlags).toBe(0xfff);
    expect(run(seg({ flags: 0x100 })).tcpFlags).toBe(0x100);
    expect(run(EIGHT_FLAGS).tcpFlags).toBe(0x0ff);
  });

  it('reads seq, ack, window, checksum and urgent pointer as sent', () => {
    const d = run(seg({ seq: 0xfffffffe, ack: 0x80000000, window: 65535, checksum: 0xbeef, urgent: 7, flags: 0x030 }));
    expect([d.seq, d.ack, d.window, d.checksum, d.urgentPointer, d.tcpHeaderLen]).toEqual([0xfffffffe, 0x80000000, 65535, 0xbeef, 7, 20]);
  });

  it('keeps the ports of a header cut after them, and no segment (tcpdump/tcp_header_heapoverflow.pcap)', () => {
    const d = run(HEAP_OVERFLOW, { origLen: HEAP_OVERFLOW_ORIG_LEN });
    expect([label(d), d.srcPort, d.dstPort, d.ipProto]).toEqual(['Malformed', 12336, 12336, 6]);
    expect(d.problem).toMatchObject({ kind: 'truncated', layer: 'tcp', need: 20, have: 12 });
    expect(d.problem?.message).toBe('TCP header needs 20 bytes, 12 captured');
  });

  it('calls a TCP header that the IP length cannot hold malformed', () => {
    const d = run(ethernet(0x0800, ipv4({ proto: 6, total: 32 }, tcp({}))));
    expect(d.problem).toMatchObject({ kind: 'malformed', layer: 'tcp', need: 20, have: 12 });
    expect(d.srcPort).toBe(51000);
  });

  it('keeps a data offset below 5 words as TCP with a problem, counting tcp.len as Wireshark does', () => {
    const d = run(seg({ offsetWords: 4 }, bytesOf(10)));
    expect(label(d)).toBe('TCP');
    expect([d.tcpHeaderLen, d.payloadLen, d.payloadOffset]).toEqual([16, 14, -1]);
    expect(d.problem).toMatchObject({ kind: 'malformed', layer: 'tcp' });
  });

  it('gives a segment too short for its data offset no payload', () => {
    const d = run(ethernet(0x0800, ipv4({ proto: 6, total: 44 }, tcp({ options: [1, 1, 1, 1, 1, 1, 1, 1] }))));
    expect([label(d), d.payloadLen]).toEqual(['TCP', 0]);
    expect(d.problem?.message).toBe('header length 28 bytes, but the segment holds 24');
  });

  it('counts payload from the IP length even where the capture cut it', () => {
    const full = seg({ flags: 0x014 }, bytesOf(58));
    const d = run(full, { capLen: full.length - 1, origLen: full.length });
    expect([d.payloadLen, d.payloadOffset]).toEqual([58, 54]);
    expect(d.problem).toBeNull();
  });
});

describe('TCP options', () => {
  it('reads MSS, window scale, SACK permitted, timestamps and keeps the kinds in order', () => {
    const d = run(seg({ options: [2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2, 1, 3, 3, 7] }));
    expect([d.mss, d.windowScale, d.sackPermitted, d.hasTimestamps, d.tsVal, d.tsEcr]).toEqual([1460, 7, true, true, 1, 2]);
    expect(Array.from(d.optionKinds.subarray(0, d.optionCount))).toEqual([2, 4, 8, 1, 3]);
    expect(d.problem).toBeNull();
  });

  it('reads the common NOP, NOP, Timestamps layout as it reads any other, cut or whole', () => {
    const ts = [8, 10, 0, 0, 1, 0, 0x80, 0, 0, 2];
    const aligned = run(seg({ flags: 0x010, options: [1, 1, ...ts] }));
    const other = run(seg({ flags: 0x010, options: [...ts, 1, 1] }));
    expect([aligned.hasTimestamps, aligned.tsVal, aligned.tsEcr]).toEqual([true, 256, 0x80000002]);
    expect([other.tsVal, other.tsEcr]).toEqual([aligned.tsVal, aligned.tsEcr]);
    expect(Array.from(aligned.optionKinds.subarray(0, aligned.optionCount))).toEqual([1, 1, 8]);
    const p = seg({ flags: 0x010, options: [1, 1, ...ts] });
    const cut = run(p, { capLen: p.length - 3, origLen: p.length });
    expect([cut.hasTimestamps, cut.problem?.kind, cut.problem?.need, cut.problem?.have]).toEqual([false, 'truncated', 10, 7]);
  });

  it('reads SACK blocks', () => {
    const block = (l: number, r: number) => [l >>> 24, (l >> 16) & 255, (l >> 8) & 255, l & 255, r >>> 24, (r >> 16) & 255, (r >> 8) & 255, r & 255];
    const d = run(seg({ flags: 0x010, options: [1, 1, 5, 26, ...block(100, 200), ...block(300, 400), ...block(0xfffffff0, 16)] }));
    expect(d.sackCount).toBe(3);
    expect(Array.from(d.sack.subarray(0, 6))).toEqual([100, 200, 300, 400, 0xfffffff0, 16]);
  });

  it('reads TCP Fast Open: kind 34 with a cookie, a cookie request, and the experimental kind 254 with magic 0xF989', () => {
    expect(run(seg({ options: [34, 10, 1, 2, 3, 4, 5, 6, 7, 8] })).tfoCookieLen).toBe(8);
    expect(run(seg({ options: [34, 2] })).tfoCookieLen).toBe(0);
    expect(run(seg({ options: [254, 10, 0xf9, 0x89, 9, 9, 9, 9, 0, 0] })).tfoCookieLen).toBe(6);
    expect(run(seg({ options: [254, 4, 0xf9, 0x89] })).tfoCookieLen).toBe(0);
    expect(run(seg({ options: [254, 6, 0x12, 0x34, 1, 2] })).tfoCookieLen).toBe(-1);
  });

  it('skips unknown kinds by their length and stops at EOL', () => {
    const d = run(seg({ options: [99, 6, 1, 2, 3, 4, 2, 4, 1, 0, 0, 2, 4, 9, 9] }));
    expect(d.mss).toBe(256);
    expect(Array.from(d.optionKinds.subarray(0, d.optionCount))).toEqual([99, 2, 0]);
  });

  it('reports a wrong fixed length and goes on with the next option', () => {
    const d = run(seg({ options: [2, 3, 5, 3, 3, 2] }));
    expect(d.mss).toBe(-1);
    expect(d.windowScale).toBe(2);
    expect(d.problem).toMatchObject({ kind: 'malformed', layer: 'tcp', message: 'MSS option: length 3, should be 4' });
    expect(label(d)).toBe('TCP');
  });

  it('reports a length below 2 or past the header, and stops there', () => {
    const short = run(seg({ options: [3, 1, 2, 4, 5, 180] }));
    expect(short.problem?.message).toBe('option 3: length 1 is below 2');
    expect(short.mss).toBe(-1);
    const long = run(seg({ options: [1, 2, 8, 5, 180, 0, 0, 0] }));
    expect(long.problem?.message).toBe('option 2: length 8 runs 1 bytes past the header');
  });

  it('reports options cut by the capture as truncated, keeping the segment (zeek/truncated-header.pcap frame 1)', () => {
    const d = run(CUT_OPTIONS, { origLen: CUT_OPTIONS_ORIG_LEN });
    expect([label(d), d.mss, d.sackPermitted, d.hasTimestamps, d.tcpFlags]).toEqual(['TCP', 1460, true, false, 0x0c2]);
    // Its timestamps option says length 8 (should be 10): the cut is what the problem reports first.
    expect(d.problem).toMatchObject({ kind: 'truncated', layer: 'tcp', need: 6, have: 0 });
    expect(d.problem?.message).toBe('TCP options need 6 more bytes, 0 captured (and timestamps option: length 8, should be 10)');
  });
});
