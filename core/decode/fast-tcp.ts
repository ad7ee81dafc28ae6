/**
 * The common case in one straight line: Ethernet (VLAN tags allowed) → IPv4 or IPv6 → TCP, every
 * header captured whole and sane. The general decoders make a call per layer, check each bound
 * against both ends and reset every field before writing most of them again; here each field is
 * written once. Whenever the packet leaves the common case (another link or protocol, a fragment,
 * an extension header, a cut, anything the general path would call a problem) this returns false
 * and the caller runs the general path, which starts over from reset(): nothing written here
 * before that point can show, except array slots the general path writes again with the same
 * values (it reads the same bytes in the same order).
 */
import type { PacketRecord } from '../formats/record';
import { MAX_OPTION_KINDS, MAX_VLAN_IDS, Proto, type Dissection } from './dissection';
import { EtherType, IpProto, LinkType, TcpOption } from './numbers';
import { ETH, IP4, IP6, TCP, TLV, VLAN } from './layout';
import { decodeOption, readAlignedTimestamps } from './tcp';

/**
 * The numbers this path compares and masks with, as an enum so that esbuild writes each use as a
 * number (see layout.ts). VIHL_MIN/MAX: version 4 with IHL 5..15, one compare of the first byte
 * instead of two nibble tests. FRAGMENT_BITS: MF and the fragment offset, either set meaning a
 * fragment, left to the general path.
 */
// eslint-disable-next-line @typescript-eslint/no-duplicate-enum-values -- two masks may be one number
enum Fast { VLAN_ID_MASK = 0x0fff, IPV4_VIHL_MIN = 0x45, IPV4_VIHL_MAX = 0x4f, IPV4_FRAGMENT_BITS = 0x3fff, FLAGS_MASK = 0x0fff, MAX_OFFSET = 0x3fffffff }

