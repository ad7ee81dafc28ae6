/** Details of IPv4 (with options), IPv6 (with extension headers), AH, IPComp and IP in IP. */
import { formatIPv4, formatIPv6 } from '../../decode/address';
import { IpProto } from '../../decode/numbers';
import { AH, EXT, FRAG6, IP4, IP6, IPCOMP, TLV } from '../../decode/layout';
import { ipProtocolName } from '../names';
import { describeIcmp, describeUdp } from './small';
import { describeTcp } from './tcp';
import { bits, hex, node, Walk, type DetailNode } from './tree';

/** As deep as the decoder follows IP in IP (decode/ip.ts). */
const MAX_IP_DEPTH = 8;

const DSCP_NAMES: Record<number, [string, string]> = {
  0: ['Default', 'CS0'], 8: ['Class Selector 1', 'CS1'], 16: ['Class Selector 2', 'CS2'], 24: ['Class Selector 3', 'CS3'],
  32: ['Class Selector 4', 'CS4'], 40: ['Class Selector 5', 'CS5'], 48: ['Class Selector 6', 'CS6'], 56: ['Class Selector 7', 'CS7'],
  10: ['Assured Forwarding 11', 'AF11'], 12: ['Assured Forwarding 12', 'AF12'], 14: ['Assured Forwarding 13', 'AF13'],
  18: ['Assured Forwarding 21', 'AF21'], 20: ['Assured Forwarding 22', 'AF22'], 22: ['Assured Forwarding 23', 'AF23'],
  26: ['Assured Forwarding 31', 'AF31'], 28: ['Assured Forwarding 32', 'AF32'], 30: ['Assured Forwarding 33', 'AF33'],
  34: ['Assured Forwarding 41', 'AF41'], 36: ['Assured Forwarding 42', 'AF42'], 38: ['Assured Forwarding 43', 'AF43'],
  44: ['Voice Admit', 'VA'], 46: ['Expedited Forwarding', 'EF'], 1: ['Lower Effort', 'LE'],
};
const ECN_NAMES: [string, string][] = [
  ['Not ECN-Capable Transport', 'Not-ECT'], ["ECN-Capable Transport codepoint '01'", 'ECT(1)'],
  ["ECN-Capable Transport codepoint '10'", 'ECT(0)'], ['Congestion Experienced', 'CE'],
];
const IPV4_OPTIONS: Record<number, string> = {
  0: 'End of Options List (EOL)', 1: 'No-Operation (NOP)', 7: 'Record Route', 68: 'Time Stamp', 130: 'Security',
  131: 'Loose Source Route', 133: 'Extended Security', 136: 'Stream ID', 137: 'Strict Source Route', 148: 'Router Alert',
};
const protoLabel = (n: number) => `${ipProtocolName(n)} (${n})`;

/** The DS field / traffic class: DSCP and ECN children, and the summary. */
function dsField(tos: number, o: number, len: number, fieldBase: string, width: number, shift: number): [string, DetailNode[]] {
  const dscp = tos >> 2;
  const ecn = tos & 3;
  const [dscpName, dscpShort] = DSCP_NAMES[dscp] ?? [`Unknown`, `${dscp}`];
  const pattern = (mask: number) => bits(tos * 2 ** shift, mask * 2 ** shift, width);
  return [
    `(DSCP: ${dscpShort}, ECN: ${ECN_NAMES[ecn]![1]})`,
    [
      node(`${pattern(0xfc)} = Differentiated Services Codepoint: ${dscpName} (${dscp})`, o, len, `${fieldBase}.dscp`),
      node(`${pattern(0x03)} = Explicit Congestion Notification: ${ECN_NAMES[ecn]![0]} (${ecn})`, o, len, `${fieldBase}.ecn`),
    ],
  ];
}

