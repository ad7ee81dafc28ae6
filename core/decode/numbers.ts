/** The numbers the decoders dispatch on, each named once (IANA registries, libpcap's LINKTYPE_ list). */

/** LINKTYPE_* values of pcap and pcapng. */
export enum LinkType {
  NULL = 0,
  ETHERNET = 1,
  /** DLT_RAW on most systems: libpcap writes 101 for it, but some files keep the DLT value. */
  RAW_DLT12 = 12,
  /** DLT_RAW on OpenBSD. */
  RAW_DLT14 = 14,
  RAW = 101,
  LOOP = 108,
  LINUX_SLL = 113,
  IPV4 = 228,
  IPV6 = 229,
  LINUX_SLL2 = 276,
}

export enum EtherType {
  IPV4 = 0x0800,
  ARP = 0x0806,
  VLAN = 0x8100,
  IPV6 = 0x86dd,
  PPPOE_SESSION = 0x8864,
  QINQ = 0x88a8,
  /** The pre-802.1ad Q-in-Q tag some switches still send. */
  QINQ_OLD = 0x9100,
}

/** EtherType values ≤ this are 802.3 lengths, not types (IEEE 802.3 clause 3.2.6). */
export const MAX_8023_LENGTH = 1500;

/** PPP protocol numbers (RFC 1661, 1332, 5072) carried in PPPoE sessions. */
export enum PppProto { IPV4 = 0x0021, IPV6 = 0x0057 }

/** IP protocol / IPv6 next-header numbers. */
export enum IpProto {
  HOPOPTS = 0,
  ICMP = 1,
  IPIP = 4,
  TCP = 6,
  UDP = 17,
  IPV6 = 41,
  ROUTING = 43,
  FRAGMENT = 44,
  GRE = 47,
  ESP = 50,
  AH = 51,
  ICMPV6 = 58,
  NONE = 59,
  DSTOPTS = 60,
  IPCOMP = 108,
  MOBILITY = 135,
  HIP = 139,
  SHIM6 = 140,
}

/** Address families in the BSD null / loopback header: IPv4 everywhere, IPv6 differs per OS. */
export const AF_INET = 2;
export const AF_INET6_VALUES: readonly number[] = [10 /* Linux */, 24 /* NetBSD, OpenBSD */, 28 /* FreeBSD */, 30 /* Darwin */];

/** IPComp CPI for DEFLATE (RFC 2394). */
export const IPCOMP_CPI_DEFLATE = 2;

export enum TcpOption {
  EOL = 0,
  NOP = 1,
  MSS = 2,
  WINDOW_SCALE = 3,
  SACK_PERMITTED = 4,
  SACK = 5,
  TIMESTAMPS = 8,
  MD5 = 19,
  USER_TIMEOUT = 28,
  AUTH = 29,
  MPTCP = 30,
  FAST_OPEN = 34,
  EXPERIMENT_1 = 253,
  EXPERIMENT_2 = 254,
}

/** The experiment id RFC 7413 gave TCP Fast Open while it used the shared experimental kinds. */
export const TFO_EXPERIMENT_MAGIC = 0xf989;
