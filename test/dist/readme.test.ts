/**
 * The README says true things: its two commands are the ones CI runs, its command-line examples on
 * the bundled sample are what the built CLI prints today, and every file, script and link it names
 * exists. (The live-capture examples depend on the machine and are not re-run.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../electron/corpus';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const CI = readFileSync(join(ROOT, '.ci/run'), 'utf8');

/** Splits a shell command line the way these examples use it: words, and '…' quoted words. */
const words = (line: string): string[] => [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);

/** Fenced blocks whose first line is `$ synfin …` on a file in the repository: [args, expected output]. */
function examples(): [string[], string][] {
  const out: [string[], string][] = [];
  for (const [, body] of README.matchAll(/```\n(\$ synfin [^]*?)```/g)) {
    const [first, ...rest] = body!.split('\n');
    const args = words(first!.slice('$ synfin '.length));
    if (args.some((a) => a.startsWith('test/fixtures/'))) out.push([args, rest.join('\n')]);
  }
  return out;
}

describe('README', () => {
  it('starts with the two set-up commands, and CI runs the test one in a clean install', () => {
    const top = README.split('\n').slice(0, 5).join('\n');
    expect(top).toBe('# Synfin\n\n    npm ci && npm start      # run the app\n    npm ci && npm test       # run the tests\n');
    const commands = CI.split('\n').map((l) => l.trim()).filter((l) => /^npm (ci|test)\b/.test(l));
    expect(commands[0]).toMatch(/^npm ci\b/);
    expect(commands).toContain('npm test');
  });

  it('shows what the CLI really prints for each example on the sample', () => {
    const found = examples();
    expect(found.map(([a]) => a[0])).toEqual(['flows', 'ladder', 'packets']);
    for (const [args, expected] of found) {
      const r = spawnSync(process.execPath, [join(ROOT, 'bin/synfin.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.stdout, args.join(' ')).toBe(expected);
    }
  });

  it('links only to files that exist', () => {
    const links = [...README.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((l) => !/^https?:/.test(l));
    expect(links).toEqual(expect.arrayContaining(['docs/ladder.png', 'docs/DESIGN.md', 'docs/packaging.md']));
    expect(links.filter((l) => !existsSync(join(ROOT, l)))).toEqual([]);
  });

  it('names only files and npm scripts that exist', () => {
    const paths = [...README.matchAll(/`((?:test|docs|build|scripts|electron|core|renderer|\.ci)\/[\w./-]+)`/g)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(3);
    expect(paths.filter((p) => !existsSync(join(ROOT, p.replace(/\*.*$/, ''))))).toEqual([]);
    const scripts = Object.keys(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts);
    const named = [...README.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!);
    expect(named.filter((s) => !scripts.includes(s))).toEqual([]);
  });

  it("shows a screenshot of the ladder that the end-to-end test took at the test's window size", () => {
    const png = readFileSync(join(ROOT, 'docs/ladder.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1440, 1160]); // test/e2e/first-start.test.ts
  });
});
