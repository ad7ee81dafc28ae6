/**
 * Which files a launch asks to open: `synfin-app capture.pcap`, `electron . capture.pcap`,
 * `npm start -- capture.pcap`, a desktop entry passing file:// URIs, and a second launch while
 * Synfin runs (forwarded through the single-instance lock). Paths come out absolute; main still
 * checks each one on disk (file-check.ts) before the host reads it.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_PATH_CHARS } from './file-check';

/** More files than this on one command line are not a request to open a capture: stop reading them. */
export const MAX_LAUNCH_FILES = 64;

export interface ArgvContext {
  /**
   * Electron's `process.defaultApp`: true when started as `electron <app-path> …`, where the first
   * plain argument is the app itself, not a file.
   */
  defaultApp: boolean;
  /** The folder relative paths are resolved against (the launching shell's working directory). */
  cwd: string;
}

function toPath(arg: string, cwd: string): string | null {
  if (arg.length === 0 || arg.length > MAX_PATH_CHARS || arg.includes('\0')) return null;
  if (/^file:/i.test(arg)) {
    try {
      return fileURLToPath(arg);
    } catch {
      return null;
    }
  }
  return isAbsolute(arg) ? resolve(arg) : resolve(cwd, arg);
}

/**
 * The files named in an argv as Electron gives it (argv[0] is the executable). Switches — Chromium's
 * and Electron's (`--inspect=0`, `--enable-logging`), and macOS's `-psn_…` from Finder — are skipped;
 * after a bare `--` every argument is a file, so a file named `-x.pcap` can still be opened.
 */
export function filesFromArgv(argv: readonly string[], context: ArgvContext): string[] {
  const files: string[] = [];
  let appPathSkipped = !context.defaultApp;
  let onlyFiles = false;
  for (const arg of argv.slice(1)) {
    if (files.length === MAX_LAUNCH_FILES) break;
    if (!onlyFiles && arg === '--') {
      onlyFiles = true;
      continue;
    }
    if (!onlyFiles && arg.startsWith('-')) continue;
    if (!appPathSkipped) {
      appPathSkipped = true;
      continue;
    }
    const path = toPath(arg, context.cwd);
    if (path !== null) files.push(path);
  }
  return files;
}

/** What a launch hands the running instance through `app.requestSingleInstanceLock(data)`. */
export interface LaunchData {
  files: string[];
}

export const launchData = (files: readonly string[]): LaunchData => ({ files: files.slice(0, MAX_LAUNCH_FILES) });

/**
 * The files a second launch asks for. Its `additionalData` is preferred: Chromium may add switches
 * to the forwarded argv and reorder it. The data comes from another process, so its shape is
 * checked; if it is unusable, the argv is parsed against the second launch's working directory.
 */
export function filesFromSecondInstance(additionalData: unknown, argv: readonly string[], context: ArgvContext): string[] {
  if (typeof additionalData === 'object' && additionalData !== null && Array.isArray((additionalData as LaunchData).files)) {
    const files = (additionalData as { files: unknown[] }).files;
    if (files.length <= MAX_LAUNCH_FILES && files.every((f) => typeof f === 'string' && f.length <= MAX_PATH_CHARS && !f.includes('\0') && isAbsolute(f))) {
      return (files as string[]).map((f) => resolve(f));
    }
  }
  return filesFromArgv(argv, context);
}

/**
 * A separate userData folder for this run (the launch test sets it so that it neither reads the
 * user's recent files nor collides with a running Synfin's single-instance lock). Only an
 * absolute path is honoured.
 */
export function userDataOverride(env: Readonly<Record<string, string | undefined>>): string | null {
  const dir = env.SYNFIN_USER_DATA_DIR;
  return dir !== undefined && dir.length > 0 && dir.length <= MAX_PATH_CHARS && isAbsolute(dir) ? resolve(dir) : null;
}

/**
 * Whether this launch is Synfin's first start, which opens the bundled sample: no file was asked
 * for (command line, the OS) and none was ever opened (the recent list is empty). The renderer
 * asks once; a file opened before it asks (a second launch, a drop) means the user chose already.
 */
export class FirstStart {
  private pending: boolean;

  constructor(fileAsked: boolean, recentFiles: number) {
    this.pending = !fileAsked && recentFiles === 0;
  }

  /** A file was opened from anywhere: the sample would replace it. */
  fileOpened(): void {
    this.pending = false;
  }

  /** True the first time it is asked on a first start, false ever after. */
  take(): boolean {
    const pending = this.pending;
    this.pending = false;
    return pending;
  }
}