export function describeIPv4(w: Walk, p: number, end: number, depth: number): void {
  if (!w.has(p, IP4.LEN, end) || w.u8(p) >> 4 !== 4) return;
  const vihl = w.u8(p + IP4.VER_IHL);
  const ihl = (vihl & 0x0f) * 4;
  const tos = w.u8(p + IP4.TOS);
  let total = w.u16(p + IP4.TOTAL_LEN);
  const id = w.u16(p + IP4.ID);
  const ff = w.u16(p + IP4.FRAG);
  const proto = w.u8(p + IP4.PROTO);
  const src = formatIPv4(w.u32(p + IP4.SRC));
  const dst = formatIPv4(w.u32(p + IP4.DST));
  const [dsSummary, dsChildren] = dsField(tos, p + IP4.TOS, 1, 'ip.dsfield', 8, 0);
  const flags = ff >> 13;
  const flagNames = [flags & 4 ? 'Reserved bit' : '', flags & 2 ? "Don't fragment" : '', flags & 1 ? 'More fragments' : ''].filter(Boolean);
  const children = [
    node(`${bits(vihl, 0xf0, 8)} = Version: 4`, p + IP4.VER_IHL, 1, 'ip.version'),
    node(`${bits(vihl, 0x0f, 8)} = Header Length: ${ihl} bytes (${vihl & 0x0f})`, p + IP4.VER_IHL, 1, 'ip.hdr_len'),
    node(`Differentiated Services Field: 0x${hex(tos, 2)} ${dsSummary}`, p + IP4.TOS, 1, 'ip.dsfield', dsChildren),
    node(`Total Length: ${total}`, p + IP4.TOTAL_LEN, 2, 'ip.len'),
    node(`Identification: 0x${hex(id, 4)} (${id})`, p + IP4.ID, 2, 'ip.id'),
    node(`${bits(ff >> 8, 0xe0, 8)} = Flags: 0x${flags}${flagNames.length ? ', ' + flagNames.join(', ') : ''}`, p + IP4.FRAG, 1, 'ip.flags', [
      node(`${bits(ff >> 8, 0x80, 8)} = Reserved bit: ${flags & 4 ? 'Set' : 'Not set'}`, p + IP4.FRAG, 1, 'ip.flags.rb'),
      node(`${bits(ff >> 8, 0x40, 8)} = Don't fragment: ${flags & 2 ? 'Set' : 'Not set'}`, p + IP4.FRAG, 1, 'ip.flags.df'),
      node(`${bits(ff >> 8, 0x20, 8)} = More fragments: ${flags & 1 ? 'Set' : 'Not set'}`, p + IP4.FRAG, 1, 'ip.flags.mf'),
    ]),
    node(`${bits(ff, 0x1fff, 16)} = Fragment Offset: ${(ff & 0x1fff) * 8}`, p + IP4.FRAG, 2, 'ip.frag_offset'),
    node(`Time to Live: ${w.u8(p + IP4.TTL)}`, p + IP4.TTL, 1, 'ip.ttl'),
    node(`Protocol: ${protoLabel(proto)}`, p + IP4.PROTO, 1, 'ip.proto'),
    node(`Header Checksum: 0x${hex(w.u16(p + IP4.CHECKSUM), 4)} [validation disabled]`, p + IP4.CHECKSUM, 2, 'ip.checksum'),
    node(`Source Address: ${src}`, p + IP4.SRC, 4, 'ip.src'),
    node(`Destination Address: ${dst}`, p + IP4.DST, 4, 'ip.dst'),
  ];
  if (ihl > IP4.LEN && w.has(p, ihl, end)) children.push(ipv4Options(w, p + IP4.LEN, p + ihl));
  w.out.push(node(`Internet Protocol Version 4, Src: ${src}, Dst: ${dst}`, p, Math.max(IP4.LEN, Math.min(ihl, w.cap - p)), 'ip', children));
  if (ihl < IP4.LEN || !w.has(p, ihl, end)) return;
  if (total === 0) total = end - p;
  if (total < ihl) return;
  const inner = Math.min(end, p + total);
  if ((ff & 0x1fff) !== 0) return fragmentData(w, p + ihl, inner);
  describeIpPayload(w, p + ihl, inner, proto, depth);
}

function ipv4Options(w: Walk, p: number, end: number): DetailNode {
  const items: DetailNode[] = [];
  const names: string[] = [];
  while (p < end) {
    const type = w.u8(p);
    const name = IPV4_OPTIONS[type] ?? `Unknown (0x${hex(type, 2)})`;
    names.push(name);
    if (type === 0 || type === 1) {
      items.push(node(`IP Option - ${name}`, p, 1, 'ip.opt.type'));
      p++;
      if (type === 0) break;
      continue;
    }
    const len = p + TLV.LEN < end ? w.u8(p + TLV.LEN) : 0;
    if (len < 2 || p + len > end) {
      items.push(node(`IP Option - ${name}: length ${len} is invalid`, p, end - p, 'ip.opt.type'));
      break;
    }
    items.push(node(`IP Option - ${name} (${len} bytes)`, p, len, 'ip.opt.type', [
      node(`Type: ${type}`, p + TLV.KIND, 1, 'ip.opt.type'), node(`Length: ${len}`, p + TLV.LEN, 1, 'ip.opt.len'),
    ]));
    p += len;
  }
  const start = items[0]?.start ?? p;
  return node(`Options: (${end - start} bytes), ${names.join(', ')}`, start, end - start, 'ip.options', items);
}

