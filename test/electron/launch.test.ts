/**
 * The real app in real Electron, driven by playwright-core: launched like `electron . FILE` with a
 * corpus capture on the command line, it must show that capture's connections, with the window's
 * security settings in force. Needs the Electron binary (absent where npm ran with
 * ELECTRON_SKIP_BINARY_DOWNLOAD) and a build (`npm run build`); says which is missing otherwise.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SynfinApi } from '../../core/api';
import { FIN_CAPTURE, ROOT } from './corpus';

/** The electron package exports the binary's path, and throws when the binary was never downloaded. */
function electronBinary(): string | null {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const BINARY = electronBinary();
const BUILT = ['dist/main/main.js', 'dist/preload/preload.cjs', 'dist/renderer/index.html'].filter((f) => !existsSync(join(ROOT, f)));
const SKIP =
  BINARY === null ? 'skipped: Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD)'
  : BUILT.length > 0 ? `skipped: app not built (${BUILT.join(', ')} missing; run npm run build)`
  : !existsSync(FIN_CAPTURE) ? `skipped: corpus capture absent (${FIN_CAPTURE})`
  : null;
if (SKIP !== null) console.warn(`test/electron/launch.test.ts ${SKIP}`);

/** The row of stream 0 in the connections table: the capture's one connection, once analysed. */
const FIRST_CONNECTION = '[role="grid"][aria-label="TCP connections"] [role="row"][data-stream="0"]';

describe.skipIf(SKIP !== null)('Synfin in Electron', () => {
  let app: ElectronApplication;
  let page: Page;
  const userData = mkdtempSync(join(tmpdir(), 'synfin-launch-'));

  beforeAll(async () => {
    app = await _electron.launch({
      executablePath: BINARY as string,
      // As `electron . FILE`: the package (main = dist/main/main.js), then the capture.
      args: [ROOT, FIN_CAPTURE],
      cwd: ROOT,
      // A private userData: no recent files of the user's, no clash with a running Synfin's lock.
      env: { ...process.env, SYNFIN_USER_DATA_DIR: userData } as Record<string, string>,
      timeout: 60_000,
    });
    page = await app.firstWindow();
  });

  afterAll(async () => {
    await app?.close();
    rmSync(userData, { recursive: true, force: true });
  });

  it('opens the capture named on the command line and lists its connection', async () => {
    await page.waitForSelector(FIRST_CONNECTION, { timeout: 30_000 });
    const session = await page.evaluate(() => (window as unknown as { synfin: SynfinApi }).synfin.session());
    expect(session).toMatchObject({ title: 'one_http_stream_fin.pcap', source: 'file', packets: 15, connections: 1 });
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.getTitle()))).toEqual(['one_http_stream_fin.pcap — Synfin']);
  });

  it('created its one window with the secure webPreferences', async () => {
    const windows = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.webContents.getURL()));
    expect(windows).toEqual(['app://synfin/index.html']);
    const diagnostics = await app.evaluate(() => (globalThis as Record<symbol, unknown>)[Symbol.for('synfin.diagnostics')]);
    expect(diagnostics).toMatchObject({
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInSubFrames: false, webSecurity: true, webviewTag: false },
    });
  });

  it('gives the page no Node, exactly the contract, and a CSP that forbids eval', async () => {
    const seen = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      let evalBlocked = false;
      try {
        (0, eval)('1');
      } catch {
        evalBlocked = true;
      }
      return {
        require: typeof w.require,
        process: typeof w.process,
        module: typeof w.module,
        Buffer: typeof w.Buffer,
        origin: location.origin,
        synfin: Object.keys(w.synfin as object).sort(),
        evalBlocked,
        opened: window.open('https://example.com/') === null,
      };
    });
    expect(seen).toMatchObject({ require: 'undefined', process: 'undefined', module: 'undefined', Buffer: 'undefined', origin: 'app://synfin', evalBlocked: true, opened: true });
    expect(seen.synfin).toContain('rows');
    expect(seen.synfin).not.toContain('openFile');
  });

  it('stays on its page when the page tries to navigate away', async () => {
    await page.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe('app://synfin/index.html');
    expect(await page.locator(FIRST_CONNECTION).count()).toBe(1);
  });
});

// Where it cannot run, the reason is the name of a skipped test, so every reporter shows it.
describe.runIf(SKIP !== null)('Synfin in Electron (not run here)', () => {
  it.skip(SKIP ?? '', () => {});
});
