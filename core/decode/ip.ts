/** IPv4 and IPv6 (with extension headers, AH, IP-in-IP tunnels and IPComp), never reassembled. */
import { Proto, type Dissection } from './dissection';
import { malformed, short } from './bounds';
import { IpProto, IPCOMP_CPI_DEFLATE } from './numbers';
import { decodeTcp } from './tcp';
import { decodeIcmp, decodeUdp } from './transport';
import { inflateRaw, INFLATE_TRUNCATED, MAX_INFLATED } from './inflate';
import { AH, EXT, FRAG6, IP4, IP6, IPCOMP, TLV } from './layout';

/** The IPv4 header length counts 32-bit words. */
const IHL_UNIT = 4;
const IPV4_MF = 0x2000;
const IPV4_OFFSET_MASK = 0x1fff;
const IPV6_FRAG_OFFSET_MASK = 0xfff8;
const IPV6_FRAG_M = 0x0001;
/** Fragment offsets count 8-byte units. */
const FRAGMENT_UNIT = 8;
/** CPIs below 64 name a transform (RFC 3173 §3.3); above, they are negotiated per security association. */
const IPCOMP_CPI_WELL_KNOWN_END = 64;
const ZLIB_HEADER = 2;
const ZLIB_CM_DEFLATE = 8;
const ZLIB_CHECK_DIVISOR = 31;
/** Hop-by-hop option type of the Jumbo Payload (RFC 2675), and its data length. */
const OPT_JUMBO = 0xc2;
const OPT_PAD1 = 0;
const JUMBO_DATA_LEN = 4;
/**
 * IP in IP deeper than this is not followed: each level needs 20 bytes, so a 64 KiB packet
 * could otherwise recurse thousands of times; real tunnels nest two or three deep.
 */
const MAX_IP_DEPTH = 8;

export function decodeIPv4(v: DataView, base: number, pos: number, capEnd: number, wireEnd: number, out: Dissection, depth: number): void {
  if (pos + IP4.LEN > capEnd || pos + IP4.LEN > wireEnd) return short(out, 'ipv4', 'IPv4 header', IP4.LEN, pos, capEnd, wireEnd);
  const vihl = v.getUint8(pos + IP4.VER_IHL);
  if (vihl >> 4 !== 4) {
    out.proto = Proto.Malformed;
    return malformed(out, 'ipv4', `IP version ${vihl >> 4} in an IPv4 header`);
  }
  const ihl = (vihl & 0x0f) * IHL_UNIT;
  if (ihl < IP4.LEN) {
    out.proto = Proto.Malformed;
    return malformed(out, 'ipv4', `header length ${ihl} bytes, below the 20-byte minimum`);
  }
  if (pos + ihl > capEnd || pos + ihl > wireEnd) return short(out, 'ipv4', 'IPv4 header with options', ihl, pos, capEnd, wireEnd);
  let total = v.getUint16(pos + IP4.TOTAL_LEN);
  // Total length 0: the kernel handed the capture a TSO super-segment before the NIC split it.
  if (total === 0) total = wireEnd - pos;
  if (total < ihl) {
    out.proto = Proto.Malformed;
    return malformed(out, 'ipv4', `total length ${total} is shorter than the ${ihl}-byte header`);
  }
  // A total length past the wire is an error Wireshark reports and then ignores: the wire wins.
  if (pos + total < wireEnd) wireEnd = pos + total;
  out.ipVersion = 4;
  out.ipOffset = pos - base;
  out.src[0] = v.getUint32(pos + IP4.SRC);
  out.dst[0] = v.getUint32(pos + IP4.DST);
  out.ttl = v.getUint8(pos + IP4.TTL);
  const proto = v.getUint8(pos + IP4.PROTO);
  out.ipProto = proto;
  out.ipId = v.getUint16(pos + IP4.ID);
  const frag = v.getUint16(pos + IP4.FRAG);
  out.fragmentOffset = (frag & IPV4_OFFSET_MASK) * FRAGMENT_UNIT;
  if ((frag & (IPV4_MF | IPV4_OFFSET_MASK)) !== 0) {
    out.isFragment = true;
    if ((frag & IPV4_OFFSET_MASK) !== 0) out.isLaterFragment = true;
  }
  out.ipPayloadLen = wireEnd - pos - ihl;
  if (out.isLaterFragment) {
    out.proto = Proto.IPv4;
    return;
  }
  decodeIpPayload(v, base, pos + ihl, capEnd, wireEnd, proto, out, depth);
}

