/**
 * Where Synfin's filters legitimately keep other frames than tshark 4.0.17 does, with the reason.
 * `frames`: "-" frames tshark keeps and Synfin does not, "+" frames Synfin keeps and tshark does not.
 * The differential test fails when a listed difference disappears as well as when a new one appears.
 */
export interface Deviation {
  capture: string;
  filter: string;
  frames: string;
  reason: string;
}

const NEGATIVE_TIMES =
  "Interface 1 of this capture stamps packets 2^64 µs minus 505 s: a negative 64-bit time. Synfin's reader reads the tick count " +
  'unsigned (year ~586 000, which is also what tshark prints); tshark\'s filter compares the same times as negative.';
const EMPTY_ANALYSIS_SYN =
  'The SYN arrives after its SYN-ACK; tshark gives it an empty SEQ/ACK analysis tree (and so the iRTT) for a reason the ' +
  'per-packet facts do not show. seq-ack.ts reproduces the tree on 9758 of the corpus\'s 9761 TCP packets.';
const EMPTY_ANALYSIS_ACK =
  'An ACK beyond the last data seen from the peer (1448 bytes were not captured): tshark gives it an empty SEQ/ACK analysis ' +
  'tree (and so the iRTT) without flagging ack_lost_segment, which is what Synfin would go by.';

const bothWays = (capture: string, filter: string, frames: string, reason: string): Deviation => ({ capture, filter, frames, reason });

/** With tshark's own per-frame facts (the filter engine alone). */
export const FACTS_DEVIATIONS: readonly Deviation[] = [
  bothWays('pcapplusplus/pcapng-example.pcapng', 'frame.time_relative >= 0.5', '+60-159', NEGATIVE_TIMES),
  bothWays('pcapplusplus/pcapng-example.pcapng', 'frame.time_delta > 0.1', '+60', NEGATIVE_TIMES),
  bothWays('zeek/vlan-qinqinq.pcap', 'vlan.id == 10', '-1-14',
    'Q-in-Q-in-Q (tags 30, 20, 10): the packet store keeps the outermost VLAN id only; tshark\'s vlan.id has every tag.'),
  bothWays('zeek/handshake-reorder.pcap', 'tcp.analysis', '-2', EMPTY_ANALYSIS_SYN),
  bothWays('zeek/handshake-reorder.pcap', 'tcp.analysis.initial_rtt', '-2', EMPTY_ANALYSIS_SYN),
  bothWays('zeek/reassembly.pcap', 'tcp.analysis', '-105', EMPTY_ANALYSIS_ACK),
  bothWays('zeek/reassembly.pcap', 'tcp.analysis.initial_rtt', '-105', EMPTY_ANALYSIS_ACK),
  bothWays('zeek/reassembly.pcap', 'tcp.analysis.initial_rtt > 0.01', '-105', EMPTY_ANALYSIS_ACK),
  bothWays('tcpdump/pptp.pcap', 'ip.proto == 47', '-16',
    'The packet store keeps a protocol label (TCP, UDP, ICMP …), not the IP protocol number: ip.proto is known for TCP, UDP and ICMP only, not for GRE.'),
];

/** With Synfin's reader, decoders and tracker: the same, and what the decoders do differently. */
export const PIPELINE_DEVIATIONS: readonly Deviation[] = [
  ...FACTS_DEVIATIONS,
  bothWays('libpcap/AH-IPcomp-IPv6.pcap', 'ipv6.hlim == 64', '-2,4-7,9-10,13,15',
    'IPv6 tunnelled in IPv6 (through AH): Synfin keeps the innermost IP header (hop limit 63 on the way back); tshark\'s fields have both headers.'),
];
