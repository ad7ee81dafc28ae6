/**
 * The object the preload exposes as `window.synfin`: exactly SynfinApi, each request method
 * invoking its own channel, each subscription forwarding only the payload. Electron's
 * IpcRendererEvent never reaches the page (it carries `sender`, the ipcRenderer itself).
 *
 * Replies are IpcReply envelopes (core/ipc.ts); a refused or failed request becomes a rejected
 * promise with main's message, raised here in the preload rather than thrown across IPC.
 */
import type { SynfinApi } from '../../core/api';
import {
  invokeChannel,
  PUSH_CHANNELS,
  type InvokeArgs,
  type InvokeMethod,
  type InvokeValue,
  type PushPayload,
  type SubscribeMethod,
} from '../../core/ipc';

type Listener = (event: unknown, ...args: unknown[]) => void;

/** The three methods of Electron's ipcRenderer the bridge uses (so tests can pass a real in-process channel). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: Listener): unknown;
  removeListener(channel: string, listener: Listener): unknown;
}

function unwrap(method: string, reply: unknown): unknown {
  if (typeof reply === 'object' && reply !== null && 'ok' in reply) {
    const r = reply as { ok: boolean; value?: unknown; error?: { message?: unknown } };
    if (r.ok) return r.value;
    throw new Error(`synfin.${method}: ${String(r.error?.message ?? 'failed')}`);
  }
  throw new Error(`synfin.${method}: the main process sent no reply`);
}

export function createSynfinApi(ipc: IpcRendererLike): SynfinApi {
  // async: a value IPC cannot clone (a function, a DOM node) rejects instead of throwing at the caller.
  const call = <K extends InvokeMethod>(method: K) =>
    async (...values: InvokeArgs<K>): Promise<InvokeValue<K>> => unwrap(method, await ipc.invoke(invokeChannel(method), ...values)) as InvokeValue<K>;

  const subscribe = <K extends SubscribeMethod>(method: K) =>
    (fn: (payload: PushPayload<K>) => void): (() => void) => {
      if (typeof fn !== 'function') throw new TypeError(`synfin.${method} needs a function`);
      const channel = PUSH_CHANNELS[method];
      const listener: Listener = (_event, payload) => fn(payload as PushPayload<K>);
      ipc.on(channel, listener);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(channel, listener);
      };
    };

  const api: SynfinApi = {
    openDialog: call('openDialog'),
    openRecent: call('openRecent'),
    recentFiles: call('recentFiles'),
    openSample: call('openSample'),
    firstStart: call('firstStart'),
    cancelLoading: call('cancelLoading'),
    closeFile: call('closeFile'),
    session: call('session'),

    setView: call('setView'),
    checkFilter: call('checkFilter'),
    rows: call('rows'),
    indexOfFrame: call('indexOfFrame'),
    connections: call('connections'),
    connection: call('connection'),
    packetDetail: call('packetDetail'),
    ladder: call('ladder'),

    captureAvailability: call('captureAvailability'),
    interfaces: call('interfaces'),
    checkCaptureFilter: call('checkCaptureFilter'),
    startCapture: call('startCapture'),
    stopCapture: call('stopCapture'),

    onSession: subscribe('onSession'),
    onProgress: subscribe('onProgress'),
    onCommand: subscribe('onCommand'),
  };
  return Object.freeze(api);
}
