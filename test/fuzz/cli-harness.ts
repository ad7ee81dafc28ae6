/** Runs the real CLI code path in this process, collecting what it prints. */
import { Output } from '../../electron/cli/output';
import { runCli } from '../../electron/cli/main';
import type { CliIo } from '../../electron/cli/io';

export interface CliRun {
  code: number;
  stdout: string;
  messages: string[];
  ms: number;
}

export async function runInProcess(argv: string[]): Promise<CliRun> {
  const chunks: Buffer[] = [];
  const messages: string[] = [];
  const io: CliIo = {
    out: new Output((b) => chunks.push(Buffer.from(b))), // copied: Output reuses its buffer
    message: (line) => messages.push(...line.split('\n')),
    progress: { isTTY: false, write: () => true },
  };
  const t = performance.now();
  const code = await runCli(argv, io);
  return { code, stdout: Buffer.concat(chunks).toString('utf8'), messages, ms: performance.now() - t };
}

/**
 * The bad-input contract of DESIGN.md for one run: exit 0 (warnings allowed) or 2, and with 2
 * exactly one error line, naming the file and a byte offset (or saying the file cannot be
 * opened). Every message is one "synfin: " line; the output is whole JSON.
 */
export function contractViolations(run: CliRun, file: string, output: 'json' | 'ndjson' | 'text'): string[] {
  const problems: string[] = [];
  if (run.code !== 0 && run.code !== 2) problems.push(`exit code ${run.code}: ${run.messages.join(' | ')}`);
  for (const m of run.messages) if (!m.startsWith('synfin: ')) problems.push(`message not one "synfin:" line: ${m}`);
  const errors = run.messages.filter((m) => !m.startsWith('synfin: warning: '));
  if (run.code === 2) {
    if (errors.length !== 1) problems.push(`exit 2 with ${errors.length} error lines: ${errors.join(' | ')}`);
    else if (!errors[0]!.includes(file)) problems.push(`error does not name the file: ${errors[0]}`);
    else if (!/offset \d+|magic at byte offset|cannot open/.test(errors[0]!)) problems.push(`error names no byte offset: ${errors[0]}`);
  } else if (errors.length > 0) problems.push(`exit 0 with errors: ${errors.join(' | ')}`);
  try {
    if (output === 'ndjson') run.stdout.split('\n').filter(Boolean).forEach((l) => JSON.parse(l));
    else if (output === 'json' && run.stdout.trim()) JSON.parse(run.stdout);
  } catch (e) {
    problems.push(`output is not whole JSON: ${(e as Error).message}`);
  }
  return problems;
}
