/**
 * How the contract of core/api.ts travels over Electron IPC: one channel per method, named from
 * the method, and the reply envelope. Shared by the main process (which handles the channels) and
 * the preload (which invokes them); both may import core/, neither may import the other.
 *
 * Runtime values here are plain strings: the preload bundles this file and still only requires
 * 'electron'.
 */
import type { Result } from './result';
import type { SynfinApi } from './api';

/** The request/reply methods: every method of the contract that returns a Promise. */
export type InvokeMethod = {
  [K in keyof SynfinApi]: ReturnType<SynfinApi[K]> extends Promise<unknown> ? K : never;
}[keyof SynfinApi];

/** The subscriptions (`onSession` …): pushed from main, each returns an unsubscribe function. */
export type SubscribeMethod = Exclude<keyof SynfinApi, InvokeMethod>;

/** The arguments and the resolved value of a request method, as the contract declares them. */
export type InvokeArgs<K extends InvokeMethod> = Parameters<SynfinApi[K]>;
export type InvokeValue<K extends InvokeMethod> = Awaited<ReturnType<SynfinApi[K]>>;

/** What a subscriber of `K` receives. */
export type PushPayload<K extends SubscribeMethod> = Parameters<Parameters<SynfinApi[K]>[0]>[0];

const PREFIX = 'synfin:';

/** The channel of one request method: a typo in a method name is a compile error, not a silent hang. */
export const invokeChannel = <K extends InvokeMethod>(method: K): `synfin:invoke:${K}` => `${PREFIX}invoke:${method}`;

/** The channel each subscription listens on (main sends, the preload forwards the payload only). */
export const PUSH_CHANNELS = {
  onSession: `${PREFIX}push:session`,
  onProgress: `${PREFIX}push:progress`,
  onCommand: `${PREFIX}push:command`,
} as const satisfies Record<SubscribeMethod, string>;

/**
 * Paths of files dropped on the window, sent by the preload (never by the page, which has no
 * ipcRenderer). Main checks each one before anything reads it: a compromised page could send any
 * string here.
 */
export const DROP_CHANNEL = `${PREFIX}drop-files`;

/** A drop of more files than this is not "open this capture": the preload sends no more, main accepts no more. */
export const MAX_DROPPED_FILES = 64;

/** Why main refused or failed a request. Only strings cross IPC: no stack, no Error object. */
export interface IpcError {
  method: string;
  message: string;
}

/**
 * Every reply is a value: Electron turns a throw in a handler into a rejected promise carrying a
 * mangled message, so main never throws across IPC and the preload unwraps this envelope.
 */
export type IpcReply<T> = Result<T, IpcError>;
