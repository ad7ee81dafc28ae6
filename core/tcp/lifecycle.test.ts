import { describe, expect, it } from 'vitest';
import { play, type ScenarioName } from '../../test/support/scenarios';
import { STATE_SETUPS } from '../../test/support/states';
import { Conv } from '../../test/support/tcp-builder';
import type { TcpState } from './vocabulary';

const run = (name: ScenarioName) => play(name, new Conv());
/** client/server state after each packet. */
const states = (v: Conv) => v.seen.map((s) => `${s.client} ${s.server}`);

describe('opening', () => {
  it('three-way handshake: SYN-SENT / LISTEN, the SYN-ACK makes the server SYN-RECEIVED, then both ESTABLISHED', () => {
    const v = run('three-way handshake');
    expect(states(v)).toEqual(['SYN-SENT LISTEN', 'ESTABLISHED SYN-RECEIVED', 'ESTABLISHED ESTABLISHED']);
    expect(v.conn.handshakeStatus).toBe('complete');
  });

  it('unanswered SYN: the client stays SYN-SENT, the server LISTEN (nothing shows that the SYN arrived)', () => {
    const v = run('unanswered SYN, retransmitted');
    expect(states(v)).toEqual(Array(3).fill('SYN-SENT LISTEN'));
    expect(v.conn.handshakeStatus).toBe('syn-only');
    expect(v.conn.teardownStatus).toBe('open');
  });

  it('SYN and SYN-ACK retransmissions keep SYN-SENT / SYN-RECEIVED until the third segment', () => {
    const v = run('SYN and SYN-ACK retransmitted');
    expect(states(v)).toEqual([
      'SYN-SENT LISTEN', 'SYN-SENT LISTEN', 'ESTABLISHED SYN-RECEIVED', 'ESTABLISHED SYN-RECEIVED', 'ESTABLISHED ESTABLISHED',
    ]);
  });

  it('refused: SYN answered by RST,ACK closes both ends; the server reset it', () => {
    const v = run('refused (SYN answered by RST,ACK)');
    expect(states(v)).toEqual(['SYN-SENT LISTEN', 'CLOSED CLOSED']);
    expect([v.conn.handshakeStatus, v.conn.teardownStatus, v.conn.teardownInitiator]).toEqual(['syn-only', 'reset', 'server']);
  });

  it('simultaneous open: SYN-SENT + SYN in → SYN-RECEIVED, ESTABLISHED after each SYN-ACK', () => {
    const v = run('simultaneous open');
    expect(states(v)).toEqual(['SYN-SENT LISTEN', 'SYN-RECEIVED SYN-SENT', 'SYN-RECEIVED ESTABLISHED', 'ESTABLISHED ESTABLISHED']);
    expect(v.conn.simultaneousOpen).toBe(true);
    expect(v.conn.handshakeStatus).toBe('complete');
  });

  it('SYN-ACK that does not acknowledge the SYN is not obeyed: the client stays SYN-SENT', () => {
    const v = run('SYN-ACK with the wrong ack');
    expect(states(v)).toEqual(['SYN-SENT LISTEN', 'SYN-SENT LISTEN']);
  });

  it('an RST answering a stale SYN-ACK keeps the client in SYN-SENT, and its SYN again goes on in the same stream', () => {
    const v = run('stale SYN-ACK answered by RST, then the SYN again');
    expect(states(v)).toEqual([
      'SYN-SENT LISTEN', 'SYN-SENT LISTEN', 'SYN-SENT LISTEN', 'SYN-SENT LISTEN',
      'ESTABLISHED SYN-RECEIVED', 'ESTABLISHED ESTABLISHED', 'ESTABLISHED ESTABLISHED',
    ]);
    expect(new Set(v.seen.map((s) => s.stream))).toEqual(new Set([0]));
    expect(v.conn.teardownStatus).toBe('open');
  });

  it('mid-stream pickup: both ESTABLISHED from the first packet, handshake not captured', () => {
    const v = run('picked up mid-stream');
    expect(states(v)).toEqual(Array(3).fill('ESTABLISHED ESTABLISHED'));
    expect(v.conn.handshakeStatus).toBe('not-captured');
  });

  it('a SYN-ACK before its SYN: the client is taken as SYN-SENT, ESTABLISHED by the SYN-ACK', () => {
    const v = run('SYN-ACK first, then the SYN (reordered)');
    expect(states(v)[0]).toBe('ESTABLISHED SYN-RECEIVED');
    expect(states(v).at(-1)).toBe('ESTABLISHED ESTABLISHED');
  });
});

