/**
 * Every path main is about to hand to the host is checked here first, wherever it came from (the
 * Open dialog, a drop, the command line, the OS, the recent list, a second launch): a path is a
 * claim, not a fact. The host reads the file as untrusted content; this check makes sure it is a
 * file at all, so that a FIFO, a device or a folder never reaches the reader.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { basename, isAbsolute, resolve } from 'node:path';
import type { OpenError } from '../../core/api';
import { err, ok, type Result } from '../../core/result';

/** Windows allows 32 767-character paths (the \\?\ form); no real path is longer. */
export const MAX_PATH_CHARS = 32767;

/**
 * Packet offsets in the store are float64, exact to 2^53 bytes: beyond that a frame's bytes could
 * not be found again. No disk holds such a file; the check keeps the promise explicit.
 */
export const MAX_CAPTURE_BYTES = Number.MAX_SAFE_INTEGER;

export interface CheckedFile {
  /** Absolute, normalised path. */
  path: string;
  size: number;
}

/** The name shown in messages: the file's own name, not its folders. */
export const displayName = (path: string): string => basename(path) || path;

const failure = (path: string, message: string): Result<never, OpenError> => err({ file: displayName(path), message });

function reasonOf(e: unknown): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'the file does not exist (moved or deleted?)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied: the file cannot be read by you';
    case 'ELOOP':
      return 'too many symbolic links';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    default:
      return `the file cannot be read (${code ?? (e instanceof Error ? e.message : String(e))})`;
  }
}

/** Exists, is a regular file (after symbolic links), is readable by this user, is not empty. */
export async function checkCaptureFile(path: string): Promise<Result<CheckedFile, OpenError>> {
  if (typeof path !== 'string' || path.length === 0) return failure('(no name)', 'no file was named');
  if (path.length > MAX_PATH_CHARS) return failure(path.slice(-80), 'the path is too long');
  if (path.includes('\0')) return failure(path.replace(/\0/g, ''), 'the path contains a NUL character');
  if (!isAbsolute(path)) return failure(path, 'not an absolute path');
  const full = resolve(path);
  let info;
  try {
    info = await stat(full);
  } catch (e) {
    return failure(full, reasonOf(e));
  }
  if (info.isDirectory()) return failure(full, 'this is a folder, not a capture file');
  if (!info.isFile()) return failure(full, 'not a regular file (a device, pipe or socket cannot be opened)');
  if (info.size === 0) return failure(full, 'the file is empty');
  if (info.size > MAX_CAPTURE_BYTES) return failure(full, 'the file is too large to index');
  try {
    await access(full, constants.R_OK);
  } catch (e) {
    return failure(full, reasonOf(e));
  }
  return ok({ path: full, size: info.size });
}
