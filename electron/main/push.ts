/**
 * Pushes from main to the page: the host's session and progress events (already batched to at most
 * MAX_PUSHES_PER_SECOND by the host) and the menus' UI commands, each on its subscription's channel
 * with the payload as the only argument.
 */
import type { HostEvents, UiCommand } from '../../core/api';
import { PUSH_CHANNELS } from '../../core/ipc';

export interface Pushes extends HostEvents {
  command(c: UiCommand): void;
}

/** `send` is webContents.send of the window, or nothing when there is no window (yet, or any more). */
export function createPushes(send: (channel: string, payload: unknown) => void): Pushes {
  return {
    session: (info) => send(PUSH_CHANNELS.onSession, info),
    progress: (p) => send(PUSH_CHANNELS.onProgress, p),
    command: (c) => send(PUSH_CHANNELS.onCommand, c),
  };
}
