/**
 * The main side of the bridge: one `ipcMain.handle` channel per request method, each checking its
 * sender, then its arguments, then calling the host (or main's own file handling), and always
 * answering with a value (IpcReply): a bad argument, an untrusted sender or a failure in the host
 * becomes `{ ok: false, error }`, never a throw across IPC and never Electron's event object.
 *
 * Electron-free on purpose: `IpcMainLike` is the two methods of ipcMain used here, so tests drive
 * the same registration with a real in-process channel table.
 */
import type { HostApi } from '../../core/api';
import { err, ok } from '../../core/result';
import { DROP_CHANNEL, MAX_DROPPED_FILES, invokeChannel, type InvokeArgs, type InvokeMethod, type InvokeValue, type IpcReply } from '../../core/ipc';
import { args, arrayOf, str } from './checks';
import { MAX_PATH_CHARS } from './file-check';
import { INVOKE_METHODS, VALIDATORS, type ValidatorTable } from './ipc-validators';

/**
 * Methods main answers itself: dialogs, recent files and the sample, and the two that replace what
 * is open (close, start a capture), which first ask about an unsaved capture.
 */
export type ShellMethod = 'openDialog' | 'openRecent' | 'recentFiles' | 'openSample' | 'firstStart' | 'closeFile' | 'startCapture';
export type HostMethod = Exclude<InvokeMethod, ShellMethod>;

export type InvokeHandlers = { readonly [K in InvokeMethod]: (...a: InvokeArgs<K>) => Promise<InvokeValue<K>> };

/**
 * The host's part of the contract, method by method. Written out rather than spread from the host
 * object so that nothing else the host has (openFile with its path, saveAs, dispose) is reachable.
 */
export function hostHandlers(host: HostApi): Pick<InvokeHandlers, HostMethod> {
  return {
    cancelLoading: () => host.cancelLoading(),
    session: () => host.session(),
    setView: (spec) => host.setView(spec),
    checkFilter: (text) => host.checkFilter(text),
    rows: (viewId, from, to) => host.rows(viewId, from, to),
    indexOfFrame: (viewId, frame) => host.indexOfFrame(viewId, frame),
    connections: (query) => host.connections(query),
    connection: (stream) => host.connection(stream),
    packetDetail: (frame) => host.packetDetail(frame),
    ladder: (stream, folds) => host.ladder(stream, folds),
    captureAvailability: () => host.captureAvailability(),
    interfaces: () => host.interfaces(),
    checkCaptureFilter: (iface, filter) => host.checkCaptureFilter(iface, filter),
    stopCapture: () => host.stopCapture(),
  };
}

export type Dispatch = (method: string, args: readonly unknown[]) => Promise<IpcReply<unknown>>;

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Validates, calls, and wraps the answer. Never throws; unknown method names are refused. */
export function createDispatcher(handlers: InvokeHandlers, log: (line: string) => void, validators: ValidatorTable = VALIDATORS): Dispatch {
  return async (method, values) => {
    if (!Object.prototype.hasOwnProperty.call(validators, method)) {
      return err({ method: String(method).slice(0, 64), message: 'no such method' });
    }
    const m = method as InvokeMethod;
    const checked = (validators[m] as (a: readonly unknown[]) => ReturnType<ValidatorTable[InvokeMethod]>)(values);
    if (!checked.ok) {
      // A page that sends bad arguments has a bug, or is not the page we wrote: worth a line in the log.
      log(`ipc: refused ${m}: ${checked.error}`);
      return err({ method: m, message: `bad arguments: ${checked.error}` });
    }
    try {
      const handler = handlers[m] as (...a: readonly unknown[]) => Promise<unknown>;
      return ok(await handler(...checked.value));
    } catch (e) {
      log(`ipc: ${m} failed: ${e instanceof Error && e.stack ? e.stack : messageOf(e)}`);
      return err({ method: m, message: messageOf(e) });
    }
  };
}

/** The two ipcMain methods registration needs; `E` is Electron's IpcMainInvokeEvent in the app. */
export interface IpcMainLike<E> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/**
 * One channel per request method. The sender check runs first: a message from anything but the
 * app's own page gets a refusal and reaches neither the validators nor the host.
 * Returns a function that removes the handlers (window closed, app quitting).
 */
export function registerInvokeHandlers<E>(ipc: IpcMainLike<E>, isTrusted: (event: E) => boolean, dispatch: Dispatch, log: (line: string) => void): () => void {
  for (const method of INVOKE_METHODS) {
    ipc.handle(invokeChannel(method), async (event, ...values) => {
      if (!isTrusted(event)) {
        log(`ipc: refused ${method} from an untrusted sender`);
        return err({ method, message: 'refused: the request did not come from the Synfin window' });
      }
      return dispatch(method, values);
    });
  }
  return () => INVOKE_METHODS.forEach((method) => ipc.removeHandler(invokeChannel(method)));
}


/** The one argument of DROP_CHANNEL: the dropped files' paths as the preload resolved them. */
export const checkDroppedPaths = args<[string[]]>(arrayOf(str(MAX_PATH_CHARS, 1), MAX_DROPPED_FILES));

/** The `ipcMain.on` side for fire-and-forget messages. */
export interface IpcMainEventsLike<E> {
  on(channel: string, listener: (event: E, ...args: unknown[]) => void): void;
  removeAllListeners(channel: string): void;
}

/** Dropped files: trusted sender, checked list, then `open` (which checks each path on disk). */
export function registerDropHandler<E>(ipc: IpcMainEventsLike<E>, isTrusted: (event: E) => boolean, open: (paths: string[]) => void, log: (line: string) => void): () => void {
  ipc.on(DROP_CHANNEL, (event, ...values) => {
    if (!isTrusted(event)) return log('ipc: refused dropped files from an untrusted sender');
    const checked = checkDroppedPaths(values);
    if (!checked.ok) return log(`ipc: refused dropped files: ${checked.error}`);
    open(checked.value[0]);
  });
  return () => ipc.removeAllListeners(DROP_CHANNEL);
}
