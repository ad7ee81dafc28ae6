/**
 * Runs the built renderer (dist/renderer) in Debian's Chromium, driven by playwright-core, with
 * `window.synfin` built from the REAL host services (electron/host) running in this process:
 * each HostApi method is bound into the page, and the host's pushes are forwarded to it.
 *
 * The harness itself supplies only what the Electron main process adds on top of the host:
 * the Open dialog, recent files and the bundled sample (each opens a file the test chose),
 * and menu commands (`sendCommand`). Replies and pushes cross the binding as one JSON text each,
 * decoded in the page's bridge (Uint8Arrays as base64, non-finite numbers by name), so the
 * renderer sees what Electron's structured clone would give it. Handing Playwright the objects
 * themselves cost more than the app: it checks every value of a 256-row page against its protocol
 * schema, and that kept this process busy for seconds while a large file loaded.
 * Every response carries the app's own Content-Security-Policy (core/csp.ts).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CONTENT_SECURITY_POLICY } from '../../core/csp';
import type { HostApi, HostEvents, OpenError, RecentFile, Result, SessionInfo, UiCommand } from '../../core/api';
import { FirstStart } from '../../electron/main/launch-args';

/** The repository root: the nearest folder up with package.json (this file may run bundled elsewhere). */
export const ROOT = (() => {
  for (let d = dirname(fileURLToPath(import.meta.url)); ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json')) && existsSync(join(d, 'renderer'))) return d;
    if (dirname(d) === d) return process.cwd();
  }
})();
export const RENDERER_DIR = join(ROOT, 'dist/renderer');
export const OUTPUT_DIR = join(ROOT, 'test/output');
/**
 * The shared capture corpus sits beside the repository (`../shared/corpus`, see its README), or
 * beside the folder of worktrees when this checkout is one; absent on some machines.
 */
export const CORPUS = [resolve(ROOT, '../shared/corpus/pcaps'), resolve(ROOT, '../../shared/corpus/pcaps')].find((p) => existsSync(p))
  ?? resolve(ROOT, '../shared/corpus/pcaps');
/** Where the lead's host factory lives (`createHost({ events })`). */
export const HOST_MODULE = join(ROOT, 'electron/host/host.ts');

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** The page's origin: files are served from dist/renderer by request interception, no server. */
const ORIGIN = 'http://synfin.test';

export type HostFactory = (o: { events: HostEvents }) => HostApi & { dispose(): void | Promise<void> };

/** The lead's host, or null (with the reason) while it has not landed. */
export async function loadHost(): Promise<HostFactory | null> {
  if (!existsSync(HOST_MODULE)) return null;
  const mod = (await import(pathToFileURL(HOST_MODULE).href)) as { createHost?: HostFactory };
  return mod.createHost ?? null;
}

export const corpusFile = (...parts: string[]): string => join(CORPUS, ...parts);
export const haveFile = (path: string): boolean => existsSync(path);
export const haveChromium = (): boolean => existsSync(CHROMIUM) && existsSync(join(RENDERER_DIR, 'index.html'));

export interface LaunchOptions {
  createHost: HostFactory;
  /** What the Open dialog "picks" (null: the user cancels). */
  dialogFile?: string | null;
  recent?: string[];
  sample?: string;
  /** Launched as on a first start (main's FirstStart decides it from argv and the recent list). */
  firstStart?: boolean;
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
}

export interface App {
  page: Page;
  host: HostApi;
  /** Errors the page logged or threw (a test asserts there are none). */
  pageErrors: string[];
  sendCommand(c: UiCommand): Promise<void>;
  /** Opens a file the way the main process does (dialog, drop, command line) and returns its session. */
  openFile(path: string): Promise<SessionInfo>;
  /** Resolves when the host has read the whole file (or stopped reading). */
  whenRead(timeoutMs?: number): Promise<SessionInfo>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.svg': 'image/svg+xml' };

/** A value as JSON text: Uint8Arrays as base64, NaN and ±Infinity by name (JSON has neither). */
function encode(v: unknown): string {
  return JSON.stringify(v === undefined ? null : v, function (this: unknown, _k, x: unknown) {
    if (x instanceof Uint8Array) return { __u8: Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('base64') };
    if (typeof x === 'number' && !Number.isFinite(x)) return { __num: String(x) };
    return x;
  });
}

/** The preload's equivalent in the page: builds `window.synfin` from the bindings. */
function bridge(methods: string[]): void {
  const listeners: Record<string, Set<(x: unknown) => void>> = { session: new Set(), progress: new Set(), command: new Set() };
  // The inverse of encode() (which cannot be shared: this function runs in the page, alone).
  const decode = (text: string): unknown => JSON.parse(text, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (typeof o.__u8 === 'string') return Uint8Array.from(atob(o.__u8), (c) => c.charCodeAt(0));
      if (typeof o.__num === 'string') return Number(o.__num);
    }
    return v;
  });
  const w = window as unknown as Record<string, unknown>;
  // Looked up at call time: the binding is installed beside this script, in no promised order.
  const invoke = (m: string, a: unknown[]) => (w.__synfinInvoke as (m: string, a: unknown[]) => Promise<string>)(m, a).then(decode);
  const api: Record<string, unknown> = {};
  for (const m of methods) api[m] = (...args: unknown[]) => invoke(m, args);
  const on = (kind: string) => (fn: (x: unknown) => void) => {
    listeners[kind]!.add(fn);
    return () => listeners[kind]!.delete(fn);
  };
  api.onSession = on('session');
  api.onProgress = on('progress');
  api.onCommand = on('command');
  Object.defineProperty(window, '__synfinPush', { value: (kind: string, payload: string) => listeners[kind]?.forEach((fn) => fn(decode(payload))) });
  Object.defineProperty(window, 'synfin', { value: Object.freeze(api) });
}

