/**
 * The app's window and what main does itself: opening files from every source, recent files,
 * Save As, the unsaved-capture question, menus and pushes. Electron glue over the host and the
 * tested decision modules; the host does all reading and analysis.
 */
import { app, dialog, Menu, type BrowserWindow } from 'electron';
import type { HostApi, HostEvents, OpenError, SessionInfo } from '../../core/api';
import { err, ok, type Result } from '../../core/result';
import { checkCaptureFile, displayName } from './file-check';
import { hostHandlers, type InvokeHandlers } from './ipc-dispatch';
import { buildMenu, toElectronTemplate, type MenuAction, type MenuState } from './menu';
import { analysisWorkerPath, preloadPath, sampleCapturePath, type AppLocation } from './paths';
import { createPushes, type Pushes } from './push';
import type { FirstStart } from './launch-args';
import type { RecentFiles } from './recent-files';
import { isSameFile, saveDialogOptions, saveTarget, type SaveFormat } from './save-as';
import { hasUnsavedCapture, unsavedCaptureDialog, unsavedChoice, type DiscardReason } from './unsaved';
import { createMainWindow, loadApp } from './window';

/**
 * The host as main uses it. `saveAs` is asked of the lead's host (it writes the open file or the
 * capture's spill file); until the host has it, File → Save As… stays disabled.
 */
export type ShellHost = HostApi & {
  saveAs?(path: string, format: SaveFormat): Promise<Result<unknown, string>>;
  dispose(): void | Promise<void>;
};
export type HostFactory = (options: { events: HostEvents; workerFile?: string }) => ShellHost;

/** Where an open request came from: the renderer shows errors of its own requests, main shows the rest. */
type Origin = 'renderer' | 'menu' | 'drop' | 'launch';

export interface ShellOptions {
  location: AppLocation;
  recent: RecentFiles;
  /** Whether this launch opens the sample (asked once by the renderer, through firstStart). */
  firstStart: FirstStart;
  devTools: boolean;
  log: (line: string) => void;
}

/** The product name in titles and menus (package.json's `name` is the lower-case package name). */
export const APP_NAME = 'Synfin';

/**
 * How long quitting waits for the host to stop its workers and capture: long enough for a worker to
 * finish its current chunk, short enough that a stuck worker cannot keep a quit from happening.
 */
export const HOST_DISPOSE_TIMEOUT_MS = 5000;

export const windowTitle = (session: SessionInfo | null): string => (session ? `${session.title} — ${APP_NAME}` : APP_NAME);

export class Shell {
  readonly host: ShellHost;
  private window: BrowserWindow | null = null;
  /** The last session the host pushed. */
  private session: SessionInfo | null = null;
  /** The file behind the open session, so Save As never writes over the file being read. */
  private openedPath: string | null = null;
  private readonly pushes: Pushes;
  private menuKey = '';
  /** An Open is under way (question, dialog, open): a second Ctrl+O meanwhile does nothing. */
  private opening = false;
  /** A Save As is under way: a second one meanwhile does nothing. */
  private saving = false;
  private discardConfirmed = false;
  /** The unsaved-capture question is on screen. */
  private asking = false;

  constructor(private readonly options: ShellOptions, createHost: HostFactory) {
    this.pushes = createPushes((channel, payload) => {
      const win = this.window;
      if (win && !win.isDestroyed()) win.webContents.send(channel, payload);
    });
    this.host = createHost({
      events: {
        session: (info) => this.onSession(info),
        progress: (p) => this.pushes.progress(p),
      },
      workerFile: analysisWorkerPath(options.location),
    });
  }

  /** The webContents id IPC must come from, or null when there is no window. */
  get windowContentsId(): number | null {
    return this.window && !this.window.isDestroyed() ? this.window.webContents.id : null;
  }

  openWindow(): BrowserWindow {
    const win = createMainWindow(preloadPath(this.options.location), { devTools: this.options.devTools, title: windowTitle(this.session) });
    this.window = win;
    win.on('close', (event) => {
      // The window is the app: closing it with an unsaved capture asks first, like quitting.
      if (this.discardConfirmed || !hasUnsavedCapture(this.session)) return;
      event.preventDefault();
      void this.confirmDiscard('quit').then((go) => {
        if (!go) return;
        this.discardConfirmed = true;
        win.close();
      });
    });
    win.on('closed', () => {
      if (this.window === win) this.window = null;
    });
    this.refreshMenu();
    void loadApp(win, this.options.log);
    return win;
  }

