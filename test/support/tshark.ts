/**
 * tshark as an oracle for files the tests write themselves (the corpus has recorded answers
 * instead). Tests that use it say they were skipped where tshark is not installed.
 */
import { spawnSync } from 'node:child_process';

export const tsharkAvailable = (): boolean => spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;

/** One row per frame: the given fields, as `tshark -T fields` prints them (comments joined by ','). */
export function tsharkFields(file: string, fields: string[], options: string[] = []): string[][] {
  const r = spawnSync('tshark', ['-n', '-r', file, ...options, '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=,', ...fields.flatMap((f) => ['-e', f])], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tshark failed on ${file}: ${r.stderr.trim()}`);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

/** Our seconds + nanoseconds as tshark prints frame.time_epoch. */
export const epoch = (sec: number, nsec: number): string => `${sec}.${String(nsec).padStart(9, '0')}`;

/** A string as tshark prints it in a field: CR, LF and tab escaped (backslashes are not). */
export const tsharkEscape = (s: string): string => s.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
