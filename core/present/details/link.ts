/** Details of the link layers: Ethernet, VLAN tags, PPPoE, Linux cooked v1/v2, null/loopback. */
import { formatMac } from '../../decode/address';
import { AF_INET, AF_INET6_VALUES, EtherType, LinkType, MAX_8023_LENGTH, PppProto } from '../../decode/numbers';
import { describeIPv4, describeIPv6 } from './ip';
import { describeArp } from './small';
import { bits, hex, node, type DetailNode, type Walk } from './tree';

const ETHER_TYPES: Record<number, string> = {
  0x0800: 'IPv4', 0x0806: 'ARP', 0x8100: '802.1Q Virtual LAN', 0x86dd: 'IPv6', 0x8864: 'PPPoE Session',
  0x8863: 'PPPoE Discovery', 0x88a8: '802.1ad Provider Bridge (Q-in-Q)', 0x9100: 'VLAN-tagged frame (Q-in-Q)', 0x88cc: '802.1 Link Layer Discovery Protocol (LLDP)',
  0x8847: 'MPLS label switched packet', 0x888e: '802.1X Authentication', 0x8035: 'Reverse ARP',
};
export const etherTypeLabel = (t: number) => `${ETHER_TYPES[t] ?? 'Unknown'} (0x${hex(t, 4)})`;

const PACKET_TYPES = ['Unicast to us', 'Broadcast', 'Multicast', 'Unicast to another host', 'Sent by us'];
const HATYPES: Record<number, string> = { 1: 'Ethernet', 772: 'Loopback', 776: 'IPv6-in-IPv4', 778: 'GRE', 65534: 'None' };
const VLAN_PRIORITIES = [
  'Best Effort (default)', 'Background', 'Excellent Effort', 'Critical Applications',
  'Video, < 100ms latency and jitter', 'Voice, < 10ms latency and jitter', 'Internetwork Control', 'Network Control',
];
const MAC = 6;

export function describeLink(w: Walk, linkType: number): void {
  switch (linkType) {
    case LinkType.ETHERNET: return ethernet(w, 0);
    case LinkType.LINUX_SLL: return sll(w);
    case LinkType.LINUX_SLL2: return sll2(w);
    case LinkType.NULL:
    case LinkType.LOOP: return nullLink(w, linkType === LinkType.LOOP);
    case LinkType.RAW:
    case LinkType.RAW_DLT12:
    case LinkType.RAW_DLT14:
      if (w.has(0, 1)) return w.u8(0) >> 4 === 6 ? describeIPv6(w, 0, w.wire, 0) : describeIPv4(w, 0, w.wire, 0);
      return;
    case LinkType.IPV4: return describeIPv4(w, 0, w.wire, 0);
    case LinkType.IPV6: return describeIPv6(w, 0, w.wire, 0);
    default:
      w.out.push(node(`Link-layer type ${linkType}: not decoded (${w.cap} bytes)`, 0, w.cap));
  }
}

function macNode(w: Walk, label: string, o: number, field: string): DetailNode {
  return node(`${label}: ${formatMac(w.bytes, o)}`, o, MAC, field);
}

function ethernet(w: Walk, p: number): void {
  if (!w.has(p, 14)) return;
  const type = w.u16(p + 12);
  const dst = formatMac(w.bytes, p);
  const src = formatMac(w.bytes, p + MAC);
  if (type <= MAX_8023_LENGTH) {
    w.out.push(node(`IEEE 802.3 Ethernet, Src: ${src}, Dst: ${dst}`, p, 14, 'eth', [
      macNode(w, 'Destination', p, 'eth.dst'), macNode(w, 'Source', p + MAC, 'eth.src'), node(`Length: ${type}`, p + 12, 2, 'eth.len'),
    ]));
    return;
  }
  w.out.push(node(`Ethernet II, Src: ${src}, Dst: ${dst}`, p, 14, 'eth', [
    macNode(w, 'Destination', p, 'eth.dst'), macNode(w, 'Source', p + MAC, 'eth.src'), node(`Type: ${etherTypeLabel(type)}`, p + 12, 2, 'eth.type'),
  ]));
  etherType(w, p + 14, w.wire, type);
}

function etherType(w: Walk, p: number, end: number, type: number): void {
  while (type === EtherType.VLAN || type === EtherType.QINQ || type === EtherType.QINQ_OLD) {
    if (!w.has(p, 4, end)) return;
    const tci = w.u16(p);
    const next = w.u16(p + 2);
    const pri = tci >> 13;
    const dei = (tci >> 12) & 1;
    const id = tci & 0x0fff;
    const title = type === EtherType.QINQ ? `IEEE 802.1ad, ID: ${id}` : `802.1Q Virtual LAN, PRI: ${pri}, DEI: ${dei}, ID: ${id}`;
    w.out.push(node(title, p, 4, type === EtherType.QINQ ? 'ieee8021ad' : 'vlan', [
      node(`${bits(tci, 0xe000, 16)} = Priority: ${VLAN_PRIORITIES[pri]} (${pri})`, p, 2, 'vlan.priority'),
      node(`${bits(tci, 0x1000, 16)} = DEI: ${dei ? 'Eligible' : 'Ineligible'}`, p, 2, 'vlan.dei'),
      node(`${bits(tci, 0x0fff, 16)} = ID: ${id}`, p, 2, 'vlan.id'),
      node(next <= MAX_8023_LENGTH ? `Length: ${next}` : `Type: ${etherTypeLabel(next)}`, p + 2, 2, next <= MAX_8023_LENGTH ? 'vlan.len' : 'vlan.etype'),
    ]));
    type = next;
    p += 4;
    if (type <= MAX_8023_LENGTH) return;
  }
  switch (type) {
    case EtherType.IPV4: return describeIPv4(w, p, end, 0);
    case EtherType.IPV6: return describeIPv6(w, p, end, 0);
    case EtherType.ARP: return describeArp(w, p, end);
    case EtherType.PPPOE_SESSION: return pppoe(w, p, end);
    default:
      if (p < w.cap) w.out.push(node(`Data (${w.cap - p} bytes)`, p, w.cap - p, 'data'));
  }
}

