/** Names Wireshark gives IP protocols and ICMP messages, for the Info column and the details tree. */

const IP_PROTOCOLS: Record<number, string> = {
  0: 'IPv6 Hop-by-Hop Option', 1: 'ICMP', 2: 'IGMP', 4: 'IPIP', 6: 'TCP', 17: 'UDP', 41: 'IPv6', 43: 'Routing Header for IPv6',
  44: 'Fragment Header for IPv6', 47: 'GRE', 50: 'ESP', 51: 'AH', 58: 'ICMPv6', 59: 'IPv6 No Next Header',
  60: 'Destination Options for IPv6', 88: 'EIGRP', 89: 'OSPF IGP', 103: 'PIM', 108: 'IPComp', 112: 'VRRP', 132: 'SCTP',
};

export function ipProtocolName(n: number): string {
  return IP_PROTOCOLS[n] ?? 'Unknown';
}

const ICMP_TYPES: Record<number, string> = {
  0: 'Echo (ping) reply', 3: 'Destination unreachable', 4: 'Source quench (flow control)', 5: 'Redirect',
  8: 'Echo (ping) request', 9: 'Router advertisement', 10: 'Router solicitation', 11: 'Time-to-live exceeded',
  12: 'Parameter problem', 13: 'Timestamp request', 14: 'Timestamp reply',
};
const ICMP_UNREACHABLE: Record<number, string> = {
  0: 'Network unreachable', 1: 'Host unreachable', 2: 'Protocol unreachable', 3: 'Port unreachable',
  4: 'Fragmentation needed', 5: 'Source route failed', 9: 'Network administratively prohibited',
  10: 'Host administratively prohibited', 13: 'Communication administratively filtered',
};
const ICMP_TIME_EXCEEDED: Record<number, string> = { 0: 'Time to live exceeded in transit', 1: 'Fragment reassembly time exceeded' };

const ICMPV6_TYPES: Record<number, string> = {
  1: 'Destination Unreachable', 2: 'Packet Too Big', 3: 'Time Exceeded', 4: 'Parameter Problem',
  128: 'Echo (ping) request', 129: 'Echo (ping) reply', 130: 'Multicast Listener Query', 131: 'Multicast Listener Report',
  132: 'Multicast Listener Done', 133: 'Router Solicitation', 134: 'Router Advertisement', 135: 'Neighbor Solicitation',
  136: 'Neighbor Advertisement', 137: 'Redirect', 143: 'Multicast Listener Report Message v2',
};

export function icmpTypeName(v6: boolean, type: number): string {
  if (v6) return ICMPV6_TYPES[type] ?? `Unknown ICMPv6 type (${type})`;
  return ICMP_TYPES[type] ?? `Unknown ICMP (obsolete or malformed?) (${type})`;
}

/** The ICMP (v4) code's meaning for the types that give codes one. */
export function icmpCodeName(type: number, code: number): string | undefined {
  return type === 3 ? ICMP_UNREACHABLE[code] : type === 11 ? ICMP_TIME_EXCEEDED[code] : undefined;
}

/** "Destination unreachable (Port unreachable)", "Echo (ping) request", "Neighbor Solicitation"… */
export function icmpDescription(v6: boolean, type: number, code: number): string {
  const name = icmpTypeName(v6, type);
  const detail = v6 ? undefined : icmpCodeName(type, code);
  return detail ? `${name} (${detail})` : name;
}