export function describeIPv6(w: Walk, p: number, end: number, depth: number): void {
  if (!w.has(p, IP6.LEN, end) || w.u8(p) >> 4 !== 6) return;
  const first = w.u32(p + IP6.VER_TC_FLOW);
  const tclass = (first >>> 20) & 0xff;
  const plen = w.u16(p + IP6.PAYLOAD_LEN);
  let next = w.u8(p + IP6.NEXT);
  const src = formatIPv6([0, 4, 8, 12].map((o) => w.u32(p + IP6.SRC + o)));
  const dst = formatIPv6([0, 4, 8, 12].map((o) => w.u32(p + IP6.DST + o)));
  const [tcSummary, tcChildren] = dsField(tclass, p, 4, 'ipv6.tclass', 32, 20);
  const jumbo = plen === 0 && next === IpProto.HOPOPTS;
  const children: DetailNode[] = [
    node(`${bits(first >>> 24, 0xf0, 8)} = Version: 6`, p + IP6.VER_TC_FLOW, 1, 'ipv6.version'),
    node(`${bits(first, 0x0ff00000, 32)} = Traffic Class: 0x${hex(tclass, 2)} ${tcSummary}`, p, 4, 'ipv6.tclass', tcChildren),
    node(`${bits(first & 0xffffff, 0x0fffff, 24)} = Flow Label: 0x${hex(first & 0xfffff, 5)}`, p + IP6.VER_TC_FLOW + 1, 3, 'ipv6.flow'),
    node(`Payload Length: ${plen}${jumbo ? ' (Jumbogram)' : ''}`, p + IP6.PAYLOAD_LEN, 2, 'ipv6.plen'),
    node(`Next Header: ${protoLabel(next)}`, p + IP6.NEXT, 1, 'ipv6.nxt'),
    node(`Hop Limit: ${w.u8(p + IP6.HOP_LIMIT)}`, p + IP6.HOP_LIMIT, 1, 'ipv6.hlim'),
    node(`Source Address: ${src}`, p + IP6.SRC, 16, 'ipv6.src'),
    node(`Destination Address: ${dst}`, p + IP6.DST, 16, 'ipv6.dst'),
  ];
  w.out.push(node(`Internet Protocol Version 6, Src: ${src}, Dst: ${dst}`, p, IP6.LEN, 'ipv6', children));
  if (!jumbo && p + IP6.LEN + plen < end) end = p + IP6.LEN + plen;
  let q = p + IP6.LEN;
  for (;;) {
    if (next === IpProto.HOPOPTS || next === IpProto.DSTOPTS || next === IpProto.ROUTING ||
        next === IpProto.MOBILITY || next === IpProto.HIP || next === IpProto.SHIM6) {
      if (!w.has(q, EXT.MIN, end)) return;
      const len = (w.u8(q + EXT.LEN) + 1) * EXT.UNIT;
      if (!w.has(q, len, end)) return;
      const [ext, jumboLen] = extensionHeader(w, q, len, next);
      children.push(ext);
      if (jumbo && jumboLen >= 0 && p + IP6.LEN + jumboLen < end) end = p + IP6.LEN + jumboLen;
      next = w.u8(q + EXT.NEXT);
      q += len;
    } else if (next === IpProto.FRAGMENT) {
      if (!w.has(q, FRAG6.LEN, end)) return;
      const fo = w.u16(q + FRAG6.OFFSET_FLAGS);
      children.push(node('Fragment Header for IPv6', q, FRAG6.LEN, 'ipv6.fraghdr', [
        node(`Next header: ${protoLabel(w.u8(q + FRAG6.NEXT))}`, q + FRAG6.NEXT, 1, 'ipv6.fraghdr.nxt'),
        node(`Reserved octet: 0x${hex(w.u8(q + FRAG6.RESERVED), 2)}`, q + FRAG6.RESERVED, 1, 'ipv6.fraghdr.reserved_octet'),
        node(`${bits(fo, 0xfff8, 16)} = Offset: ${fo >> 3} (${fo & 0xfff8} bytes)`, q + FRAG6.OFFSET_FLAGS, 2, 'ipv6.fraghdr.offset'),
        node(`${bits(fo, 0x0006, 16)} = Reserved bits: ${(fo >> 1) & 3}`, q + FRAG6.OFFSET_FLAGS, 2, 'ipv6.fraghdr.reserved_bits'),
        node(`${bits(fo, 0x0001, 16)} = More Fragments: ${fo & 1 ? 'Yes' : 'No'}`, q + FRAG6.OFFSET_FLAGS, 2, 'ipv6.fraghdr.more'),
        node(`Identification: 0x${hex(w.u32(q + FRAG6.ID), 8)}`, q + FRAG6.ID, 4, 'ipv6.fraghdr.ident'),
      ]));
      next = w.u8(q + FRAG6.NEXT);
      q += FRAG6.LEN;
      if ((fo & 0xfff8) !== 0) return fragmentData(w, q, end);
    } else {
      break;
    }
  }
  describeIpPayload(w, q, end, next, depth);
}

