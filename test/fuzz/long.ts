/**
 * `npm run fuzz`: many more damaged captures than CI's bounded run, for as long as FUZZ_SECONDS
 * (default 600), through the same in-process CLI path and contract check. Failing cases are kept
 * under .fuzz/ with the damage that made them.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { corpusCaptures, findCorpus, repoRoot } from '../support/corpus';
import { damaged, type Damage } from './damage';
import { contractViolations, runInProcess } from './cli-harness';
import { prng } from '../support/prng';

export async function fuzz(seconds: number, seed: number): Promise<number> {
  const corpus = findCorpus();
  const fixtures = join(repoRoot, 'test/fixtures');
  const sources = [
    ...(corpus ? corpusCaptures(corpus).map((rel) => join(corpus, 'pcaps', rel)) : []),
    ...['sample.pcapng', 'ipv6.pcap', 'retransmission.pcapng', 'zero-window.pcapng', 'vlan.pcapng'].map((f) => join(fixtures, f)),
  ].map((path) => ({ path, bytes: new Uint8Array(readFileSync(path)) }));
  const out = resolve(repoRoot, '.fuzz');
  mkdirSync(out, { recursive: true });
  const rand = prng(seed);
  const deadline = Date.now() + seconds * 1000;
  let cases = 0;
  let failures = 0;
  while (Date.now() < deadline) {
    const src = sources[Math.floor(rand() * sources.length)]!;
    const d: Damage = rand() < 0.3 ? { kind: 'cut', at: Math.floor(rand() * src.bytes.length) } : { kind: 'mutate', seed: Math.floor(rand() * 2 ** 31) };
    const file = join(out, 'case.bin');
    writeFileSync(file, damaged(src.bytes, d));
    for (const [argv, output] of [[['flows', file, '--json'], 'json'], [['packets', file, '--json'], 'ndjson'], [['packets', file], 'text'], [['flows', file], 'text']] as const) {
      const run = await runInProcess([...argv]);
      const problems = contractViolations(run, file, output);
      if (run.ms > 10_000) problems.push(`took ${run.ms.toFixed(0)} ms`);
      if (problems.length) {
        failures++;
        const keep = join(out, `failure-${failures}.bin`);
        writeFileSync(keep, damaged(src.bytes, d));
        console.log(`FAIL ${src.path} ${JSON.stringify(d)} ${argv[0]} → ${keep}\n  ${problems.join('\n  ')}`);
      }
    }
    cases++;
    if (cases % 500 === 0) console.log(`${cases} damaged files, ${failures} failures, ${Math.round((deadline - Date.now()) / 1000)} s left`);
  }
  console.log(`fuzz: ${cases} damaged files (seed ${seed}), ${failures} failures`);
  return failures;
}
