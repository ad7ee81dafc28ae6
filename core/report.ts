/**
 * The JSON shapes of `synfin flows --json` and `synfin packets --json` (DESIGN.md, command line).
 * Other tools parse these: change them only with DESIGN.md.
 */
import type { AnalysisFlag, HandshakeStatus, PacketRole, TcpState, TeardownStatus } from './tcp/vocabulary';

export interface FlowJson {
  stream: number;
  /** "ip:port" of the SYN sender; "[v6]:port" for IPv6. */
  client: string;
  server: string;
  firstFrame: number;
  lastFrame: number;
  packets: number;
  /** TCP payload bytes each way. */
  bytesClientToServer: number;
  bytesServerToClient: number;
  /** Epoch seconds of the first packet. */
  start: number;
  /** Seconds from the first to the last packet. */
  duration: number;
  /** Wireshark's tcp.completeness bit set. */
  completeness: number;
  handshake: { status: HandshakeStatus; frames: number[]; irtt: number | null };
  teardown: { status: TeardownStatus; initiator: 'client' | 'server' | null; frames: number[] };
  state: { client: TcpState; server: TcpState };
  /** Counts of the analysis flags that occur (flags that never occur are left out). */
  analysis: Partial<Record<AnalysisFlag, number>>;
}

export interface FlowsJson {
  file: string;
  format: string;
  packets: number;
  connections: FlowJson[];
}

export interface PacketJson {
  frame: number;
  /** Epoch seconds. */
  time: number;
  /** null when the frame is not TCP (or its TCP header could not be read). */
  stream: number | null;
  /** "ip:port" ("[v6]:port") with ports, "ip" without, a MAC address for non-IP frames, null if unknown. */
  src: string | null;
  dst: string | null;
  /** e.g. "SYN,ACK"; "" for a TCP segment with no flags; null when not TCP. */
  flags: string | null;
  seq: number | null;
  ack: number | null;
  seqRaw: number | null;
  ackRaw: number | null;
  len: number | null;
  window: number | null;
  roles: PacketRole[];
  analysis: AnalysisFlag[];
  /** Each endpoint's state after this packet; null when not TCP. */
  states: { client: TcpState; server: TcpState } | null;
}
