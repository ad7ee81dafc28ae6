/**
 * The readers against tshark 4.0.17 on every capture of the shared corpus: frame count, lengths,
 * epoch times, interfaces and comments (recorded once by scripts/record-tshark-expectations.sh
 * into test/corpus/expected/), and, for the files tshark refuses or stops in, how far it got.
 *
 * Where Synfin deliberately differs from tshark:
 * - pcapng custom blocks (CB/DCB): tshark shows each as a frame; the reader delivers packets only,
 *   so those rows (the ones with no encapsulation) are left out, and later frame numbers shift.
 * - Multi-section pcapng: tshark 4.0 shows a packet's section-local interface id and looks its
 *   name up in the file-wide list (so hadrielk test202's second section shows "eth0" for
 *   "silly ethernet interface 2"); the reader numbers interfaces across the file, as the engine
 *   needs. Interfaces are compared in the first section only.
 * - Sub-second fields of a second or more (tcpdump/timestamp_invalid_nano.pcap): tshark prints
 *   them as they are ("1418145370.1000000000", and past 2^31 with a minus sign); the reader carries
 *   them into the seconds and warns, so every time stays a valid seconds + nanoseconds pair.
 * - rusticata/err-eof.bin (a bare pcapng block, no section header): tshark takes it for a damaged
 *   CommView file; the reader says it is not a format it knows. Both read nothing.
 * - A file cut inside its file header (joincap/partial_global_header.pcap): tshark calls it cut
 *   short; with no header there is nothing to warn about, so the reader reports a 'truncated' error.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyRecord, type SeenPacket } from '../support/capture-vectors';
import { corpusCaptures, findCorpus, repoRoot } from '../support/corpus';
import { epoch, tsharkEscape } from '../support/tshark';
import type { InterfaceInfo } from '../../core/formats/record';
import { type FileReadSummary, readCaptureFileSync } from '../../electron/host/capture-file';

const corpus = findCorpus();

interface TsharkFrame {
  time: string;
  len: number;
  capLen: number;
  section: string;
  ifId: string;
  ifName: string;
  encap: string;
  comment: string;
}

/** The frames tshark read, from the recorded expectation. */
function recordedFrames(rel: string): TsharkFrame[] {
  const text = readFileSync(join(repoRoot, 'test/corpus/expected', `${rel}.tsv`), 'utf8');
  const rows = text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).slice(1); // the header row
  return rows.map((l) => {
    const [, time, len, capLen, section, ifId, ifName, encap, comment] = l.split('\t');
    return { time: time!, len: Number(len), capLen: Number(capLen), section: section!, ifId: ifId!, ifName: ifName!, encap: encap!, comment: comment ?? '' };
  });
}

/** tshark's verdict on a file it refused or stopped in (the corpus's own record), or null. */
function tsharkError(rel: string): { framesRead: number; message: string } | null {
  const path = join(corpus!, 'expected/tshark', `${rel}.error.txt`);
  if (!existsSync(path)) return null;
  const text = readFileSync(path, 'utf8');
  return { framesRead: Number(/frames_read: (\d+)/.exec(text)![1]), message: /message: (.*)/.exec(text)![1]! };
}

function read(rel: string, chunkSize?: number): { summary: FileReadSummary; packets: SeenPacket[]; interfaces: InterfaceInfo[] } {
  const packets: SeenPacket[] = [];
  const interfaces: InterfaceInfo[] = [];
  const summary = readCaptureFileSync(join(corpus!, 'pcaps', rel), { packet: (r) => packets.push(copyRecord(r)), interface: (i) => interfaces.push(i) }, { chunkSize });
  return { summary, packets, interfaces };
}

/** What tshark's epoch time says, as the reader's seconds and nanoseconds. */
function expectedTime(time: string): string {
  const m = /^(-?)(\d+)\.(\d+)$/.exec(time)!;
  if (m[1] === '' && m[3]!.length === 9) return time;
  // tshark printed the raw sub-second field (10 digits, and a minus sign past 2^31): carry it.
  const raw = Number(m[3]);
  return epoch(Number(m[2]) + Math.floor(raw / 1e9), raw % 1e9);
}

const title = 'every corpus capture reads as tshark reads it';
describe.skipIf(!corpus)(corpus ? title : `${title} (skipped: the corpus is absent; see test/support/corpus.ts)`, () => {
  const captures = corpus ? corpusCaptures(corpus) : [];

  it('the corpus and the recorded expectations match file for file', () => {
    expect(captures.length).toBeGreaterThan(80);
    for (const rel of captures) expect(existsSync(join(repoRoot, 'test/corpus/expected', `${rel}.tsv`)), rel).toBe(true);
  });

  for (const rel of captures) {
    it(rel, () => {
      const { summary, packets, interfaces } = read(rel);
      // tshark's rows without an encapsulation are pcapng custom blocks, not packets (see above).
      const frames = recordedFrames(rel).filter((f) => f.encap !== '');
      expect(packets.length).toBe(frames.length);

      frames.forEach((f, i) => {
        const p = packets[i]!;
        const at = `frame ${i + 1}`;
        expect([p.origLen, p.capLen], at).toEqual([f.len, f.capLen]);
        if (f.time === '') expect(p.hasTimestamp, `${at} has no time in the file`).toBe(false);
        else expect(epoch(p.tsSec, p.tsNsec), at).toBe(expectedTime(f.time));
        expect((p.comments ?? []).map(tsharkEscape).join(','), at).toBe(f.comment);
        if (f.ifId === '') {
          expect(p.interfaceId, at).toBe(0); // pcap and snoop: one interface
        } else if (f.section === '1') {
          expect(p.interfaceId, at).toBe(Number(f.ifId));
          const name = interfaces[p.interfaceId]!.name;
          expect(name === null ? 'unknown' : tsharkEscape(name), at).toBe(f.ifName);
        } else {
          expect(p.interfaceId, `${at}: file-wide id ≥ tshark's section-local one`).toBeGreaterThanOrEqual(Number(f.ifId));
        }
      });

      const theirs = tsharkError(rel);
      if (theirs === null) {
        expect(summary.error).toBeNull();
        for (const w of summary.warnings) expect(w.message).toMatch(/more than a second: carried into the seconds/);
        return;
      }
      expect(packets.length, 'frames before the problem').toBe(theirs.framesRead);
      if (/cut short/.test(theirs.message)) {
        // Truncated: every whole packet and a warning, or an error only when not even the file header is whole.
        if (summary.error === null) expect(summary.warningCount).toBeGreaterThan(0);
        else expect(summary.error).toMatchObject({ kind: 'truncated', offset: 0 });
      } else if (/damaged or corrupt/.test(theirs.message) && !/commview/.test(theirs.message)) {
        expect(summary.error?.kind).toBe('malformed');
      } else {
        expect(summary.error?.kind).toBe('unsupported');
      }
      expect(summary.error?.message ?? summary.warnings[0]!.message).toMatch(/byte offset \d+|the file is/);
    });
  }

  it('reads the same in odd-sized chunks as in the host\'s default chunk (real files)', () => {
    for (const rel of captures) {
      const whole = read(rel);
      const odd = read(rel, 1021);
      expect(odd.packets, rel).toEqual(whole.packets);
      // Once the reader gives up, the host stops reading: how many bytes it had read depends on the chunk.
      expect({ ...odd.summary, bytes: 0 }, rel).toEqual({ ...whole.summary, bytes: 0 });
    }
  });
});
