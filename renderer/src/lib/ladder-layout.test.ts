import { describe, expect, it } from 'vitest';
import type { Ladder, LadderRow } from '../../../core/api';
import { arrowEnds, geometry, numbersLabel, placeRows, rowOfFrame, statePhase } from './ladder-layout';

const pkt = (frame: number, fromClient: boolean, flags: string, seq: number, ack: number | null, extra: Partial<Extract<LadderRow, { kind: 'packet' }>> = {}): LadderRow =>
  ({ kind: 'packet', frame, time: frame / 10, fromClient, flags, seq, ack, len: 0, roles: [], analysis: [], clientState: null, serverState: null, ...extra });

const ladder: Ladder = {
  stream: 0, client: '10.0.0.1:5000', server: '10.0.0.2:80', packets: 40,
  initialStates: { client: 'CLOSED', server: 'LISTEN' },
  rows: [
    pkt(1, true, 'SYN', 0, null, { clientState: 'SYN-SENT' }),
    pkt(2, false, 'SYN, ACK', 0, 1, { serverState: 'SYN-RECEIVED' }),
    pkt(3, true, 'ACK', 1, 1, { clientState: 'ESTABLISHED', serverState: 'ESTABLISHED' }),
    { kind: 'fold', id: 7, firstFrame: 4, lastFrame: 36, packets: 33, bytesClientToServer: 100, bytesServerToClient: 9000 },
    pkt(37, true, 'FIN, ACK', 101, 9001, { clientState: 'FIN-WAIT-1', serverState: 'CLOSE-WAIT' }),
  ],
};

describe('ladder layout', () => {
  it('carries each endpoint state through the rows, changing only where the host says', () => {
    const p = placeRows(ladder);
    expect(p[0]!.client).toEqual({ before: 'CLOSED', after: 'SYN-SENT' });
    expect(p[0]!.server).toEqual({ before: 'LISTEN', after: 'LISTEN' });
    expect(p[1]!.server).toEqual({ before: 'LISTEN', after: 'SYN-RECEIVED' });
    expect(p[3]!.client).toEqual({ before: 'ESTABLISHED', after: 'ESTABLISHED' });
    expect(p[4]!.server).toEqual({ before: 'ESTABLISHED', after: 'CLOSE-WAIT' });
  });

  it('finds the row of a frame, folded frames included', () => {
    expect(rowOfFrame(ladder.rows, 2)).toBe(1);
    expect(rowOfFrame(ladder.rows, 20)).toBe(3);
    expect(rowOfFrame(ladder.rows, 37)).toBe(4);
    expect(rowOfFrame(ladder.rows, 99)).toBe(-1);
  });

  it('arrows run from the sender lane to the receiver lane, downwards', () => {
    const g = geometry(800);
    const c2s = arrowEnds(g, true);
    const s2c = arrowEnds(g, false);
    expect([c2s.x1, c2s.x2]).toEqual([g.clientX, g.serverX]);
    expect([s2c.x1, s2c.x2]).toEqual([g.serverX, g.clientX]);
    expect(c2s.y2).toBeGreaterThan(c2s.y1);
  });

  it('keeps the lanes apart however narrow the pane', () => {
    const g = geometry(100);
    expect(g.serverX - g.clientX).toBeGreaterThanOrEqual(260);
    expect(g.width).toBeGreaterThan(g.serverX);
  });

  it('labels numbers as a textbook does, without ack when the ACK flag is clear', () => {
    expect(numbersLabel(ladder.rows[0] as Extract<LadderRow, { kind: 'packet' }>)).toBe('seq=0 len=0');
    expect(numbersLabel(ladder.rows[1] as Extract<LadderRow, { kind: 'packet' }>)).toBe('seq=0 ack=1 len=0');
  });

  it('shades lanes by the phase of the state', () => {
    expect(statePhase('LISTEN')).toBe('idle');
    expect(statePhase('SYN-RECEIVED')).toBe('opening');
    expect(statePhase('ESTABLISHED')).toBe('open');
    expect(statePhase('LAST-ACK')).toBe('closing');
    expect(statePhase('TIME-WAIT')).toBe('waiting');
  });
});
