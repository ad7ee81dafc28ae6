/** The detail of one packet: its bytes, its decoded tree, and the explanation of its role. */
import type { PacketDetail } from '../../core/api';
import { explainPacket } from '../../core/present/explain';
import type { AnalysisSession } from './session';
import type { RowBuilder } from './rows';
import type { StreamIndex } from './stream-index';
import { explainInput } from './explain-input';

export function packetDetail(s: AnalysisSession, rows: RowBuilder, index: StreamIndex, i: number): PacketDetail | null {
  const decoded = rows.dissection(i);
  const input = explainInput(s, index, i);
  return {
    frame: i + 1,
    tree: [],
    bytes: decoded ? decoded.bytes.slice() : new Uint8Array(0),
    explanation: input ? explainPacket(input) : null,
  };
}
