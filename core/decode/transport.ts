/** The small headers: UDP, ICMP / ICMPv6, ARP. */
import { Proto, type Dissection } from './dissection';
import { malformed, short } from './bounds';
import { EtherType } from './numbers';
import { ARP, ICMP, MAC_LEN, PORTS_LEN, UDP } from './layout';

const ICMP_ECHO_REPLY = 0;
const ICMP_ECHO_REQUEST = 8;
const ICMPV6_ECHO_REQUEST = 128;
const ICMPV6_ECHO_REPLY = 129;
const ARP_HTYPE_ETHERNET = 1;
const IPV4_LEN = 4;

export function decodeUdp(v: DataView, base: number, pos: number, capEnd: number, wireEnd: number, out: Dissection): void {
  out.l4Offset = pos - base;
  const readEnd = Math.min(capEnd, wireEnd);
  if (pos + PORTS_LEN <= readEnd) {
    out.srcPort = v.getUint16(pos + UDP.SPORT);
    out.dstPort = v.getUint16(pos + UDP.DPORT);
  }
  if (pos + UDP.LEN > readEnd) return short(out, 'udp', 'UDP header', UDP.LEN, pos, capEnd, wireEnd);
  out.proto = Proto.UDP;
  out.udpLength = v.getUint16(pos + UDP.LENGTH);
  if (out.udpLength < UDP.LEN) malformed(out, 'udp', `length ${out.udpLength} is below the 8-byte header`);
}

export function decodeIcmp(v: DataView, base: number, pos: number, capEnd: number, wireEnd: number, out: Dissection, v6: boolean): void {
  out.l4Offset = pos - base;
  const readEnd = Math.min(capEnd, wireEnd);
  if (pos + ICMP.LEN > readEnd) return short(out, 'icmp', v6 ? 'ICMPv6 header' : 'ICMP header', ICMP.LEN, pos, capEnd, wireEnd);
  out.proto = v6 ? Proto.ICMPv6 : Proto.ICMP;
  const type = v.getUint8(pos + ICMP.TYPE);
  out.icmpType = type;
  out.icmpCode = v.getUint8(pos + ICMP.CODE);
  const echo = v6 ? type === ICMPV6_ECHO_REQUEST || type === ICMPV6_ECHO_REPLY : type === ICMP_ECHO_REQUEST || type === ICMP_ECHO_REPLY;
  if (echo && pos + ICMP.ECHO_LEN <= readEnd) {
    out.icmpId = v.getUint16(pos + ICMP.ID);
    out.icmpSeq = v.getUint16(pos + ICMP.SEQ);
  }
}

export function decodeArp(v: DataView, base: number, pos: number, capEnd: number, wireEnd: number, out: Dissection): void {
  out.l4Offset = pos - base;
  const readEnd = Math.min(capEnd, wireEnd);
  if (pos + ARP.LEN > readEnd) return short(out, 'arp', 'ARP header', ARP.LEN, pos, capEnd, wireEnd);
  out.proto = Proto.ARP;
  out.arpOp = v.getUint16(pos + ARP.OP);
  const ethernetIpv4 =
    v.getUint16(pos + ARP.HTYPE) === ARP_HTYPE_ETHERNET && v.getUint16(pos + ARP.PTYPE) === EtherType.IPV4 &&
    v.getUint8(pos + ARP.HLEN) === MAC_LEN && v.getUint8(pos + ARP.PLEN) === IPV4_LEN;
  if (!ethernetIpv4) return;
  if (pos + ARP.ETHERNET_IPV4_LEN > readEnd) return short(out, 'arp', 'ARP addresses', ARP.ETHERNET_IPV4_LEN, pos, capEnd, wireEnd);
  out.arpSenderMacHi = v.getUint16(pos + ARP.SHA);
  out.arpSenderMacLo = v.getUint32(pos + ARP.SHA + 2); // the MAC's low four bytes
  out.arpSenderIp = v.getUint32(pos + ARP.SPA);
  out.arpTargetIp = v.getUint32(pos + ARP.TPA);
}
