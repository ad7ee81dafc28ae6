import { describe, expect, it } from 'vitest';
import { dissect } from './dissect';
import { Dissection, PROTOCOLS } from './dissection';
import { LinkType } from './numbers';
import { concat, ethernet, hex, ipv4, ipv6, recordOf, tcp } from '../../test/builders/packets';
import { NULL_IPV6_HEAD, ONE_TCP_STREAM_SYN, PPPOE_SYN, QINQINQ_SYN, SLL2_TLS, SLL_ARP } from '../../test/builders/vectors';

const run = (bytes: Uint8Array, linkType: number, opts: { capLen?: number; origLen?: number } = {}) => {
  const d = new Dissection();
  dissect(recordOf(bytes, linkType, opts), d);
  return d;
};
const label = (d: Dissection) => PROTOCOLS[d.proto];

// zeek/tcp-syslog.pcap frame 1 (raw IPv4) and pcapplusplus/linktype_ipv6.pcap frame 1, via `tshark -x`; the rest in test/builders/vectors.ts.
const RAW_IPV4_SYN = hex('45000028000100004006f77bc0a80101c0a8010230390202000003e80000000050022000d66b0000');
const IPV6_SYN = hex('60000000002806402001061804000000000000005199cc70200106180001800000000000000000058c9b00506ae7073600000000a0021630299c00000204058c0402080a00dd1a390000000001030302');

describe('Ethernet', () => {
  it('decodes an IPv4 SYN (pcapplusplus/one_tcp_stream.pcap frame 1)', () => {
    const d = run(ONE_TCP_STREAM_SYN, LinkType.ETHERNET);
    expect(label(d)).toBe('TCP');
    expect([d.ethOffset, d.ipOffset, d.l4Offset, d.payloadOffset]).toEqual([0, 14, 34, 66]);
    expect([d.srcPort, d.dstPort, d.seq, d.ack, d.tcpFlags, d.window]).toEqual([61541, 80, 1143861629, 0, 0x002, 8192]);
    expect(d.src[0]).toBe(0x0a000001);
    expect(d.dst[0]).toBe(0x51da480f);
    expect(d.ttl).toBe(128);
    expect(d.problem).toBeNull();
  });

  it('keeps three stacked VLAN ids outermost first (zeek/vlan-qinqinq.pcap frame 1)', () => {
    const d = run(QINQINQ_SYN, LinkType.ETHERNET);
    expect(d.vlanCount).toBe(3);
    expect(Array.from(d.vlanIds)).toEqual([30, 20, 10]);
    expect(label(d)).toBe('TCP');
    expect(d.ipOffset).toBe(26);
  });

  it('counts tags beyond the ones it keeps, and accepts 802.1ad and 0x9100 TPIDs', () => {
    const tags = [0x88a8, 0x9100, 0x8100, 0x8100].map((tpid, i) => ({ tpid, vid: 100 + i }));
    const d = run(ethernet(0x0800, ipv4({ proto: 6 }, tcp({})), tags), LinkType.ETHERNET);
    expect(d.vlanCount).toBe(4);
    expect(Array.from(d.vlanIds)).toEqual([100, 101, 102]);
    expect(label(d)).toBe('TCP');
  });

  it('reads IP inside a PPPoE session inside two VLAN tags (pcapplusplus/one_http_stream_rst.pcap frame 1)', () => {
    const d = run(PPPOE_SYN, LinkType.ETHERNET);
    expect(Array.from(d.vlanIds.subarray(0, d.vlanCount))).toEqual([939, 744]);
    expect(label(d)).toBe('TCP');
    expect([d.srcPort, d.dstPort]).toEqual([5068, 80]);
  });

  it('labels other EtherTypes and 802.3 frames "Ethernet"', () => {
    expect(label(run(ethernet(0x88cc, new Uint8Array(46)), LinkType.ETHERNET))).toBe('Ethernet');
    const llc = run(ethernet(46, new Uint8Array(46)), LinkType.ETHERNET);
    expect(label(llc)).toBe('Ethernet');
    expect(llc.problem).toBeNull();
  });

  it('reports a header cut by the snaplen as truncated (zeek/trunc-hdr.pcap: 8 of 78 bytes)', () => {
    const d = run(ONE_TCP_STREAM_SYN, LinkType.ETHERNET, { capLen: 8, origLen: 78 });
    expect(label(d)).toBe('Malformed');
    expect(d.problem).toMatchObject({ kind: 'truncated', layer: 'link', need: 14, have: 8 });
    expect(d.problem?.message).toBe('Ethernet header needs 14 bytes, 8 captured');
  });

  it('reports a frame shorter than its header on the wire as malformed', () => {
    const d = run(ONE_TCP_STREAM_SYN.subarray(0, 10), LinkType.ETHERNET);
    expect(d.problem).toMatchObject({ kind: 'malformed', layer: 'link', need: 14, have: 10 });
  });

  it('reports a cut VLAN tag at the vlan layer', () => {
    const d = run(QINQINQ_SYN, LinkType.ETHERNET, { capLen: 20, origLen: QINQINQ_SYN.length });
    expect(d.problem).toMatchObject({ kind: 'truncated', layer: 'vlan' });
    expect(d.vlanCount).toBe(1);
  });
});

