import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PacketPipeline } from '../../core/pipeline';
import { flowJsonText } from '../../core/tcp/summary';
import { readCaptureFileSync } from '../host/capture-file';
import { corpusCaptures, findCorpus, repoRoot } from '../../test/support/corpus';
import { firstFrames, followShare, numberTogether, shareNotes, shareRows } from './flows-share';

describe('numberTogether', () => {
  it('numbers two shares in the order their connections began', () => {
    const [a, b] = numberTogether(Int32Array.of(1, 5, 6, 20), Int32Array.of(2, 3, 30));
    expect([...a]).toEqual([0, 3, 4, 5]);
    expect([...b]).toEqual([1, 2, 6]);
  });

  it('handles an empty share on either side', () => {
    expect(numberTogether(Int32Array.of(), Int32Array.of(4, 9)).map((x) => [...x])).toEqual([[], [0, 1]]);
    expect(numberTogether(Int32Array.of(4, 9), Int32Array.of()).map((x) => [...x])).toEqual([[0, 1], []]);
  });
});

/** What one thread prints for a file: every connection's row, and the notes under their streams. */
function oneThread(path: string) {
  const pipeline = new PacketPipeline(() => {});
  const summary = readCaptureFileSync(path, pipeline);
  const cs = pipeline.tracker.connections;
  return {
    frames: pipeline.frames, summary,
    rows: cs.map((c) => flowJsonText(c)),
    notes: cs.filter((c) => c.notes.length > 0 || c.notesDropped > 0).map((c) => ({ stream: c.stream, notes: [...c.notes], notesDropped: c.notesDropped })),
  };
}

/** The same, from two shares followed apart and numbered together (what the two threads do). */
function twoShares(path: string, limitBytes: number) {
  const shares = [0, 1].map((index) => followShare(path, limitBytes, { index, count: 2 }));
  const [s0, s1] = numberTogether(firstFrames(shares[0]!.connections), firstFrames(shares[1]!.connections));
  const rows: string[] = [];
  const notes: { stream: number; notes: unknown[]; notesDropped: number }[] = [];
  shares.forEach((share, k) => {
    const streams = k === 0 ? s0 : s1;
    const batch = shareRows(share.connections, streams, true, 0, share.connections.length);
    if (batch.kind !== 'json') throw new Error('JSON rows expected');
    const text = new TextDecoder().decode(batch.bytes);
    batch.ends.forEach((end, i) => (rows[streams[i]!] = text.slice(i === 0 ? 0 : batch.ends[i - 1], end)));
    for (const n of shareNotes(share.connections)) notes.push({ stream: streams[n.index]!, notes: n.notes, notesDropped: n.notesDropped });
  });
  notes.sort((a, b) => a.stream - b.stream);
  return { frames: shares.map((s) => s.frames), summaries: shares.map((s) => s.summary), rows, notes, sizes: shares.map((s) => s.connections.length) };
}

const fixtures = readdirSync(join(repoRoot, 'test/fixtures')).filter((f) => /\.(pcap|pcapng)$/.test(f)).map((f) => join(repoRoot, 'test/fixtures', f));
const corpus = findCorpus();

describe.each([
  ['the recorded fixtures', fixtures],
  ['the shared corpus', corpus ? corpusCaptures(corpus).map((f) => join(corpus, 'pcaps', f)) : []],
])('two shares of the connections give what one thread gives, over %s', (_name, files) => {
  it.skipIf(files.length === 0)(`(${files.length} captures${files.length === 0 ? ': skipped, ../shared/corpus is absent' : ''})`, () => {
    let split = 0;
    let several = 0;
    for (const path of files) {
      const one = oneThread(path);
      const two = twoShares(path, Number.MAX_SAFE_INTEGER);
      expect(two.frames, path).toEqual([one.frames, one.frames]);
      expect(two.summaries[1], path).toEqual(two.summaries[0]);
      expect(two.summaries[0]!.error, path).toEqual(one.summary.error);
      expect(two.rows, path).toEqual(one.rows);
      expect(two.notes, path).toEqual(one.notes);
      if (two.sizes[0]! > 0 && two.sizes[1]! > 0) split++;
      if (one.rows.length >= 8) several++;
    }
    // The shares must really divide the connections: with eight or more, both are almost never empty.
    expect(split).toBeGreaterThanOrEqual(several);
    expect(split).toBeGreaterThan(0);
  });
});

describe('followShare', () => {
  it('reads no further than the limit it is given, as both threads must', () => {
    const path = join(repoRoot, 'test/fixtures/sample.pcapng');
    const whole = followShare(path, Number.MAX_SAFE_INTEGER, { index: 0, count: 1 });
    const cut = followShare(path, 2000, { index: 0, count: 1 });
    expect(cut.frames).toBeLessThan(whole.frames);
    expect(cut.summary.warnings.map((w) => w.message).join(' ')).toMatch(/ends inside/);
  });
});
