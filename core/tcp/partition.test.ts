import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dissect } from '../decode/dissect';
import { Dissection, Proto } from '../decode/dissection';
import type { PacketRecord } from '../formats/record';
import { readCaptureFileSync } from '../../electron/host/capture-file';
import { corpusCaptures, findCorpus, repoRoot } from '../../test/support/corpus';
import { partitionOf, quickPartition } from './partition';

const fixtures = readdirSync(join(repoRoot, 'test/fixtures')).filter((f) => /\.(pcap|pcapng)$/.test(f)).map((f) => join(repoRoot, 'test/fixtures', f));
const corpus = findCorpus();
const files = [...fixtures, ...(corpus ? corpusCaptures(corpus).map((f) => join(corpus, 'pcaps', f)) : [])];

describe('quickPartition', () => {
  it(`puts every TCP packet it answers for in the share the decoders' tuple gives (${files.length} captures${corpus ? '' : '; the corpus is absent, fixtures only'})`, () => {
    const d = new Dissection();
    let answered = 0;
    let tcp = 0;
    for (const path of files) {
      readCaptureFileSync(path, {
        packet(rec: PacketRecord) {
          dissect(rec, d);
          for (const count of [2, 3]) {
            const quick = quickPartition(rec, count);
            if (d.proto !== Proto.TCP) continue;
            if (count === 2) tcp++;
            if (quick < 0) continue;
            if (count === 2) answered++;
            expect(quick, `${path}: ${count} shares`).toBe(partitionOf(d, count));
          }
        },
      });
    }
    // Most TCP in these captures is IPv4 over Ethernet: the shortcut must really answer for it.
    expect(answered).toBeGreaterThan(tcp / 2);
  });

  it('declines what it cannot read at a glance', () => {
    const bytes = new Uint8Array(80);
    const rec = { bytes, view: new DataView(bytes.buffer), offset: 0, capLen: 80, origLen: 80, fileOffset: 0, tsSec: 0, tsNsec: 0, linkType: 1, interfaceId: 0, comments: null };
    bytes.set([0x08, 0x00], 12);
    bytes.set([0x45], 14);
    bytes[23] = 6;
    expect(quickPartition(rec, 2)).toBeGreaterThanOrEqual(0);
    expect(quickPartition({ ...rec, linkType: 113 }, 2)).toBe(-1); // Linux cooked capture
    expect(quickPartition({ ...rec, capLen: 37 }, 2)).toBe(-1); // ports not captured
    bytes[23] = 17;
    expect(quickPartition(rec, 2)).toBe(-1); // UDP
    bytes[23] = 6;
    bytes[20] = 0x00;
    bytes[21] = 0x10; // a later fragment: no TCP header here
    expect(quickPartition(rec, 2)).toBe(-1);
    bytes[21] = 0;
    bytes.set([0x81, 0x00], 12); // 802.1Q tag
    expect(quickPartition(rec, 2)).toBe(-1);
  });
});
