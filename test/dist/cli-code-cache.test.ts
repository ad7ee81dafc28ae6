/**
 * The built CLI starts from the code cache the build trained (electron/cli/code-cache.ts), and
 * prints the same whether V8 takes that cache, rejects it, or finds none.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliBundle } from '../../electron/cli/cli-bundle';
import { CLI_BUNDLE, CLI_CODE_CACHE, loadBundle } from '../../electron/cli/code-cache';
import { ROOT } from '../electron/corpus';

const DIST_CLI = join(ROOT, 'dist/cli');
const SAMPLE = join(ROOT, 'test/fixtures/retransmission.pcapng');

const copies: string[] = [];
afterAll(() => copies.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** dist/cli's launcher and bundle in a directory of their own, with `cache` as the code cache (none when undefined). */
function cliWith(cache: Buffer | 'built' | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'synfin-cli-'));
  copies.push(dir);
  for (const f of ['synfin.cjs', CLI_BUNDLE]) copyFileSync(join(DIST_CLI, f), join(dir, f));
  if (cache === 'built') copyFileSync(join(DIST_CLI, CLI_CODE_CACHE), join(dir, CLI_CODE_CACHE));
  else if (cache !== undefined) writeFileSync(join(dir, CLI_CODE_CACHE), cache);
  return join(dir, 'synfin.cjs');
}

const run = (cli: string, ...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

describe('the built CLI and its code cache', () => {
  it('has a cache from the build that the Node which built it accepts', () => {
    const loaded = loadBundle<CliBundle>(DIST_CLI);
    expect(loaded.cache).toBe('accepted');
    expect(typeof loaded.exports.runCli).toBe('function');
  });

  it('prints the same with the cache, with a cache V8 rejects, and with none', () => {
    const outputs = [cliWith('built'), cliWith(Buffer.from('no cache at all')), cliWith(undefined)].map((cli) => {
      const flows = run(cli, 'flows', SAMPLE, '--json');
      const packets = run(cli, 'packets', SAMPLE);
      expect([flows.status, flows.stderr, packets.status, packets.stderr]).toEqual([0, '', 0, '']);
      return [flows.stdout, packets.stdout];
    });
    expect(outputs[0]![0]).toContain('"connections":[');
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
  });

  it('still names the file and exits 2 on bad input', () => {
    const r = run(cliWith('built'), 'flows', join(ROOT, 'README.md'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/README\.md/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
