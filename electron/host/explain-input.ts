/**
 * Gathers, from the store, the numbers an explanation quotes: the SYN a SYN-ACK answers, the FIN
 * an ACK acknowledges, earlier SYNs, whether the SYN was ever answered, half-close data.
 */
import { TcpFlag } from '../../core/decode/dissection';
import type { ExplainInput, SegmentRef } from '../../core/present/explain';
import { MiscBit } from '../../core/store/packet-store';
import { relativeAck, relativeSeq } from '../../core/store/relative';
import { analysisBit, roleBit, stateName, type TcpState } from '../../core/tcp/vocabulary';
import { initialStates } from './ladder-query';
import { formatEndpoint } from '../../core/decode/address';
import type { AnalysisSession } from './session';
import type { StreamIndex } from './stream-index';

const HS1 = roleBit('handshake-1');
const HS2 = roleBit('handshake-2');
const TD1 = roleBit('teardown-1');
const TD3 = roleBit('teardown-3');
const RETRANSMISSION = analysisBit('retransmission');

export function explainInput(s: AnalysisSession, index: StreamIndex, i: number): ExplainInput | null {
  const st = s.store;
  const stream = st.get('stream', i);
  if (stream < 0) return null;
  const c = s.connection(stream)!;
  const packets = index.packetsOf(st, s.connectionCount, stream);
  const fromClientOf = (k: number) => (st.get('misc', k) & MiscBit.FROM_CLIENT) !== 0;
  const ref = (k: number): SegmentRef => {
    return { frame: k + 1, seq: relativeSeq(st, k, c), seqRaw: st.get('seqRaw', k), len: st.get('payloadLen', k) };
  };
  const statesOf = (k: number): { client: TcpState; server: TcpState } => {
    const v = st.get('states', k);
    return { client: stateName(v >> 4), server: stateName(v & 15) };
  };

  const fromClient = fromClientOf(i);
  const flags = st.get('tcpFlags', i);
  let syn: SegmentRef | null = null;
  let synAck: SegmentRef | null = null;
  let firstFin: (SegmentRef & { fromClient: boolean }) | null = null;
  let secondFin: (SegmentRef & { fromClient: boolean }) | null = null;
  let before: { client: TcpState; server: TcpState } | null = null;
  let earlierSyns = 0;
  let synAnswered = false;
  let bytesAfterFirstFin = 0;
  for (const k of packets) {
    const f = st.get('tcpFlags', k);
    const roles = st.get('roles', k);
    const fc = fromClientOf(k);
    if (k < i) {
      before = statesOf(k);
      if ((f & (TcpFlag.SYN | TcpFlag.ACK)) === TcpFlag.SYN && fc === fromClient) earlierSyns++;
    }
    if (k <= i) {
      if (roles & HS1) syn = ref(k);
      if (roles & HS2) synAck = ref(k);
      if (roles & TD1 && !firstFin) firstFin = { ...ref(k), fromClient: fc };
      if (roles & TD3) secondFin = { ...ref(k), fromClient: fc };
    }
    if (k > i && !fc && f & (TcpFlag.SYN | TcpFlag.RST)) synAnswered = true;
    if (firstFin && k > firstFin.frame - 1 && fc !== firstFin.fromClient) bytesAfterFirstFin += st.get('payloadLen', k);
  }
  return {
    frame: i + 1,
    roles: st.get('roles', i),
    analysis: { retransmission: (st.get('analysis', i) & RETRANSMISSION) !== 0 },
    flags,
    fromClient,
    seq: relativeSeq(st, i, c),
    ack: relativeAck(st, i, c),
    seqRaw: st.get('seqRaw', i),
    ackRaw: st.get('ackRaw', i),
    len: st.get('payloadLen', i),
    client: formatEndpoint(c.ipVersion, c.clientAddr, c.clientPort),
    server: formatEndpoint(c.ipVersion, c.serverAddr, c.serverPort),
    before: before ?? initialStates(c),
    after: statesOf(i),
    handshake: c.handshakeStatus,
    teardown: c.teardownStatus,
    syn,
    synAck,
    firstFin,
    secondFin,
    earlierSyns,
    synAnswered,
    bytesAfterFirstFin,
    notes: c.notes.filter((n) => n.frame === i + 1).map((n) => n.message),
  };
}
