/** Entry point of the bundled `synfin` command (dist/cli/synfin.js). */
import { processIo } from './io';
import { runCli } from './main';

process.exitCode = await runCli(process.argv.slice(2), processIo());
