/** A connection's ladder from the store: its packets in order, folded by core's ladder model. */
import type { Ladder } from '../../core/api';
import { TcpFlag } from '../../core/decode/dissection';
import { formatEndpoint } from '../../core/decode/address';
import { ladderRows, type LadderPacket } from '../../core/present/ladder';
import { formatTcpFlags } from '../../core/present/flags';
import { MiscBit } from '../../core/store/packet-store';
import { seqBaseAt } from '../../core/tcp/stream-info';
import type { TcpState } from '../../core/tcp/vocabulary';
import type { AnalysisSession } from './session';
import type { StreamIndex } from './stream-index';

/**
 * The endpoints' states before the first packet the capture shows: a client about to send its SYN
 * is CLOSED and its server LISTENs; a connection picked up later was already ESTABLISHED.
 */
export function initialStates(firstFlags: number): { client: TcpState; server: TcpState } {
  const syn = (firstFlags & TcpFlag.SYN) !== 0;
  const ack = (firstFlags & TcpFlag.ACK) !== 0;
  if (syn && !ack) return { client: 'CLOSED', server: 'LISTEN' };
  // A SYN-ACK first: the client's SYN went by before the capture started.
  if (syn && ack) return { client: 'SYN-SENT', server: 'SYN-RECEIVED' };
  return { client: 'ESTABLISHED', server: 'ESTABLISHED' };
}

export function ladderOf(s: AnalysisSession, index: StreamIndex, stream: number, expanded: readonly number[]): Ladder | null {
  const c = s.connections[stream];
  if (!c) return null;
  const st = s.store;
  const indices = index.packetsOf(st, s.connections.length, stream);
  if (indices.length === 0) return null;
  const t0 = st.get('tsRelNs', indices[0]!);
  const packets: LadderPacket[] = [];
  for (const i of indices) {
    const frame = i + 1;
    const fromClient = (st.get('misc', i) & MiscBit.FROM_CLIENT) !== 0;
    const flags = st.get('tcpFlags', i);
    const states = st.get('states', i);
    packets.push({
      frame,
      time: (st.get('tsRelNs', i) - t0) / 1e9,
      fromClient,
      flags: formatTcpFlags(flags),
      relSeq: (st.get('seqRaw', i) - seqBaseAt(c, fromClient, frame)) >>> 0,
      relAck: flags & TcpFlag.ACK ? (st.get('ackRaw', i) - seqBaseAt(c, !fromClient, frame)) >>> 0 : null,
      len: st.get('payloadLen', i),
      roles: st.get('roles', i),
      analysis: st.get('analysis', i),
      clientState: states >> 4,
      serverState: states & 15,
    });
  }
  const initial = initialStates(st.get('tcpFlags', indices[0]!));
  return {
    stream,
    client: formatEndpoint(c.ipVersion, c.clientAddr, c.clientPort),
    server: formatEndpoint(c.ipVersion, c.serverAddr, c.serverPort),
    initialStates: initial,
    rows: ladderRows(packets, initial, new Set(expanded)),
    packets: packets.length,
  };
}
