/**
 * The Electron main process entry (bundled to dist/main/main.js): the app shell of app.ts with the
 * host services of electron/host. Everything runs from here synchronously, before 'ready'.
 */
import { createHost } from '../host/host';
import { runApp } from './app';

runApp(createHost, import.meta.url);
