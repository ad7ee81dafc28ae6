import { describe, expect, it } from 'vitest';
import { FOLD_KEEP_EDGE, FOLD_MIN_RUN, ladderRows, type LadderPacket } from './ladder';
import { roleBit, stateCode, type TcpState } from '../tcp/vocabulary';

const pkt = (frame: number, o: Partial<LadderPacket> & { c?: TcpState; s?: TcpState } = {}): LadderPacket => ({
  frame, time: frame / 1000, fromClient: frame % 2 === 1, flags: 'ACK', relSeq: 1, relAck: 1, len: 100,
  roles: 0, analysis: 0, clientState: stateCode(o.c ?? 'ESTABLISHED'), serverState: stateCode(o.s ?? 'ESTABLISHED'), ...o,
});

const handshake = [
  pkt(1, { flags: 'SYN', roles: roleBit('handshake-1'), relAck: null, len: 0, c: 'SYN-SENT', s: 'SYN-RECEIVED' }),
  pkt(2, { flags: 'SYN,ACK', roles: roleBit('handshake-2'), len: 0, c: 'ESTABLISHED', s: 'SYN-RECEIVED' }),
  pkt(3, { roles: roleBit('handshake-3'), len: 0 }),
];

describe('ladder rows', () => {
  it('writes a state on a lane only where it changes', () => {
    const rows = ladderRows(handshake, { client: 'CLOSED', server: 'LISTEN' });
    expect(rows.map((r) => (r.kind === 'packet' ? [r.clientState, r.serverState] : null))).toEqual([
      ['SYN-SENT', 'SYN-RECEIVED'],
      ['ESTABLISHED', null],
      [null, 'ESTABLISHED'],
    ]);
    expect(rows[1]).toMatchObject({ kind: 'packet', roles: ['handshake-2'], flags: 'SYN,ACK' });
  });

  it('folds a long run of plain data packets but keeps its edges and the packets around it', () => {
    const data = Array.from({ length: 20 }, (_, k) => pkt(4 + k));
    const rows = ladderRows([...handshake, ...data], { client: 'CLOSED', server: 'LISTEN' });
    const fold = rows.find((r) => r.kind === 'fold');
    expect(fold).toEqual({
      kind: 'fold', id: 4 + FOLD_KEEP_EDGE, firstFrame: 4 + FOLD_KEEP_EDGE, lastFrame: 23 - FOLD_KEEP_EDGE,
      packets: 20 - 2 * FOLD_KEEP_EDGE, bytesClientToServer: 800, bytesServerToClient: 800,
    });
    expect(rows).toHaveLength(3 + 2 * FOLD_KEEP_EDGE + 1);
  });

  it('expands a fold when asked, and leaves short runs and flagged packets unfolded', () => {
    const data = Array.from({ length: 20 }, (_, k) => pkt(4 + k));
    const all = ladderRows([...handshake, ...data], { client: 'CLOSED', server: 'LISTEN' }, new Set([4 + FOLD_KEEP_EDGE]));
    expect(all.every((r) => r.kind === 'packet')).toBe(true);
    expect(all).toHaveLength(23);
    const short = Array.from({ length: FOLD_MIN_RUN - 1 }, (_, k) => pkt(4 + k));
    expect(ladderRows(short, { client: 'ESTABLISHED', server: 'ESTABLISHED' }).some((r) => r.kind === 'fold')).toBe(false);
    const broken = Array.from({ length: 12 }, (_, k) => pkt(4 + k, k === 6 ? { analysis: 1 } : {}));
    expect(ladderRows(broken, { client: 'ESTABLISHED', server: 'ESTABLISHED' }).some((r) => r.kind === 'fold')).toBe(false);
  });
});