const HOST_METHODS: (keyof HostApi)[] = ['cancelLoading', 'closeFile', 'session', 'setView', 'checkFilter', 'rows', 'indexOfFrame',
  'connections', 'connection', 'packetDetail', 'ladder', 'captureAvailability', 'interfaces', 'checkCaptureFilter', 'startCapture', 'stopCapture'];
const SHELL_METHODS = ['openDialog', 'openRecent', 'recentFiles', 'openSample', 'firstStart'] as const;

export async function launchApp(opts: LaunchOptions): Promise<App> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'synfin-e2e-'));
  const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: opts.viewport ?? { width: 1600, height: 1000 },
    colorScheme: opts.colorScheme ?? 'light',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));

  await context.route(`${ORIGIN}/**`, async (route) => {
    const rel = decodeURIComponent(new URL(route.request().url()).pathname).replace(/^\/+/, '') || 'index.html';
    const file = resolve(RENDERER_DIR, rel);
    if (!file.startsWith(RENDERER_DIR) || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    await route.fulfill({ status: 200, body: readFileSync(file), headers: { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CONTENT_SECURITY_POLICY } });
  });

  // Pushes keep their order, and a newer session or progress push replaces one still waiting:
  // a slow page (or a busy machine) sees the latest state, not a growing backlog.
  const pending: [string, string][] = [];
  let flushing: Promise<void> = Promise.resolve();
  let scheduled = false;
  const flush = async () => {
    scheduled = false;
    const batch = pending.splice(0);
    if (batch.length === 0) return;
    await page.evaluate((items) => {
      const w = window as unknown as { __synfinPush?: (k: string, p: string) => void };
      for (const [k, p] of items) w.__synfinPush?.(k, p);
    }, batch).catch(() => {});
  };
  const push = (kind: string, payload: unknown) => {
    const waiting = kind === 'command' ? -1 : pending.findIndex(([k]) => k === kind);
    if (waiting >= 0) pending[waiting] = [kind, encode(payload)];
    else pending.push([kind, encode(payload)]);
    if (!scheduled) {
      scheduled = true;
      flushing = flushing.then(flush);
    }
  };
  const pushed = async () => {
    while (scheduled || pending.length) await flushing;
    await flushing;
  };
  const host = opts.createHost({ events: { session: (s) => push('session', s), progress: (p) => push('progress', p) } });

  const recent = opts.recent ?? [];
  const firstStart = new FirstStart(opts.firstStart !== true, recent.length);
  const open = (path: string): Promise<Result<SessionInfo, OpenError>> => host.openFile(path);
  const shell: Record<(typeof SHELL_METHODS)[number], (...a: never[]) => Promise<unknown>> = {
    openDialog: async () => (opts.dialogFile ? open(opts.dialogFile) : null),
    openRecent: async (id: number) => open(recent[id] ?? '/nonexistent'),
    recentFiles: async (): Promise<RecentFile[]> => recent.map((p, id) => ({ id, name: basename(p), where: dirname(p) })),
    openSample: async () => open(opts.sample ?? corpusFile('pcapplusplus/one_http_stream_fin.pcap')),
    firstStart: async () => firstStart.take(),
  };
  await page.exposeBinding('__synfinInvoke', async (_source, method: string, args: unknown[]) => {
    const fn = (SHELL_METHODS as readonly string[]).includes(method)
      ? (shell as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]
      : (HOST_METHODS as string[]).includes(method) ? (host as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!.bind(host) : undefined;
    if (!fn) throw new Error(`no such method: ${method}`);
    const result = await fn(...args);
    return encode(result);
  });
  await page.addInitScript(bridge, [...HOST_METHODS, ...SHELL_METHODS]);
  await page.goto(`${ORIGIN}/index.html`);

  return {
    page,
    host,
    pageErrors,
    sendCommand: async (c) => {
      push('command', c);
      await pushed();
    },
    openFile: async (path) => {
      const r = await host.openFile(path);
      if (!r.ok) throw new Error(`${r.error.file}: ${r.error.message}`);
      push('session', r.value);
      await pushed();
      return r.value;
    },
    whenRead: async (timeoutMs = 60_000) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const s = await host.session();
        if (s && s.phase !== 'loading') return s;
        if (Date.now() > until) throw new Error(`still reading after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    screenshot: async (name) => {
      mkdirSync(OUTPUT_DIR, { recursive: true });
      const path = join(OUTPUT_DIR, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    close: async () => {
      await context.close();
      await host.dispose();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
