/**
 * Where a CLI command writes: its output (buffered, large blocks) and its one-line messages.
 * The real command line writes to fds 1 and 2; tests and the fuzzer pass their own.
 */
import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { isatty } from 'node:tty';
import { Output } from './output';

export interface CliIo {
  out: Output;
  /** One line (without newline) for stderr. */
  message(line: string): void;
  /** Progress redraws go here when it is a terminal. */
  progress: { isTTY?: boolean; write(s: string): boolean };
}

export function processIo(): CliIo {
  const err = (s: string) => {
    try {
      writeSync(2, s);
    } catch {
      // stderr closed: nothing better to do than go on quietly
    }
    return true;
  };
  return {
    out: Output.toFd(1),
    message: (line) => err(`${line}\n`),
    progress: {
      get isTTY() {
        return (stderrIsTerminal ??= isTerminal(2));
      },
      write: err,
    },
  };
}

let stderrIsTerminal: boolean | undefined;

/**
 * Asked only once a read has taken a second (progress.ts), so node:tty is loaded only then: it
 * loads node:net and the streams, about 45 M instructions (10 ms) that every run paid at start.
 */
export function isTerminal(fd: number): boolean {
  const tty = createRequire(import.meta.url)('node:tty') as { isatty: typeof isatty };
  return tty.isatty(fd);
}
