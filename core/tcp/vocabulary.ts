/**
 * The words of the TCP tracker, each defined once: the codes stored per packet, the names printed
 * and sent to the UI, and the counters all come from these lists (DESIGN.md, contracts).
 */

/** RFC 9293 state names. The code of a state is its index here (stored in 4 bits per endpoint). */
export const TCP_STATES = [
  'CLOSED', 'LISTEN', 'SYN-SENT', 'SYN-RECEIVED', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2',
  'CLOSE-WAIT', 'CLOSING', 'LAST-ACK', 'TIME-WAIT',
] as const;
export type TcpState = (typeof TCP_STATES)[number];
export const stateCode = (s: TcpState): number => TCP_STATES.indexOf(s);
export const stateName = (code: number): TcpState => TCP_STATES[code] ?? 'CLOSED';

/** Packet roles, one bit each (index = bit number): exactly eight, so a role set fits a byte. */
export const PACKET_ROLES = [
  'handshake-1', 'handshake-2', 'handshake-3',
  'teardown-1', 'teardown-2', 'teardown-3', 'teardown-4',
  'reset',
] as const;
export type PacketRole = (typeof PACKET_ROLES)[number];
export const roleBit = (r: PacketRole): number => 1 << PACKET_ROLES.indexOf(r);
export const roleNames = (bits: number): PacketRole[] => PACKET_ROLES.filter((_, i) => (bits >> i) & 1);

/** Wireshark's tcp.analysis.* flags, named without the prefix, one bit each (index = bit number). */
export const ANALYSIS_FLAGS = [
  'retransmission', 'fast_retransmission', 'spurious_retransmission', 'out_of_order',
  'lost_segment', 'ack_lost_segment', 'duplicate_ack', 'keep_alive', 'keep_alive_ack',
  'zero_window', 'zero_window_probe', 'window_full', 'window_update', 'reused_ports',
] as const;
export type AnalysisFlag = (typeof ANALYSIS_FLAGS)[number];
export const analysisBit = (f: AnalysisFlag): number => 1 << ANALYSIS_FLAGS.indexOf(f);
export const analysisNames = (bits: number): AnalysisFlag[] => ANALYSIS_FLAGS.filter((_, i) => (bits >> i) & 1);

/** How a connection opened, as far as the capture shows. */
export const HANDSHAKE_STATUSES = ['complete', 'syn-synack', 'syn-only', 'not-captured'] as const;
export type HandshakeStatus = (typeof HANDSHAKE_STATUSES)[number];

/**
 * How a connection ended, as far as the capture shows: graceful `four-way` (FIN, ACK, FIN, ACK),
 * `three-way` (FIN, FIN+ACK, ACK), `simultaneous` (both FINs crossed: CLOSING),
 * `half-closed` (one FIN only: the other side may still send), `reset`, or `open` at the end of the capture.
 */
export const TEARDOWN_STATUSES = ['four-way', 'three-way', 'simultaneous', 'half-closed', 'reset', 'open'] as const;
export type TeardownStatus = (typeof TEARDOWN_STATUSES)[number];

/** Wireshark's tcp.completeness bits. */
export enum Completeness { SYN = 1, SYN_ACK = 2, ACK = 4, DATA = 8, FIN = 16, RST = 32 }

/**
 * State codes by name with `_` for `-` (State.SYN_SENT === stateCode('SYN-SENT')), for the hot
 * path: an enum, so that esbuild writes each use as a number (see core/decode/layout.ts);
 * state-machine.test.ts checks each member against TCP_STATES, which stays the one list of names.
 */
export enum State {
  CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT,
}