  focus(): void {
    const win = this.window;
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }

  /** For app 'before-quit': true when quitting may go on now; otherwise it asks and quits itself. */
  mayQuit(): boolean {
    if (this.discardConfirmed || !hasUnsavedCapture(this.session)) return true;
    void this.confirmDiscard('quit').then((go) => {
      if (!go) return;
      this.discardConfirmed = true;
      app.quit();
    });
    return false;
  }

  /** The handlers of every request method: the host's, and main's own file handling. */
  handlers(): InvokeHandlers {
    return {
      ...hostHandlers(this.host),
      openDialog: () => this.openDialog('renderer'),
      openRecent: (id) => this.openRecent(id, 'renderer'),
      recentFiles: async () => this.options.recent.list(),
      openSample: () => this.openPath(sampleCapturePath(this.options.location), 'renderer'),
      firstStart: async () => this.options.firstStart.take(),
      closeFile: () => this.closeFile(),
      startCapture: async (options) =>
        (await this.confirmDiscard('open-other')) ? this.host.startCapture(options) : err('not started: the unsaved capture was kept'),
    };
  }

  /** Opens a file named from outside the window (command line, OS, second launch). */
  openFromOutside(path: string): Promise<Result<SessionInfo, OpenError>> {
    this.focus();
    return this.openPath(path, 'launch');
  }

  /** Dropped files: the first one that is a readable capture file is opened. */
  async openDropped(paths: string[]): Promise<void> {
    let firstError: OpenError | null = null;
    for (const path of paths) {
      const checked = await checkCaptureFile(path);
      if (checked.ok) {
        await this.openPath(checked.value.path, 'drop');
        return;
      }
      firstError ??= checked.error;
    }
    if (firstError) await this.showOpenError(firstError);
  }

