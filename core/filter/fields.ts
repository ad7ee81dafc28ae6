/**
 * The field registry: every name a filter may use, its type, and how to read it from the store.
 * The parser's "is it a field", the type checks and the compiled accessors all come from here.
 *
 * Each field is read through a key, so that a test is worked out once per distinct key value and
 * the per-packet work is an array lookup:
 * - `column`: a small column (≤ 16 bits), tests become a 256- or 65 536-entry table;
 * - `addr` / `eth`: the interned address pair (PacketStore.addresses / .macs), one answer per pair;
 * - `stream`: the connection and the direction of the packet, one answer per (stream, side);
 * - `packet`: a per-packet number (frame.number, tcp.seq …), compared in a loop over the column.
 */
import type { ColumnName, Page } from '../store/packet-store';
import { MiscBit, NO_ETH, NO_VLAN } from '../store/packet-store';
import { Proto, TcpFlag } from '../decode/dissection';
import type { Env } from './env';
import type { StreamInfo } from '../tcp/stream-info';
import type { FieldType, Occurrence } from './types';
import { ANALYSIS_FLAGS, HANDSHAKE_STATUSES, PACKET_ROLES, TCP_STATES, TEARDOWN_STATUSES } from '../tcp/vocabulary';

export type SmallColumn = Extract<ColumnName, 'tcpFlags' | 'window' | 'vlanId' | 'analysis' | 'roles' | 'states' | 'ttl' | 'proto' | 'interfaceId'>;

export type Key =
  | { readonly kind: 'column'; readonly column: SmallColumn; readonly size: 256 | 65536 }
  | { readonly kind: 'addr' | 'eth' | 'stream' | 'packet' };

/** Writes the occurrences of the field for key value `k` into `out`; returns how many (0: absent). */
export type Reader = (env: Env, k: number, out: Occurrence[]) => number;
/** Writes the values of packets [i0, i0 + n) (page offsets j0 …) into out; NaN where absent. */
export type Filler = (env: Env, page: Page, j0: number, n: number, i0: number, out: Float64Array) => void;

export interface FieldDef {
  readonly name: string;
  readonly type: FieldType;
  readonly description: string;
  readonly key: Key;
  /** For `column`, `addr`, `eth` and `stream` keys. */
  readonly read?: Reader;
  /** For `packet` keys. */
  readonly fill?: Filler;
  /** A field that must be present as well, when the key alone cannot tell (tcp.flags needs tcp). */
  readonly within?: string;
  /** The values of an enumerated string field. */
  readonly names?: readonly string[];
  /** At most one occurrence a packet (a `packet` field always is). */
  readonly single: boolean;
}

const col8 = (column: SmallColumn): Key => ({ kind: 'column', column, size: 256 });
const col16 = (column: SmallColumn): Key => ({ kind: 'column', column, size: 65536 });
const ADDR: Key = { kind: 'addr' };
const ETH: Key = { kind: 'eth' };
const STREAM: Key = { kind: 'stream' };
const PACKET: Key = { kind: 'packet' };

const one = (out: Occurrence[], v: Occurrence): number => ((out[0] = v), 1);

/** A value from a column (or absent where the column holds `absent`). */
const column = (name: ColumnName, absent?: number): Filler => (_env, page, j0, n, _i0, out) => {
  const c = page[name];
  for (let x = 0; x < n; x++) {
    const v = c[j0 + x]!;
    out[x] = v === absent ? NaN : v;
  }
};

// --- address pairs: word 0 is the IP version, then four words of source and four of destination.
const ipVersion = (env: Env, k: number): number => env.store.addresses.word(k, 0);
const ipv4 = (side: 1 | 5): Reader => (env, k, out) => (ipVersion(env, k) === 4 ? one(out, env.store.addresses.word(k, side)) : 0);
const ipv6Words = (env: Env, k: number, side: 1 | 5): Uint32Array => {
  const w = new Uint32Array(4);
  for (let i = 0; i < 4; i++) w[i] = env.store.addresses.word(k, side + i);
  return w;
};
const ipv6 = (side: 1 | 5): Reader => (env, k, out) => (ipVersion(env, k) === 6 ? one(out, ipv6Words(env, k, side)) : 0);
const bothIPv4: Reader = (env, k, out) =>
  ipVersion(env, k) === 4 ? ((out[0] = env.store.addresses.word(k, 1)), (out[1] = env.store.addresses.word(k, 5)), 2) : 0;
const bothIPv6: Reader = (env, k, out) => (ipVersion(env, k) === 6 ? ((out[0] = ipv6Words(env, k, 1)), (out[1] = ipv6Words(env, k, 5)), 2) : 0);