describe('Linux cooked captures', () => {
  it('decodes SLL2 (pcapplusplus/sll2.pcap frame 1)', () => {
    const d = run(SLL2_TLS, LinkType.LINUX_SLL2);
    expect(label(d)).toBe('TCP');
    expect([d.ipOffset, d.srcPort, d.dstPort, d.payloadLen]).toEqual([20, 443, 57292, 31]);
    expect(d.ethOffset).toBe(-1);
  });

  it('decodes ARP over SLL (pcapplusplus/sll.pcap frame 10)', () => {
    const d = run(SLL_ARP, LinkType.LINUX_SLL);
    expect(label(d)).toBe('ARP');
    expect([d.arpOp, d.arpSenderIp, d.arpTargetIp]).toEqual([1, 0x0a000008, 0x0a00008a]);
    expect([d.arpSenderMacHi, d.arpSenderMacLo]).toEqual([0x0800, 0x27191c78]);
  });

  it('reports a cut SLL header', () => {
    const d = run(SLL2_TLS, LinkType.LINUX_SLL2, { capLen: 12, origLen: SLL2_TLS.length });
    expect(d.problem).toMatchObject({ kind: 'truncated', layer: 'link', need: 20, have: 12 });
  });
});

describe('BSD null and loopback', () => {
  it('reads the address family in host order (pcapplusplus/null_loopback.pcap: Darwin AF_INET6 30)', () => {
    const d = run(NULL_IPV6_HEAD, LinkType.NULL);
    expect(d.ipVersion).toBe(6);
    expect(label(d)).toBe('TCP');
    expect(d.ipOffset).toBe(4);
  });

  it('accepts a null header written big-endian, and IPv6 families of every BSD and Linux', () => {
    const v4 = ipv4({ proto: 6 }, tcp({}));
    expect(label(run(concat([0, 0, 0, 2], v4), LinkType.NULL))).toBe('TCP');
    for (const af of [10, 24, 28, 30]) {
      expect(run(concat([af, 0, 0, 0], ipv6({ next: 6 }, tcp({}))), LinkType.NULL).ipVersion).toBe(6);
    }
  });

  it('reads loopback (108) families in network order', () => {
    expect(label(run(concat([0, 0, 0, 2], ipv4({ proto: 6 }, tcp({}))), LinkType.LOOP))).toBe('TCP');
    expect(label(run(concat([2, 0, 0, 0], ipv4({ proto: 6 }, tcp({}))), LinkType.LOOP))).toBe('Undecoded');
  });

  it('leaves unknown families undecoded', () => {
    expect(label(run(concat([7, 0, 0, 0], new Uint8Array(20)), LinkType.NULL))).toBe('Undecoded');
  });
});

describe('raw IP link types', () => {
  it('decodes raw IPv4 under 101, 12, 14 and 228 (zeek/tcp-syslog.pcap frame 1)', () => {
    for (const lt of [LinkType.RAW, LinkType.RAW_DLT12, LinkType.RAW_DLT14, LinkType.IPV4]) {
      const d = run(RAW_IPV4_SYN, lt);
      expect(label(d)).toBe('TCP');
      expect([d.ipOffset, d.srcPort, d.dstPort]).toEqual([0, 12345, 514]);
    }
  });

  it('decodes raw IPv6 under 101 and 229 (pcapplusplus/linktype_ipv6.pcap)', () => {
    for (const lt of [LinkType.RAW, LinkType.IPV6]) {
      const d = run(IPV6_SYN, lt);
      expect(label(d)).toBe('TCP');
      expect([d.srcPort, d.dstPort, d.mss, d.windowScale]).toEqual([35995, 80, 1420, 2]);
    }
  });

  it('leaves unknown link types undecoded without a problem (274, ETHERNET_MPACKET)', () => {
    const d = run(ONE_TCP_STREAM_SYN, 274);
    expect(label(d)).toBe('Undecoded');
    expect(d.problem).toBeNull();
    expect(d.linkType).toBe(274);
  });
});
