/**
 * A live capture that has not been saved exists only in its spill file, which is deleted with the
 * session. Before anything would discard it — quitting, closing the window, File → Close, opening
 * another file, starting over — main asks. The question and the reading of the answer are here;
 * shell.ts shows the dialog.
 */
import type { MessageBoxOptions } from 'electron';
import type { SessionInfo } from '../../core/api';

export type DiscardReason = 'quit' | 'close-file' | 'open-other';
export type UnsavedChoice = 'save' | 'discard' | 'cancel';

/** True when discarding the session would lose captured packets. */
export const hasUnsavedCapture = (session: SessionInfo | null): boolean => session !== null && session.unsaved;

const WHAT: Record<DiscardReason, { verb: string; discard: string }> = {
  'quit': { verb: 'quitting', discard: 'Quit Without Saving' },
  'close-file': { verb: 'closing it', discard: 'Close Without Saving' },
  'open-other': { verb: 'opening another file', discard: 'Discard Capture' },
};

/** Button order: Save As… first (default), then discard, then Cancel (Escape). */
const BUTTONS: readonly UnsavedChoice[] = ['save', 'discard', 'cancel'];

export function unsavedCaptureDialog(session: SessionInfo, reason: DiscardReason): MessageBoxOptions {
  const { verb, discard } = WHAT[reason];
  const packets = `${session.packets} packet${session.packets === 1 ? '' : 's'}`;
  return {
    type: 'warning',
    title: 'Unsaved capture',
    message: `Save the capture on ${session.title} before ${verb}?`,
    detail: `${packets} captured. They are lost if you don't save them.`,
    buttons: ['Save As…', discard, 'Cancel'],
    defaultId: BUTTONS.indexOf('save'),
    cancelId: BUTTONS.indexOf('cancel'),
    noLink: true,
  };
}

/** The choice behind a button index from dialog.showMessageBox (unknown indexes cancel). */
export const unsavedChoice = (response: number): UnsavedChoice => BUTTONS[response] ?? 'cancel';