// --- MAC pairs: [source 32 high bits][source 16 low bits | destination 16 high bits][destination 32 low bits].
const macSrc = (env: Env, k: number): number => env.store.macs.word(k, 0) * 0x10000 + (env.store.macs.word(k, 1) >>> 16);
const macDst = (env: Env, k: number): number => (env.store.macs.word(k, 1) & 0xffff) * 0x1_0000_0000 + env.store.macs.word(k, 2);
const eth = (f: (env: Env, k: number) => number): Reader => (env, k, out) => (k === NO_ETH ? 0 : one(out, f(env, k)));

// --- connections: key = 2·stream + 1 for packets the client sent, 2·stream for the server's.
const streamValue = (f: (info: StreamInfo, fromClient: boolean) => Occurrence | null): Reader => (env, k, out) => {
  const info = env.streamInfo(k >>> 1);
  const v = info ? f(info, (k & 1) === 1) : null;
  return v === null ? 0 : one(out, v);
};
const srcPort = streamValue((s, c) => (c ? s.clientPort : s.serverPort));
const dstPort = streamValue((s, c) => (c ? s.serverPort : s.clientPort));
const bothPorts: Reader = (env, k, out) => {
  const info = env.streamInfo(k >>> 1);
  if (!info) return 0;
  const c = (k & 1) === 1;
  out[0] = c ? info.clientPort : info.serverPort;
  out[1] = c ? info.serverPort : info.clientPort;
  return 2;
};

/** tcp.seq / tcp.ack: relative to each direction's base, as tshark shows them. */
const relative = (which: 'seq' | 'ack'): Filler => (env, page, j0, n, _i0, out) => {
  const streams = page.stream;
  const misc = page.misc;
  const raw = which === 'seq' ? page.seqRaw : page.ackRaw;
  const flags = page.tcpFlags;
  for (let x = 0; x < n; x++) {
    const j = j0 + x;
    const s = streams[j]!;
    if (s < 0) {
      out[x] = NaN;
      continue;
    }
    const fromClient = (misc[j]! & MiscBit.FROM_CLIENT) !== 0;
    // Wireshark makes the acknowledgement relative only when the ACK flag is set.
    if (which === 'ack' && !(flags[j]! & TcpFlag.ACK)) {
      out[x] = raw[j]!;
      continue;
    }
    const base = env.seqBase(s, which === 'seq' ? fromClient : !fromClient);
    out[x] = base < 0 ? NaN : (raw[j]! - base) >>> 0;
  }
};

/** Protocol label → IPv4 protocol number, for the labels that name one. */
const IP_PROTO_OF_LABEL = new Map<number, number>([[Proto.TCP, 6], [Proto.UDP, 17], [Proto.ICMP, 1]]);

const flagBit = (name: string, mask: number, description: string): FieldDef => ({
  name, type: 'bool', description, key: col16('tcpFlags'), within: 'tcp', single: true,
  read: (_env, k, out) => one(out, k & mask ? 1 : 0),
});
const protocol = (name: string, description: string, label: number): FieldDef => ({
  name, type: 'protocol', description, key: col8('proto'), single: true, read: (_env, k, out) => (k === label ? one(out, 0) : 0),
});
const enumerated = (names: readonly string[]) => (code: number): string | null => names[code] ?? null;
const stateName = enumerated(TCP_STATES);

