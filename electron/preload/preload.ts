/**
 * The sandboxed preload (bundled to CommonJS; the only module it requires is 'electron'):
 * `window.synfin` is exactly the contract, and dropped files go to main as paths. Nothing else of
 * ipcRenderer or Node reaches the page.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { DROP_CHANNEL } from '../../core/ipc';
import { createSynfinApi } from './bridge';
import { forwardDroppedFiles } from './drop';

contextBridge.exposeInMainWorld('synfin', createSynfinApi(ipcRenderer));

forwardDroppedFiles(window, (file) => webUtils.getPathForFile(file), (paths) => ipcRenderer.send(DROP_CHANNEL, paths));
