import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Conv, flagBits } from '../../test/support/tcp-builder';
import { ConnectionCodec } from './connection-codec';
import { classify, Kind, plainAck, Seg } from './segment';

describe('plainAck, asked before classify', () => {
  // Numbers near both ISNs, so that random conversations often acknowledge SYNs and FINs.
  const near = fc.constantFrom(0, 1, 2, 11, 12);
  const segment = fc.record({
    from: fc.constantFrom('c' as const, 's' as const),
    flags: fc.constantFrom('S', 'SA', 'A', 'PA', 'FA', 'F', 'R', 'RA', 'A', 'PA'),
    seq: near,
    ack: near,
    len: fc.constantFrom(0, 0, 1, 10),
  });

  it('says yes only to segments that classify calls a plain ACK', () => {
    const codec = new ConnectionCodec();
    let yes = 0;
    let plainNo = 0;
    fc.assert(fc.property(fc.array(segment, { minLength: 1, maxLength: 14 }), (segments) => {
      const v = new Conv();
      for (const s of segments) {
        const isn = (side: 'c' | 's') => (side === 'c' ? 1000 : 5000);
        const other = s.from === 'c' ? 's' : 'c';
        // The connection as it was before this segment (none before the first).
        const stream = v.seen.length === 0 ? -1 : v.seen[v.seen.length - 1]!.stream;
        const record = stream < 0 ? null : codec.encode(v.tracker.connection(stream));
        const before = record === null ? null : codec.decode(record.bytes.slice(0, record.length));
        const seq = isn(s.from) + s.seq;
        const ack = s.flags.includes('A') ? isn(other) + s.ack : 0;
        const seen = v.run({ from: s.from, flags: s.flags, seq, ack, len: s.len, win: 1000, t: v.segments.length / 1000 });
        if (before === null || seen.stream !== stream) continue;
        const g = Object.assign(new Seg(), { frame: seen.frame, flags: flagBits(s.flags), seq: seq | 0, ack: ack | 0, len: s.len });
        const sender = seen.fromClient ? before.client : before.server;
        const receiver = seen.fromClient ? before.server : before.client;
        const kind = classify(g, sender, receiver);
        if (plainAck(g.flags, receiver)) {
          yes++;
          expect(kind).toBe(Kind.ACK);
        } else if (kind === Kind.ACK) {
          plainNo++;
        }
      }
    }), { seed: 20261122, numRuns: 400 });
    // Both answers were given many times, and "no" also to segments classify calls ACK (before the
    // handshake completes), which classify then decides itself.
    expect(yes).toBeGreaterThan(100);
    expect(plainNo).toBeGreaterThan(10);
  });
});
