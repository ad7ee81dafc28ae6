import { describe, expect, it } from 'vitest';
import type { SessionInfo, UiCommand } from '../../core/api';
import { PUSH_CHANNELS, invokeChannel, type InvokeMethod } from '../../core/ipc';
import { INVALID_CALLS, SESSION, VALID_CALLS, recordingHandlers } from '../../test/electron/contract-fixtures';
import { IpcLoopback, type LoopbackEvent } from '../../test/electron/ipc-loopback';
import { APP_ENTRY_URL } from '../main/app-protocol';
import { createDispatcher, registerInvokeHandlers } from '../main/ipc-dispatch';
import { INVOKE_METHODS } from '../main/ipc-validators';
import { createPushes } from '../main/push';
import { isTrustedSender } from '../main/security';
import { createSynfinApi } from './bridge';

const WINDOW_ID = 11;
const APP_PAGE = { webContentsId: WINDOW_ID, frameUrl: APP_ENTRY_URL, isMainFrame: true };

/** The preload's window.synfin wired to main's real registration, sender check and dispatcher. */
function connect() {
  const ipc = new IpcLoopback({ ...APP_PAGE });
  const { handlers, calls } = recordingHandlers();
  const log: string[] = [];
  registerInvokeHandlers(ipc.main, (e: LoopbackEvent) => isTrustedSender(e.sender, WINDOW_ID), createDispatcher(handlers, (l) => log.push(l)), (l) => log.push(l));
  const api = createSynfinApi(ipc.renderer);
  const pushes = createPushes((channel, payload) => ipc.sendToRenderer(channel, payload));
  return { ipc, api, calls, log, pushes };
}

const methods = Object.keys(VALID_CALLS) as InvokeMethod[];

describe('window.synfin', () => {
  it('has exactly the contract: every request method, every subscription, nothing else', () => {
    const { api } = connect();
    expect(Object.keys(api).sort()).toEqual([...INVOKE_METHODS, ...Object.keys(PUSH_CHANNELS)].sort());
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it.each(methods)('%s travels on its own channel and resolves to main\'s value', async (method) => {
    const { api, calls } = connect();
    const fn = api[method] as (...a: unknown[]) => Promise<unknown>;
    const { handlers } = recordingHandlers();
    const expected = await (handlers[method] as (...a: unknown[]) => Promise<unknown>)(...(VALID_CALLS[method] as unknown[]));
    await expect(fn(...(VALID_CALLS[method] as unknown[]))).resolves.toEqual(expected);
    expect(calls).toEqual([[method, VALID_CALLS[method]]]);
    expect(invokeChannel(method)).toBe(`synfin:invoke:${method}`);
  });

  it.each(methods)('%s rejects bad arguments with main\'s message and calls nothing', async (method) => {
    const { api, calls } = connect();
    const fn = api[method] as (...a: unknown[]) => Promise<unknown>;
    for (const call of INVALID_CALLS[method]) {
      await expect(fn(...call)).rejects.toThrow(new RegExp(`^synfin\\.${method}: bad arguments: `));
    }
    expect(calls).toEqual([]);
  });

  it('delivers packet bytes as a Uint8Array with the same bytes', async () => {
    const { api } = connect();
    const detail = await api.packetDetail(1);
    expect(detail?.bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(detail?.bytes ?? [])).toEqual([0x45, 0x00, 0xff]);
  });

  it('rejects (does not throw) when an argument cannot cross IPC', async () => {
    const { api, calls } = connect();
    const p = api.checkFilter((() => 'tcp') as unknown as string);
    expect(p).toBeInstanceOf(Promise);
    await expect(p).rejects.toThrow();
    expect(calls).toEqual([]);
  });

  it('gets a refusal, not an answer, when the sender is not the app page', async () => {
    for (const sender of [
      { ...APP_PAGE, frameUrl: 'https://example.com/' },
      { ...APP_PAGE, isMainFrame: false },
      { ...APP_PAGE, webContentsId: WINDOW_ID + 1 },
    ]) {
      const { api, ipc, calls, log } = connect();
      ipc.sender = sender;
      await expect(api.session()).rejects.toThrow('synfin.session: refused: the request did not come from the Synfin window');
      expect(calls).toEqual([]);
      expect(log).toEqual(['ipc: refused session from an untrusted sender']);
    }
  });
});

describe('subscriptions', () => {
  it('give the callback the payload only, never the IPC event', async () => {
    const { api, ipc, pushes } = connect();
    const seen: unknown[][] = [];
    api.onSession((...args: unknown[]) => seen.push(args));
    api.onCommand((...args: unknown[]) => seen.push(args));
    api.onProgress((...args: unknown[]) => seen.push(args));
    const command: UiCommand = { kind: 'time-format', format: 'delta' };
    const progress = { sessionId: 3, phase: 'reading' as const, percent: 40, packets: 6, connections: 1, bytes: 2000 };
    pushes.session(SESSION);
    pushes.session(null);
    pushes.command(command);
    pushes.progress(progress);
    expect(seen).toEqual([[SESSION], [null], [command], [progress]]);
    // The transport did hand an event to the preload's listeners; none of it reached the callbacks.
    expect(ipc.deliveredEvents.length).toBe(4);
    for (const args of seen) for (const a of args) expect(ipc.deliveredEvents).not.toContain(a);
  });

  it('stop on unsubscribe, once, without touching other subscribers', () => {
    const { api, ipc, pushes } = connect();
    const a: (SessionInfo | null)[] = [];
    const b: (SessionInfo | null)[] = [];
    const offA = api.onSession((s) => a.push(s));
    api.onSession((s) => b.push(s));
    pushes.session(SESSION);
    offA();
    offA();
    pushes.session(null);
    expect(a).toEqual([SESSION]);
    expect(b).toEqual([SESSION, null]);
    expect(ipc.listenerCount(PUSH_CHANNELS.onSession)).toBe(1);
  });

  it('refuse a subscriber that is not a function', () => {
    const { api } = connect();
    expect(() => api.onProgress('x' as unknown as () => void)).toThrow('synfin.onProgress needs a function');
  });
});