const EXT_NAMES: Record<number, [string, string]> = {
  [IpProto.HOPOPTS]: ['IPv6 Hop-by-Hop Option', 'ipv6.hopopts'], [IpProto.DSTOPTS]: ['Destination Options for IPv6', 'ipv6.dstopts'],
  [IpProto.ROUTING]: ['Routing Header for IPv6', 'ipv6.routing'], [IpProto.MOBILITY]: ['Mobility Header for IPv6', 'mip6'],
  [IpProto.HIP]: ['Host Identity Protocol', 'hip'], [IpProto.SHIM6]: ['Shim6 Protocol', 'shim6'],
};
/** The routing header's own fields after next header and length (RFC 8200 §4.4). */
const ROUTING_TYPE = 2;
const ROUTING_SEGMENTS_LEFT = 3;
/** Hop-by-hop option type of the Jumbo Payload (RFC 2675), and its data length. */
const OPT_JUMBO = 0xc2;
const JUMBO_DATA_LEN = 4;
const ROUTING_TYPES: Record<number, string> = { 0: 'Source Route', 2: 'Type 2 Routing', 3: 'RPL Source Route', 4: 'Segment Routing' };

/** One generic extension header; returns its node and the Jumbo Payload length it carried (−1 if none). */
function extensionHeader(w: Walk, q: number, len: number, type: number): [DetailNode, number] {
  const [name, field] = EXT_NAMES[type]!;
  const kids = [
    node(`Next Header: ${protoLabel(w.u8(q + EXT.NEXT))}`, q + EXT.NEXT, 1, `${field}.nxt`),
    node(`Length: ${w.u8(q + EXT.LEN)}`, q + EXT.LEN, 1, `${field}.len`),
    node(`[Length: ${len} bytes]`, q + EXT.LEN, 1, `${field}.len_oct`),
  ];
  let jumbo = -1;
  let title = name;
  if (type === IpProto.ROUTING) {
    const rt = w.u8(q + ROUTING_TYPE);
    title = `${name} (${ROUTING_TYPES[rt] ?? 'Unknown'})`;
    kids.push(node(`Type: ${ROUTING_TYPES[rt] ?? 'Unknown'} (${rt})`, q + ROUTING_TYPE, 1, 'ipv6.routing.type'), node(`Segments Left: ${w.u8(q + ROUTING_SEGMENTS_LEFT)}`, q + ROUTING_SEGMENTS_LEFT, 1, 'ipv6.routing.segleft'));
  } else if (type === IpProto.HOPOPTS || type === IpProto.DSTOPTS) {
    for (let o = q + EXT.MIN; o < q + len; ) {
      const t = w.u8(o + TLV.KIND);
      if (t === 0) { kids.push(node('Pad1', o, 1, 'ipv6.opt.pad1')); o++; continue; }
      if (o + TLV.DATA > q + len) break;
      const l = w.u8(o + TLV.LEN);
      const end = Math.min(o + TLV.DATA + l, q + len);
      if (t === OPT_JUMBO && l === JUMBO_DATA_LEN && o + TLV.DATA + JUMBO_DATA_LEN <= q + len) {
        jumbo = w.u32(o + TLV.DATA);
        kids.push(node('Jumbo Payload', o, 6, 'ipv6.opt', [
          node(`Type: Jumbo Payload (0xc2)`, o + TLV.KIND, 1, 'ipv6.opt.type'), node(`Length: 4`, o + TLV.LEN, 1, 'ipv6.opt.length'),
          node(`Payload Length: ${jumbo}`, o + TLV.DATA, 4, 'ipv6.opt.jumbo'),
        ]));
      } else {
        const optName = t === 1 ? 'PadN' : t === 5 ? 'Router Alert' : `Unknown IPv6 option (0x${hex(t, 2)})`;
        kids.push(node(optName, o, end - o, 'ipv6.opt', [node(`Type: ${optName} (0x${hex(t, 2)})`, o + TLV.KIND, 1, 'ipv6.opt.type'), node(`Length: ${l}`, o + TLV.LEN, 1, 'ipv6.opt.length')]));
      }
      o = end;
    }
  }
  return [node(title, q, len, field, kids), jumbo];
}

