/**
 * The corpus has no big-endian pcapng that carries TCP: make some. Real TCP captures are rewritten
 * as big-endian pcapng with the writer (interfaces, resolutions, offsets and comments kept), read
 * back, and, where tshark is installed, dissected by tshark to the same TCP rows the corpus records
 * for the original file.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ReadResult, readChunked, unhex } from '../support/capture-vectors';
import { findCorpus } from '../support/corpus';
import { tsharkAvailable, tsharkFields } from '../support/tshark';
import { PcapngWriter } from '../../core/formats/pcapng-writer';
import type { TsResolution } from '../../core/formats/ticks';

const corpus = findCorpus();
const hasTshark = tsharkAvailable();
const dir = mkdtempSync(join(tmpdir(), 'synfin-be-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Captures with TCP in them: a large pcap, and a pcapng of 126 interfaces with µs and ns clocks. */
const SOURCES = ['pcapplusplus/example.pcap', 'zeek/modify-request.pcapng', 'pcapplusplus/pcapng-example.pcapng'];
/** The columns of the corpus's frames.tsv, and the tshark options it was made with. */
const TCP_FIELDS = ['frame.number', 'tcp.stream', 'tcp.srcport', 'tcp.dstport', 'tcp.flags', 'tcp.seq', 'tcp.ack', 'tcp.seq_raw', 'tcp.ack_raw', 'tcp.len', 'tcp.window_size_value'];

function resolutionOf(unitsPerSecond: number): TsResolution {
  const dec = Math.round(Math.log10(unitsPerSecond));
  return 10 ** dec === unitsPerSecond ? { base: 10, exponent: dec } : { base: 2, exponent: Math.round(Math.log2(unitsPerSecond)) };
}

/** One big-endian section holding every interface and packet of `src`, in file order. */
function toBigEndianPcapng(src: ReadResult): Uint8Array {
  const w = new PcapngWriter({ littleEndian: false, comments: src.fileComments });
  const pieces = [w.sectionHeader()];
  for (const i of src.interfaces) {
    pieces.push(w.interfaceDescription({
      linkType: i.linkType, snapLen: i.snapLen, name: i.name ?? undefined, description: i.description ?? undefined,
      tsResolution: resolutionOf(i.tsUnitsPerSecond), tsOffsetSec: i.tsOffsetSec,
    }));
  }
  for (const p of src.packets) {
    pieces.push(w.enhancedPacket({ interfaceId: p.interfaceId, tsSec: p.tsSec, tsNsec: p.tsNsec, data: unhex(p.data), origLen: p.origLen, comments: p.comments ?? undefined }));
  }
  const out = new Uint8Array(pieces.reduce((n, x) => n + x.length, 0));
  pieces.reduce((at, x) => (out.set(x, at), at + x.length), 0);
  return out;
}

/** The original as read, and its big-endian rewrite (made once per source, kept on disk for tshark). */
const rewrites = new Map<string, { original: ReadResult; be: Uint8Array; path: string }>();
function rewrite(rel: string): { original: ReadResult; be: Uint8Array; path: string } {
  let r = rewrites.get(rel);
  if (!r) {
    const original = readChunked(new Uint8Array(readFileSync(join(corpus!, 'pcaps', rel))));
    const be = toBigEndianPcapng(original);
    const path = join(dir, `${rel.replace(/\//g, '_')}.be.pcapng`);
    writeFileSync(path, be);
    r = { original, be, path };
    rewrites.set(rel, r);
  }
  return r;
}

const title = 'real TCP captures rewritten as big-endian pcapng';
describe.skipIf(!corpus)(corpus ? title : `${title} (skipped: the corpus is absent)`, () => {
  for (const rel of SOURCES) {
    it(`${rel}: reads back packet for packet`, () => {
      const { original, be } = rewrite(rel);
      expect(original.summary.error).toBeNull();
      expect(be[8]).toBe(0x1a); // the byte-order magic, big-endian
      const back = readChunked(be, 65_536);
      expect(back.summary).toMatchObject({ format: 'pcapng', packets: original.packets.length, error: null, warningCount: 0 });
      expect(back.fileComments).toEqual(original.fileComments);
      expect(back.interfaces).toEqual(original.interfaces);
      // Same packets; only where they sit in the file differs.
      expect(back.packets.map((p) => ({ ...p, fileOffset: 0 }))).toEqual(original.packets.map((p) => ({ ...p, fileOffset: 0 })));
    });

    it.skipIf(!hasTshark)(`${rel}: tshark dissects the rewrite to the TCP rows it gives the original${hasTshark ? '' : ' (skipped: tshark is not installed)'}`, () => {
      const { path } = rewrite(rel);
      const expected = readFileSync(join(corpus!, 'expected/tshark', `${rel}.frames.tsv`), 'utf8').split('\n').slice(2).filter((l) => l !== '');
      const rows = tsharkFields(path, TCP_FIELDS, ['-o', 'tcp.desegment_tcp_streams:FALSE']);
      expect(rows.map((r) => r.join('\t'))).toEqual(expected);
    });
  }
});
