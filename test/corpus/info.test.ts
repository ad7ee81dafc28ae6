/**
 * The Info column against tshark 4.0.17 for every TCP frame of the shared corpus and of the
 * repository's fixtures. The expectations (test/corpus/expected/info.tsv, info-fixtures.tsv) were
 * recorded by test/corpus/record-info.sh with the numbers tshark used for each line (stream,
 * relative seq/ack, calculated window, analysis flags, dup-ACK frame and count). First those
 * numbers stand in for the tracker's PacketFacts, which checks the wording alone; then the whole
 * pipeline (reader, decoder, tracker) makes the line, which checks the numbers too.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findCorpus, repoRoot } from '../support/corpus';
import { readCaptureFileSync } from '../../electron/host/capture-file';
import { dissect } from '../../core/decode/dissect';
import { Dissection } from '../../core/decode/dissection';
import { formatInfo, type InfoExtras } from '../../core/present/info';
import { PacketPipeline } from '../../core/pipeline';
import { PacketFacts } from '../../core/tcp/facts';
import { analysisBit, type AnalysisFlag } from '../../core/tcp/vocabulary';

const corpus = findCorpus();

/**
 * Lines where the pipeline's numbers knowingly differ from tshark's two-pass ones, "file#frame" →
 * why. (The dup-ACK frame and count are not the tracker's to give, PacketFacts has no room for
 * them, so they come from the recording in both checks.)
 */
const PIPELINE_DIFFERENCES: Record<string, string> = {
  'zeek/rst-inject-rae.pcap#2':
    "tshark's second pass takes its relative base and window scale from the SYN-ACK of frame 3, which comes " +
    'after this RST: Seq=2678510063 (0 − 1616457233) and Win=65536 (16384 × 4). Read in order, as Synfin and ' +
    "tshark's own first pass (frames.tsv) read it, the RST is Seq=1 Win=16384.",
};

interface Line { frame: number; stream: string; seq: string; ack: string; window: string; analysis: string; dupFrame: string; dupNum: string; info: string }

function expectations(file: string): Map<string, Line[]> {
  const byFile = new Map<string, Line[]>();
  for (const l of readFileSync(join(repoRoot, 'test/corpus/expected', file), 'utf8').split('\n').filter((x) => x !== '' && !x.startsWith('#')).slice(1)) {
    const [name, frame, stream, seq, ack, window, analysis, dupFrame, dupNum, info] = l.split('\t') as string[];
    if (!byFile.has(name!)) byFile.set(name!, []);
    byFile.get(name!)!.push({ frame: Number(frame), stream: stream!, seq: seq!, ack: ack!, window: window!, analysis: analysis!, dupFrame: dupFrame!, dupNum: dupNum!, info: info ?? '' });
  }
  return byFile;
}

function factsOf(l: Line, f: PacketFacts): PacketFacts | null {
  if (l.stream === '') return null;
  f.reset();
  f.stream = Number(l.stream);
  f.relSeq = Number(l.seq);
  f.relAck = Number(l.ack || 0);
  f.windowSize = l.window === '' ? -1 : Number(l.window);
  f.analysis = l.analysis === '' ? 0 : l.analysis.split(',').reduce((a, n) => a | analysisBit(n as AnalysisFlag), 0);
  return f;
}

const extrasOf = (l: Line): InfoExtras | undefined => (l.dupFrame === '' ? undefined : { dupAckFrame: Number(l.dupFrame), dupAckNum: Number(l.dupNum) });

/** Checks every recorded line of each capture under `dir`, with tshark's numbers and with the pipeline's. */
function check(title: string, dir: string | null, recording: string) {
  describe.skipIf(dir === null)(dir ? title : `${title} (skipped: the corpus is absent; see test/support/corpus.ts)`, () => {
    for (const [file, lines] of dir ? expectations(recording) : []) {
      const want = new Map(lines.map((l) => [l.frame, l]));
      it(`${file}, with tshark's numbers`, () => {
        const d = new Dissection();
        const f = new PacketFacts();
        const wrong: string[] = [];
        let frame = 0;
        readCaptureFileSync(join(dir!, file), {
          packet: (rec) => {
            const l = want.get(++frame);
            if (!l) return;
            dissect(rec, d);
            const got = formatInfo(d, factsOf(l, f), extrasOf(l));
            if (got !== l.info) wrong.push(`#${frame}: ${got}\n   tshark: ${l.info}`);
          },
        });
        expect(frame).toBeGreaterThanOrEqual(lines.at(-1)!.frame);
        expect(wrong).toEqual([]);
      });
      it(`${file}, through the pipeline`, () => {
        const wrong: string[] = [];
        const pipeline = new PacketPipeline((frame, _rec, d, f) => {
          const l = want.get(frame);
          if (!l || `${file}#${frame}` in PIPELINE_DIFFERENCES) return;
          const got = formatInfo(d, f.stream >= 0 ? f : null, extrasOf(l));
          if (got !== l.info) wrong.push(`#${frame}: ${got}\n   tshark: ${l.info}`);
        });
        readCaptureFileSync(join(dir!, file), pipeline);
        expect(pipeline.frames).toBeGreaterThanOrEqual(lines.at(-1)!.frame);
        expect(wrong).toEqual([]);
      });
    }
  });
}

check('the Info column of every corpus TCP frame reads as tshark prints it', corpus ? join(corpus, 'pcaps') : null, 'info.tsv');
check('the Info column of every fixture TCP frame reads as tshark prints it', join(repoRoot, 'test/fixtures'), 'info-fixtures.tsv');