  /** Stops the host; gives up waiting after HOST_DISPOSE_TIMEOUT_MS (the process is ending anyway). */
  async dispose(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.options.log(`the host did not stop within ${HOST_DISPOSE_TIMEOUT_MS} ms; quitting anyway`);
        resolve();
      }, HOST_DISPOSE_TIMEOUT_MS);
    });
    try {
      await Promise.race([Promise.resolve(this.host.dispose()), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private onSession(info: SessionInfo | null): void {
    this.session = info;
    // Nothing open, or a capture (whose spill file the host guards): no file of ours to protect.
    if (info === null || info.source === 'capture') this.openedPath = null;
    this.pushes.session(info);
    const win = this.window;
    if (win && !win.isDestroyed()) win.setTitle(windowTitle(info));
    this.refreshMenu();
  }

  private async openDialog(origin: Origin): Promise<Result<SessionInfo, OpenError> | null> {
    const win = this.window;
    // Set before the first await: Ctrl+O reaches both the menu and the page's own key handler.
    if (this.opening || !win) return null;
    this.opening = true;
    try {
      if (!(await this.confirmDiscard('open-other'))) return null;
      const picked = await dialog.showOpenDialog(win, {
        title: 'Open Capture File',
        properties: ['openFile'],
        filters: [
          { name: 'Capture files', extensions: ['pcap', 'pcapng', 'cap', 'ntar', 'snoop'] },
          { name: 'All files', extensions: ['*'] },
        ],
      });
      const path = picked.filePaths[0];
      if (picked.canceled || path === undefined) return null;
      // The question was asked before the dialog: do not ask again for the same open.
      return await this.openPath(path, origin, true);
    } finally {
      this.opening = false;
    }
  }

  private async openRecent(id: number, origin: Origin): Promise<Result<SessionInfo, OpenError>> {
    const path = this.options.recent.pathOf(id);
    if (path === null) return err({ file: 'recent file', message: 'it is no longer in the recent files list' });
    const r = await this.openPath(path, origin);
    if (!r.ok) {
      const gone = await checkCaptureFile(path);
      if (!gone.ok) {
        await this.options.recent.remove(path);
        this.refreshMenu();
      }
    }
    return r;
  }

  /** Every open goes through here: ask about an unsaved capture, check the path, open, remember. */
  private async openPath(path: string, origin: Origin, alreadyAsked = false): Promise<Result<SessionInfo, OpenError>> {
    if (!alreadyAsked && !(await this.confirmDiscard('open-other'))) {
      return err({ file: displayName(path), message: 'not opened: the unsaved capture was kept' });
    }
    const checked = await checkCaptureFile(path);
    const r = checked.ok ? await this.host.openFile(checked.value.path) : checked;
    if (r.ok && checked.ok) {
      this.options.firstStart.fileOpened();
      this.openedPath = checked.value.path;
      await this.options.recent.add(checked.value.path);
      app.addRecentDocument(checked.value.path);
      this.refreshMenu();
    } else if (!r.ok && origin !== 'renderer') {
      await this.showOpenError(r.error);
    }
    return r.ok ? ok(r.value) : r;
  }

  private async closeFile(): Promise<void> {
    if (!(await this.confirmDiscard('close-file'))) return;
    await this.host.closeFile();
    this.openedPath = null;
  }

  /**
   * True when what is open may be discarded: nothing unsaved, saved now, or the user said so.
   * While the question is up, a second request to discard (another click on close, Ctrl+Q) is
   * refused rather than stacking a second dialog.
   */
  private async confirmDiscard(reason: DiscardReason): Promise<boolean> {
    const current = await this.host.session();
    if (!hasUnsavedCapture(current) || current === null) return true;
    if (this.asking) return false;
    this.asking = true;
    try {
      const win = this.window;
      const options = unsavedCaptureDialog(current, reason);
      const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
      switch (unsavedChoice(response)) {
        case 'discard': return true;
        case 'cancel': return false;
        case 'save': return await this.saveAs();
      }
    } finally {
      this.asking = false;
    }
  }

  /** File → Save As…: true when the capture or file was written. */
  private async saveAs(): Promise<boolean> {
    const save = this.host.saveAs?.bind(this.host);
    const win = this.window;
    if (!save || !win || this.saving) return false;
    this.saving = true;
    try {
      const current = await this.host.session();
      return current !== null && (await this.saveWith(win, current, save));
    } finally {
      this.saving = false;
    }
  }

  private async saveWith(win: BrowserWindow, current: SessionInfo, save: NonNullable<ShellHost['saveAs']>): Promise<boolean> {
    const chosen = await dialog.showSaveDialog(win, saveDialogOptions(current, app.getPath('documents')));
    if (chosen.canceled || !chosen.filePath) return false;
    const target = saveTarget(chosen.filePath);
    if (this.openedPath && (await isSameFile(target.path, this.openedPath))) {
      await this.showError('Choose another name', `${displayName(target.path)} is the file being shown: Synfin reads packets back from it while it is open.`);
      return false;
    }
    const r = await save(target.path, target.format);
    if (!r.ok) {
      await this.showError(`Could not save ${displayName(target.path)}`, r.error);
      return false;
    }
    await this.options.recent.add(target.path);
    this.refreshMenu();
    return true;
  }

  private showOpenError(e: OpenError): Promise<void> {
    return this.showError(`Could not open ${e.file}`, e.message);
  }

  private async showError(message: string, detail: string): Promise<void> {
    const options = { type: 'error' as const, title: 'Synfin', message, detail, buttons: ['OK'] };
    const win = this.window;
    await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
  }

  private run(action: MenuAction): void {
    const report = (p: Promise<unknown>) => p.catch((e: unknown) => this.options.log(`menu action ${action.kind} failed: ${String(e)}`));
    switch (action.kind) {
      case 'open': void report(this.openDialog('menu')); break;
      case 'open-recent': void report(this.openRecent(action.id, 'menu')); break;
      case 'open-sample': void report(this.openPath(sampleCapturePath(this.options.location), 'menu')); break;
      case 'clear-recent':
        app.clearRecentDocuments();
        void report(this.options.recent.clear().then(() => this.refreshMenu()));
        break;
      case 'close-file': void report(this.closeFile()); break;
      case 'save-as': void report(this.saveAs()); break;
      case 'ui': this.pushes.command(action.command); break;
    }
  }

  /** Rebuilds the menu when what it shows changed (not on every progress push). */
  private refreshMenu(): void {
    const state: MenuState = {
      platform: process.platform,
      appName: APP_NAME,
      version: app.getVersion(),
      recent: this.options.recent.list(),
      hasSession: this.session !== null,
      canSave: this.session !== null && typeof this.host.saveAs === 'function',
      devTools: this.options.devTools,
    };
    const key = JSON.stringify(state);
    if (key === this.menuKey) return;
    this.menuKey = key;
    Menu.setApplicationMenu(Menu.buildFromTemplate(toElectronTemplate(buildMenu(state), (a) => this.run(a))));
  }
}
