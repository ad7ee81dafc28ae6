/** The detail of one packet: its bytes, its decoded tree, and the explanation of its role. */
import type { PacketDetail } from '../../core/api';
import { explainPacket } from '../../core/present/explain';
import { describePacket } from '../../core/present/details';
import { WINDOW_UNSCALED } from '../../core/store/packet-store';
import type { AnalysisSession } from './session';
import type { RowBuilder } from './rows';
import type { StreamIndex } from './stream-index';
import { explainInput } from './explain-input';

export function packetDetail(s: AnalysisSession, rows: RowBuilder, index: StreamIndex, i: number): PacketDetail | null {
  const decoded = rows.dissection(i);
  const input = explainInput(s, index, i);
  const facts = rows.facts(i);
  const stream = s.store.get('stream', i);
  const shift = s.store.get('winShift', i);
  const bytes = decoded ? decoded.bytes.slice() : new Uint8Array(0);
  return {
    frame: i + 1,
    tree: decoded
      ? describePacket(bytes, s.linkTypeOf(i), {
          frame: i + 1,
          origLen: s.store.get('origLen', i),
          facts,
          irtt: stream >= 0 ? s.peek(stream)!.irtt : null,
          windowScaleFactor: shift === WINDOW_UNSCALED ? -1 : 2 ** shift,
        })
      : [],
    bytes,
    explanation: input ? explainPacket(input) : null,
  };
}
