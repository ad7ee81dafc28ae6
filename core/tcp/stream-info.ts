/**
 * The read-only view of one TCP connection that the packet store's readers (filters, the
 * session, the UI) use. The tracker's connection objects implement it.
 */
import type { HandshakeStatus, TeardownStatus } from './vocabulary';

export interface BaseChange {
  /** First frame that used the new base. */
  frame: number;
  /** The direction whose base changed: sent by the client (true) or by the server. */
  client: boolean;
  /** The base used before `frame`. */
  previous: number;
}

export interface StreamInfo {
  readonly stream: number;
  readonly ipVersion: number;
  /** Addresses as in Dissection.src/dst: IPv4 in word 0, IPv6 in all four. */
  readonly clientAddr: Uint32Array;
  readonly serverAddr: Uint32Array;
  readonly clientPort: number;
  readonly serverPort: number;
  /**
   * Bases of the relative numbers: relative = (raw − base) mod 2^32, per direction, as of the last
   * packet. A packet's relative ack uses the other direction's base. Use `seqBaseAt` when a
   * direction's base changed (baseChanges not null), and show the ack raw when ACK is not set.
   */
  readonly clientBaseSeq: number;
  readonly serverBaseSeq: number;
  /**
   * Where a direction's base changed, oldest first; null (almost always) when it never did.
   * Wireshark re-bases a direction when a SYN-ACK arrives whose sequence number differs from the
   * base already set (e.g. from an earlier RST or from the peer's ACKs): packets of that direction
   * before `frame` were shown against `previous` (and so were the peer's acks before it).
   */
  readonly baseChanges: readonly BaseChange[] | null;
  /** Final tcp.completeness bit set. */
  readonly completeness: number;
  /** tcp.analysis.initial_rtt in seconds, null when the handshake was not seen. */
  readonly irtt: number | null;
  readonly handshakeStatus: HandshakeStatus;
  readonly teardownStatus: TeardownStatus;
  readonly firstFrame: number;
  readonly lastFrame: number;
}

/**
 * The base of the sequence numbers sent by the client (`client` true) or the server, as it was
 * when `frame` was dissected. For a packet's relative seq pass its own direction; for its relative
 * ack, the other one.
 */
export function seqBaseAt(info: StreamInfo, client: boolean, frame: number): number {
  let base = client ? info.clientBaseSeq : info.serverBaseSeq;
  const changes = info.baseChanges;
  if (changes === null) return base;
  for (let i = changes.length - 1; i >= 0; i--) {
    const c = changes[i]!;
    if (c.client === client && frame < c.frame) base = c.previous;
  }
  return base;
}
