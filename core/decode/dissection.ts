/**
 * The facts the header decoders extract from one packet, filled into a reused object
 * (one per reader, never one per packet). Everything the TCP tracker, the CLI and the packet
 * store need per packet is a number here; bytes stay in the chunk.
 */

/** The protocol label of a frame, as the frame list shows it. One list: codes and labels come from it. */
export const PROTOCOLS = ['TCP', 'UDP', 'ICMP', 'ICMPv6', 'ARP', 'IPv4', 'IPv6', 'Ethernet', 'Undecoded', 'Malformed'] as const;
export type ProtocolLabel = (typeof PROTOCOLS)[number];
export const Proto = Object.freeze(Object.fromEntries(PROTOCOLS.map((p, i) => [p, i])) as { readonly [K in ProtocolLabel]: number });

/** TCP header flag bits as they sit in the 12-bit flags field (AE is RFC 9293's name for the old NS bit). */
export const TcpFlag = Object.freeze({
  FIN: 0x001, SYN: 0x002, RST: 0x004, PSH: 0x008, ACK: 0x010, URG: 0x020, ECE: 0x040, CWR: 0x080, AE: 0x100,
});

/** Where a decoder gave up: the layer, and whether the bytes ran out (truncated) or made no sense (malformed). */
export interface DecodeProblem {
  kind: 'truncated' | 'malformed';
  layer: 'link' | 'vlan' | 'ipv4' | 'ipv6' | 'tcp' | 'udp' | 'icmp' | 'arp';
  message: string;
}

export const MAX_SACK_BLOCKS = 4;

export class Dissection {
  // link
  linkType = 0;
  /** 802.1Q / 802.1ad tags seen, outermost first (up to 3 kept). */
  vlanCount = 0;
  readonly vlanIds = new Uint16Array(3);
  /** Offset (from the packet's first byte) of the Ethernet MACs, −1 when the link has none. */
  ethOffset = -1;

  // network
  /** 0: no IP, 4: IPv4, 6: IPv6. */
  ipVersion = 0;
  /** Offset of the IP header from the packet's first byte. */
  ipOffset = -1;
  /** Source and destination addresses: IPv4 uses word [0] only; IPv6 uses all four, network order. */
  readonly src = new Uint32Array(4);
  readonly dst = new Uint32Array(4);
  /** The upper-layer protocol number after IPv6 extension headers. */
  ipProto = -1;
  ttl = 0;
  /** IPv4 flags/fragment or the IPv6 fragment header: the packet is a fragment (not reassembled). */
  isFragment = false;
  /** Not the first fragment: no transport header in it. */
  isLaterFragment = false;
  /** Bytes of upper-layer payload the IP header announces (after extension headers), −1 when unknown. */
  ipPayloadLen = -1;

  // transport
  proto = Proto.Undecoded;
  srcPort = -1;
  dstPort = -1;
  /** Offset of the TCP (or UDP) header from the packet's first byte. */
  l4Offset = -1;

  // TCP: valid when proto === Proto.TCP
  seq = 0;
  ack = 0;
  /** 12-bit flags field (see TcpFlag). */
  tcpFlags = 0;
  tcpHeaderLen = 0;
  /** The window field as sent, unscaled. */
  window = 0;
  urgentPointer = 0;
  checksum = 0;
  /** TCP payload length from the IP lengths (Wireshark's tcp.len), whether or not it was captured. */
  payloadLen = 0;
  /** Offset of the TCP payload from the packet's first byte. */
  payloadOffset = -1;
  // options (−1 / false when absent)
  mss = -1;
  windowScale = -1;
  sackPermitted = false;
  sackCount = 0;
  /** SACK blocks as [left0, right0, left1, right1, …]. */
  readonly sack = new Uint32Array(2 * MAX_SACK_BLOCKS);
  hasTimestamps = false;
  tsVal = 0;
  tsEcr = 0;
  /** TCP Fast Open option present (kind 34, or 254 with magic 0xF989); cookie length −1 when absent. */
  tfoCookieLen = -1;
  /** Option kinds seen, in order (first 16), for the details view. */
  optionCount = 0;
  readonly optionKinds = new Uint8Array(16);

  /** Set when a decoder stopped early; what was decoded before it stays valid. */
  problem: DecodeProblem | null = null;

  reset(): void {
    this.linkType = 0;
    this.vlanCount = 0;
    this.ethOffset = -1;
    this.ipVersion = 0;
    this.ipOffset = -1;
    this.src.fill(0);
    this.dst.fill(0);
    this.ipProto = -1;
    this.ttl = 0;
    this.isFragment = false;
    this.isLaterFragment = false;
    this.ipPayloadLen = -1;
    this.proto = Proto.Undecoded;
    this.srcPort = -1;
    this.dstPort = -1;
    this.l4Offset = -1;
    this.seq = 0;
    this.ack = 0;
    this.tcpFlags = 0;
    this.tcpHeaderLen = 0;
    this.window = 0;
    this.urgentPointer = 0;
    this.checksum = 0;
    this.payloadLen = 0;
    this.payloadOffset = -1;
    this.mss = -1;
    this.windowScale = -1;
    this.sackPermitted = false;
    this.sackCount = 0;
    this.hasTimestamps = false;
    this.tsVal = 0;
    this.tsEcr = 0;
    this.tfoCookieLen = -1;
    this.optionCount = 0;
    this.problem = null;
  }
}