function pppoe(w: Walk, p: number, end: number): void {
  if (!w.has(p, 8, end)) return;
  const vt = w.u8(p);
  const len = w.u16(p + 4);
  const ppp = w.u16(p + 6);
  w.out.push(node('PPP-over-Ethernet Session', p, 6, 'pppoes', [
    node(`${bits(vt, 0xf0, 8)} = Version: ${vt >> 4}`, p, 1, 'pppoe.version'),
    node(`${bits(vt, 0x0f, 8)} = Type: ${vt & 0x0f}`, p, 1, 'pppoe.type'),
    node(`Code: Session Data (0x${hex(w.u8(p + 1), 2)})`, p + 1, 1, 'pppoe.code'),
    node(`Session ID: 0x${hex(w.u16(p + 2), 4)}`, p + 2, 2, 'pppoe.session_id'),
    node(`Payload Length: ${len}`, p + 4, 2, 'pppoe.payload_length'),
  ]));
  const name = ppp === PppProto.IPV4 ? 'Internet Protocol version 4' : ppp === PppProto.IPV6 ? 'Internet Protocol version 6' : 'Unknown';
  w.out.push(node('Point-to-Point Protocol', p + 6, 2, 'ppp', [node(`Protocol: ${name} (0x${hex(ppp, 4)})`, p + 6, 2, 'ppp.protocol')]));
  const inner = Math.min(end, p + 6 + len);
  if (ppp === PppProto.IPV4) describeIPv4(w, p + 8, inner, 0);
  else if (ppp === PppProto.IPV6) describeIPv6(w, p + 8, inner, 0);
}

function cookedAddress(w: Walk, o: number, halen: number, hatype: number): DetailNode {
  const n = Math.min(halen, 8);
  return hatype === 1 && n === MAC ? macNode(w, 'Source', o, 'sll.src.eth') : node(`Source: ${w.hexBytes(o, n)}`, o, n, 'sll.src.other');
}

function protocolNode(w: Walk, o: number): DetailNode {
  const proto = w.u16(o);
  return proto <= MAX_8023_LENGTH ? node(`Protocol: Linux protocol 0x${hex(proto, 4)}`, o, 2, 'sll.ltype') : node(`Protocol: ${etherTypeLabel(proto)}`, o, 2, 'sll.etype');
}

function sll(w: Walk): void {
  if (!w.has(0, 16)) return;
  const pkttype = w.u16(0);
  const hatype = w.u16(2);
  const halen = w.u16(4);
  w.out.push(node('Linux cooked capture v1', 0, 16, 'sll', [
    node(`Packet type: ${PACKET_TYPES[pkttype] ?? 'Unknown'} (${pkttype})`, 0, 2, 'sll.pkttype'),
    node(`Link-layer address type: ${HATYPES[hatype] ?? 'Unknown'} (${hatype})`, 2, 2, 'sll.hatype'),
    node(`Link-layer address length: ${halen}`, 4, 2, 'sll.halen'),
    cookedAddress(w, 6, halen, hatype),
    ...(halen < 8 ? [node(`Unused: ${w.hexBytes(6 + halen, 8 - halen)}`, 6 + halen, 8 - halen, 'sll.unused')] : []),
    protocolNode(w, 14),
  ]));
  cookedPayload(w, 16, w.u16(14));
}

function sll2(w: Walk): void {
  if (!w.has(0, 20)) return;
  const hatype = w.u16(8);
  const pkttype = w.u8(10);
  const halen = w.u8(11);
  w.out.push(node('Linux cooked capture v2', 0, 20, 'sll', [
    protocolNode(w, 0),
    node(`Interface index: ${w.u32(4)}`, 4, 4, 'sll.ifindex'),
    node(`Link-layer address type: ${HATYPES[hatype] ?? 'Unknown'} (${hatype})`, 8, 2, 'sll.hatype'),
    node(`Packet type: ${PACKET_TYPES[pkttype] ?? 'Unknown'} (${pkttype})`, 10, 1, 'sll.pkttype'),
    node(`Link-layer address length: ${halen}`, 11, 1, 'sll.halen'),
    cookedAddress(w, 12, halen, hatype),
    ...(halen < 8 ? [node(`Unused: ${w.hexBytes(12 + halen, 8 - halen)}`, 12 + halen, 8 - halen, 'sll.unused')] : []),
  ]));
  cookedPayload(w, 20, w.u16(0));
}

function cookedPayload(w: Walk, p: number, protocol: number): void {
  if (protocol > MAX_8023_LENGTH) etherType(w, p, w.wire, protocol);
}

function nullLink(w: Walk, networkOrder: boolean): void {
  if (!w.has(0, 4)) return;
  let family = w.view.getUint32(0, !networkOrder);
  if (!networkOrder && family >= 0x10000) family = w.u32(0);
  const v6 = AF_INET6_VALUES.includes(family);
  const name = family === AF_INET ? 'IP' : v6 ? 'IPv6' : 'Unknown';
  w.out.push(node(networkOrder ? 'Loopback' : 'Null/Loopback', 0, 4, 'null', [node(`Family: ${name} (${family})`, 0, 4, 'null.family')]));
  if (family === AF_INET) describeIPv4(w, 4, w.wire, 0);
  else if (v6) describeIPv6(w, 4, w.wire, 0);
}