export const FIELDS: readonly FieldDef[] = [
  { name: 'frame', type: 'protocol', description: 'Frame', key: PACKET, single: true, fill: (_e, _p, _j, n, _i, out) => out.fill(0, 0, n) },
  { name: 'frame.number', type: 'uint32', description: 'Frame number (from 1)', key: PACKET, single: true,
    fill: (_e, _p, _j, n, i0, out) => { for (let x = 0; x < n; x++) out[x] = i0 + x + 1; } },
  { name: 'frame.len', type: 'uint32', description: 'Frame length on the wire', key: PACKET, single: true, fill: column('origLen') },
  { name: 'frame.cap_len', type: 'uint32', description: 'Frame length stored in the capture file', key: PACKET, single: true, fill: column('capLen') },
  { name: 'frame.time_relative', type: 'reltime', description: 'Seconds since the first frame', key: PACKET, single: true, fill: column('tsRelNs') },
  { name: 'frame.time_delta', type: 'reltime', description: 'Seconds since the previous captured frame', key: PACKET, single: true,
    fill: (env, page, j0, n, i0, out) => {
      const t = page.tsRelNs;
      for (let x = 0; x < n; x++) {
        const i = i0 + x;
        if (i === 0) out[x] = 0;
        else out[x] = t[j0 + x]! - (j0 + x > 0 ? t[j0 + x - 1]! : env.store.get('tsRelNs', i - 1));
      }
    } },
  { name: 'frame.interface_id', type: 'uint32', description: 'Capture interface', key: col16('interfaceId'), single: true, read: (_e, k, out) => one(out, k) },

  { name: 'eth', type: 'protocol', description: 'Ethernet', key: ETH, single: true, read: eth(() => 0) },
  { name: 'eth.addr', type: 'ether', description: 'Source or destination MAC address', key: ETH, single: false,
    read: (env, k, out) => (k === NO_ETH ? 0 : ((out[0] = macDst(env, k)), (out[1] = macSrc(env, k)), 2)) },
  { name: 'eth.src', type: 'ether', description: 'Source MAC address', key: ETH, single: true, read: eth(macSrc) },
  { name: 'eth.dst', type: 'ether', description: 'Destination MAC address', key: ETH, single: true, read: eth(macDst) },
  { name: 'vlan', type: 'protocol', description: '802.1Q VLAN', key: col16('vlanId'), single: true, read: (_e, k, out) => (k === NO_VLAN ? 0 : one(out, 0)) },
  { name: 'vlan.id', type: 'uint16', description: 'VLAN id (outermost tag)', key: col16('vlanId'), single: true, read: (_e, k, out) => (k === NO_VLAN ? 0 : one(out, k)) },

  { name: 'ip', type: 'protocol', description: 'IPv4', key: ADDR, single: true, read: (env, k, out) => (ipVersion(env, k) === 4 ? one(out, 0) : 0) },
  { name: 'ip.addr', type: 'ipv4', description: 'Source or destination IPv4 address', key: ADDR, single: false, read: bothIPv4 },
  { name: 'ip.src', type: 'ipv4', description: 'Source IPv4 address', key: ADDR, single: true, read: ipv4(1) },
  { name: 'ip.dst', type: 'ipv4', description: 'Destination IPv4 address', key: ADDR, single: true, read: ipv4(5) },
  { name: 'ip.proto', type: 'uint8', description: 'IPv4 protocol (TCP, UDP and ICMP only)', key: col8('proto'), within: 'ip', single: true,
    read: (_e, k, out) => (IP_PROTO_OF_LABEL.has(k) ? one(out, IP_PROTO_OF_LABEL.get(k)!) : 0) },
  { name: 'ip.ttl', type: 'uint8', description: 'IPv4 time to live', key: col8('ttl'), within: 'ip', single: true, read: (_e, k, out) => one(out, k) },
  { name: 'ipv6', type: 'protocol', description: 'IPv6', key: ADDR, single: true, read: (env, k, out) => (ipVersion(env, k) === 6 ? one(out, 0) : 0) },
  { name: 'ipv6.addr', type: 'ipv6', description: 'Source or destination IPv6 address', key: ADDR, single: false, read: bothIPv6 },
  { name: 'ipv6.src', type: 'ipv6', description: 'Source IPv6 address', key: ADDR, single: true, read: ipv6(1) },
  { name: 'ipv6.dst', type: 'ipv6', description: 'Destination IPv6 address', key: ADDR, single: true, read: ipv6(5) },
  { name: 'ipv6.hlim', type: 'uint8', description: 'IPv6 hop limit', key: col8('ttl'), within: 'ipv6', single: true, read: (_e, k, out) => one(out, k) },

  protocol('tcp', 'TCP', Proto.TCP),
  protocol('udp', 'UDP', Proto.UDP),
  protocol('icmp', 'ICMP', Proto.ICMP),
  protocol('icmpv6', 'ICMPv6', Proto.ICMPv6),
  protocol('arp', 'ARP', Proto.ARP),
  { name: 'tcp.port', type: 'uint16', description: 'Source or destination TCP port', key: STREAM, single: false, read: bothPorts },
  { name: 'tcp.srcport', type: 'uint16', description: 'TCP source port', key: STREAM, single: true, read: srcPort },
  { name: 'tcp.dstport', type: 'uint16', description: 'TCP destination port', key: STREAM, single: true, read: dstPort },
  { name: 'tcp.stream', type: 'uint32', description: 'TCP connection number (from 0)', key: PACKET, single: true, fill: column('stream', -1) },
  { name: 'tcp.flags', type: 'uint16', description: 'TCP flags (12 bits)', key: col16('tcpFlags'), within: 'tcp', single: true, read: (_e, k, out) => one(out, k) },
  flagBit('tcp.flags.fin', TcpFlag.FIN, 'FIN flag'),
  flagBit('tcp.flags.syn', TcpFlag.SYN, 'SYN flag'),
  flagBit('tcp.flags.reset', TcpFlag.RST, 'RST flag'),
  flagBit('tcp.flags.push', TcpFlag.PSH, 'PSH flag'),
  flagBit('tcp.flags.ack', TcpFlag.ACK, 'ACK flag'),
  flagBit('tcp.flags.urg', TcpFlag.URG, 'URG flag'),
  flagBit('tcp.flags.ece', TcpFlag.ECE, 'ECN-Echo flag'),
  flagBit('tcp.flags.cwr', TcpFlag.CWR, 'Congestion Window Reduced flag'),
  flagBit('tcp.flags.ae', TcpFlag.AE, 'Accurate ECN flag'),
  flagBit('tcp.flags.res', 0xe00, 'Reserved bits'),
  { name: 'tcp.seq', type: 'uint32', description: 'Relative sequence number', key: PACKET, single: true, fill: relative('seq') },
  { name: 'tcp.ack', type: 'uint32', description: 'Relative acknowledgement number', key: PACKET, single: true, fill: relative('ack') },
  { name: 'tcp.seq_raw', type: 'uint32', description: 'Sequence number as sent', key: PACKET, within: 'tcp', single: true, fill: column('seqRaw') },
  { name: 'tcp.ack_raw', type: 'uint32', description: 'Acknowledgement number as sent', key: PACKET, within: 'tcp', single: true, fill: column('ackRaw') },
  { name: 'tcp.len', type: 'uint32', description: 'TCP payload length', key: PACKET, within: 'tcp', single: true, fill: column('payloadLen') },
  { name: 'tcp.window_size_value', type: 'uint16', description: 'Window field as sent (unscaled)', key: col16('window'), within: 'tcp', single: true,
    read: (_e, k, out) => one(out, k) },
  { name: 'tcp.completeness', type: 'uint8', description: 'What the capture shows of the connection (SYN=1 … RST=32)', key: STREAM, single: true,
    read: streamValue((s) => s.completeness) },
  { name: 'tcp.analysis', type: 'label', description: 'Packet has SEQ/ACK analysis', key: PACKET, single: true,
    fill: (env, _p, _j, n, i0, out) => {
      const carriers = env.seqAck(i0 + n);
      for (let x = 0; x < n; x++) out[x] = carriers[i0 + x] ? 0 : NaN;
    } },
  { name: 'tcp.analysis.flags', type: 'label', description: 'Packet has a TCP analysis flag', key: col16('analysis'), single: true,
    read: (_e, k, out) => (k !== 0 ? one(out, 0) : 0) },
  ...ANALYSIS_FLAGS.map((flag, bit): FieldDef => ({
    name: `tcp.analysis.${flag}`, type: 'label', description: `TCP analysis: ${flag.replace(/_/g, ' ')}`, key: col16('analysis'), single: true,
    read: (_e, k, out) => ((k >> bit) & 1 ? one(out, 0) : 0),
  })),
  { name: 'tcp.analysis.initial_rtt', type: 'reltime', description: 'Handshake round-trip time (iRTT)', key: STREAM, within: 'tcp.analysis', single: true,
    read: streamValue((s) => (s.irtt === null ? null : Math.round(s.irtt * 1e9))) },

  { name: 'synfin.role', type: 'string', description: 'Handshake, teardown or reset role of the packet', key: col8('roles'), names: PACKET_ROLES, single: false,
    read: (_e, k, out) => {
      let n = 0;
      for (let bit = 0; bit < PACKET_ROLES.length; bit++) if ((k >> bit) & 1) out[n++] = PACKET_ROLES[bit]!;
      return n;
    } },
  { name: 'synfin.state.client', type: 'string', description: "Client's TCP state after the packet", key: col8('states'), within: 'tcp.stream', names: TCP_STATES,
    single: true, read: (_e, k, out) => one(out, stateName(k >> 4) ?? 'CLOSED') },
  { name: 'synfin.state.server', type: 'string', description: "Server's TCP state after the packet", key: col8('states'), within: 'tcp.stream', names: TCP_STATES,
    single: true, read: (_e, k, out) => one(out, stateName(k & 15) ?? 'CLOSED') },
  { name: 'synfin.handshake', type: 'string', description: 'How the connection opened', key: STREAM, names: HANDSHAKE_STATUSES, single: true,
    read: streamValue((s) => s.handshakeStatus) },
  { name: 'synfin.teardown', type: 'string', description: 'How the connection ended', key: STREAM, names: TEARDOWN_STATUSES, single: true,
    read: streamValue((s) => s.teardownStatus) },
];

const BY_NAME = new Map(FIELDS.map((f) => [f.name, f]));

export function fieldByName(name: string): FieldDef | undefined {
  return BY_NAME.get(name);
}
