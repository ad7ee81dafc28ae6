/**
 * The app's lifecycle: one instance, one window, files from the command line, the OS and second
 * launches, IPC registration, and an orderly quit (ask about an unsaved capture, then dispose the
 * host so its workers and capture stop). Electron glue; the decisions live in the modules it calls.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, ipcMain, protocol, session } from 'electron';
import { APP_SCHEME_PRIVILEGES } from './app-protocol';
import { createDispatcher, registerDropHandler, registerInvokeHandlers } from './ipc-dispatch';
import { FirstStart, filesFromArgv, filesFromSecondInstance, launchData, userDataOverride, type ArgvContext } from './launch-args';
import { rendererRoot, type AppLocation } from './paths';
import { RecentFiles } from './recent-files';
import { isTrustedSender } from './security';
import { Shell, type HostFactory } from './shell';
import { guardWebContents, hardenSession, senderFacts } from './window';

const log = (line: string): void => void process.stderr.write(`synfin: ${line}\n`);

/** Starts the app with the given host. Call once, synchronously, from the main entry module. */
export function runApp(createHost: HostFactory, mainModuleUrl: string): void {
  // Before anything touches userData: the single-instance lock and the recent list live there.
  const userData = userDataOverride(process.env);
  if (userData !== null) app.setPath('userData', userData);

  // Both must happen before 'ready'.
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.enableSandbox();

  const argvContext: ArgvContext = { defaultApp: process.defaultApp === true, cwd: process.cwd() };
  const launchFiles = filesFromArgv(process.argv, argvContext);
  if (!app.requestSingleInstanceLock(launchData(launchFiles))) {
    // Synfin already runs: it received our files through 'second-instance'.
    app.quit();
    return;
  }

  let shell: Shell | null = null;
  /** A file asked for before the window exists (command line, macOS open-file at launch). */
  let pending: string | null = launchFiles[0] ?? null;
  const open = (files: readonly string[]) => {
    const file = files[0];
    if (file === undefined) return;
    if (files.length > 1) log(`${files.length} files named; opening the first, ${file}`);
    if (shell) void shell.openFromOutside(file);
    else pending ??= file;
  };

  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    shell?.focus();
    open(filesFromSecondInstance(additionalData, argv, { defaultApp: argvContext.defaultApp, cwd: workingDirectory }));
  });
  // macOS: files opened from Finder or dropped on the Dock icon, also at launch (before 'ready').
  app.on('open-file', (event, path) => {
    event.preventDefault();
    open([path]);
  });
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, log));
  // One window: closing it quits, on macOS too (the window's close handler asks about unsaved work).
  app.on('window-all-closed', () => app.quit());
  app.on('activate', () => shell?.focus());
  app.on('before-quit', (event) => {
    if (shell && !shell.mayQuit()) event.preventDefault();
  });
  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed || !shell) return;
    // Stop the host's workers and capture before the process ends, then quit for real.
    event.preventDefault();
    disposed = true;
    void shell.dispose().catch((e: unknown) => log(`host did not stop cleanly: ${String(e)}`)).finally(() => app.quit());
  });

  const location: AppLocation = {
    mainDir: dirname(fileURLToPath(mainModuleUrl)),
    packaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    appPath: app.getAppPath(),
  };

  void app
    .whenReady()
    .then(async () => {
      hardenSession(session.defaultSession, rendererRoot(location), log);
      const recent = await RecentFiles.load(app.getPath('userData'));
      // `pending` also holds a file macOS asked to open at launch, before 'ready'.
      const firstStart = new FirstStart(pending !== null, recent.list().length);
      const s = new Shell({ location, recent, firstStart, devTools: !app.isPackaged, log }, createHost);
      const trusted = (event: Parameters<typeof senderFacts>[0]) => isTrustedSender(senderFacts(event), s.windowContentsId);
      registerInvokeHandlers(ipcMain, trusted, createDispatcher(s.handlers(), log), log);
      registerDropHandler(ipcMain, trusted, (paths) => void s.openDropped(paths), log);
      s.openWindow();
      shell = s;
      if (pending !== null) void s.openFromOutside(pending);
      pending = null;
    })
    .catch((e: unknown) => {
      log(`could not start: ${e instanceof Error ? e.message : String(e)}`);
      app.exit(1);
    });
}
