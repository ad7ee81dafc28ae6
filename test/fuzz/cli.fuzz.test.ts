/**
 * Bad input, end to end (issue: "every file in the corpus cut at many offsets, and randomly
 * mutated ... never throws past the CLI, never hangs, and exits 0 (with warnings) or 2 with one
 * line naming the file and offset"). A bounded run here; `npm run fuzz` runs far more.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusCaptures, findCorpus } from '../support/corpus';
import { damaged, damages } from './damage';
import { contractViolations, runInProcess } from './cli-harness';

const corpus = findCorpus();
const FIXTURES = join(__dirname, '../fixtures');
const CUTS = 6;
const MUTATIONS = 3;
/** Far above what any of these small files needs: a case over it counts as a hang. */
const CASE_LIMIT_MS = 10_000;

const dir = mkdtempSync(join(tmpdir(), 'synfin-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sources = [
  ...(corpus ? corpusCaptures(corpus).map((rel) => ({ name: rel, path: join(corpus, 'pcaps', rel) })) : []),
  ...['sample.pcapng', 'ipv6.pcap', 'retransmission.pcapng'].map((f) => ({ name: `fixtures/${f}`, path: join(FIXTURES, f) })),
];

describe(`damaged captures through the CLI${corpus ? '' : ' (corpus absent: only the repository fixtures)'}`, () => {
  it.each(sources)('$name, cut and mutated', async ({ name, path }) => {
    const original = new Uint8Array(readFileSync(path));
    const file = join(dir, name.replaceAll('/', '_'));
    const problems: string[] = [];
    for (const d of damages(original.length, CUTS, MUTATIONS, original.length)) {
      writeFileSync(file, damaged(original, d));
      for (const [argv, output] of [[['flows', file, '--json'], 'json'], [['packets', file, '--json'], 'ndjson']] as const) {
        const run = await runInProcess([...argv]);
        if (run.ms > CASE_LIMIT_MS) problems.push(`${JSON.stringify(d)} ${argv[0]}: took ${run.ms.toFixed(0)} ms`);
        problems.push(...contractViolations(run, file, output).map((p) => `${JSON.stringify(d)} ${argv[0]}: ${p}`));
      }
    }
    expect(problems).toEqual([]);
  });
});
