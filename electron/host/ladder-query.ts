/** A connection's ladder from the store: its packets in order, folded by core's ladder model. */
import type { Ladder } from '../../core/api';
import { TcpFlag } from '../../core/decode/dissection';
import { formatEndpoint } from '../../core/decode/address';
import { ladderRows, type LadderPacket } from '../../core/present/ladder';
import { formatTcpFlags } from '../../core/present/flags';
import { MiscBit } from '../../core/store/packet-store';
import { relativeAck, relativeSeq } from '../../core/store/relative';
import { stateName, type TcpState } from '../../core/tcp/vocabulary';
import type { Connection } from '../../core/tcp/connection';
import type { AnalysisSession } from './session';
import type { StreamIndex } from './stream-index';

/** Each endpoint's state before the first packet of the connection the capture shows. */
export function initialStates(c: Connection): { client: TcpState; server: TcpState } {
  return { client: stateName(c.initialClientState), server: stateName(c.initialServerState) };
}

export function ladderOf(s: AnalysisSession, index: StreamIndex, stream: number, expanded: readonly number[]): Ladder | null {
  const c = s.connection(stream);
  if (!c) return null;
  const st = s.store;
  const indices = index.packetsOf(st, s.connectionCount, stream);
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
      relSeq: relativeSeq(st, i, c),
      relAck: flags & TcpFlag.ACK ? relativeAck(st, i, c) : null,
      len: st.get('payloadLen', i),
      roles: st.get('roles', i),
      analysis: st.get('analysis', i),
      clientState: states >> 4,
      serverState: states & 15,
    });
  }
  const initial = initialStates(c);
  return {
    stream,
    client: formatEndpoint(c.ipVersion, c.clientAddr, c.clientPort),
    server: formatEndpoint(c.ipVersion, c.serverAddr, c.serverPort),
    initialStates: initial,
    rows: ladderRows(packets, initial, new Set(expanded)),
    packets: packets.length,
  };
}
