import { describe, expect, it } from 'vitest';
import { DROP_CHANNEL, MAX_DROPPED_FILES, invokeChannel } from '../../core/ipc';
import { recordingHandlers } from '../../test/electron/contract-fixtures';
import { IpcLoopback, type LoopbackEvent } from '../../test/electron/ipc-loopback';
import { APP_ENTRY_URL } from './app-protocol';
import { createDispatcher, registerDropHandler, registerInvokeHandlers } from './ipc-dispatch';
import { INVOKE_METHODS } from './ipc-validators';
import { isTrustedSender } from './security';

const APP = { webContentsId: 2, frameUrl: APP_ENTRY_URL, isMainFrame: true };
const trusted = (e: LoopbackEvent) => isTrustedSender(e.sender, 2);

describe('registering the request channels', () => {
  it('registers one channel per request method and removes them all again', async () => {
    const ipc = new IpcLoopback(APP);
    const off = registerInvokeHandlers(ipc.main, trusted, createDispatcher(recordingHandlers().handlers, () => {}), () => {});
    for (const m of INVOKE_METHODS) await expect(ipc.renderer.invoke(invokeChannel(m), ...[])).resolves.toHaveProperty('ok');
    off();
    await expect(ipc.renderer.invoke(invokeChannel('session'))).rejects.toThrow("No handler registered for 'synfin:invoke:session'");
  });

  it('answers an untrusted sender with a refusal value, without validating or calling anything', async () => {
    const ipc = new IpcLoopback({ ...APP, frameUrl: 'file:///tmp/evil.html' });
    const { handlers, calls } = recordingHandlers();
    registerInvokeHandlers(ipc.main, trusted, createDispatcher(handlers, () => {}), () => {});
    const reply = await ipc.renderer.invoke(invokeChannel('rows'), 'not', 'even', 'valid');
    expect(reply).toEqual({ ok: false, error: { method: 'rows', message: 'refused: the request did not come from the Synfin window' } });
    expect(calls).toEqual([]);
  });
});

describe('the dropped-files channel', () => {
  function setup(sender = APP) {
    const ipc = new IpcLoopback(sender);
    const opened: string[][] = [];
    const log: string[] = [];
    registerDropHandler(ipc.main, trusted, (paths) => opened.push(paths), (l) => log.push(l));
    return { ipc, opened, log };
  }

  it('passes a list of paths from the app page on to be checked and opened', () => {
    const { ipc, opened } = setup();
    ipc.renderer.send(DROP_CHANNEL, ['/data/a.pcap', '/data/b.pcap']);
    expect(opened).toEqual([['/data/a.pcap', '/data/b.pcap']]);
  });

  it('ignores drops from anything but the app page', () => {
    const { ipc, opened, log } = setup({ ...APP, isMainFrame: false });
    ipc.renderer.send(DROP_CHANNEL, ['/data/a.pcap']);
    expect(opened).toEqual([]);
    expect(log).toEqual(['ipc: refused dropped files from an untrusted sender']);
  });

  it('ignores malformed drop messages', () => {
    const { ipc, opened, log } = setup();
    for (const args of [[], ['/a.pcap'], [[1]], [['']], [['/a\0.pcap']], [new Array(MAX_DROPPED_FILES + 1).fill('/a.pcap')], [['/a.pcap'], 'extra'], [{ 0: '/a.pcap' }]]) {
      ipc.renderer.send(DROP_CHANNEL, ...args);
    }
    expect(opened).toEqual([]);
    expect(log).toHaveLength(8);
    expect(log.every((l) => l.startsWith('ipc: refused dropped files: '))).toBe(true);
  });
});
