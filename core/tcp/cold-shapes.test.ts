import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { repoRoot } from '../../test/support/corpus';
import { createCaptureReader } from '../formats/reader';
import { dissect } from '../decode/dissect';
import { Dissection } from '../decode/dissection';
import type { Connection } from './connection';
import { ConnectionCodec } from './connection-codec';
import { CONNECTION_DOUBLES, CONNECTION_INTS } from './connection-numbers';
import { PacketFacts } from './facts';
import { Slab } from './slab';
import { TcpTracker } from './tracker';

// V8's own answer to "do these two objects have the same hidden class?". A connection read back
// with another one (a boxed double where the tracker keeps small integers, an array of another
// kind) makes V8 replace the class of every endpoint and throw away the tracker's optimised code:
// that cost about 20% of the CPU on a capture whose connections went cold and came back.
setFlagsFromString('--allow-natives-syntax');
const sameHiddenClass = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/** The objects a connection is made of, by name; arrays only where they exist. */
function parts(c: Connection): [string, object | null][] {
  const own = c as unknown as { counts: number[] | null };
  const ends = (side: 'client' | 'server') => c[side].unackedEnds;
  return [
    ['connection', c],
    ['client', c.client],
    ['server', c.server],
    ['client.unackedEnds', ends('client')],
    ['server.unackedEnds', ends('server')],
    ['counts', own.counts],
  ];
}

function trackedConnections(fixture: string): Connection[] {
  const tracker = new TcpTracker();
  const d = new Dissection();
  const facts = new PacketFacts();
  let frame = 0;
  const reader = createCaptureReader({
    packet(rec) {
      dissect(rec, d);
      tracker.track(++frame, rec.tsSec, rec.tsNsec, d, facts);
    },
  });
  reader.push(new Uint8Array(readFileSync(join(repoRoot, 'test/fixtures', fixture))));
  reader.end();
  return [...tracker.connections];
}

describe('a connection read back from the cold store', () => {
  // Retransmissions give analysis counts and unacknowledged segments; the flood side of
  // backlog-full gives connections that saw a SYN only.
  for (const fixture of ['retransmission.pcapng', 'backlog-full.pcapng', 'port-reuse.pcapng']) {
    it(`is made of objects of the same hidden classes as one that never left (${fixture})`, () => {
      const originals = trackedConnections(fixture);
      // Taken before anything is read back: reading a property of an object whose class V8 has
      // replaced moves the object to the new class, which would hide the difference.
      const expected = originals.map(parts);
      // Objects to read into, as the tracker reuses those of connections that went cold.
      const hosts = trackedConnections(fixture).reverse();
      const codec = new ConnectionCodec();
      const records = originals.map((c) => {
        const r = codec.encode(c);
        return r.bytes.slice(0, r.length);
      });
      const slab = new Slab(CONNECTION_INTS, CONNECTION_DOUBLES);
      const differences: string[] = [];
      // Often enough for V8 to optimise the codec: its optimised code boxes numbers the interpreter does not.
      for (let round = 0; round < 2000 / originals.length; round++) {
        records.forEach((record, k) => {
          codec.decode(record, slab);
          codec.decodeInto(record, hosts[k]!);
        });
      }
      expected.forEach((originalParts, k) => {
        const copies = [['new', codec.decode(records[k]!, slab)], ['reused', codec.decodeInto(records[k]!, hosts[k]!)]] as const;
        for (const [how, copy] of copies) {
          const mine = parts(copy);
          originalParts.forEach(([name, a], i) => {
            const b = mine[i]![1];
            if (a !== null && b !== null && !sameHiddenClass(a, b)) differences.push(`stream ${k}, ${how} object: ${name}`);
          });
        }
      });
      expect(differences.slice(0, 5)).toEqual([]);
    });
  }
});
