/**
 * A connection as bytes and back, exactly: every number of its stretch of the slab, both endpoints
 * with their unacknowledged segments, its analysis counts, notes and base changes. The tracker
 * moves the connections it has not seen for a while into a ColdStore this way (tracker.ts), and a
 * connection read back goes on as if it had never left.
 *
 * Compact, because a SYN flood stores one per packet: each group of numbers starts with a map of
 * which are not zero, and only those follow (record-bytes.ts). A SYN that got no answer takes
 * about 70 bytes, against about 1.1 KB as objects.
 */
import { CONNECTION_DOUBLES, CONNECTION_INTS } from './connection-numbers';
import { Connection, zeroCounts, type Note } from './connection';
import type { Endpoint } from './endpoint';
import { RecordReader, RecordWriter } from './record-bytes';
import type { Slab } from './slab';
import type { BaseChange } from './stream-info';

const ENDPOINT_INTS = 16;
const ENDPOINT_DOUBLES = 4;

/** Bits of an endpoint's booleans, in its last int. */
const enum Bool {
  synSent = 1 << 0,
  synAcked = 1 << 1,
  finSent = 1 << 2,
  sndNxtKnown = 1 << 3,
  ackSent = 1 << 4,
  windowKnown = 1 << 5,
  baseSet = 1 << 6,
  isFirstAck = 1 << 7,
}

/** Bits of the byte that says which of the rarely present lists follow. */
const enum Lists {
  counts = 1 << 0,
  notes = 1 << 1,
  baseChanges = 1 << 2,
}

/**
 * `v` as a small integer when it is one. A number read from a Float64Array is a boxed double to
 * V8 even when whole, and the first one stored in a field that held only small integers (an
 * endpoint's packet count) changes the field's representation: every endpoint's hidden class is
 * replaced, and the tracker's optimised code thrown away. On a capture whose connections go cold
 * and come back that cost about 15% of the CPU (cold-shapes.test.ts holds this).
 */
function smallIfWhole(v: number): number {
  const n = v | 0;
  return n === v && !Object.is(v, -0) ? n : v;
}

export class ConnectionCodec {
  private readonly w = new RecordWriter();
  private readonly r = new RecordReader();
  private readonly ints = new Int32Array(Math.max(CONNECTION_INTS, ENDPOINT_INTS));
  private readonly doubles = new Float64Array(Math.max(CONNECTION_DOUBLES, ENDPOINT_DOUBLES));

  /** The record of `c`: `bytes[0, length)`, valid until the next call. */
  encode(c: Connection): { bytes: Uint8Array; length: number } {
    const w = this.w;
    w.reset();
    for (let k = 0; k < CONNECTION_INTS; k++) this.ints[k] = c.intAt(k);
    for (let k = 0; k < CONNECTION_DOUBLES; k++) this.doubles[k] = c.doubleAt(k);
    w.intGroup(this.ints, CONNECTION_INTS);
    w.doubleGroup(this.doubles, CONNECTION_DOUBLES);
    this.writeEndpoint(c.client);
    this.writeEndpoint(c.server);
    this.writeLists(c);
    return { bytes: w.bytes, length: w.at };
  }

  /**
   * The connection a record holds, its numbers in a stretch taken from `slab` (or a slab of its own).
   * @throws Error when the bytes are not a whole record (a damaged store, not a damaged capture).
   */
  decode(bytes: Uint8Array, slab?: Slab): Connection {
    return this.decodeInto(bytes, Connection.blank(slab));
  }

  /** Like `decode`, into an existing connection: every field of `c` is overwritten. */
  decodeInto(bytes: Uint8Array, c: Connection): Connection {
    const r = this.r;
    r.start(bytes);
    r.intGroup(this.ints, CONNECTION_INTS);
    r.doubleGroup(this.doubles, CONNECTION_DOUBLES);
    for (let k = 0; k < CONNECTION_INTS; k++) c.setIntAt(k, this.ints[k]!);
    for (let k = 0; k < CONNECTION_DOUBLES; k++) c.setDoubleAt(k, this.doubles[k]!);
    this.readEndpoint(c.client);
    this.readEndpoint(c.server);
    this.readLists(c);
    if (!r.done) throw new Error(`a stored connection record has ${bytes.length - r.at} bytes too many`);
    return c;
  }

