/**
 * The Info column of the packet list, worded as Wireshark 4.0 words it (tshark -T fields
 * -e _ws.col.Info with TCP reassembly off and no application dissector over TCP), from the
 * decoder's Dissection and the tracker's PacketFacts.
 */
import { Proto, TcpFlag, type Dissection } from '../decode/dissection';
import { formatIPv4, formatMac } from '../decode/address';
import { TcpOption } from '../decode/numbers';
import type { PacketFacts } from '../tcp/facts';
import { analysisBit } from '../tcp/vocabulary';
import { formatTcpFlagsWireshark } from './flags';
import { icmpDescription, ipProtocolName } from './names';

/** What the tracker knows beyond PacketFacts that the Info column shows. */
export interface InfoExtras {
  /** For a duplicate ACK: the frame it duplicates and its count ("[TCP Dup ACK 1256#3] "). */
  dupAckFrame?: number;
  dupAckNum?: number;
}

export const LIMITED = '[Packet size limited during capture]';
export const MALFORMED = '[Malformed Packet]';

/**
 * Analysis prefixes, leftmost first. Wireshark prepends each one as it checks it, so they read
 * in the reverse of its checking order (reused ports, retransmissions, lost segments, window,
 * keep-alive, duplicate ACK, zero window). A null text is the duplicate ACK, which has numbers.
 */
const PREFIXES: readonly (readonly [number, string | null])[] = [
  [analysisBit('zero_window'), '[TCP ZeroWindow] '],
  [analysisBit('zero_window_probe'), '[TCP ZeroWindowProbe] '],
  [analysisBit('duplicate_ack'), null],
  [analysisBit('keep_alive_ack'), '[TCP Keep-Alive ACK] '],
  [analysisBit('keep_alive'), '[TCP Keep-Alive] '],
  [analysisBit('window_full'), '[TCP Window Full] '],
  [analysisBit('window_update'), '[TCP Window Update] '],
  [analysisBit('ack_lost_segment'), '[TCP ACKed unseen segment] '],
  [analysisBit('lost_segment'), '[TCP Previous segment not captured] '],
  [analysisBit('out_of_order'), '[TCP Out-Of-Order] '],
  [analysisBit('spurious_retransmission'), '[TCP Spurious Retransmission] '],
  [analysisBit('fast_retransmission'), '[TCP Fast Retransmission] '],
  [analysisBit('retransmission'), '[TCP Retransmission] '],
  [analysisBit('reused_ports'), '[TCP Port numbers reused] '],
];
/** Wireshark marks a fast or spurious retransmission with that word only, though its filters match both. */
const SPECIFIC_RETRANSMISSION = analysisBit('fast_retransmission') | analysisBit('spurious_retransmission');
const RETRANSMISSION = analysisBit('retransmission');

/** The "[TCP …] " words before a TCP Info line. Without the dup-ACK numbers, "[TCP Dup ACK] ". */
export function analysisPrefix(analysis: number, extras?: InfoExtras): string {
  let s = '';
  for (const [bit, text] of PREFIXES) {
    if (!(analysis & bit)) continue;
    if (bit === RETRANSMISSION && analysis & SPECIFIC_RETRANSMISSION) continue;
    if (text !== null) s += text;
    else if (extras?.dupAckFrame !== undefined && extras.dupAckNum !== undefined) s += `[TCP Dup ACK ${extras.dupAckFrame}#${extras.dupAckNum}] `;
    else s += '[TCP Dup ACK] ';
  }
  return s;
}

/** The Info column for a frame; `facts` is null for frames the tracker did not see (then raw numbers). */
export function formatInfo(d: Dissection, facts: PacketFacts | null, extras?: InfoExtras): string {
  const suffix = problemSuffix(d);
  switch (d.proto) {
    case Proto.TCP:
      return tcpInfo(d, facts, extras) + suffix;
    case Proto.UDP:
      return `${d.srcPort} → ${d.dstPort} Len=${Math.max(0, d.udpLength - 8)}` + suffix;
    case Proto.ICMP:
    case Proto.ICMPv6:
      return icmpInfo(d) + suffix;
    case Proto.ARP:
      return arpInfo(d) + suffix;
    case Proto.IPv4:
    case Proto.IPv6:
      return ipInfo(d) + suffix;
    case Proto.Ethernet:
      return (d.etherType >= 0 && d.etherType <= 1500 ? 'IEEE 802.3 frame (LLC)' : `EtherType 0x${hex4(d.etherType)}`) + suffix;
    case Proto.Malformed:
      // Wireshark shows the ports it read before the cut: "12336 → 12336[Packet size limited during capture]".
      return (d.srcPort >= 0 ? `${d.srcPort} → ${d.dstPort}` : '') + suffix;
    default:
      return `Link type ${d.linkType} (not decoded)`;
  }
}

