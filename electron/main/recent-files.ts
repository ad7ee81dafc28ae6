/**
 * File → Open Recent: the last opened captures, newest first, kept as JSON in the userData folder.
 * The renderer sees names, folders and opaque ids (core/api.ts RecentFile), never a path it could
 * send back: `openRecent(id)` is resolved here, and an unknown id opens nothing.
 *
 * The file on disk is not trusted either (another program or a crash may have written it): entries
 * that are not absolute paths of sane length are dropped on load, and a file that is not our JSON
 * starts an empty list instead of failing the app.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import type { RecentFile } from '../../core/api';
import { MAX_PATH_CHARS } from './file-check';

/** As many as a menu shows without scrolling. */
export const MAX_RECENT_FILES = 10;
export const RECENT_FILES_NAME = 'recent-files.json';
const FORMAT_VERSION = 1;

interface Entry {
  path: string;
  /** Epoch milliseconds of the last open. */
  openedAt: number;
}

/** The entries of a parsed store file that are usable; anything else is ignored. */
export function parseRecentFiles(text: string): Entry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof data !== 'object' || data === null) return [];
  const { version, files } = data as { version?: unknown; files?: unknown };
  if (version !== FORMAT_VERSION || !Array.isArray(files)) return [];
  const seen = new Set<string>();
  const out: Entry[] = [];
  for (const f of files) {
    if (typeof f !== 'object' || f === null) continue;
    const { path, openedAt } = f as { path?: unknown; openedAt?: unknown };
    if (typeof path !== 'string' || path.length === 0 || path.length > MAX_PATH_CHARS || path.includes('\0') || !isAbsolute(path)) continue;
    if (seen.has(path)) continue;
    seen.add(path);
    out.push({ path, openedAt: typeof openedAt === 'number' && Number.isFinite(openedAt) ? openedAt : 0 });
    if (out.length === MAX_RECENT_FILES) break;
  }
  return out;
}

export class RecentFiles {
  private entries: Entry[];
  /** Ids are handed out per path for the life of the process, so a list the renderer holds stays valid while it is reordered. */
  private readonly ids = new Map<string, number>();
  private nextId = 1;
  /** Writes run one after another; the last one wins. */
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string, entries: Entry[], private readonly now: () => number) {
    this.entries = entries;
  }

  /** Loads `<dir>/recent-files.json`; a missing or unreadable file gives an empty list. */
  static async load(dir: string, now: () => number = Date.now): Promise<RecentFiles> {
    const file = resolve(dir, RECENT_FILES_NAME);
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch {
      // First start, or a file we may not read: start empty, the next write replaces it.
    }
    return new RecentFiles(file, parseRecentFiles(text), now);
  }

  private idOf(path: string): number {
    let id = this.ids.get(path);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(path, id);
    }
    return id;
  }

  list(): RecentFile[] {
    return this.entries.map((e) => ({ id: this.idOf(e.path), name: basename(e.path), where: dirname(e.path) }));
  }

  /** The path behind an id from list(), or null when it is not (or no longer) in the list. */
  pathOf(id: number): string | null {
    for (const e of this.entries) if (this.ids.get(e.path) === id) return e.path;
    return null;
  }

  /** Puts `path` first (moving it if present) and keeps the newest MAX_RECENT_FILES. */
  add(path: string): Promise<void> {
    const full = resolve(path);
    this.entries = [{ path: full, openedAt: this.now() }, ...this.entries.filter((e) => e.path !== full)].slice(0, MAX_RECENT_FILES);
    return this.save();
  }

  /** Drops a file that could not be opened any more (deleted, moved). */
  remove(path: string): Promise<void> {
    const full = resolve(path);
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.path !== full);
    return this.entries.length === before ? this.writing : this.save();
  }

  clear(): Promise<void> {
    this.entries = [];
    return this.save();
  }

  /**
   * Writes a temporary file and renames it over the store: a crash mid-write leaves the old list,
   * never half a JSON document. Failures are reported, not thrown: a read-only home folder must
   * not stop a capture from opening.
   */
  private save(): Promise<void> {
    const text = JSON.stringify({ version: FORMAT_VERSION, files: this.entries }, null, 2) + '\n';
    const tmp = `${this.file}.${process.pid}.tmp`;
    this.writing = this.writing.then(async () => {
      try {
        await mkdir(dirname(this.file), { recursive: true });
        await writeFile(tmp, text, 'utf8');
        await rename(tmp, this.file);
      } catch (e) {
        process.stderr.write(`synfin: could not save the recent files list (${e instanceof Error ? e.message : String(e)})\n`);
      }
    });
    return this.writing;
  }
}
