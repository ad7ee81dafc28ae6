import { describe, expect, it } from 'vitest';
import { dissect } from './dissect';
import { Dissection, PROTOCOLS } from './dissection';
import { LinkType } from './numbers';
import { concat, bytesOf, ethernet, ext6, hex, ipv4, ipv6, recordOf, tcp, V6_A } from '../../test/builders/packets';
import { AH_IPCOMP, ATOMIC_FRAGMENT, HOP_BY_HOP, JUMBO_HEAD } from '../../test/builders/vectors';

const run = (bytes: Uint8Array, linkType: number = LinkType.ETHERNET, opts: { capLen?: number; origLen?: number } = {}) => {
  const d = new Dissection();
  dissect(recordOf(bytes, linkType, opts), d);
  return d;
};
const label = (d: Dissection) => PROTOCOLS[d.proto];
const v4 = (o: Parameters<typeof ipv4>[0], payload: Uint8Array) => ethernet(0x0800, ipv4(o, payload));
const v6 = (o: Parameters<typeof ipv6>[0], payload: Uint8Array) => ethernet(0x86dd, ipv6(o, payload));

// zeek/ipv6-http-atomic-frag.pcap frames 33 (routing) and 4 (destination options).
const ROUTING = hex('aa0004000a0400101895316a86dd60000000001c2b4020010db800010000000000000000000220010db80001000000000000000000010600000000000000b2ed00501bc76adf0000000050022000fa870000');
const DEST_OPTS = hex('aa0004000a0400101895316a86dd60000000001c3c4020010db800010000000000000000000220010db8000100000000000000000001060001040000000090570050e31ebd4e000000005002200003570000');

describe('IPv4', () => {
  it('skips options by the header length', () => {
    const d = run(v4({ proto: 6, options: [0x94, 0x04, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00] }, tcp({}, bytesOf(5))));
    expect(label(d)).toBe('TCP');
    expect([d.ipOffset, d.l4Offset, d.payloadLen]).toEqual([14, 42, 5]);
  });

  it('takes the length from the frame when the total length is 0 (TSO)', () => {
    expect(run(v4({ proto: 6, total: 0 }, tcp({}, bytesOf(10)))).payloadLen).toBe(10);
  });

  it('takes the length from the frame when the total length runs past it, and trims Ethernet padding', () => {
    expect(run(v4({ proto: 6, total: 100 }, tcp({}, bytesOf(10)))).payloadLen).toBe(10);
    const padded = concat(v4({ proto: 6 }, tcp({ flags: 0x010 })), new Uint8Array(6));
    expect(run(padded).payloadLen).toBe(0);
  });

  it('counts the payload on the wire when the snaplen cut it', () => {
    const full = v4({ proto: 6 }, tcp({}, bytesOf(1000)));
    const d = run(full, LinkType.ETHERNET, { capLen: 60, origLen: full.length });
    expect(d.payloadLen).toBe(1000);
    expect(d.problem).toBeNull();
  });

  it('reports a header length below 20 and a total length below the header as malformed', () => {
    const badIhl = run(v4({ proto: 6, ihlWords: 4 }, tcp({})));
    expect(label(badIhl)).toBe('Malformed');
    expect(badIhl.problem).toMatchObject({ kind: 'malformed', layer: 'ipv4' });
    const badTotal = run(v4({ proto: 6, total: 12 }, tcp({})));
    expect(badTotal.problem).toMatchObject({ kind: 'malformed', layer: 'ipv4' });
    expect(badTotal.problem?.message).toContain('total length 12');
  });

  it('tells a header cut by the capture (truncated) from a header the packet cannot hold (malformed)', () => {
    const p = v4({ proto: 6, options: [1, 1, 1, 1, 1, 1, 1, 0] }, tcp({}));
    expect(run(p, LinkType.ETHERNET, { capLen: 30, origLen: p.length }).problem).toMatchObject({ kind: 'truncated', layer: 'ipv4', need: 20, have: 16 });
    expect(run(p, LinkType.ETHERNET, { capLen: 38, origLen: p.length }).problem).toMatchObject({ kind: 'truncated', layer: 'ipv4', need: 28, have: 24 });
    expect(run(p.subarray(0, 38)).problem).toMatchObject({ kind: 'malformed', layer: 'ipv4', need: 28, have: 24 });
  });

  it('flags fragments: the first still carries the TCP header, later ones do not', () => {
    const first = run(v4({ proto: 6, fragment: 0x2000 }, tcp({}, bytesOf(16))));
    expect([first.isFragment, first.isLaterFragment, label(first), first.payloadLen]).toEqual([true, false, 'TCP', 16]);
    const later = run(v4({ proto: 6, fragment: 0x0003 }, bytesOf(40)));
    expect([later.isFragment, later.isLaterFragment, label(later), later.srcPort]).toEqual([true, true, 'IPv4', -1]);
    expect(later.ipPayloadLen).toBe(40);
  });

  it('labels protocols it does not decode by IP version', () => {
    const gre = run(v4({ proto: 47 }, bytesOf(20)));
    expect([label(gre), gre.ipProto]).toEqual(['IPv4', 47]);
  });

  it('follows IP in IP to the inner addresses', () => {
    const inner = ipv4({ proto: 6, src: 0xc0a80001, dst: 0xc0a80002, ttl: 9 }, tcp({ sport: 1, dport: 2 }));
    const d = run(v4({ proto: 4 }, inner));
    expect([label(d), d.src[0], d.dst[0], d.ttl, d.ipOffset, d.srcPort]).toEqual(['TCP', 0xc0a80001, 0xc0a80002, 9, 34, 1]);
  });
});