function fragmentData(w: Walk, p: number, end: number): void {
  const n = Math.min(end, w.cap) - p;
  if (n > 0) w.out.push(node(`Data (${n} bytes)`, p, n, 'data'));
}

/** What an IP header carries, as the decoder follows it. */
export function describeIpPayload(w: Walk, p: number, end: number, proto: number, depth: number): void {
  switch (proto) {
    case IpProto.TCP: return describeTcp(w, p, end);
    case IpProto.UDP: return describeUdp(w, p, end);
    case IpProto.ICMP: return describeIcmp(w, p, end, false);
    case IpProto.ICMPV6: return describeIcmp(w, p, end, true);
    case IpProto.IPIP: if (depth < MAX_IP_DEPTH) return describeIPv4(w, p, end, depth + 1); break;
    case IpProto.IPV6: if (depth < MAX_IP_DEPTH) return describeIPv6(w, p, end, depth + 1); break;
    case IpProto.AH: return ah(w, p, end, depth);
    case IpProto.IPCOMP: return ipcomp(w, p, end, depth);
  }
  fragmentData(w, p, end);
}

function ah(w: Walk, p: number, end: number, depth: number): void {
  if (!w.has(p, AH.ICV, end)) return;
  const len = (w.u8(p + AH.LEN) + AH.LEN_BIAS) * AH.UNIT;
  if (!w.has(p, len, end)) return;
  w.out.push(node('Authentication Header', p, len, 'ah', [
    node(`Next header: ${protoLabel(w.u8(p + AH.NEXT))}`, p + AH.NEXT, 1, 'ah.next_header'),
    node(`Length: ${w.u8(p + AH.LEN)} (${len} bytes)`, p + AH.LEN, 1, 'ah.length'),
    node(`Reserved: ${w.hexBytes(p + AH.RESERVED, 2)}`, p + AH.RESERVED, 2, 'ah.reserved'),
    node(`AH SPI: 0x${hex(w.u32(p + AH.SPI), 8)}`, p + AH.SPI, 4, 'ah.spi'),
    node(`AH Sequence: ${w.u32(p + AH.SEQ)}`, p + AH.SEQ, 4, 'ah.sequence'),
    node(`AH ICV: ${w.hexBytes(p + AH.ICV, len - AH.ICV)}`, p + AH.ICV, len - AH.ICV, 'ah.icv'),
  ]));
  if (depth < MAX_IP_DEPTH) describeIpPayload(w, p + len, end, w.u8(p + AH.NEXT), depth + 1);
}

/** IPComp: the decoder's decompressed bytes are described in turn, each node pointing at the compressed data. */
function ipcomp(w: Walk, p: number, end: number, depth: number): void {
  if (!w.has(p, IPCOMP.LEN, end)) return;
  const cpi = w.u16(p + IPCOMP.CPI);
  const next = w.u8(p + IPCOMP.NEXT);
  const data = p + IPCOMP.LEN;
  const dataLen = Math.min(end, w.cap) - data;
  w.out.push(node('IP Payload Compression', p, IPCOMP.LEN + dataLen, 'ipcomp', [
    node(`Next Header: ${ipProtocolName(next)} (0x${hex(next, 2)})`, p + IPCOMP.NEXT, 1, 'ipcomp.nxt'),
    node(`IPComp Flags: 0x${hex(w.u8(p + IPCOMP.FLAGS), 2)}`, p + IPCOMP.FLAGS, 1, 'ipcomp.flags'),
    node(`IPComp CPI: ${cpi === 2 ? 'DEFLATE' : cpi === 1 ? 'OUI' : cpi === 3 ? 'LZS' : 'Unknown'} (0x${hex(cpi, 4)})`, p + IPCOMP.CPI, 2, 'ipcomp.cpi'),
    node(`Data (${dataLen} bytes)`, data, dataLen, 'data'),
  ]));
  const d = w.d;
  if (!d.inflated || d.inflatedBytes === null || depth >= MAX_IP_DEPTH) return;
  const inner: DetailNode[] = [];
  const bytes = d.inflatedBytes.subarray(0, d.inflatedLength);
  describeIpPayload(new Walk(bytes, d, w.ctx, bytes.length, inner), 0, bytes.length, next, depth + 1);
  const pointAt = (n: DetailNode): DetailNode => ({ ...n, start: data, length: dataLen, ...(n.children ? { children: n.children.map(pointAt) } : {}) });
  w.out.push(node(`Decompressed data (${bytes.length} bytes)`, data, dataLen, 'ipcomp.data'), ...inner.map(pointAt));
}
