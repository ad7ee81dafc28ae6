/**
 * The facts the header decoders extract from one packet, filled into a reused object
 * (one per reader, never one per packet). Everything the TCP tracker, the CLI and the packet
 * store need per packet is a number here; bytes stay in the chunk.
 */

/** The protocol label of a frame, as the frame list shows it: the one list of labels (a code is its index, see Proto). */
export const PROTOCOLS = ['TCP', 'UDP', 'ICMP', 'ICMPv6', 'ARP', 'IPv4', 'IPv6', 'Ethernet', 'Undecoded', 'Malformed'] as const;
export type ProtocolLabel = (typeof PROTOCOLS)[number];
/**
 * A frame's protocol code by label (its index in PROTOCOLS), as an enum so that esbuild writes each
 * use as a number (see layout.ts); dissect.test.ts checks each member against PROTOCOLS.
 */
export enum Proto { TCP, UDP, ICMP, ICMPv6, ARP, IPv4, IPv6, Ethernet, Undecoded, Malformed }

/** TCP header flag bits as they sit in the 12-bit flags field (AE is RFC 9293's name for the old NS bit). */
export enum TcpFlag {
  FIN = 0x001, SYN = 0x002, RST = 0x004, PSH = 0x008, ACK = 0x010, URG = 0x020, ECE = 0x040, CWR = 0x080, AE = 0x100,
}
/**
 * Flags read together. In this file, so that esbuild folds each into a number (it folds an enum
 * member made of another enum's members only when both are in one file; see layout.ts).
 */
export enum FlagSet { SYN_ACK = TcpFlag.SYN | TcpFlag.ACK, SYN_FIN = TcpFlag.SYN | TcpFlag.FIN, SYN_FIN_RST = TcpFlag.SYN | TcpFlag.FIN | TcpFlag.RST }

/** The layers a DecodeProblem can name. */
export type DecodeLayer = 'link' | 'vlan' | 'pppoe' | 'ipv4' | 'ipv6' | 'ipcomp' | 'tcp' | 'udp' | 'icmp' | 'arp';

/**
 * Where a decoder gave up, or what it found wrong: the layer, and whether the capture cut the
 * bytes (truncated: the packet on the wire was long enough, the snaplen was not; Wireshark's
 * "Packet size limited during capture") or the packet itself made no sense (malformed: a length
 * or offset the packet cannot hold; Wireshark's "Malformed Packet").
 */
export interface DecodeProblem {
  kind: 'truncated' | 'malformed';
  layer: DecodeLayer;
  message: string;
  /** For a short header: the bytes the header needs from its first byte, and the bytes there were. */
  need?: number;
  have?: number;
}

export const MAX_SACK_BLOCKS = 4;
/** VLAN ids kept per frame: Q-in-Q-in-Q is the deepest stacking seen in practice (zeek/vlan-qinqinq.pcap). */
export const MAX_VLAN_IDS = 3;
/** Option kinds kept in order for the details view; a 40-byte option space holds at most 40 (NOPs), real ones ≤ 10. */
export const MAX_OPTION_KINDS = 16;

export class Dissection {
  // link
  linkType = 0;
  /** 802.1Q / 802.1ad tags seen, outermost first (the first MAX_VLAN_IDS kept; the count goes on). */
  vlanCount = 0;
  readonly vlanIds = new Uint16Array(MAX_VLAN_IDS);
  /** Offset (from the packet's first byte) of the Ethernet MACs, −1 when the link has none. */
  ethOffset = -1;
  /** The last EtherType (or SLL protocol) seen, −1 when the link has none. */
  etherType = -1;

