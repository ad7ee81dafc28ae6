import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../core/csp';
import { APP_ENTRY_URL } from './app-protocol';
import {
  isNavigationAllowed,
  isPermissionGranted,
  isRequestAllowed,
  isTrustedSender,
  mainWindowOptions,
  webPreferences,
  windowOpenDecision,
  withCspHeader,
} from './security';

// URLs a page might try to go to, open or load: the web, local files, other schemes, look-alikes, the app itself.
const URLS = [
  'https://example.com/',
  'http://127.0.0.1:8080/steal?x=1',
  'file:///etc/passwd',
  'file:///C:/Windows/System32/calc.exe',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'about:blank',
  'blob:app://synfin/0b3f7a1e-1111-2222-3333-444455556666',
  'app://synfin.evil.com/index.html',
  'app://evil/index.html',
  'smb://server/share/x.pcap',
  'ms-msdt:/id PCWDiagnostic',
  APP_ENTRY_URL,
  'app://synfin/index.html#/somewhere',
];

describe('webPreferences of the window', () => {
  const prefs = webPreferences('/app/dist/preload/preload.cjs', { devTools: false });

  it('keeps isolation, the sandbox and web security on and Node out of the page', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    });
  });

  it('loads the built preload and nothing else, with no remote module or dev-only switches', () => {
    expect(prefs.preload).toBe('/app/dist/preload/preload.cjs');
    expect(Object.keys(prefs)).not.toContain('enableRemoteModule');
    expect(Object.keys(prefs)).not.toContain('additionalArguments');
    expect(prefs.devTools).toBe(false);
    expect(webPreferences('/p', { devTools: true }).devTools).toBe(true);
  });

  it('uses the same preferences in the window options, and waits for the first paint to show', () => {
    const opts = mainWindowOptions('/p.cjs', { devTools: false, title: 'Synfin' });
    expect(opts.webPreferences).toEqual(webPreferences('/p.cjs', { devTools: false }));
    expect(opts.show).toBe(false);
    expect(opts.title).toBe('Synfin');
  });
});

describe('navigation, new windows and permissions', () => {
  it('refuses every navigation, the app page included', () => {
    for (const url of URLS) expect(isNavigationAllowed(url), url).toBe(false);
  });

  it('denies every window.open', () => {
    for (const url of URLS) expect(windowOpenDecision(url), url).toEqual({ action: 'deny' });
  });

  it('grants no permission to any origin', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'fullscreen', 'openExternal', 'hid', 'serial', 'usb', 'fileSystem', 'unknown']) {
      for (const origin of ['app://synfin', 'https://example.com', 'file://']) {
        expect(isPermissionGranted(permission, origin), `${permission} for ${origin}`).toBe(false);
      }
    }
  });
});

describe('requests the session lets through', () => {
  it('allows the app origin, DevTools and data: only', () => {
    expect(isRequestAllowed(APP_ENTRY_URL)).toBe(true);
    expect(isRequestAllowed('app://synfin/assets/index-abc.js')).toBe(true);
    expect(isRequestAllowed('devtools://devtools/bundled/inspector.html')).toBe(true);
    expect(isRequestAllowed('data:image/png;base64,iVBORw0KGgo=')).toBe(true);
    for (const url of ['https://example.com/', 'http://127.0.0.1:8080/x', 'ws://localhost:1/', 'file:///etc/passwd', 'app://evil/x.js', 'ftp://x/y', 'garbage']) {
      expect(isRequestAllowed(url), url).toBe(false);
    }
  });

  it('puts the app CSP on responses and drops any other policy, whatever its header case', () => {
    const out = withCspHeader({
      'content-security-policy': ["default-src *"],
      'Content-Security-Policy-Report-Only': ["script-src 'unsafe-eval'"],
      'Content-Type': ['text/html'],
    });
    expect(out).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(withCspHeader(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('IPC sender check', () => {
  const WINDOW = 7;
  const good = { webContentsId: WINDOW, frameUrl: APP_ENTRY_URL, isMainFrame: true };

  it('trusts the main frame of the app window showing the app page', () => {
    expect(isTrustedSender(good, WINDOW)).toBe(true);
    expect(isTrustedSender({ ...good, frameUrl: 'app://synfin/index.html#x' }, WINDOW)).toBe(true);
  });

  it('refuses another webContents, a subframe, another URL, a gone frame, or no window', () => {
    expect(isTrustedSender({ ...good, webContentsId: 8 }, WINDOW)).toBe(false);
    expect(isTrustedSender({ ...good, isMainFrame: false }, WINDOW)).toBe(false);
    expect(isTrustedSender({ ...good, frameUrl: null }, WINDOW)).toBe(false);
    for (const url of URLS.filter((u) => !u.startsWith('app://synfin/'))) {
      expect(isTrustedSender({ ...good, frameUrl: url }, WINDOW), url).toBe(false);
    }
    expect(isTrustedSender(good, null)).toBe(false);
  });
});