export function decodeIPv6(v: DataView, base: number, pos: number, capEnd: number, wireEnd: number, out: Dissection, depth: number): void {
  if (pos + IP6.LEN > capEnd || pos + IP6.LEN > wireEnd) return short(out, 'ipv6', 'IPv6 header', IP6.LEN, pos, capEnd, wireEnd);
  const version = v.getUint8(pos + IP6.VER_TC_FLOW) >> 4;
  if (version !== 6) {
    out.proto = Proto.Malformed;
    return malformed(out, 'ipv6', `IP version ${version} in an IPv6 header`);
  }
  const payloadLength = v.getUint16(pos + IP6.PAYLOAD_LEN);
  let next = v.getUint8(pos + IP6.NEXT);
  out.ipVersion = 6;
  out.ipOffset = pos - base;
  out.ttl = v.getUint8(pos + IP6.HOP_LIMIT);
  for (let w = 0; w < 4; w++) {
    out.src[w] = v.getUint32(pos + IP6.SRC + 4 * w);
    out.dst[w] = v.getUint32(pos + IP6.DST + 4 * w);
  }
  // Payload length 0 is legal only with a Jumbo Payload option, which the hop-by-hop header brings.
  if (payloadLength !== 0 || next !== IpProto.HOPOPTS) {
    if (pos + IP6.LEN + payloadLength < wireEnd) wireEnd = pos + IP6.LEN + payloadLength;
  }
  let p = pos + IP6.LEN;
  for (;;) {
    if (next === IpProto.HOPOPTS || next === IpProto.ROUTING || next === IpProto.DSTOPTS ||
        next === IpProto.MOBILITY || next === IpProto.HIP || next === IpProto.SHIM6) {
      if (p + EXT.MIN > capEnd || p + EXT.MIN > wireEnd) return short(out, 'ipv6', 'IPv6 extension header', EXT.MIN, p, capEnd, wireEnd);
      const len = (v.getUint8(p + EXT.LEN) + 1) * EXT.UNIT;
      if (p + len > capEnd || p + len > wireEnd) return short(out, 'ipv6', 'IPv6 extension header', len, p, capEnd, wireEnd);
      if (next === IpProto.HOPOPTS && payloadLength === 0) {
        const jumbo = findJumbo(v, p + EXT.MIN, p + len);
        if (jumbo >= 0 && pos + IP6.LEN + jumbo < wireEnd) wireEnd = pos + IP6.LEN + jumbo;
      }
      next = v.getUint8(p + EXT.NEXT);
      p += len;
    } else if (next === IpProto.FRAGMENT) {
      if (p + FRAG6.LEN > capEnd || p + FRAG6.LEN > wireEnd) return short(out, 'ipv6', 'IPv6 fragment header', FRAG6.LEN, p, capEnd, wireEnd);
      const fo = v.getUint16(p + FRAG6.OFFSET_FLAGS);
      out.ipId = v.getUint32(p + FRAG6.ID);
      out.fragmentOffset = fo & IPV6_FRAG_OFFSET_MASK;
      next = v.getUint8(p + FRAG6.NEXT);
      p += FRAG6.LEN;
      // An atomic fragment (offset 0, no more fragments, RFC 6946) is a whole packet.
      if ((fo & (IPV6_FRAG_OFFSET_MASK | IPV6_FRAG_M)) !== 0) {
        out.isFragment = true;
        if ((fo & IPV6_FRAG_OFFSET_MASK) !== 0) {
          out.isLaterFragment = true;
          out.ipProto = next;
          out.ipPayloadLen = wireEnd - p;
          out.proto = Proto.IPv6;
          return;
        }
      }
    } else {
      break;
    }
  }
  out.ipProto = next;
  out.ipPayloadLen = Math.max(0, wireEnd - p);
  decodeIpPayload(v, base, p, capEnd, wireEnd, next, out, depth);
}

/** The Jumbo Payload length in the hop-by-hop options between `p` and `end`, or −1. */
function findJumbo(v: DataView, p: number, end: number): number {
  while (p < end) {
    const type = v.getUint8(p + TLV.KIND);
    if (type === OPT_PAD1) { p++; continue; }
    if (p + TLV.DATA > end) return -1;
    const len = v.getUint8(p + TLV.LEN);
    if (type === OPT_JUMBO && len === JUMBO_DATA_LEN && p + TLV.DATA + len <= end) return v.getUint32(p + TLV.DATA);
    p += TLV.DATA + len;
  }
  return -1;
}

