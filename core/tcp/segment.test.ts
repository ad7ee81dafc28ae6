import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nearSegments, playAgainstBefore } from '../../test/support/near-isn';
import { classify, Kind, plainAck } from './segment';

describe('plainAck, asked before classify', () => {
  it('says yes only to segments that classify calls a plain ACK', () => {
    let yes = 0;
    let plainNo = 0;
    // ACKs twice as likely as in the role test: most of them are what plainAck is for.
    fc.assert(fc.property(nearSegments(['S', 'SA', 'A', 'PA', 'FA', 'F', 'R', 'RA', 'A', 'PA']), (segments) => {
      playAgainstBefore(segments, (before, seen, g) => {
        const sender = seen.fromClient ? before.client : before.server;
        const receiver = seen.fromClient ? before.server : before.client;
        const kind = classify(g, sender, receiver);
        if (plainAck(g.flags, receiver)) {
          yes++;
          expect(kind).toBe(Kind.ACK);
        } else if (kind === Kind.ACK) {
          plainNo++;
        }
      });
    }), { seed: 20261122, numRuns: 400 });
    // Both answers were given many times, and "no" also to segments classify calls ACK (before the
    // handshake completes), which classify then decides itself.
    expect(yes).toBeGreaterThan(100);
    expect(plainNo).toBeGreaterThan(10);
  });
});
