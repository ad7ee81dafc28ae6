import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { describePacket, type DetailNode } from './index';
import { PacketFacts } from '../../tcp/facts';
import { analysisBit } from '../../tcp/vocabulary';
import { ethernet, ipv4, tcp } from '../../../test/builders/packets';
import * as V from '../../../test/builders/vectors';

/** Every node of the tree, depth first. */
const all = (nodes: DetailNode[]): DetailNode[] => nodes.flatMap((n) => [n, ...all(n.children ?? [])]);
const field = (nodes: DetailNode[], name: string) => {
  const n = all(nodes).find((x) => x.field === name);
  if (!n) throw new Error(`no ${name} in ${all(nodes).map((x) => x.field).join(' ')}`);
  return n;
};
const fields = (nodes: DetailNode[], name: string) => all(nodes).filter((x) => x.field === name);
const at = (n: DetailNode) => [n.label, n.start, n.length];

describe('details of a TCP SYN over Ethernet (pcapplusplus/one_tcp_stream.pcap frame 1)', () => {
  const facts = Object.assign(new PacketFacts(), { stream: 0, relSeq: 0, relAck: 0, windowSize: 8192 });
  const tree = describePacket(V.ONE_TCP_STREAM_SYN, 1, { frame: 1, facts, windowScaleFactor: -1 });

  it('has one top node per layer, each covering its header', () => {
    expect(tree.map((n) => [n.field, n.start, n.length])).toEqual([['frame', 0, 66], ['eth', 0, 14], ['ip', 14, 20], ['tcp', 34, 32]]);
    expect(tree[0]!.label).toBe('Frame 1: 66 bytes on wire (528 bits), 66 bytes captured (528 bits)');
    expect(tree[3]!.label).toBe('Transmission Control Protocol, Src Port: 61541, Dst Port: 80, Seq: 0, Len: 0');
  });

  it('labels Ethernet and IPv4 fields as Wireshark does, with their bytes', () => {
    expect(at(field(tree, 'eth.dst'))).toEqual(['Destination: c4:12:f5:ff:72:e8', 0, 6]);
    expect(at(field(tree, 'eth.type'))).toEqual(['Type: IPv4 (0x0800)', 12, 2]);
    expect(at(field(tree, 'ip.hdr_len'))).toEqual(['.... 0101 = Header Length: 20 bytes (5)', 14, 1]);
    expect(at(field(tree, 'ip.dsfield'))).toEqual(['Differentiated Services Field: 0x00 (DSCP: CS0, ECN: Not-ECT)', 15, 1]);
    expect(at(field(tree, 'ip.flags'))).toEqual(["010. .... = Flags: 0x2, Don't fragment", 20, 1]);
    expect(at(field(tree, 'ip.frag_offset'))).toEqual(['...0 0000 0000 0000 = Fragment Offset: 0', 20, 2]);
    expect(at(field(tree, 'ip.src'))).toEqual(['Source Address: 10.0.0.1', 26, 4]);
  });

  it('shows seq relative and raw, each flag bit, the window and every option', () => {
    expect(at(field(tree, 'tcp.seq'))).toEqual(['Sequence Number: 0    (relative sequence number)', 38, 4]);
    expect(at(field(tree, 'tcp.seq_raw'))).toEqual(['Sequence Number (raw): 1143861629', 38, 4]);
    expect(field(tree, 'tcp.ack').label).toBe('Acknowledgment Number: 0');
    expect(at(field(tree, 'tcp.hdr_len'))).toEqual(['1000 .... = Header Length: 32 bytes (8)', 46, 1]);
    expect(at(field(tree, 'tcp.flags'))).toEqual(['Flags: 0x002 (SYN)', 46, 2]);
    expect(field(tree, 'tcp.flags').children!.map((n) => n.label)).toEqual([
      '000. .... .... = Reserved: Not set', '...0 .... .... = Accurate ECN: Not set', '.... 0... .... = Congestion Window Reduced: Not set',
      '.... .0.. .... = ECN-Echo: Not set', '.... ..0. .... = Urgent: Not set', '.... ...0 .... = Acknowledgment: Not set',
      '.... .... 0... = Push: Not set', '.... .... .0.. = Reset: Not set', '.... .... ..1. = Syn: Set', '.... .... ...0 = Fin: Not set',
      '[TCP Flags: ··········S·]',
    ]);
    expect(field(tree, 'tcp.window_size_scalefactor').label).toBe('[Window size scaling factor: -1 (unknown)]');
    expect(at(field(tree, 'tcp.options'))).toEqual(['Options: (12 bytes), Maximum segment size, No-Operation (NOP), Window scale, No-Operation (NOP), No-Operation (NOP), SACK permitted', 54, 12]);
    expect(at(field(tree, 'tcp.options.mss'))).toEqual(['TCP Option - Maximum segment size: 1460 bytes', 54, 4]);
    expect(at(field(tree, 'tcp.options.mss_val'))).toEqual(['MSS Value: 1460', 56, 2]);
    expect(at(field(tree, 'tcp.options.wscale'))).toEqual(['TCP Option - Window scale: 8 (multiply by 256)', 59, 3]);
    expect(at(field(tree, 'tcp.options.sack_perm'))).toEqual(['TCP Option - SACK permitted', 64, 2]);
    expect(fields(tree, 'tcp.options.nop').map((n) => n.start)).toEqual([58, 62, 63]);
  });
});

