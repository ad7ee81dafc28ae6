/**
 * What the CLI bundle (dist/cli/synfin-main.cjs) gives its launcher, ./synfin.ts: the command
 * line, the real terminal, and the output class that make-code-cache.ts trains it with.
 */
import { runCli } from './main';
import { processIo } from './io';
import { Output } from './output';

export { runCli, processIo, Output };

export interface CliBundle {
  runCli: typeof runCli;
  processIo: typeof processIo;
  Output: typeof Output;
}
