/**
 * Where a CLI command writes: its output (buffered, large blocks) and its one-line messages.
 * The real command line writes to fds 1 and 2; tests and the fuzzer pass their own.
 */
import { writeSync } from 'node:fs';
import { isatty } from 'node:tty';
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
    progress: { isTTY: isatty(2), write: err },
  };
}
