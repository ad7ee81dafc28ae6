/**
 * Where the app's own files are, decided in one place so that packaging (electron-builder's
 * `extraResources`, an asar archive) changes only this module.
 *
 * Built layout (scripts/build.mjs): dist/main/main.js, dist/preload/preload.cjs, dist/renderer/.
 * Packaged, the same dist/ tree is inside the app; the sample capture is an extra resource next to
 * it (outside the asar, so the host's reader can open it as a plain file).
 */
import { join } from 'node:path';

export interface AppLocation {
  /** Folder of the running main bundle (dist/main). */
  mainDir: string;
  /** app.isPackaged. */
  packaged: boolean;
  /** process.resourcesPath (the packaged app's resources folder). */
  resourcesPath: string;
  /** app.getAppPath(): the repository root in development. */
  appPath: string;
}

export const SAMPLE_CAPTURE_NAME = 'sample.pcapng';

export const preloadPath = (at: AppLocation): string => join(at.mainDir, '..', 'preload', 'preload.cjs');

export const rendererRoot = (at: AppLocation): string => join(at.mainDir, '..', 'renderer');

/**
 * The analysis worker. Packaged, it is started from the copy electron-builder unpacks beside the
 * asar (build/electron-builder.config.cjs, asarUnpack): worker threads load their script as a real
 * file, and that folder's package.json keeps it an ES module.
 */
export const analysisWorkerPath = (at: AppLocation): string =>
  at.packaged ? join(at.resourcesPath, 'app.asar.unpacked', 'dist', 'host', 'analysis-worker.js') : join(at.mainDir, '..', 'host', 'analysis-worker.js');

/** The bundled sample capture: `resources/samples/` when packaged, `build/samples/` in the repository. */
export const sampleCapturePath = (at: AppLocation): string =>
  at.packaged ? join(at.resourcesPath, 'samples', SAMPLE_CAPTURE_NAME) : join(at.appPath, 'build', 'samples', SAMPLE_CAPTURE_NAME);
