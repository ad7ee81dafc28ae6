/**
 * Where everything in the ladder goes: one fixed-height band per row (so the ladder is
 * virtualised like the lists), each endpoint's state before and after every row (the lanes are
 * painted by state), and the arrow's ends. Pure: unit-tested without a DOM.
 */
import type { Ladder, LadderRow } from '../../../core/api';
import type { TcpState } from '../../../core/tcp/vocabulary';

export const LADDER_ROW_HEIGHT = 54;
/** Left of the client lane: the time column and the client's state labels. */
export const TIME_COLUMN = 78;
export const STATE_COLUMN = 120;
export const MIN_LANE_GAP = 260;

export interface LadderGeometry {
  width: number;
  clientX: number;
  serverX: number;
}

export function geometry(width: number): LadderGeometry {
  const clientX = TIME_COLUMN + STATE_COLUMN;
  const serverX = Math.max(clientX + MIN_LANE_GAP, width - STATE_COLUMN);
  return { width: Math.max(width, serverX + STATE_COLUMN), clientX, serverX };
}

export interface PlacedRow {
  row: LadderRow;
  index: number;
  /** Each endpoint's state before and after the row (unchanged rows have before = after). */
  client: { before: TcpState; after: TcpState };
  server: { before: TcpState; after: TcpState };
}

export function placeRows(ladder: Ladder): PlacedRow[] {
  let client = ladder.initialStates.client;
  let server = ladder.initialStates.server;
  return ladder.rows.map((row, index) => {
    const c = { before: client, after: client };
    const s = { before: server, after: server };
    if (row.kind === 'packet') {
      c.after = client = row.clientState ?? client;
      s.after = server = row.serverState ?? server;
    }
    return { row, index, client: c, server: s };
  });
}

/** The lane's look for a state: what a textbook shades (opening, open, closing, waiting, gone). */
export type StatePhase = 'idle' | 'opening' | 'open' | 'closing' | 'waiting';

export function statePhase(s: TcpState): StatePhase {
  switch (s) {
    case 'CLOSED':
    case 'LISTEN':
      return 'idle';
    case 'SYN-SENT':
    case 'SYN-RECEIVED':
      return 'opening';
    case 'ESTABLISHED':
      return 'open';
    case 'TIME-WAIT':
      return 'waiting';
    default:
      return 'closing';
  }
}

/** Arrow ends inside a row band: sloped downwards, as time passes while the segment travels. */
export function arrowEnds(g: LadderGeometry, fromClient: boolean): { x1: number; x2: number; y1: number; y2: number } {
  const y1 = 22;
  const y2 = 34;
  return fromClient ? { x1: g.clientX, x2: g.serverX, y1, y2 } : { x1: g.serverX, x2: g.clientX, y1, y2 };
}

/** The numbers under an arrow: "seq=0 ack=1 len=0" (ack left out when the ACK flag is not set). */
export function numbersLabel(row: Extract<LadderRow, { kind: 'packet' }>): string {
  return `seq=${row.seq}${row.ack === null ? '' : ` ack=${row.ack}`} len=${row.len}`;
}

/** Index of the ladder row that shows `frame` (a fold holds a range), −1 when none. */
export function rowOfFrame(rows: readonly LadderRow[], frame: number): number {
  return rows.findIndex((r) => (r.kind === 'packet' ? r.frame === frame : frame >= r.firstFrame && frame <= r.lastFrame));
}
