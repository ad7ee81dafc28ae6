import { describe, expect, it } from 'vitest';
import { analysisWorkerPath, preloadPath, rendererRoot, sampleCapturePath } from './paths';

const dev = { mainDir: '/repo/dist/main', packaged: false, resourcesPath: '/opt/electron/resources', appPath: '/repo' };
const packaged = { mainDir: '/opt/Synfin/resources/app.asar/dist/main', packaged: true, resourcesPath: '/opt/Synfin/resources', appPath: '/opt/Synfin/resources/app.asar' };

describe('where the app finds its own files', () => {
  it('finds the preload and the renderer beside the main bundle, as scripts/build.mjs lays them out', () => {
    expect(preloadPath(dev)).toBe('/repo/dist/preload/preload.cjs');
    expect(rendererRoot(dev)).toBe('/repo/dist/renderer');
    expect(rendererRoot(packaged)).toBe('/opt/Synfin/resources/app.asar/dist/renderer');
  });

  it('finds the sample capture in the repository, or as an extra resource outside the asar when packaged', () => {
    expect(sampleCapturePath(dev)).toBe('/repo/build/samples/sample.pcapng');
    expect(sampleCapturePath(packaged)).toBe('/opt/Synfin/resources/samples/sample.pcapng');
  });

  it('starts the analysis worker from the build, or from the copy unpacked beside the asar when packaged', () => {
    expect(analysisWorkerPath(dev)).toBe('/repo/dist/host/analysis-worker.js');
    expect(analysisWorkerPath(packaged)).toBe('/opt/Synfin/resources/app.asar.unpacked/dist/host/analysis-worker.js');
  });
});
