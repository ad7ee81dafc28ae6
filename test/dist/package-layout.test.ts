/**
 * The packaged app's layout, from a real electron-builder run over the real build: `--dir` for
 * this platform with build/electron-builder.config.cjs, where the app's own paths
 * (electron/main/paths.ts) must find the worker, the sample, the preload and the renderer.
 *
 * Three things of a release build cannot happen without internet, so this run leaves them out:
 * Electron itself (a stand-in executable is given as `electronDist`), the rebuild of `cap` for
 * Electron (it needs Electron's headers; the Node build of `cap` is packed instead), and the fuses
 * (they are flipped inside the real Electron binary).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisWorkerPath, preloadPath, rendererRoot, sampleCapturePath, type AppLocation } from '../../electron/main/paths';
import { ROOT } from '../electron/corpus';

const require = createRequire(import.meta.url);
const config = require(join(ROOT, 'build/electron-builder.config.cjs'));
const builderRequire = createRequire(require.resolve('app-builder-lib'));
const asar = builderRequire('@electron/asar') as { listPackage(file: string, o?: object): string[] };
const CAP_NODE = join(ROOT, 'node_modules/cap/build/Release/cap.node');

const base = mkdtempSync(join(tmpdir(), 'synfin-pack-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let resources = '';
let inAsar: Set<string>;
let packaged: AppLocation;

beforeAll(async () => {
  if (process.platform !== 'linux') return;
  const fakeElectron = join(base, 'electron-dist');
  mkdirSync(fakeElectron);
  writeFileSync(join(fakeElectron, 'electron'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(fakeElectron, 'electron'), 0o755);
  const { build } = require('electron-builder');
  await build({
    projectDir: ROOT,
    config: { ...config, npmRebuild: false, electronFuses: undefined, electronDist: fakeElectron, directories: { ...config.directories, output: join(base, 'out') } },
    publish: 'never',
    dir: true,
  });
  resources = join(base, 'out', 'linux-unpacked', 'resources');
  inAsar = new Set(asar.listPackage(join(resources, 'app.asar'), { isPack: false }).map((p) => p.replaceAll('\\', '/')));
  const app = join(resources, 'app.asar');
  packaged = { mainDir: join(app, 'dist', 'main'), packaged: true, resourcesPath: resources, appPath: app };
}, 240_000);

/** A path inside app.asar as its listing names it ("/dist/main/main.js"). */
const asarPath = (p: string) => p.slice(join(resources, 'app.asar').length);

describe.skipIf(process.platform !== 'linux')('the packaged app (electron-builder --dir, Linux)', () => {
  it('is started as synfin-app, so that `synfin` stays the command line', () => {
    expect(existsSync(join(base, 'out', 'linux-unpacked', 'synfin-app'))).toBe(true);
  });

  it('holds main, the preload and the renderer in its asar where paths.ts looks for them', () => {
    expect(inAsar.has(asarPath(packaged.mainDir + '/main.js'))).toBe(true);
    expect(inAsar.has(asarPath(preloadPath(packaged)))).toBe(true);
    expect(inAsar.has(asarPath(join(rendererRoot(packaged), 'index.html')))).toBe(true);
    expect(inAsar.has('/package.json')).toBe(true);
  });

  it('starts the analysis worker from a real file, which its package.json keeps an ES module', () => {
    const worker = analysisWorkerPath(packaged);
    expect(existsSync(worker)).toBe(true);
    expect(JSON.parse(readFileSync(join(worker, '..', 'package.json'), 'utf8'))).toEqual({ type: 'module' });
  });

  it('finds the bundled sample as a plain file, byte for byte the recorded one', () => {
    expect(readFileSync(sampleCapturePath(packaged))).toEqual(readFileSync(join(ROOT, 'test/fixtures/sample.pcapng')));
  });

  it.skipIf(!existsSync(CAP_NODE))('unpacks the capture module beside the asar, with its loader', () => {
    const cap = join(resources, 'app.asar.unpacked', 'node_modules', 'cap');
    expect(existsSync(join(cap, 'build', 'Release', 'cap.node'))).toBe(true);
    expect(existsSync(join(cap, 'lib', 'Cap.js'))).toBe(true);
    expect(existsSync(join(cap, 'src'))).toBe(false); // sources and build intermediates stay out
  });

  it('ships no source maps and none of the modules that are only needed to build', () => {
    const shipped = [...inAsar];
    expect(shipped.filter((p) => p.endsWith('.map'))).toEqual([]);
    expect(shipped.filter((p) => /^\/node_modules\/(react|react-dom|scheduler|nan)(\/|$)/.test(p))).toEqual([]);
  });
});
