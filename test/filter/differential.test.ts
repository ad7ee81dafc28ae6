/**
 * Display filters against tshark 4.0.17: for every filter in expressions.txt and every capture
 * recorded by record-tshark.mjs, the frames Synfin keeps are the frames tshark -2 keeps, except
 * for the differences listed (with their reasons) in deviations.ts.
 *
 * 1. Over tshark's own per-frame facts (tshark-facts.ts): the filter engine alone. Runs anywhere:
 *    the facts and answers are in the repository.
 * 2. Over the captures themselves, through Synfin's reader, decoders and tracker (pipeline.ts):
 *    the whole engine. Needs the corpus (test/support/corpus.ts says where it is looked for).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFilter, FilterRun } from '../../core/filter/index';
import type { FilterSource } from '../../core/filter/index';
import { CAPTURES, readExpressions, toRanges } from './record-tshark.mjs';
import { EXPECTED_DIR, fromRanges } from './corpus';
import { findCorpus } from '../support/corpus';
import { storeFromFacts } from './tshark-facts';
import type { Deviation } from './deviations';
import { FACTS_DEVIATIONS, PIPELINE_DEVIATIONS } from './deviations';
import { analyseCapture } from './pipeline';

/** tshark's answers for one capture: filter → frames kept. */
function expected(capture: string): Map<string, number[]> {
  const lines = readFileSync(join(EXPECTED_DIR, `${capture}.filters.tsv`), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  return new Map(lines.map((l) => {
    const [filter, frames] = l.split('\t');
    return [filter!, fromRanges(frames ?? '')];
  }));
}

interface Difference {
  filter: string;
  /** Kept by tshark only ("-") and by Synfin only ("+"), as frame ranges. */
  frames: string;
}

function differences(source: FilterSource, answers: Map<string, number[]>): Difference[] {
  const out: Difference[] = [];
  for (const [filter, tshark] of answers) {
    const f = compileFilter(filter);
    if (!f.ok) {
      out.push({ filter, frames: `error: ${f.error.message}` });
      continue;
    }
    const synfin = Array.from(new FilterRun(f.value, source).runToEnd().indices(), (i) => i + 1);
    const ours = new Set(synfin);
    const theirs = new Set(tshark);
    const missing = tshark.filter((x) => !ours.has(x));
    const extra = synfin.filter((x) => !theirs.has(x));
    if (missing.length || extra.length) out.push({ filter, frames: [missing.length ? `-${toRanges(missing)}` : '', extra.length ? `+${toRanges(extra)}` : ''].filter(Boolean).join(' ') });
  }
  return out;
}

const listed = (deviations: readonly Deviation[], capture: string): Difference[] =>
  deviations.filter((d) => d.capture === capture).map(({ filter, frames }) => ({ filter, frames }));

function report(kind: string, agree: number, total: number): void {
  console.log(`${kind}: ${agree} of ${total} (filter, capture) pairs keep exactly tshark's frames`);
}

describe('filters over tshark\'s per-frame facts agree with tshark 4.0.17', () => {
  const expressions = readExpressions();
  let agree = 0;
  for (const capture of CAPTURES) {
    it(capture, () => {
      const answers = expected(capture);
      expect([...answers.keys()], 'recorded filters are expressions.txt').toEqual(expressions);
      const diff = differences(storeFromFacts(capture), answers);
      agree += answers.size - diff.length;
      expect(diff).toEqual(listed(FACTS_DEVIATIONS, capture));
    });
  }
  afterAll(() => report('over tshark facts', agree, CAPTURES.length * expressions.length));
});

const corpus = findCorpus();
describe.skipIf(!corpus)('filters over Synfin\'s own analysis of the corpus agree with tshark 4.0.17', () => {
  const expressions = readExpressions();
  let agree = 0;
  for (const capture of CAPTURES) {
    it(capture, () => {
      const file = join(corpus!, 'pcaps', capture);
      expect(existsSync(file)).toBe(true);
      const answers = expected(capture);
      const diff = differences(analyseCapture(readFileSync(file)), answers);
      agree += answers.size - diff.length;
      expect(diff).toEqual(listed(PIPELINE_DEVIATIONS, capture));
    });
  }
  afterAll(() => report('over Synfin\'s pipeline', agree, CAPTURES.length * expressions.length));
});
