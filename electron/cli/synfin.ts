/**
 * Entry point of the `synfin` command (dist/cli/synfin.cjs, which bin/synfin.js runs): runs the
 * CLI bundle beside it through its code cache (./code-cache.ts). A CommonJS script, like
 * bin/synfin.js, so that Node does not start its ES module loader: 36 M instructions or more at
 * every start.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliBundle } from './cli-bundle';
import { loadBundle } from './code-cache';

const cli = loadBundle<CliBundle>(dirname(fileURLToPath(import.meta.url))).exports;
void cli.runCli(process.argv.slice(2), cli.processIo()).then((code) => {
  process.exitCode = code;
});