describe('details that need the tracker', () => {
  it('shows relative ack and SACK edges, the scaled window, iRTT and analysis (pcapplusplus/example.pcap frame 1282)', () => {
    const facts = Object.assign(new PacketFacts(), { stream: 6, relSeq: 1532, relAck: 88920, windowSize: 58752, analysis: analysisBit('duplicate_ack') });
    const tree = describePacket(V.SACK_ACK, 1, { facts, irtt: 0.023103, windowScaleFactor: 16, dupAck: { frame: 1256, num: 1 } });
    expect(field(tree, 'tcp').label).toBe('Transmission Control Protocol, Src Port: 44153, Dst Port: 80, Seq: 1532, Ack: 88920, Len: 0');
    expect(field(tree, 'tcp.stream').label).toBe('[Stream index: 6]');
    expect(at(field(tree, 'tcp.ack'))).toEqual(['Acknowledgment Number: 88920    (relative ack number)', 42, 4]);
    expect(field(tree, 'tcp.window_size').label).toBe('[Calculated window size: 58752]');
    expect(field(tree, 'tcp.window_size_scalefactor').label).toBe('[Window size scaling factor: 16]');
    expect(at(field(tree, 'tcp.options.sack'))).toEqual(['TCP Option - SACK 99704-101052', 68, 10]);
    expect(at(field(tree, 'tcp.options.sack_le'))).toEqual(['left edge = 99704 (relative)', 70, 4]);
    expect(at(field(tree, 'tcp.options.sack_re'))).toEqual(['right edge = 101052 (relative)', 74, 4]);
    expect(field(tree, 'tcp.options.timestamp').label).toBe('TCP Option - Timestamps: TSval 195455, TSecr 3555730648');
    expect(field(tree, 'tcp.analysis.initial_rtt').label).toBe('[iRTT: 0.023103000 seconds]');
    expect(field(tree, 'tcp.analysis.duplicate_ack').label).toBe('[Duplicate ACK (#1) to ACK in frame 1256]');
  });

  it('shows raw numbers only when the tracker gave none', () => {
    const tree = describePacket(V.SACK_ACK, 1);
    expect(field(tree, 'tcp.ack').label).toBe('Acknowledgment Number: 3014464592');
    expect(field(tree, 'tcp.options.sack_le').label).toBe('left edge = 3014475376');
    expect(all(tree).some((n) => n.field === 'tcp.stream' || n.field === 'tcp.analysis')).toBe(false);
  });
});

describe('link layers', () => {
  it('shows stacked VLAN tags with their bits (zeek/vlan-qinqinq.pcap frame 1)', () => {
    const tags = fields(describePacket(V.QINQINQ_SYN, 1), 'vlan');
    expect(tags.map((n) => [n.label, n.start, n.length])).toEqual([
      ['802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 30', 14, 4], ['802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 20', 18, 4], ['802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 10', 22, 4],
    ]);
    expect(tags[0]!.children!.map((n) => n.label)).toEqual([
      '000. .... .... .... = Priority: Best Effort (default) (0)', '...0 .... .... .... = DEI: Ineligible', '.... 0000 0001 1110 = ID: 30', 'Type: 802.1Q Virtual LAN (0x8100)',
    ]);
  });

  it('shows PPPoE and PPP (pcapplusplus/one_http_stream_rst.pcap frame 1)', () => {
    const tree = describePacket(V.PPPOE_SYN, 1);
    expect(at(field(tree, 'pppoe.session_id'))).toEqual(['Session ID: 0xdde5', 24, 2]);
    expect(at(field(tree, 'ppp.protocol'))).toEqual(['Protocol: Internet Protocol version 4 (0x0021)', 28, 2]);
    expect(field(tree, 'ip').start).toBe(30);
  });

  it('shows Linux cooked v1 and v2 headers (pcapplusplus/sll.pcap frame 10, sll2.pcap frame 1)', () => {
    const v1 = describePacket(V.SLL_ARP, 113);
    expect(field(v1, 'sll').children!.map(at)).toEqual([
      ['Packet type: Sent by us (4)', 0, 2], ['Link-layer address type: Ethernet (1)', 2, 2], ['Link-layer address length: 6', 4, 2],
      ['Source: 08:00:27:19:1c:78', 6, 6], ['Unused: 0000', 12, 2], ['Protocol: ARP (0x0806)', 14, 2],
    ]);
    const v2 = describePacket(V.SLL2_TLS, 276);
    expect(field(v2, 'sll').children!.map((n) => n.label)).toEqual([
      'Protocol: IPv4 (0x0800)', 'Interface index: 20', 'Link-layer address type: Ethernet (1)', 'Packet type: Unicast to us (0)',
      'Link-layer address length: 6', 'Source: f0:3f:95:8f:82:63', 'Unused: 0000',
    ]);
  });

  it('shows the null header family (pcapplusplus/null_loopback.pcap)', () => {
    expect(at(field(describePacket(V.NULL_IPV6_HEAD, 0), 'null.family'))).toEqual(['Family: IPv6 (30)', 0, 4]);
  });
});

