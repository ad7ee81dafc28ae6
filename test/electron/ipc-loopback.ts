/**
 * An in-process stand-in for Electron's IPC transport, for tests of the bridge as a whole (the
 * preload's api object ↔ main's registered handlers) where Electron cannot run. It keeps what
 * matters of the real one: arguments and replies are structured-cloned (so a Uint8Array stays a
 * Uint8Array, a function cannot be sent, and nothing is shared by reference), each channel has at
 * most one handler, invoking an unhandled channel rejects, and listeners get (event, ...args).
 */
import type { SenderFacts } from '../../electron/main/security';
import type { IpcMainEventsLike, IpcMainLike } from '../../electron/main/ipc-dispatch';
import type { IpcRendererLike } from '../../electron/preload/bridge';

/** The main-side event: who sent the message, in the form the sender check reads. */
export interface LoopbackEvent {
  sender: SenderFacts;
}

type Listener = (event: unknown, ...args: unknown[]) => void;

export class IpcLoopback {
  private readonly handlers = new Map<string, (event: LoopbackEvent, ...args: unknown[]) => Promise<unknown>>();
  private readonly mainListeners = new Map<string, ((event: LoopbackEvent, ...args: unknown[]) => void)[]>();
  private readonly rendererListeners = new Map<string, Listener[]>();
  /** What the renderer-side listeners were given as their first argument (the event). */
  readonly deliveredEvents: unknown[] = [];

  constructor(public sender: SenderFacts) {}

  readonly main: IpcMainLike<LoopbackEvent> & IpcMainEventsLike<LoopbackEvent> = {
    handle: (channel, listener) => {
      if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      this.handlers.set(channel, listener);
    },
    removeHandler: (channel) => void this.handlers.delete(channel),
    on: (channel, listener) => void this.mainListeners.set(channel, [...(this.mainListeners.get(channel) ?? []), listener]),
    removeAllListeners: (channel) => void this.mainListeners.delete(channel),
  };

  readonly renderer: IpcRendererLike & { send(channel: string, ...args: unknown[]): void } = {
    // Cloning happens before any promise exists: an uncloneable argument throws at the call, the
    // strictest a transport can be (the bridge must still hand the page a rejected promise).
    invoke: (channel, ...args) => {
      const cloned = structuredClone(args);
      const sender = { ...this.sender };
      return (async () => {
        const handler = this.handlers.get(channel);
        if (!handler) throw new Error(`No handler registered for '${channel}'`);
        return structuredClone(await handler({ sender }, ...cloned));
      })();
    },
    send: (channel, ...args) => {
      const cloned = structuredClone(args);
      for (const l of this.mainListeners.get(channel) ?? []) l({ sender: { ...this.sender } }, ...cloned);
    },
    on: (channel, listener) => {
      this.rendererListeners.set(channel, [...(this.rendererListeners.get(channel) ?? []), listener]);
    },
    removeListener: (channel, listener) => {
      this.rendererListeners.set(channel, (this.rendererListeners.get(channel) ?? []).filter((l) => l !== listener));
    },
  };

  /** webContents.send: main → renderer. The event stands for Electron's IpcRendererEvent. */
  sendToRenderer(channel: string, ...args: unknown[]): void {
    const event = { sender: this.renderer, senderId: 0, ports: [] };
    for (const l of this.rendererListeners.get(channel) ?? []) {
      this.deliveredEvents.push(event);
      l(event, ...structuredClone(args));
    }
  }

  listenerCount(channel: string): number {
    return this.rendererListeners.get(channel)?.length ?? 0;
  }
}
