import { describe, expect, it } from 'vitest';
import { play, type ScenarioName } from '../../test/support/scenarios';
import fc from 'fast-check';
import { Conv } from '../../test/support/tcp-builder';
import { nearSegments, playAgainstBefore } from '../../test/support/near-isn';
import { MAX_NOTES } from './connection';
import { assignRoles, mayTakeRole, Role } from './roles';
import { PACKET_ROLES, roleBit, type PacketRole } from './vocabulary';
import { expectEnumOf, upperUnderscored } from '../../test/support/enum-of';

const run = (name: ScenarioName) => play(name, new Conv());
const roles = (v: Conv) => v.seen.map((s) => s.roles.join('+'));

describe('handshake roles', () => {
  it('SYN, SYN-ACK (ack = x+1), ACK (seq = x+1, ack = y+1) are handshake-1, -2, -3', () => {
    const v = run('three-way handshake');
    expect(roles(v)).toEqual(['handshake-1', 'handshake-2', 'handshake-3']);
    expect(v.conn.handshakeFrames).toEqual([1, 2, 3]);
  });

  it('a SYN-ACK whose ack is not x+1 is not handshake-2, and the numbers are noted', () => {
    const v = run('SYN-ACK with the wrong ack');
    expect(roles(v)).toEqual(['handshake-1', '']);
    expect(v.conn.notes).toEqual([{ frame: 2, message: "SYN-ACK acknowledges 1234, not 1001 (the SYN's seq 1000 + 1): not an answer to that SYN" }]);
    expect(v.conn.handshakeStatus).toBe('syn-only');
  });

  it('a third segment with the wrong seq is not handshake-3, and is noted', () => {
    const v = new Conv();
    v.c('S', 1000, 0);
    v.s('SA', 5000, 1001);
    expect(v.c('A', 1002, 5001).roles).toEqual([]);
    expect(v.conn.notes).toEqual([{ frame: 3, message: 'handshake ACK has seq 1002, ack 5001; expected seq 1001, ack 5001' }]);
    expect(v.conn.handshakeStatus).toBe('syn-synack');
  });

  it('with data on the SYN (TCP Fast Open) ack = x+1+len is a valid handshake-2 and -3', () => {
    const v = run('data on the SYN (TCP Fast Open)');
    expect(roles(v)).toEqual(['handshake-1', 'handshake-2', 'handshake-3']);
    expect(v.conn.notes).toEqual([]);
  });

  it('a SYN or SYN-ACK sent again takes no role (the analysis calls it a retransmission)', () => {
    const v = run('SYN and SYN-ACK retransmitted');
    expect(roles(v)).toEqual(['handshake-1', '', 'handshake-2', '', 'handshake-3']);
    expect(v.seen.map((s) => s.analysis.join('+'))).toEqual(['', 'retransmission', '', 'retransmission', '']);
    expect(v.conn.handshakeFrames).toEqual([1, 3, 5]);
  });

  it('simultaneous open: both SYNs are handshake-1, both SYN-ACKs handshake-2, and it is noted', () => {
    const v = run('simultaneous open');
    expect(roles(v)).toEqual(['handshake-1', 'handshake-1', 'handshake-2', 'handshake-2']);
    expect(v.conn.notes).toEqual([{ frame: 2, message: 'simultaneous open: both sides sent a SYN' }]);
  });

  it('a SYN at another ISN from the same side (after a re-base) is not handshake-1', () => {
    const v = new Conv();
    v.s('SA', 5000, 1001);
    v.c('A', 1001, 5001);
    expect(v.s('SA', 6000, 1001).roles).toEqual([]);
    expect(v.conn.notes.at(-1)).toEqual({ frame: 3, message: 'server SYN with seq 6000 differs from its ISN 5000' });
  });
});

