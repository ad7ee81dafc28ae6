/**
 * Shares of a capture's connections, chosen by 4-tuple, so that threads can follow them apart.
 * Every packet of a connection (and of a later one reusing its ports) has the same 4-tuple, and
 * nothing in tracking looks across connections, so each share can be followed alone.
 */
import type { Dissection } from '../decode/dissection';
import type { PacketRecord } from '../formats/record';
import { tupleHash, tupleHashIPv4 } from './table';

/** One of `count` disjoint shares of the connections. */
export interface Partition {
  index: number;
  count: number;
}

/** The share of a hash: from its high bits (the connection table probes by its low ones). */
function shareOf(hash: number, count: number): number {
  return Math.floor(((hash >>> 0) / 0x1_0000_0000) * count);
}

/** The share a TCP packet's connection falls in. */
export function partitionOf(d: Dissection, count: number): number {
  return shareOf(tupleHash(d), count);
}

const LINKTYPE_ETHERNET = 1;
const ETHER_HEADER = 14;
const ETHERTYPE_IPV4 = 0x0800;
const IPV4_MIN_HEADER = 20;
const IPPROTO_TCP = 6;
const FRAGMENT_OFFSET_MASK = 0x1fff;

/**
 * partitionOf for the common packet, straight from its bytes, before any decoding: an IPv4 TCP
 * segment in an untagged Ethernet frame. −1 for anything else (the caller decodes it in full).
 * Only a packet the decoders would call TCP is ever tracked, and for that one these bytes are
 * the addresses and ports they would find; for one they would not, no share needs it anyway.
 */
export function quickPartition(rec: PacketRecord, count: number): number {
  if (rec.linkType !== LINKTYPE_ETHERNET) return -1;
  const b = rec.bytes;
  const o = rec.offset;
  if (rec.capLen < ETHER_HEADER + IPV4_MIN_HEADER + 4) return -1;
  if (((b[o + 12]! << 8) | b[o + 13]!) !== ETHERTYPE_IPV4) return -1;
  const ip = o + ETHER_HEADER;
  const vihl = b[ip]!;
  const ihl = (vihl & 0x0f) * 4;
  if (vihl >> 4 !== 4 || ihl < IPV4_MIN_HEADER || b[ip + 9] !== IPPROTO_TCP) return -1;
  if ((((b[ip + 6]! << 8) | b[ip + 7]!) & FRAGMENT_OFFSET_MASK) !== 0) return -1;
  if (rec.capLen < ETHER_HEADER + ihl + 4) return -1;
  const v = rec.view;
  const tcp = ip + ihl;
  return shareOf(tupleHashIPv4(v.getUint32(ip + 12), v.getUint16(tcp), v.getUint32(ip + 16), v.getUint16(tcp + 2)), count);
}
