import { describe, expect, it } from 'vitest';
import { Conv } from '../../test/support/tcp-builder';
import { STATE_SETUPS as setups, type Who } from '../../test/support/states';
import { Kind, SEGMENT_KINDS, type SegmentKind } from './segment';
import { IN, OUT, SIDES, TRANSITIONS, kindMovesState, nextState, type Side, type TransitionEvent } from './state-machine';
import { State, TCP_STATES, stateCode, type TcpState } from './vocabulary';
import type { Endpoint } from './endpoint';
import { expectEnumOf, upperUnderscored } from '../../test/support/enum-of';

const ISN: Record<Who, number> = { c: 1000, s: 5000 };
const plus1 = (n: number) => (n + 1) >>> 0;

/** A segment of `kind` from `from` to its peer, numbered from what both sides sent so far. */
function send(v: Conv, kind: SegmentKind, from: Who): void {
  const conn = v.tracker.connections[v.tracker.connections.length - 1];
  const me: Endpoint | undefined = conn && (from === 'c' ? conn.client : conn.server);
  const peer: Endpoint | undefined = conn && (from === 'c' ? conn.server : conn.client);
  const iss = me?.synSent ? me.iss : ISN[from];
  const next = me?.sndNxtKnown ? me.sndNxt : plus1(iss);
  const peerNext = peer?.sndNxtKnown ? peer.sndNxt : plus1(ISN[from === 'c' ? 's' : 'c']);
  const finSeq = me?.finSent ? me.finSeq : next;
  const segment = from === 'c' ? v.c.bind(v) : v.s.bind(v);
  switch (kind) {
    case 'syn': return void segment('S', iss, 0);
    case 'syn-ack': return void segment('SA', iss, plus1(peer!.iss));
    case 'ack-syn': return void segment('A', next, plus1(peer!.iss));
    case 'ack-fin': return void segment('A', next, plus1(peer!.finSeq));
    // A FIN that does not cover the peer's FIN: acknowledge only up to it.
    case 'fin': return void segment('FA', finSeq, peer!.finSent ? peer!.finSeq : peerNext);
    case 'fin-ack-fin': return void segment('FA', finSeq, plus1(peer!.finSeq));
    // Acceptable: in SYN-SENT by acknowledging the SYN, elsewhere at the receiver's RCV.NXT.
    case 'rst': return void (peer!.state === stateCode('SYN-SENT') ? segment('RA', next, plus1(peer!.iss)) : segment('R', peer!.ackSent ? peer!.lastAckSent : next, 0));
    default: throw new Error(`no segment for ${kind}`);
  }
}

/**
 * Every arm of the table, driven through the tracker with real segments: a connection is brought
 * to the arm's state (one endpoint, "x"), then the segment of the arm's kind is sent by x (`out`)
 * or by its peer (`in`), and x's state must be the arm's target.
 */
describe('the transition table, arm by arm through the tracker', () => {
  for (const state of TCP_STATES) {
    for (const [event, target] of Object.entries(TRANSITIONS[state]) as [TransitionEvent, TcpState][]) {
      const [kind, side] = event.split('/') as [SegmentKind, Side];
      it(`${state} + ${event} → ${target}`, () => {
        const v = new Conv();
        const { x, run } = setups[state];
        run(v);
        if (v.seen.length > 0) expect(x === 'c' ? v.seen.at(-1)!.client : v.seen.at(-1)!.server).toBe(state);
        send(v, kind, side === 'out' ? x : x === 'c' ? 's' : 'c');
        const last = v.seen.at(-1)!;
        expect(x === 'c' ? last.client : last.server).toBe(target);
      });
    }
  }
});

describe('nextState', () => {
  it('leaves the state alone for every event the table does not list', () => {
    let checked = 0;
    for (const state of TCP_STATES) {
      for (const kind of SEGMENT_KINDS) {
        for (const side of SIDES) {
          if (TRANSITIONS[state][`${kind}/${side}` as TransitionEvent] !== undefined) continue;
          expect(nextState(stateCode(state), SEGMENT_KINDS.indexOf(kind), side === 'out' ? OUT : IN), `${state} ${kind}/${side}`).toBe(stateCode(state));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('never lets an unacceptable segment change a state', () => {
    for (const state of TCP_STATES) {
      expect(TRANSITIONS[state]['unacceptable/in']).toBeUndefined();
      expect(TRANSITIONS[state]['unacceptable/out']).toBeUndefined();
    }
  });
});

describe('kindMovesState', () => {
  it('is false exactly for the kinds that no arm of the table lists', () => {
    for (const kind of SEGMENT_KINDS) {
      const listed = TCP_STATES.some((state) => SIDES.some((side) => TRANSITIONS[state][`${kind}/${side}` as TransitionEvent] !== undefined));
      expect(kindMovesState(SEGMENT_KINDS.indexOf(kind)), kind).toBe(listed);
    }
  });

  it('says data and ACKs (most segments) move no state, so the tracker does not step for them', () => {
    expect(kindMovesState(SEGMENT_KINDS.indexOf('ack'))).toBe(false);
    expect(kindMovesState(SEGMENT_KINDS.indexOf('unacceptable'))).toBe(false);
    expect(kindMovesState(SEGMENT_KINDS.indexOf('fin'))).toBe(true);
  });
});

describe('the Kind enum', () => {
  it('gives each segment kind its index in SEGMENT_KINDS, and has no other member', () => {
    expectEnumOf(Kind, SEGMENT_KINDS, upperUnderscored, (_, i) => i);
  });
});

describe('the State enum', () => {
  it('gives each state its code in TCP_STATES, and has no other member', () => {
    expectEnumOf(State, TCP_STATES, (s) => s.replace(/-/g, '_'), (_, i) => i);
  });
});
