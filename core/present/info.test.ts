import { describe, expect, it } from 'vitest';
import { dissectBytes } from '../decode/dissect';
import { Dissection } from '../decode/dissection';
import { PacketFacts } from '../tcp/facts';
import { analysisBit, type AnalysisFlag } from '../tcp/vocabulary';
import { analysisPrefix, formatInfo } from './info';
import { bytesOf, concat, ethernet, hex, ipv4, ipv6, tcp, udp, type TcpOpts } from '../../test/builders/packets';

const dissected = (bytes: Uint8Array, origLen?: number) => {
  const d = new Dissection();
  dissectBytes(bytes, 1, d, origLen);
  return d;
};
const facts = (o: Partial<PacketFacts> = {}) => Object.assign(new PacketFacts(), { stream: 0 }, o);
const bits = (...names: AnalysisFlag[]) => names.reduce((a, n) => a | analysisBit(n), 0);
const seg = (o: TcpOpts, payload?: Uint8Array) => ethernet(0x0800, ipv4({ proto: 6 }, tcp(o, payload)));

// Expected strings are what tshark 4.0.17 prints for the same packets (see test/corpus/expected/info.tsv
// for the corpus-wide check).
describe('TCP Info', () => {
  it('prints a SYN with its options in the order they were sent', () => {
    const d = dissected(seg({ sport: 51000, dport: 80, window: 64240, options: [2, 4, 5, 180, 1, 1, 4, 2, 1, 3, 3, 7] }));
    expect(formatInfo(d, facts())).toBe('51000 → 80 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 SACK_PERM WS=128');
  });

  it('shows Ack only with the ACK flag, Urg only with URG, and the scaled window from the tracker', () => {
    const d = dissected(seg({ flags: 0x038, urgent: 3, window: 502 }, bytesOf(10)));
    expect(formatInfo(d, facts({ relSeq: 1, relAck: 5, windowSize: 64256 }))).toBe('51000 → 80 [PSH, ACK, URG] Seq=1 Ack=5 Win=64256 Urg=3 Len=10');
    expect(formatInfo(d, facts({ relSeq: 1, relAck: 5, windowSize: -1 }))).toBe('51000 → 80 [PSH, ACK, URG] Seq=1 Ack=5 Win=502 Urg=3 Len=10');
  });

  it('falls back to the raw numbers when the tracker has no stream for the frame', () => {
    const d = dissected(seg({ flags: 0x014, seq: 2678510063, ack: 0 }));
    expect(formatInfo(d, null)).toBe('51000 → 80 [RST, ACK] Seq=2678510063 Ack=0 Win=64240 Len=0');
  });

  it('names no flags "<None>" and all of them in Wireshark order, AE and Reserved last', () => {
    expect(formatInfo(dissected(seg({ flags: 0 })), facts())).toBe('51000 → 80 [<None>] Seq=0 Win=64240 Len=0');
    expect(formatInfo(dissected(seg({ flags: 0xf14 })), facts())).toBe('51000 → 80 [RST, ACK, AE, Reserved] Seq=0 Ack=0 Win=64240 Len=0');
  });

  it('prints timestamps, SACK edges relative to the peer base, and Fast Open', () => {
    // Raw edges 5572 and 11044 with the peer base at 99 (raw ack 100, relative ack 1).
    const sack = [5, 10, 0, 0, 0x15, 0xc4, 0, 0, 0x2b, 0x24, 8, 10, 0, 0, 0, 7, 0, 0, 0, 9];
    const d = dissected(seg({ flags: 0x010, ack: 100, options: sack }));
    expect(formatInfo(d, facts({ relSeq: 1, relAck: 1 }))).toBe('51000 → 80 [ACK] Seq=1 Ack=1 Win=64240 Len=0 SLE=5473 SRE=10945 TSval=7 TSecr=9');
    expect(formatInfo(dissected(seg({ options: [2, 4, 5, 180, 34, 2] })), facts())).toBe('51000 → 80 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 TFO=R');
    expect(formatInfo(dissected(seg({ flags: 0x012, options: [254, 8, 0xf9, 0x89, 1, 2, 3, 4] })), facts({ relAck: 1 }))).toBe('51000 → 80 [SYN, ACK] Seq=0 Ack=1 Win=64240 Len=0 TFO=C');
  });

  it('says "bogus TCP header length" for a data offset below 5 words', () => {
    expect(formatInfo(dissected(seg({ offsetWords: 4 }, bytesOf(10))), facts())).toBe('51000 → 80 [SYN] Seq=0 Win=64240, bogus TCP header length (16, must be at least 20)');
  });

  it('appends the capture limit to options cut by the snaplen, and to ports-only frames', () => {
    const p = seg({ options: [2, 4, 5, 180, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0] });
    expect(formatInfo(dissected(p.subarray(0, 60), p.length), facts())).toBe('51000 → 80 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 SACK_PERM[Packet size limited during capture]');
    expect(formatInfo(dissected(p.subarray(0, 46), 262144), null)).toBe('51000 → 80[Packet size limited during capture]');
    expect(formatInfo(dissected(p.subarray(0, 46)), null)).toBe('51000 → 80[Malformed Packet]');
  });
});

