/** Details of UDP, ICMP, ICMPv6 and ARP. */
import { formatIPv4, formatMac } from '../../decode/address';
import { icmpCodeName, icmpTypeName } from '../names';
import { etherTypeLabel } from './link';
import { ARP, ICMP, MAC_LEN, PORTS_LEN, UDP } from '../../decode/layout';
import { hex, node, type DetailNode, type Walk } from './tree';

export function describeUdp(w: Walk, p: number, end: number): void {
  if (!w.has(p, UDP.LEN, end)) {
    if (w.has(p, PORTS_LEN, end)) w.out.push(node(`User Datagram Protocol, Src Port: ${w.u16(p)}, Dst Port: ${w.u16(p + UDP.DPORT)}`, p, Math.min(end, w.cap) - p, 'udp'));
    return;
  }
  const len = w.u16(p + UDP.LENGTH);
  const payload = Math.min(end, w.cap, p + Math.max(len, UDP.LEN)) - p - UDP.LEN;
  w.out.push(node(`User Datagram Protocol, Src Port: ${w.u16(p)}, Dst Port: ${w.u16(p + UDP.DPORT)}`, p, UDP.LEN, 'udp', [
    node(`Source Port: ${w.u16(p)}`, p, 2, 'udp.srcport'),
    node(`Destination Port: ${w.u16(p + UDP.DPORT)}`, p + UDP.DPORT, 2, 'udp.dstport'),
    node(`Length: ${len}`, p + UDP.LENGTH, 2, 'udp.length'),
    node(`Checksum: 0x${hex(w.u16(p + UDP.CHECKSUM), 4)} [unverified]`, p + UDP.CHECKSUM, 2, 'udp.checksum'),
    ...(payload > 0 ? [node(`UDP payload (${payload} bytes)`, p + UDP.LEN, payload, 'udp.payload')] : []),
  ]));
}

export function describeIcmp(w: Walk, p: number, end: number, v6: boolean): void {
  if (!w.has(p, ICMP.LEN, end)) return;
  const type = w.u8(p + ICMP.TYPE);
  const code = w.u8(p + ICMP.CODE);
  const name = icmpTypeName(v6, type);
  const codeName = v6 ? undefined : icmpCodeName(type, code);
  const f = v6 ? 'icmpv6' : 'icmp';
  const kids: DetailNode[] = [
    node(v6 ? `Type: ${name} (${type})` : `Type: ${type} (${name})`, p, 1, `${f}.type`),
    node(codeName ? `Code: ${code} (${codeName})` : `Code: ${code}`, p + ICMP.CODE, 1, `${f}.code`),
    node(`Checksum: 0x${hex(w.u16(p + ICMP.CHECKSUM), 4)} [unverified]`, p + ICMP.CHECKSUM, 2, `${f}.checksum`),
  ];
  const echo = v6 ? type === 128 || type === 129 : type === 0 || type === 8;
  let body = p + ICMP.LEN;
  if (echo && w.has(p, ICMP.ECHO_LEN, end)) {
    const id = w.u16(p + ICMP.ID);
    const seq = w.u16(p + ICMP.SEQ);
    const swap = (n: number) => ((n & 0xff) << 8) | (n >> 8);
    if (v6) {
      kids.push(node(`Identifier: 0x${hex(id, 4)}`, p + ICMP.ID, 2, 'icmpv6.echo.identifier'), node(`Sequence: ${seq}`, p + ICMP.SEQ, 2, 'icmpv6.echo.sequence_number'));
    } else {
      kids.push(
        node(`Identifier (BE): ${id} (0x${hex(id, 4)})`, p + ICMP.ID, 2, 'icmp.ident'),
        node(`Identifier (LE): ${swap(id)} (0x${hex(swap(id), 4)})`, p + ICMP.ID, 2, 'icmp.ident_le'),
        node(`Sequence Number (BE): ${seq} (0x${hex(seq, 4)})`, p + ICMP.SEQ, 2, 'icmp.seq'),
        node(`Sequence Number (LE): ${swap(seq)} (0x${hex(swap(seq), 4)})`, p + ICMP.SEQ, 2, 'icmp.seq_le'),
      );
    }
    body = p + ICMP.ECHO_LEN;
  }
  const data = Math.min(end, w.cap) - body;
  if (data > 0) kids.push(node(`Data (${data} bytes)`, body, data, 'data'));
  w.out.push(node(v6 ? 'Internet Control Message Protocol v6' : 'Internet Control Message Protocol', p, Math.min(end, w.cap) - p, f, kids));
}

const ARP_OPS: Record<number, string> = { 1: 'request', 2: 'reply', 3: 'reverse request', 4: 'reverse reply' };

export function describeArp(w: Walk, p: number, end: number): void {
  if (!w.has(p, ARP.LEN, end)) return;
  const htype = w.u16(p + ARP.HTYPE);
  const ptype = w.u16(p + ARP.PTYPE);
  const hlen = w.u8(p + ARP.HLEN);
  const plen = w.u8(p + ARP.PLEN);
  const op = w.u16(p + ARP.OP);
  const opName = ARP_OPS[op] ?? 'unknown';
  const kids: DetailNode[] = [
    node(`Hardware type: ${htype === 1 ? 'Ethernet' : 'Unknown'} (${htype})`, p + ARP.HTYPE, 2, 'arp.hw.type'),
    node(`Protocol type: ${etherTypeLabel(ptype)}`, p + ARP.PTYPE, 2, 'arp.proto.type'),
    node(`Hardware size: ${hlen}`, p + ARP.HLEN, 1, 'arp.hw.size'),
    node(`Protocol size: ${plen}`, p + ARP.PLEN, 1, 'arp.proto.size'),
    node(`Opcode: ${opName} (${op})`, p + ARP.OP, 2, 'arp.opcode'),
  ];
  if (hlen === MAC_LEN && plen === 4 && w.has(p, ARP.ETHERNET_IPV4_LEN, end)) {
    kids.push(
      node(`Sender MAC address: ${formatMac(w.bytes, p + ARP.SHA)}`, p + ARP.SHA, 6, 'arp.src.hw_mac'),
      node(`Sender IP address: ${formatIPv4(w.u32(p + ARP.SPA))}`, p + ARP.SPA, 4, 'arp.src.proto_ipv4'),
      node(`Target MAC address: ${formatMac(w.bytes, p + ARP.THA)}`, p + ARP.THA, 6, 'arp.dst.hw_mac'),
      node(`Target IP address: ${formatIPv4(w.u32(p + ARP.TPA))}`, p + ARP.TPA, 4, 'arp.dst.proto_ipv4'),
    );
  }
  w.out.push(node(`Address Resolution Protocol (${opName})`, p, Math.min(ARP.LEN + 2 * (hlen + plen), Math.min(end, w.cap) - p), 'arp', kids));
}
