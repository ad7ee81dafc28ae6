import { closeSync, existsSync, openSync } from 'node:fs';
import { isatty } from 'node:tty';
import { describe, expect, it } from 'vitest';
import { isTerminal, processIo } from './io';

describe('processIo', () => {
  it('says whether stderr is a terminal as isatty does', () => {
    const progress = processIo().progress;
    expect(progress.isTTY).toBe(isatty(2));
    expect(progress.isTTY).toBe(isatty(2));
  });

  it.skipIf(!existsSync('/dev/ptmx'))('tells a terminal from a file', () => {
    const terminal = openSync('/dev/ptmx', 'r+');
    const file = openSync('package.json', 'r');
    try {
      expect([isTerminal(terminal), isTerminal(file)]).toEqual([true, false]);
    } finally {
      closeSync(terminal);
      closeSync(file);
    }
  });
});
