/**
 * The `synfin` command line (DESIGN.md): the engine without a window. Exit codes: 0 success,
 * 1 bad usage, 2 unreadable or malformed input. Never a stack trace in the user's face.
 */
import { parseArgs, USAGE, type Command } from './args';
import { Output, PipeClosed } from './output';
import { fail } from './read';
import { flowsCommand } from './flows';
import { packetsCommand } from './packets';
import { ladderCommand } from './ladder';

declare const SYNFIN_VERSION: string | undefined;
const version = typeof SYNFIN_VERSION === 'string' ? SYNFIN_VERSION : 'development';

async function run(command: Command, out: Output): Promise<number> {
  switch (command.kind) {
    case 'help':
      out.write(USAGE + '\n');
      return 0;
    case 'version':
      out.write(`synfin ${version}\n`);
      return 0;
    case 'flows':
      return flowsCommand(out, command.file, command.json, command.filter);
    case 'packets':
      return packetsCommand(out, command.file, command.json, command.filter);
    case 'ladder':
      return ladderCommand(out, command.file, command.stream, command.json);
    case 'capture':
    case 'interfaces': {
      const { captureCommand, interfacesCommand } = await import('./capture');
      return command.kind === 'capture' ? captureCommand(out, command) : interfacesCommand(out, command.json);
    }
  }
}

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2));
  if (!parsed.ok) {
    fail(`${parsed.error}\n${USAGE}`);
    return 1;
  }
  const out = new Output(1);
  try {
    const code = await run(parsed.value, out);
    out.flush();
    return code;
  } catch (e) {
    if (e instanceof PipeClosed) return 0; // the reader of our output went away: nothing to say
    // A bug in Synfin, not bad input: one line, and where to report it.
    fail(`internal error: ${e instanceof Error ? e.message : String(e)} (please report this with the command and file)`);
    return 70;
  }
}

process.exitCode = await main();