describe('analysis prefixes', () => {
  it('reads in the reverse of Wireshark checking order', () => {
    expect(analysisPrefix(bits('ack_lost_segment', 'fast_retransmission', 'retransmission'))).toBe('[TCP ACKed unseen segment] [TCP Fast Retransmission] ');
    expect(analysisPrefix(bits('zero_window', 'duplicate_ack', 'keep_alive', 'window_update', 'reused_ports'), { dupAckFrame: 7, dupAckNum: 2 }))
      .toBe('[TCP ZeroWindow] [TCP Dup ACK 7#2] [TCP Keep-Alive] [TCP Window Update] [TCP Port numbers reused] ');
  });

  it('names a fast or spurious retransmission by that word only, and a dup ACK without numbers plainly', () => {
    expect(analysisPrefix(bits('spurious_retransmission', 'retransmission'))).toBe('[TCP Spurious Retransmission] ');
    expect(analysisPrefix(bits('retransmission'))).toBe('[TCP Retransmission] ');
    expect(analysisPrefix(bits('duplicate_ack'))).toBe('[TCP Dup ACK] ');
  });

  it('goes before the ports in the Info line', () => {
    const d = dissected(seg({ flags: 0x010, options: [1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2] }));
    expect(formatInfo(d, facts({ relSeq: 1, relAck: 1, analysis: bits('duplicate_ack') }), { dupAckFrame: 1, dupAckNum: 1 }))
      .toBe('[TCP Dup ACK 1#1] 51000 → 80 [ACK] Seq=1 Ack=1 Win=64240 Len=0 TSval=1 TSecr=2');
  });
});

describe('other protocols', () => {
  it('prints UDP ports and payload length', () => {
    expect(formatInfo(dissected(ethernet(0x0800, ipv4({ proto: 17 }, udp(1234, 53, bytesOf(40))))), null)).toBe('1234 → 53 Len=40');
  });

  it('prints ICMP and ICMPv6 echo as Wireshark pads them (checked with tshark)', () => {
    const ping = hex('000000000000000000000000080045000054d544400040014ab80a9a000308080808080032060fd7000195b216660000000040360b00000000001011121314151617');
    expect(formatInfo(dissected(ping), null)).toBe('Echo (ping) request  id=0x0fd7, seq=1/256, ttl=64');
    const reply = ethernet(0x0800, ipv4({ proto: 1 }, hex('000000000fd70002')));
    expect(formatInfo(dissected(reply), null)).toBe('Echo (ping) reply    id=0x0fd7, seq=2/512, ttl=64');
    const v6 = ethernet(0x86dd, ipv6({ next: 58 }, hex('8000000012340005')));
    expect(formatInfo(dissected(v6), null)).toBe('Echo (ping) request id=0x1234, seq=5, hop limit=64');
    const unreachable = ethernet(0x0800, ipv4({ proto: 1 }, hex('0303000000000000')));
    expect(formatInfo(dissected(unreachable), null)).toBe('Destination unreachable (Port unreachable)');
  });

  it('prints ARP requests, replies, announcements and probes', () => {
    const arp = (op: number, spa: string, tpa: string) => ethernet(0x0806, hex(`000108000604000${op}001122334455${spa}000000000000${tpa}`));
    expect(formatInfo(dissected(arp(1, 'c0a80001', 'c0a80002')), null)).toBe('Who has 192.168.0.2? Tell 192.168.0.1');
    expect(formatInfo(dissected(arp(2, 'c0a80001', 'c0a80002')), null)).toBe('192.168.0.1 is at 00:11:22:33:44:55');
    expect(formatInfo(dissected(arp(1, 'c0a80001', 'c0a80001')), null)).toBe('ARP Announcement for 192.168.0.1');
    expect(formatInfo(dissected(arp(1, '00000000', 'c0a80009')), null)).toBe('Who has 192.168.0.9? (ARP Probe)');
  });

  it('describes later fragments and protocols it does not decode', () => {
    const frag = ethernet(0x0800, ipv4({ proto: 6, id: 0xabcd, fragment: 0x0003 }, bytesOf(28)));
    expect(formatInfo(dissected(frag), null)).toBe('Fragmented IP protocol (proto=TCP 6, off=24, ID=abcd)');
    expect(formatInfo(dissected(ethernet(0x0800, ipv4({ proto: 253 }, bytesOf(12)))), null)).toBe('Unknown (253)');
    expect(formatInfo(dissected(ethernet(0x88cc, bytesOf(46))), null)).toBe('EtherType 0x88cc');
  });

  it('marks frames cut inside a header', () => {
    const p = seg({});
    expect(formatInfo(dissected(p.subarray(0, 8), 78), null)).toBe('[Packet size limited during capture]');
    expect(formatInfo(dissected(concat(p.subarray(0, 20))), null)).toBe('[Malformed Packet]');
  });
});
