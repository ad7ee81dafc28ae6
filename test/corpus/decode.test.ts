/**
 * The decoders against tshark 4.0.17 on every capture that has a frames.tsv, in the shared corpus
 * and in the repository's fixtures (test/fixtures/expected): each frame's
 * TCP source and destination port, flags, raw sequence and acknowledgement numbers, tcp.len and
 * window field must be what tshark recorded, empty where tshark shows no TCP. (The stream and the
 * relative numbers are the tracker's, checked by its own corpus test.)
 *
 * Frames the reader does not deliver, so the frame numbers line up:
 * - pcapng custom blocks, which tshark shows as frames (hadrielk test102, test202; no TCP in them);
 *   they are the rows with no encapsulation in the readers' own recording of tshark's frame list.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findCorpus, repoRoot } from '../support/corpus';
import { readCaptureFileSync } from '../../electron/host/capture-file';
import { dissect } from '../../core/decode/dissect';
import { Dissection, Proto } from '../../core/decode/dissection';
import { IpProto } from '../../core/decode/numbers';

const corpus = findCorpus();

/**
 * Frames where Synfin knowingly differs from tshark, "file#frame" → why. Empty: every frame of
 * the corpus decodes as tshark decodes it.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {};

/** The captures tshark recorded frames for, as paths under pcaps/. */
function recorded(corpusDir: string): string[] {
  const root = join(corpusDir, 'expected/tshark');
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : name.endsWith('.frames.tsv') ? [relative(root, path).slice(0, -'.frames.tsv'.length)] : [];
    });
  return walk(root).sort();
}

const dataRows = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).slice(1).map((l) => l.split('\t'));

/** tshark frame numbers that are pcapng custom blocks (no encapsulation in the readers' recording). */
function customBlockFrames(rel: string): Set<number> {
  const path = join(repoRoot, 'test/corpus/expected', `${rel}.tsv`);
  if (!existsSync(path)) return new Set();
  return new Set(dataRows(readFileSync(path, 'utf8')).filter((r) => r[7] === '').map((r) => Number(r[0])));
}

/** Our row in the frames.tsv columns srcport, dstport, flags, seq_raw, ack_raw, len, window. */
function row(d: Dissection): string[] {
  const tcpPorts = d.ipProto === IpProto.TCP && d.srcPort >= 0 && (d.proto === Proto.TCP || d.proto === Proto.Malformed);
  const ports = tcpPorts ? [String(d.srcPort), String(d.dstPort)] : ['', ''];
  if (d.proto !== Proto.TCP) return [...ports, '', '', '', '', ''];
  return [...ports, `0x${d.tcpFlags.toString(16).padStart(4, '0')}`, String(d.seq), String(d.ack), String(d.payloadLen), String(d.window)];
}

/** Compares every frame of `pcap` with its frames.tsv, and returns what differs. */
function compare(pcap: string, framesTsv: string, label: string, skip: Set<number>): { delivered: number; frames: number; mismatches: string[] } {
  const expected = dataRows(readFileSync(framesTsv, 'utf8'));
  const frames = expected.map((r) => Number(r[0])).filter((n) => !skip.has(n));
  const byFrame = new Map(expected.map((r) => [Number(r[0]), [r[2], r[3], r[4], r[7], r[8], r[9], r[10]].map((c) => c ?? '')]));
  const d = new Dissection();
  const mismatches: string[] = [];
  let i = 0;
  readCaptureFileSync(pcap, {
    packet: (rec) => {
      const frame = frames[i++];
      if (frame === undefined) return;
      dissect(rec, d);
      const got = row(d).join('|');
      const want = byFrame.get(frame)!.join('|');
      if (got !== want && !(`${label}#${frame}` in KNOWN_DIFFERENCES)) mismatches.push(`${label}#${frame}: got ${got}, tshark ${want}`);
    },
  });
  return { delivered: i, frames: frames.length, mismatches };
}

const title = 'every corpus frame decodes to the TCP fields tshark shows';
describe.skipIf(!corpus)(corpus ? title : `${title} (skipped: the corpus is absent; see test/support/corpus.ts)`, () => {
  for (const rel of corpus ? recorded(corpus) : []) {
    it(rel, () => {
      const r = compare(join(corpus!, 'pcaps', rel), join(corpus!, 'expected/tshark', `${rel}.frames.tsv`), rel, customBlockFrames(rel));
      expect(r.delivered, 'frames delivered').toBe(r.frames);
      expect(r.mismatches).toEqual([]);
    });
  }
});

describe('every fixture frame decodes to the TCP fields tshark shows', () => {
  const dir = join(repoRoot, 'test/fixtures');
  for (const name of readdirSync(join(dir, 'expected')).filter((f) => f.endsWith('.frames.tsv')).sort()) {
    const capture = name.slice(0, -'.frames.tsv'.length);
    it(capture, () => {
      const r = compare(join(dir, capture), join(dir, 'expected', name), `fixtures/${capture}`, new Set());
      expect(r.delivered, 'frames delivered').toBe(r.frames);
      expect(r.mismatches).toEqual([]);
    });
  }
});
