/**
 * The preload as Electron's sandbox runs it: bundled to CommonJS the way scripts/build.mjs does,
 * then evaluated in a fresh V8 context whose `require` knows only 'electron' (the sandbox allows a
 * few more built-ins; using none keeps the preload honest). The electron module given to it is the
 * in-process IPC loopback wired to main's real handlers.
 */
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { DROP_CHANNEL, PUSH_CHANNELS } from '../../core/ipc';
import { APP_ENTRY_URL } from '../../electron/main/app-protocol';
import { createDispatcher, registerDropHandler, registerInvokeHandlers } from '../../electron/main/ipc-dispatch';
import { INVOKE_METHODS } from '../../electron/main/ipc-validators';
import { isTrustedSender } from '../../electron/main/security';
import { recordingHandlers, SESSION } from './contract-fixtures';
import { IpcLoopback, type LoopbackEvent } from './ipc-loopback';
import { ROOT } from './corpus';

/** The same esbuild options as the preload target in scripts/build.mjs. */
async function bundlePreload(): Promise<string> {
  const out = await build({
    entryPoints: [`${ROOT}/electron/preload/preload.ts`], bundle: true, platform: 'node', target: 'node20', format: 'cjs',
    external: ['electron'], write: false, logLevel: 'silent',
  });
  return out.outputFiles[0]?.text ?? '';
}

describe('the bundled preload', () => {
  it('requires nothing but electron', async () => {
    const code = await bundlePreload();
    const required = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/\bimport\(/);
  });

  it('exposes exactly window.synfin, answering through main, and forwards dropped files', async () => {
    const code = await bundlePreload();
    const ipc = new IpcLoopback({ webContentsId: 1, frameUrl: APP_ENTRY_URL, isMainFrame: true });
    const { handlers } = recordingHandlers();
    const trusted = (e: LoopbackEvent) => isTrustedSender(e.sender, 1);
    registerInvokeHandlers(ipc.main, trusted, createDispatcher(handlers, () => {}), () => {});
    const dropped: string[][] = [];
    registerDropHandler(ipc.main, trusted, (paths) => dropped.push(paths), () => {});

    const exposed = new Map<string, unknown>();
    const window = new EventTarget();
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: ipc.renderer,
      webUtils: { getPathForFile: (f: File) => `/dropped/${f.name}` },
    };
    const asked: string[] = [];
    const sandboxRequire = (name: string) => {
      asked.push(name);
      if (name === 'electron') return electron;
      throw new Error(`module not found: ${name}`);
    };
    const module = { exports: {} };
    runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, window });

    expect(asked).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['synfin']);
    const api = exposed.get('synfin') as Record<string, (...a: unknown[]) => unknown>;
    expect(Object.keys(api).sort()).toEqual([...INVOKE_METHODS, ...Object.keys(PUSH_CHANNELS)].sort());
    await expect(api.session?.()).resolves.toEqual(SESSION);

    const drop = new Event('drop', { cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', { value: { types: ['Files'], files: [new File(['x'], 'a.pcap')], dropEffect: 'none' } });
    window.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
    expect(dropped).toEqual([['/dropped/a.pcap']]);
    expect(DROP_CHANNEL).toBe('synfin:drop-files');
  });
});