  private writeEndpoint(e: Endpoint): void {
    const v = this.ints;
    v[0] = e.state;
    v[1] = e.iss;
    v[2] = e.synLen;
    v[3] = e.finSeq;
    v[4] = e.sndNxt;
    v[5] = e.lastAckSent;
    v[6] = e.scaledWindow;
    v[7] = e.baseSeq;
    v[8] = e.winScale;
    v[9] = e.window;
    v[10] = e.nextSeq;
    v[11] = e.maxSeqToBeAcked;
    v[12] = e.lastAck;
    v[13] = e.dupAckNum;
    v[14] = e.lastSegmentFlags;
    v[15] =
      (e.synSent ? Bool.synSent : 0) | (e.synAcked ? Bool.synAcked : 0) | (e.finSent ? Bool.finSent : 0) |
      (e.sndNxtKnown ? Bool.sndNxtKnown : 0) | (e.ackSent ? Bool.ackSent : 0) | (e.windowKnown ? Bool.windowKnown : 0) |
      (e.baseSet ? Bool.baseSet : 0) | (e.isFirstAck ? Bool.isFirstAck : 0);
    const d = this.doubles;
    d[0] = e.nextSeqTime;
    d[1] = e.lastAckTime;
    d[2] = e.packets;
    d[3] = e.bytes;
    this.w.intGroup(v, ENDPOINT_INTS);
    this.w.doubleGroup(d, ENDPOINT_DOUBLES);
    e.writeUnackedTo(this.w);
  }

  private readEndpoint(e: Endpoint): void {
    const v = this.ints;
    const d = this.doubles;
    this.r.intGroup(v, ENDPOINT_INTS);
    this.r.doubleGroup(d, ENDPOINT_DOUBLES);
    e.state = v[0]!;
    e.iss = v[1]!;
    e.synLen = v[2]!;
    e.finSeq = v[3]!;
    e.sndNxt = v[4]!;
    e.lastAckSent = v[5]!;
    e.scaledWindow = v[6]!;
    e.baseSeq = v[7]!;
    e.winScale = v[8]!;
    e.window = v[9]!;
    e.nextSeq = v[10]!;
    e.maxSeqToBeAcked = v[11]!;
    e.lastAck = v[12]!;
    e.dupAckNum = v[13]!;
    e.lastSegmentFlags = v[14]!;
    const bools = v[15]!;
    e.synSent = (bools & Bool.synSent) !== 0;
    e.synAcked = (bools & Bool.synAcked) !== 0;
    e.finSent = (bools & Bool.finSent) !== 0;
    e.sndNxtKnown = (bools & Bool.sndNxtKnown) !== 0;
    e.ackSent = (bools & Bool.ackSent) !== 0;
    e.windowKnown = (bools & Bool.windowKnown) !== 0;
    e.baseSet = (bools & Bool.baseSet) !== 0;
    e.isFirstAck = (bools & Bool.isFirstAck) !== 0;
    e.nextSeqTime = d[0]!;
    e.lastAckTime = d[1]!;
    e.packets = smallIfWhole(d[2]!);
    e.bytes = smallIfWhole(d[3]!);
    e.readUnackedFrom(this.r);
  }

  private writeLists(c: Connection): void {
    const w = this.w;
    const counts = c.analysisCounts;
    let hasCounts = false;
    for (let k = 0; k < counts.length; k++) if (counts[k] !== 0) hasCounts = true;
    const notes = c.notes;
    const changes = c.baseChanges;
    w.byte((hasCounts ? Lists.counts : 0) | (notes.length > 0 ? Lists.notes : 0) | (changes !== null ? Lists.baseChanges : 0));
    // A count is at most the number of frames, which are uint32 (the slab keeps them so).
    if (hasCounts) for (const n of counts) w.uint(n);
    if (notes.length > 0) {
      w.uint(notes.length);
      for (const n of notes) {
        w.uint(n.frame);
        w.text(n.message);
      }
    }
    if (changes !== null) {
      w.uint(changes.length);
      for (const b of changes) {
        w.uint(b.frame);
        w.byte(b.client ? 1 : 0);
        w.uint(b.previous);
      }
    }
  }

  private readLists(c: Connection): void {
    const r = this.r;
    const lists = r.byte();
    let counts: number[] | null = null;
    let notes: Note[] | null = null;
    if (lists & Lists.counts) {
      counts = zeroCounts();
      for (let k = 0; k < counts.length; k++) counts[k] = r.uint();
    }
    if (lists & Lists.notes) {
      notes = [];
      for (let k = r.uint(); k > 0; k--) {
        const frame = r.uint();
        notes.push({ frame, message: r.text() });
      }
    }
    c.restoreLists(counts, notes);
    let changes: BaseChange[] | null = null;
    if (lists & Lists.baseChanges) {
      changes = [];
      for (let k = r.uint(); k > 0; k--) {
        const frame = r.uint();
        const client = r.byte() === 1;
        changes.push({ frame, client, previous: r.uint() });
      }
    }
    c.baseChanges = changes;
  }
}
