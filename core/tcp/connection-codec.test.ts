import { describe, expect, it } from 'vitest';
import { stateOf } from '../../test/support/twin-trackers';
import { prng } from '../../test/support/prng';
import { Connection } from './connection';
import { ConnectionCodec } from './connection-codec';
import { CONNECTION_DOUBLES, CONNECTION_INTS } from './connection-numbers';
import { Endpoint } from './endpoint';
import { Seg } from './segment';
import { Slab } from './slab';

/** Fields the codec writes (connection-codec.ts): a field added to Endpoint must be added there too. */
const ENDPOINT_FIELDS = [
  'state', 'synSent', 'iss', 'synLen', 'synAcked', 'finSent', 'finSeq', 'sndNxtKnown', 'sndNxt', 'ackSent',
  'lastAckSent', 'windowKnown', 'scaledWindow', 'baseSet', 'baseSeq', 'winScale', 'window', 'nextSeq',
  'nextSeqTime', 'maxSeqToBeAcked', 'lastAck', 'lastAckTime', 'dupAckNum', 'lastSegmentFlags', 'isFirstAck',
  'unackedEnds', 'unackedCount', 'unackedFresh', 'unackedPassed', 'unackedLastAck', 'packets', 'bytes',
];
/** Connection's own fields: the slab's arrays and offsets, the endpoints, and the lists the codec writes. */
const CONNECTION_FIELDS = ['i', 'u', 'f', 'io', 'fo', 'client', 'server', 'counts', 'noteList', 'baseChanges'];
const DOUBLE_FIELDS = new Set(['nextSeqTime', 'lastAckTime', 'packets', 'bytes']);

const slab = () => new Slab(CONNECTION_INTS, CONNECTION_DOUBLES, 1);

/** A connection with every field away from its initial value, as no real capture would set them all. */
function dirty(seed: number): Connection {
  const random = prng(seed);
  const int32 = () => (Math.floor(random() * 2 ** 32) | 0) || 1;
  const c = new Connection(0, 4, 1, 2, 3, 4, 5, 6, 7, slab());
  for (let k = 0; k < CONNECTION_INTS; k++) c.setIntAt(k, int32());
  const doubles = [0.5, -3, 2 ** 51 + 1, 1e300, -0, 123456789012345, -(2 ** 52) - 2, 1 / 3];
  for (let k = 0; k < CONNECTION_DOUBLES; k++) c.setDoubleAt(k, doubles[(k + seed) % doubles.length]!);
  for (const e of [c.client, c.server]) {
    const fields = e as unknown as Record<string, unknown>;
    // The unacknowledged segments are set by the endpoint's own methods, below: as a list, not as numbers.
    for (const key of ENDPOINT_FIELDS.filter((k) => !k.startsWith('unacked'))) {
      const v = fields[key];
      if (typeof v === 'boolean') fields[key] = !v;
      else if (typeof v === 'number') fields[key] = DOUBLE_FIELDS.has(key) ? random() * 1e12 - 5e11 : int32();
    }
    const g = new Seg();
    for (let k = 0; k < 7; k++) {
      g.seq = int32();
      g.len = k;
      e.addUnacked(g, 1);
    }
    g.ack = g.seq;
    // An endpoint that sent its FIN drops the array once all is acknowledged: not the case wanted here.
    e.finSent = false;
    e.acknowledgeUnacked(g);
    e.finSent = true;
  }
  c.countAnalysis(0b1010_0000_0001);
  c.note(9, 'a note');
  c.note(4_000_000_000, 'ünïcode ⟨note⟩');
  c.rebase(true, 77, 5);
  c.rebase(false, 78, -6);
  return c;
}

describe('the connection codec', () => {
  it('knows every field of an endpoint (its unacknowledged segments included) and of a connection', () => {
    expect(Object.keys(new Endpoint(0)).sort()).toEqual([...ENDPOINT_FIELDS].sort());
    expect(Object.keys(new Connection(0, 4, 1, 2, 0, 0, 1, 0, 0)).sort()).toEqual([...CONNECTION_FIELDS].sort());
  });

  it('gives back every field, whatever its value', () => {
    const codec = new ConnectionCodec();
    for (let seed = 1; seed <= 50; seed++) {
      const c = dirty(seed);
      const r = codec.encode(c);
      const back = codec.decode(r.bytes.slice(0, r.length), slab());
      expect(stateOf(back)).toBe(stateOf(c));
      // Every field was set away from its initial value, so a forgotten one shows.
      expect(stateOf(back)).not.toBe(stateOf(new Connection(0, 4, 1, 2, 3, 4, 5, 6, 7, slab())));
      expect(back.baseChanges).toEqual(c.baseChanges);
    }
  });

  it('reuses a connection object as if it were new', () => {
    const args = [7, 6, 40000, 443, 1, 2, 99, 1_767_225_600, 5] as const;
    const c = dirty(11);
    c.reuse(...args);
    expect(stateOf(c)).toBe(stateOf(new Connection(...args, slab())));
    expect(c.baseChanges).toBeNull();
  });

  it('keeps a connection that saw one SYN to about 70 bytes', () => {
    const c = new Connection(12345, 4, 40000, 443, 0, 1, 777777, 1_767_225_600, 123456, slab());
    c.setAddresses(Uint32Array.of(0x0a000001), Uint32Array.of(0x0a000002));
    c.client.synSent = true;
    c.client.iss = 0x7abcdef0;
    c.client.packets = 1;
    c.addHandshakeFrame(777777);
    expect(new ConnectionCodec().encode(c).length).toBeLessThan(80);
  });

  it('refuses a record with bytes left over', () => {
    const codec = new ConnectionCodec();
    const r = codec.encode(dirty(3));
    const longer = new Uint8Array(r.length + 1);
    longer.set(r.bytes.subarray(0, r.length));
    expect(() => codec.decode(longer, slab())).toThrow(/1 bytes too many/);
  });
});
