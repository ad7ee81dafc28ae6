/** Details of the link layers: Ethernet, VLAN tags, PPPoE, Linux cooked v1/v2, null/loopback. */
import { formatMac } from '../../decode/address';
import { AF_INET, AF_INET6_VALUES, EtherType, LinkType, MAX_8023_LENGTH, PppProto } from '../../decode/numbers';
import { describeIPv4, describeIPv6 } from './ip';
import { describeArp } from './small';
import { ETH, MAC_LEN, NULL_LEN, PPPOE, SLL, SLL2, SLL_ADDR_LEN, VLAN } from '../../decode/layout';
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
  return node(`${label}: ${formatMac(w.bytes, o)}`, o, MAC_LEN, field);
}

function ethernet(w: Walk, p: number): void {
  if (!w.has(p, ETH.LEN)) return;
  const type = w.u16(p + ETH.TYPE);
  const dst = formatMac(w.bytes, p + ETH.DST);
  const src = formatMac(w.bytes, p + ETH.SRC);
  if (type <= MAX_8023_LENGTH) {
    w.out.push(node(`IEEE 802.3 Ethernet, Src: ${src}, Dst: ${dst}`, p, ETH.LEN, 'eth', [
      macNode(w, 'Destination', p + ETH.DST, 'eth.dst'), macNode(w, 'Source', p + ETH.SRC, 'eth.src'), node(`Length: ${type}`, p + ETH.TYPE, 2, 'eth.len'),
    ]));
    return;
  }
  w.out.push(node(`Ethernet II, Src: ${src}, Dst: ${dst}`, p, ETH.LEN, 'eth', [
    macNode(w, 'Destination', p + ETH.DST, 'eth.dst'), macNode(w, 'Source', p + ETH.SRC, 'eth.src'), node(`Type: ${etherTypeLabel(type)}`, p + ETH.TYPE, 2, 'eth.type'),
  ]));
  etherType(w, p + ETH.LEN, w.wire, type);
}