/** What an IP header carries: transports, tunnels (IP in IP, AH, IPComp), or a label. */
function decodeIpPayload(v: DataView, base: number, pos: number, capEnd: number, wireEnd: number, proto: number, out: Dissection, depth: number): void {
  switch (proto) {
    case IpProto.TCP:
      return decodeTcp(v, base, pos, capEnd, wireEnd, out);
    case IpProto.UDP:
      return decodeUdp(v, base, pos, capEnd, wireEnd, out);
    case IpProto.ICMP:
    case IpProto.ICMPV6:
      return decodeIcmp(v, base, pos, capEnd, wireEnd, out, proto === IpProto.ICMPV6);
    case IpProto.IPIP:
      if (depth < MAX_IP_DEPTH) return decodeIPv4(v, base, pos, capEnd, wireEnd, out, depth + 1);
      break;
    case IpProto.IPV6:
      if (depth < MAX_IP_DEPTH) return decodeIPv6(v, base, pos, capEnd, wireEnd, out, depth + 1);
      break;
    case IpProto.AH:
      return decodeAh(v, base, pos, capEnd, wireEnd, out, depth);
    case IpProto.IPCOMP:
      return decodeIpComp(v, pos, capEnd, wireEnd, out, depth);
  }
  labelIp(out);
}

/** AH (RFC 4302): authenticates, does not hide; its length is in 4-byte words minus 2. */
function decodeAh(v: DataView, base: number, pos: number, capEnd: number, wireEnd: number, out: Dissection, depth: number): void {
  if (pos + EXT.MIN > capEnd || pos + EXT.MIN > wireEnd) return short(out, out.ipVersion === 6 ? 'ipv6' : 'ipv4', 'AH header', EXT.MIN, pos, capEnd, wireEnd);
  const len = (v.getUint8(pos + AH.LEN) + AH.LEN_BIAS) * AH.UNIT;
  if (pos + len > capEnd || pos + len > wireEnd) return short(out, out.ipVersion === 6 ? 'ipv6' : 'ipv4', 'AH header', len, pos, capEnd, wireEnd);
  const next = v.getUint8(pos + AH.NEXT);
  out.ipProto = next;
  out.ipPayloadLen = wireEnd - pos - len;
  if (depth >= MAX_IP_DEPTH) return labelIp(out);
  decodeIpPayload(v, base, pos + len, capEnd, wireEnd, next, out, depth + 1);
}

/**
 * IPComp (RFC 3173): the rest of the datagram is decompressed into the Dissection's scratch bytes
 * and decoding goes on there, as Wireshark does; offsets then count from those bytes.
 * CPIs past the well-known range are negotiated per SA (Linux uses them for DEFLATE too), so
 * DEFLATE is tried unless the CPI names another algorithm; only a failed CPI 2 is a problem.
 */
function decodeIpComp(v: DataView, pos: number, capEnd: number, wireEnd: number, out: Dissection, depth: number): void {
  if (pos + IPCOMP.LEN > capEnd || pos + IPCOMP.LEN > wireEnd) return short(out, 'ipcomp', 'IPComp header', IPCOMP.LEN, pos, capEnd, wireEnd);
  const next = v.getUint8(pos + IPCOMP.NEXT);
  const cpi = v.getUint16(pos + IPCOMP.CPI);
  out.ipProto = next;
  out.ipPayloadLen = wireEnd - pos - IPCOMP.LEN;
  const otherAlgorithm = cpi !== IPCOMP_CPI_DEFLATE && cpi < IPCOMP_CPI_WELL_KNOWN_END;
  if (otherAlgorithm || out.inflated || depth >= MAX_IP_DEPTH) return labelIp(out);
  if (out.inflatedBytes === null) {
    out.inflatedBytes = new Uint8Array(MAX_INFLATED);
    out.inflatedView = new DataView(out.inflatedBytes.buffer);
  }
  const start = pos + IPCOMP.LEN;
  const end = Math.min(capEnd, wireEnd);
  let n = inflateRaw(v, start, end, out.inflatedBytes);
  if (n < 0 && hasZlibHeader(v, start, end)) n = inflateRaw(v, start + ZLIB_HEADER, end, out.inflatedBytes);
  if (n < 0) {
    labelIp(out);
    if (n === INFLATE_TRUNCATED && end < wireEnd) {
      out.problem = { kind: 'truncated', layer: 'ipcomp', message: 'compressed payload cut by the capture: cannot decompress' };
    } else if (cpi === IPCOMP_CPI_DEFLATE) {
      malformed(out, 'ipcomp', 'compressed payload is not valid DEFLATE data');
    }
    return;
  }
  out.inflated = true;
  out.inflatedLength = n;
  decodeIpPayload(out.inflatedView!, 0, 0, n, n, next, out, depth + 1);
}

/** RFC 1950: CM 8 (deflate) in the low nibble, and the two bytes a multiple of 31. */
function hasZlibHeader(v: DataView, p: number, end: number): boolean {
  if (p + ZLIB_HEADER > end) return false;
  const cmf = v.getUint8(p);
  return (cmf & 0x0f) === ZLIB_CM_DEFLATE && v.getUint16(p) % ZLIB_CHECK_DIVISOR === 0;
}

/** An IP packet whose payload Synfin does not decode: labelled by its IP version. */
function labelIp(out: Dissection): void {
  out.proto = out.ipVersion === 6 ? Proto.IPv6 : Proto.IPv4;
}
