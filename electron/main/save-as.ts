/**
 * File → Save As…: which format a chosen file name asks for, the dialog's defaults, and the refusal
 * to write over the file being read (the host reads packet bytes back from it on demand, so
 * overwriting it in place would corrupt the very session being saved).
 */
import { stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { SaveDialogOptions } from 'electron';
import type { SessionInfo } from '../../core/api';

export const SAVE_FORMATS = ['pcapng', 'pcap'] as const;
export type SaveFormat = (typeof SAVE_FORMATS)[number];

/** The dialog's filters; their order is the order of SAVE_FORMATS. */
const FILTERS = [
  { name: 'pcapng (keeps comments and interfaces)', extensions: ['pcapng'] },
  { name: 'pcap (libpcap, widest support)', extensions: ['pcap'] },
];

/**
 * The format and final path for a name the user chose. GTK's dialog does not append the filter's
 * extension, so a name without a known one gets `.pcapng` (the format that loses nothing).
 */
export function saveTarget(chosen: string): { path: string; format: SaveFormat } {
  const ext = extname(chosen).toLowerCase();
  if (ext === '.pcap' || ext === '.cap') return { path: chosen, format: 'pcap' };
  if (ext === '.pcapng' || ext === '.ntar') return { path: chosen, format: 'pcapng' };
  return { path: `${chosen}.pcapng`, format: 'pcapng' };
}

/** A default name: the open file's name as pcapng, or `capture-<interface>.pcapng` for a capture. */
export function defaultSaveName(session: SessionInfo): string {
  const clean = (s: string) => s.replace(/[^\w.-]+/g, '_').replace(/_{2,}/g, '_').replace(/^_+|_+$/g, '') || 'capture';
  if (session.source === 'capture') return `capture-${clean(session.title)}.pcapng`;
  const stem = basename(session.title, extname(session.title));
  return `${clean(stem)}.pcapng`;
}

export function saveDialogOptions(session: SessionInfo, defaultDir: string): SaveDialogOptions {
  return {
    title: 'Save Capture As',
    defaultPath: join(defaultDir, defaultSaveName(session)),
    filters: FILTERS,
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

/** Whether two paths name the same file on disk (hard links and symbolic links included). */
export async function isSameFile(a: string, b: string): Promise<boolean> {
  try {
    const [x, y] = await Promise.all([stat(a), stat(b)]);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    // One of them does not exist yet: they cannot be the same file.
    return false;
  }
}
