/**
 * The `synfin` command line (DESIGN.md): the engine without a window. Exit codes: 0 success,
 * 1 bad usage, 2 unreadable or malformed input. Never a stack trace in the user's face.
 */
import { parseArgs, USAGE, type Command } from './args';
import { PipeClosed } from './output';
import { fail } from './read';
import { flowsCommand } from './flows';
import { packetsCommand } from './packets';
import { ladderCommand } from './ladder';
import type { CliIo } from './io';

declare const SYNFIN_VERSION: string | undefined;
const version = typeof SYNFIN_VERSION === 'string' ? SYNFIN_VERSION : 'development';

/** Exit code for a bug in Synfin itself (sysexits' EX_SOFTWARE), distinct from bad input. */
export const EXIT_INTERNAL_ERROR = 70;

async function run(io: CliIo, command: Command): Promise<number> {
  switch (command.kind) {
    case 'help':
      io.out.write(USAGE + '\n');
      return 0;
    case 'version':
      io.out.write(`synfin ${version}\n`);
      return 0;
    case 'flows':
      return flowsCommand(io, command.file, command.json, command.filter);
    case 'packets':
      return packetsCommand(io, command.file, command.json, command.filter);
    case 'ladder':
      return ladderCommand(io, command.file, command.stream, command.json);
    case 'capture':
    case 'interfaces': {
      const { captureCommand, interfacesCommand } = await import('./capture');
      return command.kind === 'capture' ? captureCommand(io, command) : interfacesCommand(io, command.json);
    }
  }
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    fail(io, `${parsed.error}\n${USAGE}`);
    return 1;
  }
  try {
    const code = await run(io, parsed.value);
    io.out.flush();
    return code;
  } catch (e) {
    if (e instanceof PipeClosed) return 0; // the reader of our output went away: nothing to say
    // A bug in Synfin, not bad input: one line, and where to report it.
    fail(io, `internal error: ${e instanceof Error ? e.message : String(e)} (please report this with the command and the file)`);
    return EXIT_INTERNAL_ERROR;
  }
}
