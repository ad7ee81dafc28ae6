/**
 * Where the shared capture corpus is. It stays outside the repository: next to a clone in CI
 * (../shared/corpus), next to the folder of worktrees on a developer machine (../../shared/corpus),
 * or wherever SYNFIN_CORPUS says. Tests that need it say they were skipped when it is absent.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export function findCorpus(): string | null {
  const candidates = [process.env.SYNFIN_CORPUS, resolve(repoRoot, '../shared/corpus'), resolve(repoRoot, '../../shared/corpus')];
  return candidates.find((c): c is string => !!c && existsSync(join(c, 'pcaps'))) ?? null;
}

/** Every capture under `pcaps/`, as paths relative to it ("zeek/empty.pcap"), sorted. */
export function corpusCaptures(corpus: string): string[] {
  const pcaps = join(corpus, 'pcaps');
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [relative(pcaps, path)];
    });
  return walk(pcaps).sort();
}
