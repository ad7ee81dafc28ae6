/**
 * Short random conversations whose numbers sit near both ISNs (and a little data past them), so
 * that handshakes and teardowns come out right about as often as wrong: for property tests that
 * check one of the tracker's shortcuts against the rule it stands in for, segment by segment, on
 * the connection as it was before the segment.
 */
import fc from 'fast-check';
import { ConnectionCodec } from '../../core/tcp/connection-codec';
import type { Connection } from '../../core/tcp/connection';
import { Seg } from '../../core/tcp/segment';
import { Conv, flagBits, type Seen } from './tcp-builder';

export interface NearSegment {
  from: 'c' | 's';
  flags: string;
  /** Offsets from the sender's ISN (seq) and the receiver's (ack). */
  seq: number;
  ack: number;
  len: number;
}

const ISN = { c: 1000, s: 5000 } as const;
const near = fc.constantFrom(0, 1, 2, 11, 12);

/** Up to 14 segments, each with one of `flags` (repeat one to make it likelier). */
export function nearSegments(flags: readonly string[]): fc.Arbitrary<NearSegment[]> {
  const segment = fc.record({
    from: fc.constantFrom('c' as const, 's' as const),
    flags: fc.constantFrom(...flags),
    seq: near,
    ack: near,
    len: fc.constantFrom(0, 0, 1, 10),
  });
  return fc.array(segment, { minLength: 1, maxLength: 14 });
}

const codec = new ConnectionCodec();

/**
 * Plays `segments` on a new Conv. For each one that lands on the connection of the segment before
 * it, calls `check` with a copy of that connection as it was before this segment, what the tracker
 * made of the segment, and the segment as the tracker's Seg.
 */
export function playAgainstBefore(segments: readonly NearSegment[], check: (before: Connection, seen: Seen, g: Seg) => void): void {
  const v = new Conv();
  for (const s of segments) {
    const other = s.from === 'c' ? 's' : 'c';
    const stream = v.seen.length === 0 ? -1 : v.seen[v.seen.length - 1]!.stream;
    const record = stream < 0 ? null : codec.encode(v.tracker.connection(stream));
    const before = record === null ? null : codec.decode(record.bytes.slice(0, record.length));
    const seq = ISN[s.from] + s.seq;
    const ack = s.flags.includes('A') ? ISN[other] + s.ack : 0;
    const seen = v.run({ from: s.from, flags: s.flags, seq, ack, len: s.len, win: 1000, t: v.segments.length / 1000 });
    if (before === null || seen.stream !== stream) continue;
    check(before, seen, Object.assign(new Seg(), { frame: seen.frame, flags: flagBits(s.flags), seq: seq | 0, ack: ack | 0, len: s.len }));
  }
}
