/** Link layers: Ethernet (with VLAN tags and PPPoE), Linux cooked SLL/SLL2, BSD null/loopback, raw IP. */
import { MAX_VLAN_IDS, Proto, type Dissection } from './dissection';
import { short } from './bounds';
import { decodeIPv4, decodeIPv6 } from './ip';
import { decodeArp } from './transport';
import { AF_INET, AF_INET6_VALUES, EtherType, LinkType, MAX_8023_LENGTH, PppProto } from './numbers';
import { ETH, NULL_LEN, PPPOE, SLL, SLL2, VLAN } from './layout';

const VLAN_ID_MASK = 0x0fff;
/** A null header whose high half is set was written in the other byte order (Wireshark's test too). */
const NULL_SWAPPED_MASK = 0xffff0000;

export function decodeLink(v: DataView, base: number, capEnd: number, wireEnd: number, linkType: number, out: Dissection): void {
  switch (linkType) {
    case LinkType.ETHERNET:
      return decodeEthernet(v, base, base, capEnd, wireEnd, out);
    case LinkType.LINUX_SLL:
      return decodeSll(v, base, capEnd, wireEnd, out);
    case LinkType.LINUX_SLL2:
      return decodeSll2(v, base, capEnd, wireEnd, out);
    case LinkType.NULL:
      return decodeNull(v, base, capEnd, wireEnd, out, false);
    case LinkType.LOOP:
      return decodeNull(v, base, capEnd, wireEnd, out, true);
    case LinkType.RAW:
    case LinkType.RAW_DLT12:
    case LinkType.RAW_DLT14:
      return decodeRawIp(v, base, base, capEnd, wireEnd, out);
    case LinkType.IPV4:
      return decodeIPv4(v, base, base, capEnd, wireEnd, out, 0);
    case LinkType.IPV6:
      return decodeIPv6(v, base, base, capEnd, wireEnd, out, 0);
    default:
      out.proto = Proto.Undecoded;
  }
}

function decodeEthernet(v: DataView, base: number, pos: number, capEnd: number, wireEnd: number, out: Dissection): void {
  if (pos + ETH.LEN > capEnd || pos + ETH.LEN > wireEnd) return short(out, 'link', 'Ethernet header', ETH.LEN, pos, capEnd, wireEnd);
  out.ethOffset = pos - base;
  const type = v.getUint16(pos + ETH.TYPE);
  if (type <= MAX_8023_LENGTH) {
    // 802.3 with an LLC header: not IP as far as Synfin goes.
    out.proto = Proto.Ethernet;
    return;
  }
  decodeEtherType(v, base, pos + ETH.LEN, capEnd, wireEnd, type, out);
}

/** Dispatches on an EtherType, peeling VLAN tags (stacked, outermost first) and PPPoE sessions. */
function decodeEtherType(v: DataView, base: number, pos: number, capEnd: number, wireEnd: number, type: number, out: Dissection): void {
  out.etherType = type;
  while (type === EtherType.VLAN || type === EtherType.QINQ || type === EtherType.QINQ_OLD) {
    if (pos + VLAN.LEN > capEnd || pos + VLAN.LEN > wireEnd) return short(out, 'vlan', '802.1Q tag', VLAN.LEN, pos, capEnd, wireEnd);
    if (out.vlanCount < MAX_VLAN_IDS) out.vlanIds[out.vlanCount] = v.getUint16(pos + VLAN.TCI) & VLAN_ID_MASK;
    out.vlanCount++;
    type = v.getUint16(pos + VLAN.TYPE);
    out.etherType = type;
    pos += VLAN.LEN;
    if (type <= MAX_8023_LENGTH) {
      out.proto = Proto.Ethernet;
      return;
    }
  }
  switch (type) {
    case EtherType.IPV4:
      return decodeIPv4(v, base, pos, capEnd, wireEnd, out, 0);
    case EtherType.IPV6:
      return decodeIPv6(v, base, pos, capEnd, wireEnd, out, 0);
    case EtherType.ARP:
      return decodeArp(v, base, pos, capEnd, wireEnd, out);
    case EtherType.PPPOE_SESSION:
      return decodePppoe(v, base, pos, capEnd, wireEnd, out);
    default:
      out.proto = Proto.Ethernet;
  }
}

