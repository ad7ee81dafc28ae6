/**
 * Electron glue for the window and its session: attaches the decisions of security.ts and
 * app-protocol.ts to Electron's hooks. No decision is made here; each hook asks a tested function.
 */
import { BrowserWindow, type Session, type WebContents, type WebFrameMain } from 'electron';
import { APP_ENTRY_URL, APP_SCHEME, serveAppRequest } from './app-protocol';
import {
  isNavigationAllowed,
  isPermissionGranted,
  isRequestAllowed,
  mainWindowOptions,
  windowOpenDecision,
  withCspHeader,
  type SenderFacts,
} from './security';

type Log = (line: string) => void;

/**
 * The session serves app:// from the renderer folder and refuses, in the main process, what the
 * page should never get: other origins, permissions, devices, downloads.
 */
export function hardenSession(session: Session, rendererDir: string, log: Log): void {
  session.protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request));
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = isPermissionGranted(permission, details.requestingUrl);
    if (!granted) log(`refused permission ${permission} for ${details.requestingUrl}`);
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, origin) => isPermissionGranted(permission, origin));
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isRequestAllowed(details.url);
    if (!allowed) log(`blocked request to ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
  // Header hooks do not run for app:// (its handler sets the header itself); this covers any
  // response that does pass through the network stack.
  session.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: withCspHeader(details.responseHeaders) }));
  session.on('will-download', (event) => event.preventDefault());
  session.setSpellCheckerEnabled(false);
}

/**
 * For every webContents the app ever creates (the window, DevTools, anything a bug might open):
 * no navigation, no redirect, no new window, no <webview>.
 */
export function guardWebContents(contents: WebContents, log: Log): void {
  const refuse = (what: string, url: string, prevent: () => void) => {
    if (isNavigationAllowed(url)) return;
    prevent();
    log(`refused ${what} to ${url.slice(0, 200)}`);
  };
  contents.on('will-navigate', (event) => refuse('navigation', event.url, () => event.preventDefault()));
  contents.on('will-frame-navigate', (event) => refuse('frame navigation', event.url, () => event.preventDefault()));
  contents.on('will-redirect', (event) => refuse('redirect', event.url, () => event.preventDefault()));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    log(`refused a new window for ${url.slice(0, 200)}`);
    return windowOpenDecision(url);
  });
}

/**
 * What the sender check needs from an IPC event. A frame that navigated away or was destroyed
 * throws on access in Electron; it counts as no frame (and so as untrusted).
 */
export function senderFacts(event: { sender: WebContents; senderFrame: WebFrameMain | null }): SenderFacts {
  let frameUrl: string | null = null;
  let isMainFrame = false;
  try {
    const frame = event.senderFrame;
    if (frame !== null && !frame.isDestroyed() && !frame.detached) {
      frameUrl = frame.url;
      isMainFrame = frame.parent === null;
    }
  } catch {
    frameUrl = null;
  }
  return { webContentsId: event.sender.id, frameUrl, isMainFrame };
}

/**
 * Read by the Electron launch test through Playwright's main-process evaluate: the exact options
 * the window was created with (Electron offers no getter for webPreferences). Main process only;
 * the page cannot reach it.
 */
export const DIAGNOSTICS_KEY = Symbol.for('synfin.diagnostics');

export function createMainWindow(preload: string, options: { devTools: boolean; title: string }): BrowserWindow {
  const windowOptions = mainWindowOptions(preload, options);
  (globalThis as Record<symbol, unknown>)[DIAGNOSTICS_KEY] = Object.freeze({ webPreferences: Object.freeze({ ...windowOptions.webPreferences }) });
  const win = new BrowserWindow(windowOptions);
  win.once('ready-to-show', () => win.show());
  return win;
}

/** Loads the app page; a failure (renderer not built) is reported, not thrown. */
export async function loadApp(win: BrowserWindow, log: Log): Promise<void> {
  try {
    await win.loadURL(APP_ENTRY_URL);
  } catch (e) {
    log(`could not load the app page (${e instanceof Error ? e.message : String(e)}); is dist/renderer built? (npm run build)`);
    win.show();
  }
}