/** What Wireshark appends when a dissector ran out of bytes: only for problems that stopped decoding. */
function problemSuffix(d: Dissection): string {
  const p = d.problem;
  if (p === null) return '';
  if (p.kind === 'truncated') return LIMITED;
  return d.proto === Proto.Malformed ? MALFORMED : '';
}

function tcpInfo(d: Dissection, facts: PacketFacts | null, extras?: InfoExtras): string {
  const tracked = facts !== null && facts.stream >= 0;
  const seq = tracked ? facts.relSeq : d.seq;
  const ack = tracked ? facts.relAck : d.ack;
  let s = (tracked ? analysisPrefix(facts.analysis, extras) : '') + `${d.srcPort} → ${d.dstPort} [${formatTcpFlagsWireshark(d.tcpFlags)}] Seq=${seq}`;
  if (d.tcpFlags & TcpFlag.ACK) s += ` Ack=${ack}`;
  s += ` Win=${tracked && facts.windowSize >= 0 ? facts.windowSize : d.window}`;
  if (d.tcpHeaderLen < 20) return `${s}, bogus TCP header length (${d.tcpHeaderLen}, must be at least 20)`;
  if (d.tcpFlags & TcpFlag.URG) s += ` Urg=${d.urgentPointer}`;
  s += ` Len=${d.payloadLen}`;
  // SACK edges are relative to the peer's base, which the relative ack reveals: base = raw − relative.
  const peerBase = tracked ? (d.ack - facts.relAck) >>> 0 : 0;
  let sack = 0;
  const n = Math.min(d.optionCount, d.optionKinds.length);
  for (let i = 0; i < n; i++) {
    switch (d.optionKinds[i]) {
      case TcpOption.MSS:
        if (d.mss >= 0) s += ` MSS=${d.mss}`;
        break;
      case TcpOption.WINDOW_SCALE:
        if (d.windowScale >= 0) s += ` WS=${2 ** Math.min(d.windowScale, 14)}`;
        break;
      case TcpOption.SACK_PERMITTED:
        if (d.sackPermitted) s += ' SACK_PERM';
        break;
      case TcpOption.TIMESTAMPS:
        if (d.hasTimestamps) s += ` TSval=${d.tsVal} TSecr=${d.tsEcr}`;
        break;
      case TcpOption.SACK:
        for (; sack < d.sackCount; sack++) {
          s += ` SLE=${(d.sack[2 * sack]! - peerBase) >>> 0} SRE=${(d.sack[2 * sack + 1]! - peerBase) >>> 0}`;
        }
        break;
      case TcpOption.FAST_OPEN:
      case TcpOption.EXPERIMENT_2:
        if (d.tfoCookieLen >= 0) s += d.tfoCookieLen === 0 ? ' TFO=R' : ' TFO=C';
        break;
    }
  }
  return s;
}

function icmpInfo(d: Dissection): string {
  const v6 = d.proto === Proto.ICMPv6;
  const text = icmpDescription(v6, d.icmpType, d.icmpCode);
  if (d.icmpId < 0) return text;
  if (v6) return `${text} id=0x${hex4(d.icmpId)}, seq=${d.icmpSeq}, hop limit=${d.ttl}`;
  // ICMP pads the type to 20 characters and shows the sequence number both ways round (BE/LE).
  const swapped = ((d.icmpSeq & 0xff) << 8) | (d.icmpSeq >> 8);
  return `${text.padEnd(20)} id=0x${hex4(d.icmpId)}, seq=${d.icmpSeq}/${swapped}, ttl=${d.ttl}`;
}

function arpInfo(d: Dissection): string {
  const sender = formatIPv4(d.arpSenderIp);
  const target = formatIPv4(d.arpTargetIp);
  if (d.arpOp === 1) {
    // RFC 5227: a probe comes from 0.0.0.0; an announcement names its own address as the target.
    if (d.arpSenderIp === 0) return `Who has ${target}? (ARP Probe)`;
    return d.arpSenderIp === d.arpTargetIp ? `ARP Announcement for ${sender}` : `Who has ${target}? Tell ${sender}`;
  }
  if (d.arpOp === 2) {
    const mac = [d.arpSenderMacHi >> 8, d.arpSenderMacHi & 0xff, d.arpSenderMacLo >>> 24, (d.arpSenderMacLo >> 16) & 0xff, (d.arpSenderMacLo >> 8) & 0xff, d.arpSenderMacLo & 0xff];
    return d.arpSenderIp === d.arpTargetIp ? `Gratuitous ARP for ${sender} (Reply)` : `${sender} is at ${formatMac(mac)}`;
  }
  return `ARP opcode ${d.arpOp}`;
}

function ipInfo(d: Dissection): string {
  const name = ipProtocolName(d.ipProto);
  if (d.isFragment) {
    return `Fragmented IP protocol (proto=${name} ${d.ipProto}, off=${d.fragmentOffset}, ID=${d.ipId.toString(16).padStart(d.ipVersion === 6 ? 8 : 4, '0')})`;
  }
  return `${name} (${d.ipProto})`;
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');
