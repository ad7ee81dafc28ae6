/**
 * Builds TCP segments as the header decoders would (Dissection objects) and runs them through a
 * TcpTracker, for tests that read like a capture: `conv.c('S', 1000, 0)` is a SYN from the client.
 * The same segments can be written as a pcap (pcap-writer.ts) so that tshark can judge them too.
 */
import { Dissection, Proto, TcpFlag } from '../../core/decode/dissection';
import { PacketFacts } from '../../core/tcp/facts';
import { TcpTracker } from '../../core/tcp/tracker';
import { analysisNames, roleNames, stateName, type AnalysisFlag, type PacketRole, type TcpState } from '../../core/tcp/vocabulary';

/** One segment of a scenario: who sends it, its flags as letters (S A F R P U), numbers, time. */
export interface Segment {
  from: 'c' | 's';
  flags: string;
  seq: number;
  ack: number;
  len: number;
  win: number;
  /** Window scale option (shift count), or undefined for none. */
  ws?: number;
  /** Seconds since START_SEC. */
  t: number;
}

export interface Endpoints {
  ipVersion: 4 | 6;
  clientAddr: number[];
  serverAddr: number[];
  clientPort: number;
  serverPort: number;
}

export const DEFAULT_ENDPOINTS: Endpoints = {
  ipVersion: 4, clientAddr: [0x0a000001, 0, 0, 0], serverAddr: [0x0a000002, 0, 0, 0], clientPort: 40000, serverPort: 80,
};
/** Epoch second the scenarios start at (any fixed, non-zero time). */
export const START_SEC = 1_700_000_000;

const LETTERS: Record<string, number> = { F: TcpFlag.FIN, S: TcpFlag.SYN, R: TcpFlag.RST, P: TcpFlag.PSH, A: TcpFlag.ACK, U: TcpFlag.URG };
export const flagBits = (letters: string): number => [...letters].reduce((bits, l) => bits | LETTERS[l]!, 0);

/** What the tracker concluded about one packet, in words. */
export interface Seen {
  frame: number;
  stream: number;
  fromClient: boolean;
  seq: number;
  ack: number;
  roles: PacketRole[];
  analysis: AnalysisFlag[];
  client: TcpState;
  server: TcpState;
  window: number;
}

export function fillDissection(d: Dissection, s: Segment, ep: Endpoints): void {
  d.reset();
  d.proto = Proto.TCP;
  d.ipVersion = ep.ipVersion;
  const fromClient = s.from === 'c';
  d.src.set(fromClient ? ep.clientAddr : ep.serverAddr);
  d.dst.set(fromClient ? ep.serverAddr : ep.clientAddr);
  d.srcPort = fromClient ? ep.clientPort : ep.serverPort;
  d.dstPort = fromClient ? ep.serverPort : ep.clientPort;
  d.seq = s.seq >>> 0;
  d.ack = s.ack >>> 0;
  d.tcpFlags = flagBits(s.flags);
  d.window = s.win;
  d.windowScale = s.ws ?? -1;
  d.payloadLen = s.len;
  d.tcpHeaderLen = 20 + (s.ws !== undefined ? 4 : 0);
  // As the decoders lay out Ethernet + IP + TCP (a valid header has a payload offset).
  d.ipOffset = 14;
  d.l4Offset = 14 + (ep.ipVersion === 4 ? 20 : 40);
  d.payloadOffset = d.l4Offset + d.tcpHeaderLen;
  d.ipPayloadLen = d.tcpHeaderLen + s.len;
}

export class Conv {
  readonly tracker: TcpTracker;
  readonly segments: Segment[] = [];
  readonly seen: Seen[] = [];
  private readonly d = new Dissection();
  private readonly out = new PacketFacts();
  private clock = 0;

  /**
   * A conversation between `endpoints`, tracked by `tracker` (a fresh one by default). To put
   * several conversations in one capture, share the tracker and give each its first frame number
   * (`frameBase` + 1) and start time (`t0`, seconds).
   */
  constructor(readonly endpoints: Endpoints = DEFAULT_ENDPOINTS, tracker?: TcpTracker, private readonly frameBase = 0, private readonly t0 = 0) {
    this.tracker = tracker ?? new TcpTracker();
  }

  /** A segment from the client. `opts.t` is absolute (s since start); `opts.dt` advances the clock (default 1 ms). */
  c(flags: string, seq: number, ack: number, opts: SegmentOptions = {}): Seen {
    return this.send('c', flags, seq, ack, opts);
  }

  /** A segment from the server. */
  s(flags: string, seq: number, ack: number, opts: SegmentOptions = {}): Seen {
    return this.send('s', flags, seq, ack, opts);
  }

  /** Run a prepared segment (its time relative to this conversation's start). */
  run(relative: Segment): Seen {
    // Whole microseconds, as a pcap keeps them, so that tshark reading the written file sees the same times.
    const seg = { ...relative, t: Math.round((this.t0 + relative.t) * 1e6) / 1e6 };
    this.segments.push(seg);
    fillDissection(this.d, seg, this.endpoints);
    const frame = this.frameBase + this.segments.length;
    const whole = Math.floor(seg.t);
    this.tracker.track(frame, START_SEC + whole, Math.round((seg.t - whole) * 1e9), this.d, this.out);
    const o = this.out;
    const seen: Seen = {
      frame, stream: o.stream, fromClient: o.fromClient, seq: o.relSeq, ack: o.relAck,
      roles: roleNames(o.roles), analysis: analysisNames(o.analysis),
      client: stateName(o.clientState), server: stateName(o.serverState), window: o.windowSize,
    };
    this.seen.push(seen);
    return seen;
  }

  /** The connection of the last packet. */
  get conn() {
    return this.tracker.connections[this.seen[this.seen.length - 1]!.stream]!;
  }

  /** The three-way handshake: client ISN 1000, server ISN 5000 (relative numbers start at 0 and 1). */
  handshake(opts: { ws?: [number, number] } = {}): this {
    this.c('S', 1000, 0, { win: 64240, ws: opts.ws?.[0] });
    this.s('SA', 5000, 1001, { win: 65160, ws: opts.ws?.[1] });
    this.c('A', 1001, 5001, { win: 502 });
    return this;
  }

  private send(from: 'c' | 's', flags: string, seq: number, ack: number, opts: SegmentOptions): Seen {
    this.clock = opts.t ?? this.clock + (opts.dt ?? 0.001);
    return this.run({ from, flags, seq, ack, len: opts.len ?? 0, win: opts.win ?? 1000, ws: opts.ws, t: this.clock });
  }
}

export interface SegmentOptions {
  len?: number;
  win?: number;
  ws?: number;
  t?: number;
  dt?: number;
}
