/**
 * Every security decision of the window as a plain function or value, so that tests check the
 * exact objects and answers main gives Electron. window.ts only attaches these to Electron events.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../core/csp';
import { isAppUrl } from './app-protocol';

/**
 * Electron's secure defaults, written out so that a change of default or a careless edit shows up
 * in review and in the tests. (The remote module no longer exists in Electron: nothing to turn off.)
 */
export function webPreferences(preload: string, options: { devTools: boolean }): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    enableWebSQL: false,
    // A dropped file must reach the preload's drop handler, never navigate the page to file://.
    navigateOnDragDrop: false,
    // The spell checker downloads dictionaries from Google's servers: no network use behind the user's back.
    spellcheck: false,
    // A page stuck in alert() loops can be stopped.
    safeDialogs: true,
    // Developer tools only in development (an unpackaged app).
    devTools: options.devTools,
  };
}

/** Smallest window in which the connections table, packet list and ladder are all usable. */
const MIN_WIDTH = 900;
const MIN_HEIGHT = 560;

export function mainWindowOptions(preload: string, options: { devTools: boolean; title: string }): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 860,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: options.title,
    // Shown on 'ready-to-show': no white flash before the first paint.
    show: false,
    webPreferences: webPreferences(preload, options),
  };
}

/**
 * The app is one page and nothing in it navigates: links, location changes, form posts and
 * redirects are all refused, whatever the target (the app's own URL included).
 */
export const isNavigationAllowed = (_url: string): boolean => false;

/** window.open and target=_blank: never a new window. */
export const windowOpenDecision = (_url: string): { action: 'deny' } => ({ action: 'deny' });

/** Camera, microphone, notifications, geolocation, clipboard reads, HID …: the app needs none. */
export const isPermissionGranted = (_permission: string, _origin: string): boolean => false;

/**
 * Which requests the session lets through at all. The page is limited by CSP already; this is the
 * second fence, in the main process, for anything the page or a bug would try: only the app's
 * own origin, DevTools' own pages and inline data: URLs.
 */
export function isRequestAllowed(url: string): boolean {
  if (isAppUrl(url)) return true;
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return false;
  }
  return protocol === 'devtools:' || protocol === 'data:';
}

/**
 * Response headers with the app's CSP, replacing any policy the response carried (header names
 * are case-insensitive, so a `content-security-policy` from elsewhere must not survive beside ours).
 */
export function withCspHeader(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'content-security-policy' || lower === 'content-security-policy-report-only') continue;
    out[name] = value;
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}

/** What main knows about the sender of an IPC message, taken from Electron's event in window.ts. */
export interface SenderFacts {
  /** `event.sender.id`: which webContents sent it. */
  webContentsId: number;
  /** `event.senderFrame.url`, null when the frame is gone (navigated away or destroyed). */
  frameUrl: string | null;
  /** The frame is the top-level frame (`senderFrame.parent === null`), not an iframe. */
  isMainFrame: boolean;
}

/**
 * A message is trusted only from the main frame of the app's window while it shows the app's page.
 * `windowWebContentsId` is null before the window exists or after it closed: nothing is trusted then.
 */
export function isTrustedSender(sender: SenderFacts, windowWebContentsId: number | null): boolean {
  return (
    windowWebContentsId !== null &&
    sender.webContentsId === windowWebContentsId &&
    sender.isMainFrame &&
    sender.frameUrl !== null &&
    isAppUrl(sender.frameUrl)
  );
}
