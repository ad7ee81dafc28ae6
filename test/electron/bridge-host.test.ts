/**
 * The whole bridge with the real host: the preload's window.synfin → IPC (the in-process loopback,
 * structured-cloning both ways as Electron does) → main's channel registration, sender check and
 * validators → the host services and their analysis worker → a corpus capture. What is not here is
 * only what needs Electron itself (dialogs, the window); test/electron/launch.test.ts covers that.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo, SynfinApi } from '../../core/api';
import { createHost, type Host } from '../../electron/host/host';
import { APP_ENTRY_URL } from '../../electron/main/app-protocol';
import { checkCaptureFile } from '../../electron/main/file-check';
import { createDispatcher, hostHandlers, registerInvokeHandlers, type InvokeHandlers } from '../../electron/main/ipc-dispatch';
import { createPushes } from '../../electron/main/push';
import { isTrustedSender } from '../../electron/main/security';
import { createSynfinApi } from '../../electron/preload/bridge';
import { FIN_CAPTURE, ROOT } from './corpus';
import { IpcLoopback, type LoopbackEvent } from './ipc-loopback';

const WORKER = `${ROOT}/dist/host/analysis-worker.js`;
const SKIP = !existsSync(FIN_CAPTURE) ? 'corpus capture absent' : !existsSync(WORKER) ? 'host worker not built (npm run build)' : null;

describe.skipIf(SKIP !== null)('window.synfin over IPC to the real host (one HTTP stream, FIN teardown)', () => {
  let host: Host;
  let api: SynfinApi;
  const pushed: (SessionInfo | null)[] = [];

  beforeAll(async () => {
    const ipc = new IpcLoopback({ webContentsId: 1, frameUrl: APP_ENTRY_URL, isMainFrame: true });
    const pushes = createPushes((channel, payload) => ipc.sendToRenderer(channel, payload));
    host = createHost({ events: { session: pushes.session, progress: pushes.progress }, workerFile: WORKER });
    // Main's own methods need Electron (dialogs); here they refuse, and the test opens the file as main does.
    const refuse = async (): Promise<never> => { throw new Error('needs Electron'); };
    const handlers: InvokeHandlers = {
      ...hostHandlers(host),
      openDialog: refuse, openRecent: refuse, recentFiles: refuse, openSample: refuse, firstStart: refuse,
      closeFile: () => host.closeFile(),
      startCapture: (o) => host.startCapture(o),
    };
    registerInvokeHandlers(ipc.main, (e: LoopbackEvent) => isTrustedSender(e.sender, 1), createDispatcher(handlers, () => {}), () => {});
    api = createSynfinApi(ipc.renderer);

    const ready = new Promise<void>((resolve) => api.onSession((s) => {
      pushed.push(s);
      if (s?.phase === 'ready') resolve();
    }));
    const checked = await checkCaptureFile(FIN_CAPTURE);
    if (!checked.ok) throw new Error(checked.error.message);
    const opened = await host.openFile(checked.value.path);
    if (!opened.ok) throw new Error(opened.error.message);
    await ready;
  });

  afterAll(async () => {
    await host?.dispose();
  });

  it('pushes the session to the page and answers session()', async () => {
    expect(pushed.at(-1)).toMatchObject({ title: 'one_http_stream_fin.pcap', phase: 'ready', packets: 15, connections: 1 });
    await expect(api.session()).resolves.toMatchObject({ title: 'one_http_stream_fin.pcap', packets: 15, connections: 1, unsaved: false });
  });

  it('pages rows and the connection table through validated channels', async () => {
    const view = await api.setView({ filter: '', stream: null });
    if (!view.ok) throw new Error(view.error.message);
    expect(view.value.count).toBe(15);
    const rows = await api.rows(view.value.viewId, 0, 3);
    expect(rows.map((r) => [r.frame, r.roles])).toEqual([[1, ['handshake-1']], [2, ['handshake-2']], [3, ['handshake-3']]]);
    const page = await api.connections({ sort: 'stream', descending: false, from: 0, to: 10, viewId: null });
    expect(page.total).toBe(1);
    expect(page.rows[0]).toMatchObject({ stream: 0, handshake: { status: 'complete' } });
  });

  it('carries a packet\'s bytes as a Uint8Array, and the ladder of the connection', async () => {
    const detail = await api.packetDetail(1);
    expect(detail?.bytes).toBeInstanceOf(Uint8Array);
    expect(detail?.bytes.length).toBeGreaterThan(54);
    const ladder = await api.ladder(0, []);
    expect(ladder?.packets).toBe(15);
  });

  it('refuses bad arguments before the host sees them', async () => {
    await expect(api.rows(1, 0, 1e9)).rejects.toThrow('synfin.rows: bad arguments: the range asks for 1000000000 rows, at most 1024');
    await expect(api.packetDetail(0)).rejects.toThrow(/^synfin\.packetDetail: bad arguments: /);
  });

  it('pushes null when the file is closed', async () => {
    await api.closeFile();
    await expect.poll(() => pushed.at(-1), { timeout: 5000 }).toBeNull();
  });
});
