/** The small headers: UDP, ICMP / ICMPv6, ARP. */
import { Proto, type Dissection } from './dissection';
import { malformed, short } from './bounds';
import { EtherType } from './numbers';

const UDP_HEADER = 8;
const ICMP_HEADER = 4;
/** Echo messages carry an identifier and a sequence number after the 4-byte header. */
const ICMP_ECHO_HEADER = 8;
const ICMP_ECHO_REPLY = 0;
const ICMP_ECHO_REQUEST = 8;
const ICMPV6_ECHO_REQUEST = 128;
const ICMPV6_ECHO_REPLY = 129;
const ARP_FIXED = 8;
const ARP_HTYPE_ETHERNET = 1;
const MAC_LEN = 6;
const IPV4_LEN = 4;
/** Fixed part plus two (MAC, IPv4) pairs. */
const ARP_ETHERNET_IPV4 = ARP_FIXED + 2 * (MAC_LEN + IPV4_LEN);

export function decodeUdp(v: DataView, base: number, pos: number, capEnd: number, wireEnd: number, out: Dissection): void {
  out.l4Offset = pos - base;
  const readEnd = Math.min(capEnd, wireEnd);
  if (pos + 4 <= readEnd) {
    out.srcPort = v.getUint16(pos);
    out.dstPort = v.getUint16(pos + 2);
  }
  if (pos + UDP_HEADER > readEnd) return short(out, 'udp', 'UDP header', UDP_HEADER, pos, capEnd, wireEnd);
  out.proto = Proto.UDP;
  out.udpLength = v.getUint16(pos + 4);
  if (out.udpLength < UDP_HEADER) malformed(out, 'udp', `length ${out.udpLength} is below the 8-byte header`);
}

export function decodeIcmp(v: DataView, base: number, pos: number, capEnd: number, wireEnd: number, out: Dissection, v6: boolean): void {
  out.l4Offset = pos - base;
  const readEnd = Math.min(capEnd, wireEnd);
  if (pos + ICMP_HEADER > readEnd) return short(out, 'icmp', v6 ? 'ICMPv6 header' : 'ICMP header', ICMP_HEADER, pos, capEnd, wireEnd);
  out.proto = v6 ? Proto.ICMPv6 : Proto.ICMP;
  const type = v.getUint8(pos);
  out.icmpType = type;
  out.icmpCode = v.getUint8(pos + 1);
  const echo = v6 ? type === ICMPV6_ECHO_REQUEST || type === ICMPV6_ECHO_REPLY : type === ICMP_ECHO_REQUEST || type === ICMP_ECHO_REPLY;
  if (echo && pos + ICMP_ECHO_HEADER <= readEnd) {
    out.icmpId = v.getUint16(pos + 4);
    out.icmpSeq = v.getUint16(pos + 6);
  }
}

export function decodeArp(v: DataView, base: number, pos: number, capEnd: number, wireEnd: number, out: Dissection): void {
  out.l4Offset = pos - base;
  const readEnd = Math.min(capEnd, wireEnd);
  if (pos + ARP_FIXED > readEnd) return short(out, 'arp', 'ARP header', ARP_FIXED, pos, capEnd, wireEnd);
  out.proto = Proto.ARP;
  out.arpOp = v.getUint16(pos + 6);
  const ethernetIpv4 =
    v.getUint16(pos) === ARP_HTYPE_ETHERNET && v.getUint16(pos + 2) === EtherType.IPV4 &&
    v.getUint8(pos + 4) === MAC_LEN && v.getUint8(pos + 5) === IPV4_LEN;
  if (!ethernetIpv4) return;
  if (pos + ARP_ETHERNET_IPV4 > readEnd) return short(out, 'arp', 'ARP addresses', ARP_ETHERNET_IPV4, pos, capEnd, wireEnd);
  out.arpSenderMacHi = v.getUint16(pos + 8);
  out.arpSenderMacLo = v.getUint32(pos + 10);
  out.arpSenderIp = v.getUint32(pos + 14);
  out.arpTargetIp = v.getUint32(pos + 24);
}
