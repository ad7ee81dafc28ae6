import { describe, expect, it } from 'vitest';
import { dissect } from './dissect';
import { Dissection, PROTOCOLS } from './dissection';
import { LinkType } from './numbers';
import { bytesOf, ethernet, hex, ipv4, ipv6, recordOf, udp } from '../../test/builders/packets';
import { DNS_RESPONSE_HEAD, PING } from '../../test/builders/vectors';

const run = (bytes: Uint8Array, opts: { capLen?: number; origLen?: number } = {}) => {
  const d = new Dissection();
  dissect(recordOf(bytes, LinkType.ETHERNET, opts), d);
  return d;
};
const label = (d: Dissection) => PROTOCOLS[d.proto];

// zeek/ipv6-http-atomic-frag.pcap frame 1 (ICMPv6 neighbour advertisement).
const NEIGHBOR_ADVERT = hex('00101895316aaa0004000a0486dd6000000000203aff20010db800010000000000000000000120010db80001000000000000000000028800546ce000000020010db80001000000000000000000010201aa0004000a04');

describe('UDP', () => {
  it('reads ports and length (chrissanders/dns.pcap frame 1)', () => {
    const d = run(DNS_RESPONSE_HEAD, { origLen: 120 });
    expect([label(d), d.srcPort, d.dstPort, d.udpLength, d.l4Offset]).toEqual(['UDP', 53, 57434, 86, 34]);
  });

  it('keeps the ports of a cut header and reports a length below 8', () => {
    const p = ethernet(0x0800, ipv4({ proto: 17 }, udp(1234, 53, bytesOf(4))));
    const cut = run(p, { capLen: 39, origLen: p.length });
    expect([label(cut), cut.srcPort, cut.dstPort]).toEqual(['Malformed', 1234, 53]);
    expect(cut.problem).toMatchObject({ kind: 'truncated', layer: 'udp', need: 8, have: 5 });
    const bad = run(ethernet(0x0800, ipv4({ proto: 17 }, udp(1, 2, bytesOf(4), 3))));
    expect([label(bad), bad.problem?.layer]).toEqual(['UDP', 'udp']);
  });
});

describe('ICMP', () => {
  it('reads an echo request with its identifier and sequence number (rusticata/modified-format.pcap)', () => {
    const d = run(PING);
    expect([label(d), d.icmpType, d.icmpCode, d.icmpId, d.icmpSeq, d.ttl]).toEqual(['ICMP', 8, 0, 0x0fd7, 1, 64]);
  });

  it('reads ICMPv6 type and code (zeek/ipv6-http-atomic-frag.pcap frame 1)', () => {
    const d = run(NEIGHBOR_ADVERT);
    expect([label(d), d.icmpType, d.icmpCode, d.icmpId]).toEqual(['ICMPv6', 136, 0, -1]);
  });

  it('reads ICMPv6 echo identifiers and reports a cut ICMP header', () => {
    const echo = run(ethernet(0x86dd, ipv6({ next: 58 }, hex('8000000012340005'))));
    expect([d6(echo)]).toEqual([[128, 0x1234, 5]]);
    const cut = run(ethernet(0x0800, ipv4({ proto: 1 }, hex('0800'))));
    expect(cut.problem).toMatchObject({ kind: 'malformed', layer: 'icmp', need: 4, have: 2 });
  });
});
const d6 = (d: Dissection) => [d.icmpType, d.icmpId, d.icmpSeq];

describe('ARP', () => {
  const request = hex('0001080006040001' + '001122334455' + 'c0a80001' + '000000000000' + 'c0a80002');
  it('reads an Ethernet/IPv4 request', () => {
    const d = run(ethernet(0x0806, request));
    expect([label(d), d.arpOp, d.arpSenderIp, d.arpTargetIp, d.arpSenderMacHi, d.arpSenderMacLo]).toEqual(['ARP', 1, 0xc0a80001, 0xc0a80002, 0x0011, 0x22334455]);
  });

  it('labels other hardware types ARP without addresses, and reports cut addresses', () => {
    const other = run(ethernet(0x0806, hex('0006080006040002')));
    expect([label(other), other.arpOp, other.problem]).toEqual(['ARP', 2, null]);
    const p = ethernet(0x0806, request);
    expect(run(p, { capLen: 30, origLen: p.length }).problem).toMatchObject({ kind: 'truncated', layer: 'arp', need: 28, have: 16 });
  });
});