describe('IPv6 and what it carries', () => {
  it('shows the fixed header and a hop-by-hop header inside it (zeek/ipv6-http-atomic-frag.pcap frame 23)', () => {
    const tree = describePacket(V.HOP_BY_HOP, 1);
    expect(at(field(tree, 'ipv6.tclass'))).toEqual(['.... 0000 0000 .... .... .... .... .... = Traffic Class: 0x00 (DSCP: CS0, ECN: Not-ECT)', 14, 4]);
    expect(at(field(tree, 'ipv6.flow'))).toEqual(['.... 0000 0000 0000 0000 0000 = Flow Label: 0x00000', 15, 3]);
    expect(at(field(tree, 'ipv6.nxt'))).toEqual(['Next Header: IPv6 Hop-by-Hop Option (0)', 20, 1]);
    expect(at(field(tree, 'ipv6.hopopts'))).toEqual(['IPv6 Hop-by-Hop Option', 54, 8]);
    expect(field(tree, 'ipv6.hopopts').children!.map((n) => n.label).slice(0, 4)).toEqual(['Next Header: TCP (6)', 'Length: 0', '[Length: 8 bytes]', 'PadN']);
    expect(field(tree, 'tcp').start).toBe(62);
  });

  it('shows an atomic fragment header (frame 13)', () => {
    const frag = field(describePacket(V.ATOMIC_FRAGMENT, 1), 'ipv6.fraghdr');
    expect(frag.children!.map((n) => n.label)).toEqual([
      'Next header: TCP (6)', 'Reserved octet: 0x00', '0000 0000 0000 0... = Offset: 0 (0 bytes)', '.... .... .... .00. = Reserved bits: 0',
      '.... .... .... ...0 = More Fragments: No', 'Identification: 0x00000000',
    ]);
  });

  it('shows a jumbogram and its TCP length from the Jumbo Payload option (tcpdump/bigtcp-ipv6-hbh.pcap)', () => {
    const tree = describePacket(V.JUMBO_HEAD, 1, { origLen: V.JUMBO_ORIG_LEN });
    expect(field(tree, 'ipv6.plen').label).toBe('Payload Length: 0 (Jumbogram)');
    expect(at(field(tree, 'ipv6.opt.jumbo'))).toEqual(['Payload Length: 80040', 58, 4]);
    expect(field(tree, 'tcp.len').label).toBe('[TCP Segment Len: 80000]');
    expect(at(field(tree, 'tcp.payload'))).toEqual(['TCP payload (6 bytes)', 94, 6]);
  });

  it('points what it decompressed from IPComp at the compressed bytes (libpcap/AH-IPcomp-IPv6.pcap frame 3)', () => {
    const tree = describePacket(V.AH_IPCOMP, 1);
    expect(at(field(tree, 'ah.spi'))).toEqual(['AH SPI: 0xc9ec8968', 58, 4]);
    expect(at(field(tree, 'ipcomp.cpi'))).toEqual(['IPComp CPI: Unknown (0x635c)', 80, 2]);
    expect(at(field(tree, 'ipcomp.data'))).toEqual(['Decompressed data (271 bytes)', 82, 234]);
    const inner = fields(tree, 'tcp');
    expect(inner.map(at)).toEqual([['Transmission Control Protocol, Src Port: 12764, Dst Port: 80, Seq: 2584876627, Ack: 1652451631, Len: 199', 82, 234]]);
    expect(fields(tree, 'ipv6.src').map((n) => n.label)).toEqual(['Source Address: 2002::2', 'Source Address: 4000::1']);
  });
});