describe('closing', () => {
  it('four-way close: FIN-WAIT-1, CLOSE-WAIT, FIN-WAIT-2, LAST-ACK, TIME-WAIT, CLOSED', () => {
    const v = run('four-way close');
    expect(states(v).slice(3)).toEqual(['FIN-WAIT-1 CLOSE-WAIT', 'FIN-WAIT-2 CLOSE-WAIT', 'TIME-WAIT LAST-ACK', 'TIME-WAIT CLOSED']);
    expect([v.conn.teardownStatus, v.conn.teardownInitiator]).toEqual(['four-way', 'client']);
  });

  it('three-way close: a FIN+ACK that acknowledges the first FIN takes FIN-WAIT-1 straight to TIME-WAIT', () => {
    const v = run('three-way close (FIN+ACK acknowledges the FIN)');
    expect(states(v).slice(3)).toEqual(['FIN-WAIT-1 CLOSE-WAIT', 'TIME-WAIT LAST-ACK', 'TIME-WAIT CLOSED']);
    expect(v.conn.teardownStatus).toBe('three-way');
  });

  it('simultaneous close: crossing FINs put both sides in CLOSING, then TIME-WAIT', () => {
    const v = run('simultaneous close');
    expect(states(v).slice(3)).toEqual(['FIN-WAIT-1 CLOSE-WAIT', 'CLOSING CLOSING', 'CLOSING TIME-WAIT', 'TIME-WAIT TIME-WAIT']);
    expect(v.conn.teardownStatus).toBe('simultaneous');
  });

  it('half-close: the CLOSE-WAIT side keeps sending data, the FIN-WAIT-2 side keeps acknowledging', () => {
    const v = run('half-close with data after the FIN');
    expect(states(v).slice(4)).toEqual(Array(5).fill('FIN-WAIT-2 CLOSE-WAIT'));
    expect(v.conn.server.bytes).toBe(500);
    expect(v.conn.teardownStatus).toBe('half-closed');
  });

  it('a FIN retransmitted in FIN-WAIT-1 changes nothing', () => {
    const v = run('FIN retransmitted');
    expect(states(v).slice(3, 5)).toEqual(['FIN-WAIT-1 CLOSE-WAIT', 'FIN-WAIT-1 CLOSE-WAIT']);
  });

  it('a connection still open at the end of the capture stays ESTABLISHED, teardown open', () => {
    const v = run('open at the end of the capture');
    expect(states(v).at(-1)).toBe('ESTABLISHED ESTABLISHED');
    expect([v.conn.teardownStatus, v.conn.teardownInitiator]).toEqual(['open', null]);
  });
});

describe('resets', () => {
  // The receiver of an acceptable RST in each state; SYN-RECEIVED returns to LISTEN (a passive open).
  const after: [TcpState, TcpState][] = [
    ['SYN-SENT', 'CLOSED'], ['SYN-RECEIVED', 'LISTEN'], ['ESTABLISHED', 'CLOSED'], ['FIN-WAIT-1', 'CLOSED'],
    ['FIN-WAIT-2', 'CLOSED'], ['CLOSE-WAIT', 'CLOSED'], ['CLOSING', 'CLOSED'], ['LAST-ACK', 'CLOSED'], ['TIME-WAIT', 'CLOSED'],
  ];
  for (const [state, next] of after) {
    it(`RST in ${state}: an in-window RST from the peer → ${next}, the sender CLOSED`, () => {
      const v = new Conv();
      const { x, run: setup } = STATE_SETUPS[state];
      setup(v);
      const me = x === 'c' ? v.conn.client : v.conn.server;
      const send = x === 'c' ? v.s.bind(v) : v.c.bind(v);
      // In SYN-SENT the RST must acknowledge the SYN; elsewhere it must sit at the receiver's RCV.NXT.
      const seen = state === 'SYN-SENT' ? send('RA', 0, me.iss + 1) : send('R', me.lastAckSent, 0);
      expect(x === 'c' ? [seen.client, seen.server] : [seen.server, seen.client]).toEqual([next, 'CLOSED']);
      expect(seen.roles).toEqual(['reset']);
    });
  }

  it('an RST after the handshake closes both ends, teardown reset', () => {
    const v = run('reset after the handshake');
    expect(states(v).at(-1)).toBe('CLOSED CLOSED');
    expect([v.conn.teardownStatus, v.conn.teardownInitiator]).toEqual(['reset', 'server']);
  });

  it('an RST outside the receiver window is reported, not obeyed', () => {
    const v = run('RST outside the window is ignored');
    expect(states(v).slice(3)).toEqual(['ESTABLISHED ESTABLISHED', 'ESTABLISHED ESTABLISHED']);
    expect(v.conn.notes).toEqual([{ frame: 4, message: "RST seq 900000 outside the receiver's window [5001, 5503): ignored" }]);
    expect(v.conn.teardownStatus).toBe('open');
  });

  it('an RST that does not acknowledge the SYN is ignored in SYN-SENT', () => {
    const v = run('SYN-ACK at another ISN than the base re-bases it');
    expect(states(v)[1]).toBe('SYN-SENT LISTEN');
    expect(v.conn.notes[0]).toEqual({ frame: 2, message: 'RST acknowledges 1000, not the SYN (expected 1001): ignored' });
  });

  it('an RST without ACK in answer to a SYN is ignored', () => {
    const v = new Conv();
    v.c('S', 1000, 0);
    const seen = v.s('R', 0, 0);
    expect([seen.client, v.conn.notes[0]?.message]).toEqual(['SYN-SENT', 'RST without ACK in answer to a SYN: ignored']);
  });

  it('an RST against a zero window is acceptable exactly at RCV.NXT', () => {
    const v = new Conv().handshake();
    v.s('A', 5001, 1001, { win: 0 });
    expect(v.c('R', 1002, 0).server).toBe('ESTABLISHED');
    expect(v.c('R', 1001, 0).server).toBe('CLOSED');
  });
});

describe('port reuse (DESIGN.md: a SYN after the previous connection closed opens a new stream)', () => {
  it('the same ISN after FINs both ways opens a new stream, flagged reused_ports', () => {
    const v = play('four-way close', new Conv());
    const syn = v.c('S', 1000, 0, { t: 30 });
    expect([syn.stream, syn.analysis, syn.client, syn.server]).toEqual([1, ['reused_ports'], 'SYN-SENT', 'LISTEN']);
    expect(v.tracker.connections[0]!.teardownStatus).toBe('four-way');
  });

  it('the same ISN after a refusal opens a new stream (a client retrying)', () => {
    const v = play('refused (SYN answered by RST,ACK)', new Conv());
    expect(v.c('S', 1000, 0, { t: 3 }).stream).toBe(1);
  });

  it('the same SYN while the first attempt is still open is a retransmission in the same stream', () => {
    const v = run('unanswered SYN, retransmitted');
    expect(v.seen.map((s) => s.stream)).toEqual([0, 0, 0]);
  });
});
