/**
 * The ladder (sequence diagram) of one connection as rows: one per packet, except that long runs
 * of plain data packets fold into one expandable row. Shared by `synfin ladder` and the app.
 */
import type { LadderRow } from '../api';
import { analysisNames, roleNames, stateName, type TcpState } from '../tcp/vocabulary';

/** One packet of the connection, as the ladder needs it. */
export interface LadderPacket {
  frame: number;
  /** Seconds since the connection's first packet. */
  time: number;
  fromClient: boolean;
  flags: string;
  relSeq: number;
  /** null when the ACK flag is not set. */
  relAck: number | null;
  len: number;
  roles: number;
  analysis: number;
  clientState: number;
  serverState: number;
}

/**
 * Runs of plain packets (no role, no analysis flag, no state change) at least this long fold into
 * one row: a bulk transfer would otherwise push the teardown off the screen. Short runs stay, so
 * a request and its response remain readable.
 */
export const FOLD_MIN_RUN = 8;
/** Packets kept visible at each end of a folded run, so the data's start and end stay in view. */
export const FOLD_KEEP_EDGE = 2;

export function ladderRows(
  packets: readonly LadderPacket[],
  initial: { client: TcpState; server: TcpState },
  expandedFolds: ReadonlySet<number> = new Set(),
): LadderRow[] {
  const rows: LadderRow[] = [];
  let client = initial.client;
  let server = initial.server;
  const plain: boolean[] = packets.map((p) => {
    const c = stateName(p.clientState);
    const s = stateName(p.serverState);
    const isPlain = p.roles === 0 && p.analysis === 0 && c === client && s === server;
    client = c;
    server = s;
    return isPlain;
  });

  client = initial.client;
  server = initial.server;
  const packetRow = (p: LadderPacket): LadderRow => {
    const c = stateName(p.clientState);
    const s = stateName(p.serverState);
    const row: LadderRow = {
      kind: 'packet', frame: p.frame, time: p.time, fromClient: p.fromClient, flags: p.flags,
      seq: p.relSeq, ack: p.relAck, len: p.len, roles: roleNames(p.roles), analysis: analysisNames(p.analysis),
      clientState: c !== client ? c : null, serverState: s !== server ? s : null,
    };
    client = c;
    server = s;
    return row;
  };

  for (let i = 0; i < packets.length; ) {
    let j = i;
    while (j < packets.length && plain[j]) j++;
    const run = j - i;
    if (run >= FOLD_MIN_RUN) {
      const from = i + FOLD_KEEP_EDGE;
      const to = j - FOLD_KEEP_EDGE; // exclusive
      for (let k = i; k < from; k++) rows.push(packetRow(packets[k]!));
      const id = packets[from]!.frame; // the first folded frame names the fold: stable across calls
      if (expandedFolds.has(id)) {
        for (let k = from; k < to; k++) rows.push(packetRow(packets[k]!));
      } else {
        let c2s = 0;
        let s2c = 0;
        for (let k = from; k < to; k++) {
          if (packets[k]!.fromClient) c2s += packets[k]!.len;
          else s2c += packets[k]!.len;
        }
        rows.push({ kind: 'fold', id, firstFrame: packets[from]!.frame, lastFrame: packets[to - 1]!.frame,
          packets: to - from, bytesClientToServer: c2s, bytesServerToClient: s2c });
      }
      for (let k = to; k < j; k++) rows.push(packetRow(packets[k]!));
    } else {
      for (let k = i; k < j; k++) rows.push(packetRow(packets[k]!));
    }
    if (j < packets.length) rows.push(packetRow(packets[j]!));
    i = j + 1;
  }
  return rows;
}
