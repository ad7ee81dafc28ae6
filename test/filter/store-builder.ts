/**
 * Builds a PacketStore and its connections by hand, packet by packet, for filter tests: the
 * same append path the engine uses (PacketRecord + Dissection + PacketFacts), with readable inputs.
 */
import { PacketStore } from '../../core/store/packet-store';
import { Dissection, Proto, TcpFlag } from '../../core/decode/dissection';
import type { ProtocolLabel } from '../../core/decode/dissection';
import { PacketFacts } from '../../core/tcp/facts';
import type { StreamInfo } from '../../core/tcp/stream-info';
import type { AnalysisFlag, HandshakeStatus, PacketRole, TcpState, TeardownStatus } from '../../core/tcp/vocabulary';
import { analysisBit, roleBit, stateCode } from '../../core/tcp/vocabulary';
import { parseBytes, parseIPv4, parseIPv6 } from '../../core/filter/literals';
import type { FilterSource } from '../../core/filter/env';

export interface TcpPart {
  stream: number;
  fromClient?: boolean;
  /** Letters of the flags set: S, A, F, R, P, U, E (ECE), C (CWR); or the 12-bit value. */
  flags?: string | number;
  seq?: number;
  ack?: number;
  len?: number;
  window?: number;
  analysis?: AnalysisFlag[];
  roles?: PacketRole[];
  client?: TcpState;
  server?: TcpState;
}

export interface PacketSpec {
  /** Seconds since the first packet (the first packet's time is the store's base). */
  time?: number;
  len?: number;
  capLen?: number;
  iface?: number;
  /** Source and destination MAC ("00:0c:29:…"). */
  eth?: [string, string];
  vlan?: number;
  /** Source and destination IPv4 or IPv6 address. */
  ip?: [string, string];
  ttl?: number;
  proto?: ProtocolLabel;
  tcp?: TcpPart;
}

const FLAG_LETTERS: Record<string, number> = { F: TcpFlag.FIN, S: TcpFlag.SYN, R: TcpFlag.RST, P: TcpFlag.PSH, A: TcpFlag.ACK, U: TcpFlag.URG, E: TcpFlag.ECE, C: TcpFlag.CWR };
const BASE_SEC = 1_700_000_000;

export function flagsOf(flags: string | number | undefined): number {
  if (typeof flags === 'number') return flags;
  return [...(flags ?? '')].reduce((m, c) => m | FLAG_LETTERS[c]!, 0);
}

export function streamInfo(stream: number, overrides: Partial<StreamInfo> = {}): StreamInfo {
  return {
    stream, ipVersion: 4, clientAddr: new Uint32Array(4), serverAddr: new Uint32Array(4), clientPort: 40000 + stream, serverPort: 80,
    clientBaseSeq: 1000, serverBaseSeq: 5000, baseChanges: null, completeness: 31, irtt: null,
    handshakeStatus: 'complete' as HandshakeStatus, teardownStatus: 'four-way' as TeardownStatus, firstFrame: 1, lastFrame: 1,
    ...overrides,
  };
}

export class StoreBuilder implements FilterSource {
  readonly store = new PacketStore();
  readonly streams = new Map<number, StreamInfo>();
  private readonly d = new Dissection();
  private readonly f = new PacketFacts();

  streamInfo(stream: number): StreamInfo | undefined {
    return this.streams.get(stream);
  }

  withStream(stream: number, overrides: Partial<StreamInfo> = {}): this {
    this.streams.set(stream, streamInfo(stream, overrides));
    return this;
  }

  add(p: PacketSpec): this {
    const d = this.d;
    const f = this.f;
    d.reset();
    f.reset();
    const bytes = new Uint8Array(64);
    if (p.eth) {
      // Ethernet puts the destination first.
      bytes.set(parseBytes(p.eth[1])!, 0);
      bytes.set(parseBytes(p.eth[0])!, 6);
      d.ethOffset = 0;
    }
    if (p.vlan !== undefined) {
      d.vlanCount = 1;
      d.vlanIds[0] = p.vlan;
    }
    if (p.ip) {
      const v6 = p.ip[0].includes(':');
      d.ipVersion = v6 ? 6 : 4;
      if (v6) {
        d.src.set(parseIPv6(p.ip[0])!);
        d.dst.set(parseIPv6(p.ip[1])!);
      } else {
        d.src[0] = parseIPv4(p.ip[0])!;
        d.dst[0] = parseIPv4(p.ip[1])!;
      }
      d.ttl = p.ttl ?? 64;
    }
    d.proto = Proto[p.proto ?? (p.tcp ? 'TCP' : p.ip ? (p.ip[0].includes(':') ? 'IPv6' : 'IPv4') : 'Ethernet')];
    if (p.tcp) {
      const t = p.tcp;
      d.tcpFlags = flagsOf(t.flags ?? 'A');
      d.seq = t.seq ?? 0;
      d.ack = t.ack ?? 0;
      d.payloadLen = t.len ?? 0;
      d.window = t.window ?? 1024;
      f.stream = t.stream;
      f.fromClient = t.fromClient ?? true;
      f.analysis = (t.analysis ?? []).reduce((m, a) => m | analysisBit(a), 0);
      f.roles = (t.roles ?? []).reduce((m, r) => m | roleBit(r), 0);
      f.clientState = stateCode(t.client ?? 'ESTABLISHED');
      f.serverState = stateCode(t.server ?? 'ESTABLISHED');
    }
    const t = p.time ?? this.store.length * 0.001;
    const capLen = p.capLen ?? p.len ?? 64;
    this.store.append({
      bytes, view: new DataView(bytes.buffer), offset: 0, capLen, origLen: p.len ?? capLen, fileOffset: 0,
      tsSec: BASE_SEC + Math.floor(t), tsNsec: Math.round((t - Math.floor(t)) * 1e9), linkType: 1, interfaceId: p.iface ?? 0, comments: null,
    }, d, f);
    return this;
  }
}