describe('teardown roles', () => {
  it('four-way: FIN, ACK of it, the other FIN, ACK of it are teardown-1 … teardown-4', () => {
    const v = run('four-way close');
    expect(roles(v).slice(3)).toEqual(['teardown-1', 'teardown-2', 'teardown-3', 'teardown-4']);
    expect(v.conn.teardownFrames).toEqual([4, 5, 6, 7]);
  });

  it('three-way: a FIN+ACK acknowledging the first FIN holds teardown-2 and teardown-3', () => {
    const v = run('three-way close (FIN+ACK acknowledges the FIN)');
    expect(roles(v).slice(3)).toEqual(['teardown-1', 'teardown-2+teardown-3', 'teardown-4']);
  });

  it('simultaneous close: the crossing FIN is teardown-3 alone; each later ACK acknowledges one FIN', () => {
    const v = run('simultaneous close');
    expect(roles(v).slice(3)).toEqual(['teardown-1', 'teardown-3', 'teardown-4', 'teardown-2']);
  });

  it('an ACK beyond the FIN (FIN seq + 1) is not teardown-2, and the numbers are noted', () => {
    const v = run('FIN acknowledged beyond the FIN');
    expect(roles(v).slice(3)).toEqual(['teardown-1', '']);
    expect(v.conn.notes).toEqual([{ frame: 5, message: 'ACK of the FIN at seq 1001 acknowledges 1003, not 1002' }]);
  });

  it('"ACK of the FIN" is sequence arithmetic: an ACK of data sent before the FIN is not teardown-2', () => {
    const v = new Conv().handshake();
    v.c('PA', 1001, 5001, { len: 100 });
    v.c('FA', 1101, 5001);
    expect(v.s('A', 5001, 1101).roles).toEqual([]);
    expect(v.seen.at(-1)!.client).toBe('FIN-WAIT-1');
    expect(v.s('A', 5001, 1102).roles).toEqual(['teardown-2']);
    expect(v.seen.at(-1)!.client).toBe('FIN-WAIT-2');
  });

  it('a FIN with data occupies the sequence number after its data', () => {
    const v = new Conv().handshake();
    v.c('FPA', 1001, 5001, { len: 10 });
    expect(v.s('A', 5001, 1011).roles).toEqual([]);
    expect(v.s('A', 5001, 1012).roles).toEqual(['teardown-2']);
  });

  it('a FIN sent again takes no role', () => {
    const v = run('FIN retransmitted');
    expect(roles(v).slice(3)).toEqual(['teardown-1', '', 'teardown-2+teardown-3', 'teardown-4']);
  });

  it('a second FIN from the same side at another sequence number is noted', () => {
    const v = new Conv().handshake();
    v.c('FA', 1001, 5001);
    expect(v.c('FA', 1101, 5001).roles).toEqual([]);
    expect(v.conn.notes).toEqual([{ frame: 5, message: 'FIN at seq 1101 after a FIN from the same side at 1001' }]);
  });
});

describe('reset role and bounded notes', () => {
  it('every RST is a reset, the ignored ones too', () => {
    expect(run('reset after the handshake').seen.at(-1)!.roles).toEqual(['reset']);
    expect(run('RST outside the window is ignored').seen[3]!.roles).toEqual(['reset']);
  });

  it(`notes stop at ${MAX_NOTES} per connection and the rest are counted`, () => {
    const v = new Conv();
    v.c('S', 1000, 0);
    for (let i = 0; i < MAX_NOTES + 8; i++) v.s('SA', 5000, 2000 + i);
    expect(v.conn.notes).toHaveLength(MAX_NOTES);
    expect(v.conn.notesDropped).toBe(8);
  });

});

describe('mayTakeRole, asked before assignRoles', () => {
  it('rules out only segments that assignRoles gives no role, no note and no frame', () => {
    let ruledOut = 0;
    let asked = 0;
    fc.assert(fc.property(nearSegments(['S', 'SA', 'A', 'PA', 'FA', 'F', 'R', 'RA']), (segments) => {
      playAgainstBefore(segments, (before, seen, g) => {
        asked++;
        if (mayTakeRole(before, seen.fromClient, g.flags)) return;
        ruledOut++;
        const left = () => [before.notes.length, before.notesDropped, before.handshakeFrames.length, before.teardownFrames.length];
        const leftBefore = left();
        expect(assignRoles(before, seen.fromClient, g)).toBe(0);
        expect(seen.roles).toEqual([]);
        expect(left()).toEqual(leftBefore);
      });
    }), { seed: 20261122, numRuns: 400 });
    // Both answers were given, many times.
    expect(ruledOut).toBeGreaterThan(100);
    expect(asked - ruledOut).toBeGreaterThan(100);
  });
});

describe('the Role enum', () => {
  it('names each packet role by its bit, in the vocabulary\'s order, and nothing else', () => {
    expectEnumOf(Role, PACKET_ROLES, upperUnderscored, (role) => roleBit(role as PacketRole));
  });
});