function etherType(w: Walk, p: number, end: number, type: number): void {
  while (type === EtherType.VLAN || type === EtherType.QINQ || type === EtherType.QINQ_OLD) {
    if (!w.has(p, VLAN.LEN, end)) return;
    const tci = w.u16(p + VLAN.TCI);
    const next = w.u16(p + VLAN.TYPE);
    const pri = tci >> 13;
    const dei = (tci >> 12) & 1;
    const id = tci & 0x0fff;
    const title = type === EtherType.QINQ ? `IEEE 802.1ad, ID: ${id}` : `802.1Q Virtual LAN, PRI: ${pri}, DEI: ${dei}, ID: ${id}`;
    w.out.push(node(title, p, VLAN.LEN, type === EtherType.QINQ ? 'ieee8021ad' : 'vlan', [
      node(`${bits(tci, 0xe000, 16)} = Priority: ${VLAN_PRIORITIES[pri]} (${pri})`, p + VLAN.TCI, 2, 'vlan.priority'),
      node(`${bits(tci, 0x1000, 16)} = DEI: ${dei ? 'Eligible' : 'Ineligible'}`, p + VLAN.TCI, 2, 'vlan.dei'),
      node(`${bits(tci, 0x0fff, 16)} = ID: ${id}`, p + VLAN.TCI, 2, 'vlan.id'),
      node(next <= MAX_8023_LENGTH ? `Length: ${next}` : `Type: ${etherTypeLabel(next)}`, p + VLAN.TYPE, 2, next <= MAX_8023_LENGTH ? 'vlan.len' : 'vlan.etype'),
    ]));
    type = next;
    p += VLAN.LEN;
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
  if (!w.has(p, PPPOE.WITH_PPP, end)) return;
  const vt = w.u8(p + PPPOE.VER_TYPE);
  const len = w.u16(p + PPPOE.LENGTH);
  const ppp = w.u16(p + PPPOE.PPP_PROTOCOL);
  w.out.push(node('PPP-over-Ethernet Session', p, PPPOE.LEN, 'pppoes', [
    node(`${bits(vt, 0xf0, 8)} = Version: ${vt >> 4}`, p + PPPOE.VER_TYPE, 1, 'pppoe.version'),
    node(`${bits(vt, 0x0f, 8)} = Type: ${vt & 0x0f}`, p + PPPOE.VER_TYPE, 1, 'pppoe.type'),
    node(`Code: Session Data (0x${hex(w.u8(p + PPPOE.CODE), 2)})`, p + PPPOE.CODE, 1, 'pppoe.code'),
    node(`Session ID: 0x${hex(w.u16(p + PPPOE.SESSION), 4)}`, p + PPPOE.SESSION, 2, 'pppoe.session_id'),
    node(`Payload Length: ${len}`, p + PPPOE.LENGTH, 2, 'pppoe.payload_length'),
  ]));
  const name = ppp === PppProto.IPV4 ? 'Internet Protocol version 4' : ppp === PppProto.IPV6 ? 'Internet Protocol version 6' : 'Unknown';
  w.out.push(node('Point-to-Point Protocol', p + PPPOE.PPP_PROTOCOL, 2, 'ppp', [node(`Protocol: ${name} (0x${hex(ppp, 4)})`, p + PPPOE.PPP_PROTOCOL, 2, 'ppp.protocol')]));
  const inner = Math.min(end, p + PPPOE.LEN + len);
  if (ppp === PppProto.IPV4) describeIPv4(w, p + PPPOE.WITH_PPP, inner, 0);
  else if (ppp === PppProto.IPV6) describeIPv6(w, p + PPPOE.WITH_PPP, inner, 0);
}

function cookedAddress(w: Walk, o: number, halen: number, hatype: number): DetailNode {
  const n = Math.min(halen, SLL_ADDR_LEN);
  return hatype === 1 && n === MAC_LEN ? macNode(w, 'Source', o, 'sll.src.eth') : node(`Source: ${w.hexBytes(o, n)}`, o, n, 'sll.src.other');
}

function protocolNode(w: Walk, o: number): DetailNode {
  const proto = w.u16(o);
  return proto <= MAX_8023_LENGTH ? node(`Protocol: Linux protocol 0x${hex(proto, 4)}`, o, 2, 'sll.ltype') : node(`Protocol: ${etherTypeLabel(proto)}`, o, 2, 'sll.etype');
}

function sll(w: Walk): void {
  if (!w.has(0, SLL.LEN)) return;
  const pkttype = w.u16(SLL.PKTTYPE);
  const hatype = w.u16(SLL.HATYPE);
  const halen = w.u16(SLL.HALEN);
  w.out.push(node('Linux cooked capture v1', 0, SLL.LEN, 'sll', [
    node(`Packet type: ${PACKET_TYPES[pkttype] ?? 'Unknown'} (${pkttype})`, SLL.PKTTYPE, 2, 'sll.pkttype'),
    node(`Link-layer address type: ${HATYPES[hatype] ?? 'Unknown'} (${hatype})`, SLL.HATYPE, 2, 'sll.hatype'),
    node(`Link-layer address length: ${halen}`, SLL.HALEN, 2, 'sll.halen'),
    cookedAddress(w, SLL.ADDR, halen, hatype),
    ...(halen < SLL_ADDR_LEN ? [node(`Unused: ${w.hexBytes(SLL.ADDR + halen, SLL_ADDR_LEN - halen)}`, SLL.ADDR + halen, SLL_ADDR_LEN - halen, 'sll.unused')] : []),
    protocolNode(w, SLL.PROTOCOL),
  ]));
  cookedPayload(w, SLL.LEN, w.u16(SLL.PROTOCOL));
}

function sll2(w: Walk): void {
  if (!w.has(0, SLL2.LEN)) return;
  const hatype = w.u16(SLL2.HATYPE);
  const pkttype = w.u8(SLL2.PKTTYPE);
  const halen = w.u8(SLL2.HALEN);
  w.out.push(node('Linux cooked capture v2', 0, SLL2.LEN, 'sll', [
    protocolNode(w, SLL2.PROTOCOL),
    node(`Interface index: ${w.u32(SLL2.IFINDEX)}`, SLL2.IFINDEX, 4, 'sll.ifindex'),
    node(`Link-layer address type: ${HATYPES[hatype] ?? 'Unknown'} (${hatype})`, SLL2.HATYPE, 2, 'sll.hatype'),
    node(`Packet type: ${PACKET_TYPES[pkttype] ?? 'Unknown'} (${pkttype})`, SLL2.PKTTYPE, 1, 'sll.pkttype'),
    node(`Link-layer address length: ${halen}`, SLL2.HALEN, 1, 'sll.halen'),
    cookedAddress(w, SLL2.ADDR, halen, hatype),
    ...(halen < SLL_ADDR_LEN ? [node(`Unused: ${w.hexBytes(SLL2.ADDR + halen, SLL_ADDR_LEN - halen)}`, SLL2.ADDR + halen, SLL_ADDR_LEN - halen, 'sll.unused')] : []),
  ]));
  cookedPayload(w, SLL2.LEN, w.u16(SLL2.PROTOCOL));
}

function cookedPayload(w: Walk, p: number, protocol: number): void {
  if (protocol > MAX_8023_LENGTH) etherType(w, p, w.wire, protocol);
}

function nullLink(w: Walk, networkOrder: boolean): void {
  if (!w.has(0, NULL_LEN)) return;
  let family = w.view.getUint32(0, !networkOrder);
  if (!networkOrder && family >= 0x10000) family = w.u32(0);
  const v6 = AF_INET6_VALUES.includes(family);
  const name = family === AF_INET ? 'IP' : v6 ? 'IPv6' : 'Unknown';
  w.out.push(node(networkOrder ? 'Loopback' : 'Null/Loopback', 0, NULL_LEN, 'null', [node(`Family: ${name} (${family})`, 0, NULL_LEN, 'null.family')]));
  if (family === AF_INET) describeIPv4(w, NULL_LEN, w.wire, 0);
  else if (v6) describeIPv6(w, NULL_LEN, w.wire, 0);
}
