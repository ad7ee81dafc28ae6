/**
 * The read-only view of one TCP connection that the packet store's readers (filters, the
 * session, the UI) use. The tracker's connection objects implement it.
 */
import type { HandshakeStatus, TeardownStatus } from './vocabulary';

export interface StreamInfo {
  readonly stream: number;
  readonly ipVersion: number;
  /** Addresses as in Dissection.src/dst: IPv4 in word 0, IPv6 in all four. */
  readonly clientAddr: Uint32Array;
  readonly serverAddr: Uint32Array;
  readonly clientPort: number;
  readonly serverPort: number;
  /** Bases of the relative numbers: relative = (raw − base) mod 2^32, per direction. */
  readonly clientBaseSeq: number;
  readonly serverBaseSeq: number;
  /** Final tcp.completeness bit set. */
  readonly completeness: number;
  /** tcp.analysis.initial_rtt in seconds, null when the handshake was not seen. */
  readonly irtt: number | null;
  readonly handshakeStatus: HandshakeStatus;
  readonly teardownStatus: TeardownStatus;
  readonly firstFrame: number;
  readonly lastFrame: number;
}