describe('other protocols', () => {
  it('shows ICMP echo identifiers both ways round (rusticata/modified-format.pcap)', () => {
    const tree = describePacket(V.PING, 1);
    expect(field(tree, 'icmp').children!.map(at).slice(0, 7)).toEqual([
      ['Type: 8 (Echo (ping) request)', 34, 1], ['Code: 0', 35, 1], ['Checksum: 0x3206 [unverified]', 36, 2],
      ['Identifier (BE): 4055 (0x0fd7)', 38, 2], ['Identifier (LE): 55055 (0xd70f)', 38, 2],
      ['Sequence Number (BE): 1 (0x0001)', 40, 2], ['Sequence Number (LE): 256 (0x0100)', 40, 2],
    ]);
  });

  it('shows UDP (chrissanders/dns.pcap frame 1)', () => {
    const tree = describePacket(V.DNS_RESPONSE_HEAD, 1, { origLen: V.DNS_RESPONSE_ORIG_LEN });
    expect(field(tree, 'udp').children!.map(at)).toEqual([
      ['Source Port: 53', 34, 2], ['Destination Port: 57434', 36, 2], ['Length: 86', 38, 2], ['Checksum: 0xa127 [unverified]', 40, 2], ['UDP payload (58 bytes)', 42, 58],
    ]);
  });

  it('shows ARP addresses (pcapplusplus/sll.pcap frame 10)', () => {
    const tree = describePacket(V.SLL_ARP, 113);
    expect(at(field(tree, 'arp'))).toEqual(['Address Resolution Protocol (request)', 16, 28]);
    expect(at(field(tree, 'arp.dst.proto_ipv4'))).toEqual(['Target IP address: 10.0.0.138', 40, 4]);
  });

  it('shows IPv4 options', () => {
    const p = ethernet(0x0800, ipv4({ proto: 6, options: [0x94, 0x04, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00] }, tcp({})));
    const opts = field(describePacket(p, 1), 'ip.options');
    expect(at(opts)).toEqual(['Options: (8 bytes), Router Alert, No-Operation (NOP), End of Options List (EOL)', 34, 8]);
    expect(opts.children!.map(at)).toEqual([['IP Option - Router Alert (4 bytes)', 34, 4], ['IP Option - No-Operation (NOP)', 38, 1], ['IP Option - End of Options List (EOL)', 39, 1]]);
  });
});

describe('packets cut or wrong', () => {
  it('ends with the capture limit where the TCP header was cut (tcpdump/tcp_header_heapoverflow.pcap)', () => {
    const tree = describePacket(V.HEAP_OVERFLOW, 1, { origLen: V.HEAP_OVERFLOW_ORIG_LEN });
    expect(at(field(tree, 'tcp'))).toEqual(['Transmission Control Protocol, Src Port: 12336, Dst Port: 12336', 34, 12]);
    expect(tree.at(-1)!.label).toBe('[Packet size limited during capture: TCP truncated]');
    expect(tree.at(-1)!.children![0]!.label).toBe('TCP header needs 20 bytes, 12 captured');
  });

  it('says which option has a wrong length, and that the options were cut (zeek/truncated-header.pcap frame 1)', () => {
    const tree = describePacket(V.CUT_OPTIONS, 1, { origLen: V.CUT_OPTIONS_ORIG_LEN });
    expect(at(field(tree, 'tcp.options'))).toEqual(['Options: (20 bytes), Maximum segment size, SACK permitted, Timestamps', 54, 14]);
    expect(field(tree, 'tcp.option_len.invalid').label).toBe('[option length should be 10]');
    expect(tree.at(-1)!.label).toBe('[Packet size limited during capture: TCP truncated]');
  });

  it('calls a packet shorter on the wire than its headers malformed', () => {
    expect(describePacket(V.ONE_TCP_STREAM_SYN.subarray(0, 40), 1).at(-1)!.label).toBe('[Malformed Packet: TCP]');
  });

  it('never throws and keeps every range inside the captured bytes, whatever the input', () => {
    const vectors = Object.values(V).filter((x): x is Uint8Array => x instanceof Uint8Array);
    fc.assert(
      fc.property(fc.constantFrom(...vectors), fc.nat(), fc.uint8Array({ maxLength: 8 }), fc.nat(120), fc.constantFrom(0, 1, 101, 113, 229, 276), (v, cut, noise, at2, lt) => {
        const bytes = Uint8Array.from(v.subarray(0, cut % (v.length + 1)));
        bytes.set(noise.subarray(0, Math.max(0, bytes.length - (at2 % (bytes.length + 1)))), at2 % (bytes.length + 1));
        for (const n of all(describePacket(bytes, lt, { origLen: v.length }))) {
          expect(n.start).toBeGreaterThanOrEqual(0);
          expect(n.start + n.length).toBeLessThanOrEqual(bytes.length);
        }
      }),
      { numRuns: 5000 },
    );
  });
});