describe('IPv6', () => {
  it('decodes TCP after an atomic fragment header without calling it a fragment (RFC 6946)', () => {
    const d = run(ATOMIC_FRAGMENT);
    expect([label(d), d.isFragment, d.ipProto, d.l4Offset, d.srcPort]).toEqual(['TCP', false, 6, 62, 59694]);
  });

  it('skips routing, hop-by-hop and destination-options headers', () => {
    for (const p of [ROUTING, HOP_BY_HOP, DEST_OPTS]) {
      const d = run(p);
      expect([label(d), d.l4Offset, d.payloadLen]).toEqual(['TCP', 62, 0]);
    }
  });

  it('takes the length of a jumbogram from the Jumbo Payload option (tcpdump/bigtcp-ipv6-hbh.pcap)', () => {
    const d = run(JUMBO_HEAD, LinkType.ETHERNET, { origLen: 80094 });
    expect([label(d), d.payloadLen, d.ipPayloadLen, d.tcpHeaderLen]).toEqual(['TCP', 80000, 80032, 32]);
    expect(d.problem).toBeNull();
  });

  it('finds no room for TCP when the payload length is 0 without a jumbo option', () => {
    const d = run(v6({ next: 6, payloadLength: 0 }, tcp({})));
    expect(d.problem).toMatchObject({ kind: 'malformed', layer: 'tcp', need: 20, have: 0 });
  });

  it('flags real fragments: the first keeps its TCP header, a later one is labelled IPv6', () => {
    const frag = (offsetAndM: number) => concat([6, 0, offsetAndM >> 8, offsetAndM & 0xff, 0, 0, 0, 1]);
    const first = run(v6({ next: 44 }, concat(frag(0x0001), tcp({}))));
    expect([first.isFragment, first.isLaterFragment, label(first)]).toEqual([true, false, 'TCP']);
    const later = run(v6({ next: 44 }, concat(frag(0x00a8), bytesOf(24))));
    expect([later.isFragment, later.isLaterFragment, label(later), later.ipProto]).toEqual([true, true, 'IPv6', 6]);
  });

  it('reports a cut extension header', () => {
    const p = v6({ next: 0 }, concat(ext6(6, [1, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), tcp({})));
    expect(run(p, LinkType.ETHERNET, { capLen: 60, origLen: p.length }).problem).toMatchObject({ kind: 'truncated', layer: 'ipv6', need: 16, have: 6 });
  });

  it('follows AH and IPv6 in IPv6 (libpcap/AH-IPcomp-IPv6.pcap frame 1 shape)', () => {
    const inner = ipv6({ next: 6, src: [0x40000000, 0, 0, 1] }, tcp({ sport: 12764 }));
    const ah = concat([41, 4], new Array(22).fill(0));
    const d = run(v6({ next: 51 }, concat(ah, inner)));
    expect([label(d), d.src[0], d.srcPort, d.ipOffset]).toEqual(['TCP', 0x40000000, 12764, 78]);
  });

  it('decompresses an IPComp payload and decodes the TCP inside (libpcap/AH-IPcomp-IPv6.pcap frame 3)', () => {
    const d = run(AH_IPCOMP);
    expect([label(d), d.inflated, d.inflatedLength]).toEqual(['TCP', true, 271]);
    expect([d.srcPort, d.dstPort, d.seq, d.ack, d.tcpFlags, d.payloadLen, d.window]).toEqual([12764, 80, 2584876627, 1652451631, 0x018, 199, 2880]);
    expect(d.ipOffset).toBe(0);
    expect(d.src[0]).toBe(0x40000000);
  });

  it('reports IPComp with the DEFLATE CPI that does not inflate, and a compressed payload cut by the capture', () => {
    const garbage = run(v6({ next: 108 }, concat([41, 0, 0, 2], new Uint8Array(40).fill(0xff))));
    expect([label(garbage), garbage.problem?.layer, garbage.problem?.kind]).toEqual(['IPv6', 'ipcomp', 'malformed']);
    const cut = run(AH_IPCOMP, LinkType.ETHERNET, { capLen: 200, origLen: AH_IPCOMP.length });
    expect(cut.problem).toMatchObject({ kind: 'truncated', layer: 'ipcomp' });
  });

  it('stops at ESP, which hides what follows', () => {
    const d = run(v6({ next: 50, src: V6_A }, bytesOf(40)));
    expect([label(d), d.ipProto]).toEqual(['IPv6', 50]);
  });
});