  // network (the innermost IP header when IP is tunnelled in IP)
  /** 0: no IP, 4: IPv4, 6: IPv6. */
  ipVersion = 0;
  /** Offset of the IP header from the packet's first byte (from the inflated bytes when `inflated`). */
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
  /** IPv4 identification, or the IPv6 fragment header's identification; −1 when neither. */
  ipId = -1;
  /** Fragment offset in bytes (0 when not a fragment). */
  fragmentOffset = 0;
  /** Bytes of upper-layer payload the IP header announces (after extension headers), −1 when unknown. */
  ipPayloadLen = -1;
  /**
   * The transport layer was found inside an IPComp payload, decompressed into `inflatedBytes`:
   * ipOffset, l4Offset and payloadOffset then count from the start of those bytes.
   */
  inflated = false;
  /** Scratch space for IPComp's DEFLATE, made on first use and reused (null until then). */
  inflatedBytes: Uint8Array | null = null;
  inflatedView: DataView | null = null;
  inflatedLength = 0;

  // transport
  /**
   * The frame's protocol label. `Malformed` when a header needed to name the frame was cut or
   * impossible (then `problem` says which, and the ports stay set when they were read);
   * `TCP` means the fixed 20-byte TCP header was read, so seq, ack, flags and window are valid.
   */
  proto = Proto.Undecoded;
  srcPort = -1;
  dstPort = -1;
  /** Offset of the TCP (or UDP, ICMP, ARP) header from the packet's first byte. */
  l4Offset = -1;

  // TCP: valid when proto === Proto.TCP
  seq = 0;
  ack = 0;
  /** 12-bit flags field (see TcpFlag). */
  tcpFlags = 0;
  /** The data offset as sent, in bytes (may be < 20 in a malformed header). */
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
  /** TCP Fast Open option present (kind 34, or 254 with magic 0xF989); cookie length −1 when absent, 0 for a cookie request. */
  tfoCookieLen = -1;
  /** Option kinds seen, in order (first MAX_OPTION_KINDS), for the details view. */
  optionCount = 0;
  readonly optionKinds = new Uint8Array(MAX_OPTION_KINDS);

  // UDP, ICMP, ARP
  /** The UDP length field (header included), −1 when not UDP. */
  udpLength = -1;
  icmpType = -1;
  icmpCode = -1;
  /** Echo request/reply identifier and sequence number, −1 otherwise. */
  icmpId = -1;
  icmpSeq = -1;
  /** ARP opcode, −1 when not ARP; addresses for Ethernet/IPv4 ARP (the only kind Synfin reads). */
  arpOp = -1;
  arpSenderIp = 0;
  arpTargetIp = 0;
  /** Sender hardware address as its high 16 and low 32 bits. */
  arpSenderMacHi = 0;
  arpSenderMacLo = 0;

  /** Set when a decoder stopped early or found something wrong; what was decoded before it stays valid. */
  problem: DecodeProblem | null = null;

  reset(): void {
    this.linkType = 0;
    this.vlanCount = 0;
    this.ethOffset = -1;
    this.etherType = -1;
    this.ipVersion = 0;
    this.ipOffset = -1;
    // Element stores, not fill(): fill is a call into the runtime, a measurable part of a packet's cost.
    const src = this.src;
    const dst = this.dst;
    src[0] = src[1] = src[2] = src[3] = 0;
    dst[0] = dst[1] = dst[2] = dst[3] = 0;
    this.ipProto = -1;
    this.ttl = 0;
    this.isFragment = false;
    this.isLaterFragment = false;
    this.ipId = -1;
    this.fragmentOffset = 0;
    this.ipPayloadLen = -1;
    this.inflated = false;
    this.inflatedLength = 0;
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
    this.resetOtherProtocols();
    this.problem = null;
  }

  /** The UDP, ICMP and ARP fields, which a TCP packet leaves unset (the TCP fast path clears only these). */
  resetOtherProtocols(): void {
    this.udpLength = -1;
    this.icmpType = -1;
    this.icmpCode = -1;
    this.icmpId = -1;
    this.icmpSeq = -1;
    this.arpOp = -1;
    this.arpSenderIp = 0;
    this.arpTargetIp = 0;
    this.arpSenderMacHi = 0;
    this.arpSenderMacLo = 0;
  }
}
