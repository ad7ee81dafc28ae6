/**
 * The decoders against tshark 4.0.17 on every corpus capture that has a frames.tsv: each frame's
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

const title = 'every corpus frame decodes to the TCP fields tshark shows';
describe.skipIf(!corpus)(corpus ? title : `${title} (skipped: the corpus is absent; see test/support/corpus.ts)`, () => {
  for (const rel of corpus ? recorded(corpus) : []) {
    it(rel, () => {
      const expected = dataRows(readFileSync(join(corpus!, 'expected/tshark', `${rel}.frames.tsv`), 'utf8'));
      const skip = customBlockFrames(rel);
      const frames = expected.map((r) => Number(r[0])).filter((n) => !skip.has(n));
      const byFrame = new Map(expected.map((r) => [Number(r[0]), [r[2], r[3], r[4], r[7], r[8], r[9], r[10]].map((c) => c ?? '')]));
      const d = new Dissection();
      const mismatches: string[] = [];
      let i = 0;
      readCaptureFileSync(join(corpus!, 'pcaps', rel), {
        packet: (rec) => {
          const frame = frames[i++];
          if (frame === undefined) return;
          dissect(rec, d);
          const got = row(d).join('|');
          const want = byFrame.get(frame)!.join('|');
          if (got !== want) mismatches.push(`${rel}#${frame}: got ${got}, tshark ${want}`);
        },
      });
      expect(i, 'frames delivered').toBe(frames.length);
      const unexplained = mismatches.filter((m) => !(m.split(':')[0]! in KNOWN_DIFFERENCES));
      expect(unexplained).toEqual([]);
    });
  }
});
