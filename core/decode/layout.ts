/**
 * Where each field sits in its header (byte offsets from the header's first byte) and how long
 * the fixed part is: one table per header, shared by the decoders and the details tree.
 *
 * Enums rather than objects, here and for the protocol numbers (numbers.ts), the TCP flags, the
 * completeness bits and Who: esbuild writes an enum's members into the bundle as numbers, where
 * an object's member stayed a load with a check of the object's shape on every use (V8 cannot
 * take a module's bundled variables for constants), in every packet's path.
 */
/* eslint-disable @typescript-eslint/no-duplicate-enum-values -- a field's offset and a header's length may be one number */

export enum ETH { DST = 0, SRC = 6, TYPE = 12, LEN = 14 }
export const MAC_LEN = 6;
/** An 802.1Q / 802.1ad tag after the MACs: tag control information, then the next EtherType. */
export enum VLAN { TCI = 0, TYPE = 2, LEN = 4 }
/** PPPoE session header (RFC 2516), then the 2-byte PPP protocol. */
export enum PPPOE { VER_TYPE = 0, CODE = 1, SESSION = 2, LENGTH = 4, PPP_PROTOCOL = 6, LEN = 6, WITH_PPP = 8 }
/** Linux cooked capture v1 (LINKTYPE_LINUX_SLL). */
export enum SLL { PKTTYPE = 0, HATYPE = 2, HALEN = 4, ADDR = 6, PROTOCOL = 14, LEN = 16 }
/** Linux cooked capture v2 (LINKTYPE_LINUX_SLL2). */
export enum SLL2 { PROTOCOL = 0, RESERVED = 2, IFINDEX = 4, HATYPE = 8, PKTTYPE = 10, HALEN = 11, ADDR = 12, LEN = 20 }
/** Room for the link-layer address in both cooked headers. */
export const SLL_ADDR_LEN = 8;
/** BSD null / loopback: the address family, 4 bytes. */
export const NULL_LEN = 4;

export enum IP4 { VER_IHL = 0, TOS = 1, TOTAL_LEN = 2, ID = 4, FRAG = 6, TTL = 8, PROTO = 9, CHECKSUM = 10, SRC = 12, DST = 16, LEN = 20 }
export enum IP6 { VER_TC_FLOW = 0, PAYLOAD_LEN = 4, NEXT = 6, HOP_LIMIT = 7, SRC = 8, DST = 24, LEN = 40 }
/** Hop-by-hop, routing, destination options…: next header and length in 8-byte units minus one. */
export enum EXT { NEXT = 0, LEN = 1, MIN = 2, UNIT = 8 }
export enum FRAG6 { NEXT = 0, RESERVED = 1, OFFSET_FLAGS = 2, ID = 4, LEN = 8 }
/** Authentication Header (RFC 4302): its length counts 4-byte words, minus 2. */
export enum AH { NEXT = 0, LEN = 1, RESERVED = 2, SPI = 4, SEQ = 8, ICV = 12, UNIT = 4, LEN_BIAS = 2 }
export enum IPCOMP { NEXT = 0, FLAGS = 1, CPI = 2, LEN = 4 }

export enum TCP { SPORT = 0, DPORT = 2, SEQ = 4, ACK = 8, OFF_FLAGS = 12, WINDOW = 14, CHECKSUM = 16, URGENT = 18, LEN = 20 }
export enum UDP { SPORT = 0, DPORT = 2, LENGTH = 4, CHECKSUM = 6, LEN = 8 }
/** ICMP and ICMPv6 share the first four bytes; echo messages add an identifier and a sequence number. */
export enum ICMP { TYPE = 0, CODE = 1, CHECKSUM = 2, ID = 4, SEQ = 6, LEN = 4, ECHO_LEN = 8 }
/** ARP's fixed part; for Ethernet/IPv4 the addresses follow at these offsets. */
export enum ARP { HTYPE = 0, PTYPE = 2, HLEN = 4, PLEN = 5, OP = 6, LEN = 8, SHA = 8, SPA = 14, THA = 18, TPA = 24, ETHERNET_IPV4_LEN = 28 }
/** Options of TCP and of IPv6 hop-by-hop / destination headers are kind (type), length, data. */
export enum TLV { KIND = 0, LEN = 1, DATA = 2 }
/** The ports lead TCP and UDP alike: a header cut after them still names the conversation. */
export const PORTS_LEN = 4;
