/**
 * Build step (scripts/build.mjs): runs the CLI bundle on the captures given, every command that
 * reads a file, output discarded, then saves the bytecode V8 compiled for it as the bundle's
 * code cache (./code-cache.ts). A command that fails here fails the build: the cache would
 * otherwise be trained on an error path.
 *
 * usage: node dist/cli/make-code-cache.js DIR CAPTURE...   (DIR holds the bundle)
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CliBundle } from './cli-bundle';
import type { CliIo } from './io';
import { CLI_CODE_CACHE, loadBundle, writeCodeCache } from './code-cache';

const [dir, ...captures] = process.argv.slice(2);
if (dir === undefined || captures.length === 0) {
  process.stderr.write('usage: make-code-cache DIR CAPTURE...\n');
  process.exit(1);
}
// A cache from an earlier build would be rejected anyway; without it V8 compiles, and records, everything afresh.
rmSync(join(dir, CLI_CODE_CACHE), { force: true });
const cli = loadBundle<CliBundle>(dir);

for (const file of captures) {
  for (const argv of [['flows', file], ['flows', file, '--json'], ['packets', file], ['packets', file, '--json'], ['ladder', file, '--stream', '0']]) {
    const messages: string[] = [];
    const io: CliIo = { out: new cli.exports.Output(() => {}), message: (line) => messages.push(line), progress: { isTTY: false, write: () => true } };
    const code = await cli.exports.runCli(argv, io);
    if (code !== 0) {
      process.stderr.write(`make-code-cache: synfin ${argv.join(' ')} exited ${code}: ${messages.join(' / ')}\n`);
      process.exit(1);
    }
  }
}
const bytes = writeCodeCache(cli, dir);
process.stdout.write(`code cache: ${bytes} bytes from ${captures.length} captures\n`);