/** Fills `out` for a common Ethernet/IP/TCP packet and returns true; false leaves the packet to the general path. */
export function dissectCommonTcp(rec: PacketRecord, out: Dissection): boolean {
  if (rec.linkType !== LinkType.ETHERNET) return false;
  const v = rec.view;
  // Masked to what they are (a place in a chunk, lengths under a gigabyte), so that the compiler
  // knows that no sum of them and a header's size overflows: no overflow check after each one.
  if (rec.origLen > Fast.MAX_OFFSET || rec.offset + rec.capLen > Fast.MAX_OFFSET) return false;
  const base = rec.offset & Fast.MAX_OFFSET;
  const capEnd = base + (rec.capLen & Fast.MAX_OFFSET);
  // The link's wire end is never before capEnd, so up to the IP header capEnd is the only bound.
  let wireEnd = rec.origLen > rec.capLen ? base + (rec.origLen & Fast.MAX_OFFSET) : capEnd;
  let pos = base + ETH.LEN;
  if (pos > capEnd) return false;
  let type = v.getUint16(base + ETH.TYPE);
  let vlanCount = 0;
  while (type === EtherType.VLAN || type === EtherType.QINQ || type === EtherType.QINQ_OLD) {
    if (pos + VLAN.LEN > capEnd) return false;
    if (vlanCount < MAX_VLAN_IDS) out.vlanIds[vlanCount] = v.getUint16(pos + VLAN.TCI) & Fast.VLAN_ID_MASK;
    vlanCount++;
    type = v.getUint16(pos + VLAN.TYPE);
    pos += VLAN.LEN;
  }

  let l4: number;
  let ipId = -1;
  let ttl: number;
  let ipPayloadLen: number;
  const src = out.src;
  const dst = out.dst;
  if (type === EtherType.IPV4) {
    if (pos + IP4.LEN > capEnd) return false;
    // The header read as three big-endian words: fewer DataView calls than field by field.
    const verTotal = v.getUint32(pos + IP4.VER_IHL);
    const idFrag = v.getUint32(pos + IP4.ID);
    const ttlProto = v.getUint32(pos + IP4.TTL);
    const vihl = verTotal >>> 24;
    if (vihl < Fast.IPV4_VIHL_MIN || vihl > Fast.IPV4_VIHL_MAX) return false;
    const ihl = (vihl & 0x0f) << 2;
    l4 = pos + ihl;
    if (l4 > capEnd) return false;
    if (((ttlProto >>> 16) & 0xff) !== IpProto.TCP || (idFrag & Fast.IPV4_FRAGMENT_BITS) !== 0) return false;
    const total = verTotal & 0xffff;
    // Total length 0 is a TSO super-segment: the wire is the wire, as the general path says.
    if (total !== 0) {
      if (total < ihl) return false;
      if (pos + total < wireEnd) wireEnd = pos + total;
    }
    ipPayloadLen = wireEnd - l4;
    ipId = idFrag >>> 16;
    ttl = ttlProto >>> 24;
    src[0] = v.getUint32(pos + IP4.SRC);
    dst[0] = v.getUint32(pos + IP4.DST);
    src[1] = src[2] = src[3] = 0;
    dst[1] = dst[2] = dst[3] = 0;
    out.ipVersion = 4;
  } else if (type === EtherType.IPV6) {
    l4 = pos + IP6.LEN;
    if (l4 > capEnd) return false;
    const lenNextHop = v.getUint32(pos + IP6.PAYLOAD_LEN);
    if (v.getUint8(pos + IP6.VER_TC_FLOW) >> 4 !== 6 || ((lenNextHop >>> 8) & 0xff) !== IpProto.TCP) return false;
    const end = l4 + (lenNextHop >>> 16);
    if (end < wireEnd) wireEnd = end;
    ipPayloadLen = wireEnd - l4;
    ttl = lenNextHop & 0xff;
    for (let w = 0; w < 16; w += 4) {
      src[w >> 2] = v.getUint32(pos + IP6.SRC + w);
      dst[w >> 2] = v.getUint32(pos + IP6.DST + w);
    }
    out.ipVersion = 6;
  } else {
    return false;
  }

  // TCP: the fixed header and every option byte captured, the data offset between 20 and the segment.
  if (l4 + TCP.LEN > capEnd || l4 + TCP.LEN > wireEnd) return false;
  const flagsWindow = v.getUint32(l4 + TCP.OFF_FLAGS);
  const hlen = (flagsWindow >>> 28) << 2;
  const payloadStart = l4 + hlen;
  if (hlen < TCP.LEN || payloadStart > wireEnd || payloadStart > capEnd) return false;
  out.problem = null;
  if (!fillOptions(v, l4 + TCP.LEN, payloadStart, out)) return false;

  out.linkType = LinkType.ETHERNET;
  out.vlanCount = vlanCount;
  out.ethOffset = 0;
  out.etherType = type;
  out.ipOffset = pos - base;
  out.ipProto = IpProto.TCP;
  out.ttl = ttl;
  out.isFragment = false;
  out.isLaterFragment = false;
  out.ipId = ipId;
  out.fragmentOffset = 0;
  out.ipPayloadLen = ipPayloadLen;
  out.inflated = false;
  out.inflatedLength = 0;
  out.proto = Proto.TCP;
  const ports = v.getUint32(l4 + TCP.SPORT);
  const checksumUrgent = v.getUint32(l4 + TCP.CHECKSUM);
  out.srcPort = ports >>> 16;
  out.dstPort = ports & 0xffff;
  out.l4Offset = l4 - base;
  out.seq = v.getUint32(l4 + TCP.SEQ);
  out.ack = v.getUint32(l4 + TCP.ACK);
  out.tcpFlags = (flagsWindow >>> 16) & Fast.FLAGS_MASK;
  out.tcpHeaderLen = hlen;
  out.window = flagsWindow & 0xffff;
  out.urgentPointer = checksumUrgent & 0xffff;
  out.checksum = checksumUrgent >>> 16;
  out.payloadLen = wireEnd - payloadStart;
  out.payloadOffset = payloadStart - base;
  out.resetOtherProtocols();
  return true;
}

/**
 * The options between `p` and `end` (all captured), into `out`; false at anything the general
 * loop would report (a bad length, a kind cut by the end of the header), which it then redoes.
 */
function fillOptions(v: DataView, p: number, end: number, out: Dissection): boolean {
  out.mss = -1;
  out.windowScale = -1;
  out.sackPermitted = false;
  out.sackCount = 0;
  out.tfoCookieLen = -1;
  if (readAlignedTimestamps(v, p, end, out)) return true;
  const kinds = out.optionKinds;
  out.hasTimestamps = false;
  out.tsVal = 0;
  out.tsEcr = 0;
  let count = 0;
  while (p < end) {
    const kind = v.getUint8(p);
    if (count < MAX_OPTION_KINDS) kinds[count] = kind;
    count++;
    if (kind === TcpOption.EOL) break;
    if (kind === TcpOption.NOP) { p++; continue; }
    if (p + TLV.DATA > end) return false;
    const len = v.getUint8(p + TLV.LEN);
    if (len < TLV.DATA || p + len > end) return false;
    decodeOption(v, p, kind, len, out);
    if (out.problem !== null) return false;
    p += len;
  }
  out.optionCount = count;
  return true;
}