function decodePppoe(v: DataView, base: number, pos: number, capEnd: number, wireEnd: number, out: Dissection): void {
  if (pos + PPPOE.WITH_PPP > capEnd || pos + PPPOE.WITH_PPP > wireEnd) return short(out, 'pppoe', 'PPPoE session header', PPPOE.WITH_PPP, pos, capEnd, wireEnd);
  // The PPPoE length counts the PPP protocol field and what follows; a shorter wire is the wire.
  const end = pos + PPPOE.LEN + v.getUint16(pos + PPPOE.LENGTH);
  if (end < wireEnd) wireEnd = end;
  const ppp = v.getUint16(pos + PPPOE.PPP_PROTOCOL);
  const next = pos + PPPOE.WITH_PPP;
  if (ppp === PppProto.IPV4) return decodeIPv4(v, base, next, capEnd, wireEnd, out, 0);
  if (ppp === PppProto.IPV6) return decodeIPv6(v, base, next, capEnd, wireEnd, out, 0);
  out.proto = Proto.Ethernet;
}

function decodeSll(v: DataView, base: number, capEnd: number, wireEnd: number, out: Dissection): void {
  if (base + SLL.LEN > capEnd || base + SLL.LEN > wireEnd) return short(out, 'link', 'Linux cooked header', SLL.LEN, base, capEnd, wireEnd);
  decodeSllProtocol(v, base, base + SLL.LEN, capEnd, wireEnd, v.getUint16(base + SLL.PROTOCOL), out);
}

function decodeSll2(v: DataView, base: number, capEnd: number, wireEnd: number, out: Dissection): void {
  if (base + SLL2.LEN > capEnd || base + SLL2.LEN > wireEnd) return short(out, 'link', 'Linux cooked v2 header', SLL2.LEN, base, capEnd, wireEnd);
  decodeSllProtocol(v, base, base + SLL2.LEN, capEnd, wireEnd, v.getUint16(base + SLL2.PROTOCOL), out);
}

/** SLL's protocol field is an EtherType, except small values that name 802.3 / 802.2 framings (not IP). */
function decodeSllProtocol(v: DataView, base: number, pos: number, capEnd: number, wireEnd: number, protocol: number, out: Dissection): void {
  if (protocol <= MAX_8023_LENGTH) {
    out.etherType = protocol;
    out.proto = Proto.Ethernet;
    return;
  }
  decodeEtherType(v, base, pos, capEnd, wireEnd, protocol, out);
}

function decodeNull(v: DataView, base: number, capEnd: number, wireEnd: number, out: Dissection, networkOrder: boolean): void {
  if (base + NULL_LEN > capEnd || base + NULL_LEN > wireEnd) return short(out, 'link', 'loopback header', NULL_LEN, base, capEnd, wireEnd);
  let family = v.getUint32(base, !networkOrder);
  // Null headers are in the capturing host's order, which the file does not record.
  if (!networkOrder && (family & NULL_SWAPPED_MASK) !== 0) family = v.getUint32(base, false);
  const pos = base + NULL_LEN;
  if (family === AF_INET) return decodeIPv4(v, base, pos, capEnd, wireEnd, out, 0);
  if (AF_INET6_VALUES.includes(family)) return decodeIPv6(v, base, pos, capEnd, wireEnd, out, 0);
  out.proto = Proto.Undecoded;
}

/** Raw IP: the version nibble says which. */
export function decodeRawIp(v: DataView, base: number, pos: number, capEnd: number, wireEnd: number, out: Dissection): void {
  if (pos >= capEnd || pos >= wireEnd) return short(out, 'ipv4', 'IP header', 1, pos, capEnd, wireEnd);
  const version = v.getUint8(pos) >> 4;
  if (version === 6) return decodeIPv6(v, base, pos, capEnd, wireEnd, out, 0);
  decodeIPv4(v, base, pos, capEnd, wireEnd, out, 0);
}
