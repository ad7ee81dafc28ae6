/**
 * build/electron-builder.config.cjs, checked the way `npm run dist` would meet it: against
 * electron-builder's own schema (its validateConfiguration, which runs ajv over the scheme.json it
 * ships), and against the repository — every icon, resource and file pattern it names exists after
 * `npm run build`. Installers cannot be built on this machine (no internet for Electron's zip), so
 * these checks are what keeps the configuration honest between releases.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ICNS_TYPES, ICO_SIZES } from '../../scripts/icon-formats.mjs';
import { ROOT } from '../electron/corpus';

const require = createRequire(import.meta.url);
type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- electron-builder's Configuration, read as data
const config: Config = require(join(ROOT, 'build/electron-builder.config.cjs'));
// app-builder-lib is electron-builder's engine; this is the function its build() calls on a config.
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: Config, debug: { isEnabled: boolean }): Promise<void>;
};
const validate = (c: Config) => validateConfiguration(structuredClone(c), { isEnabled: false });

/** The sizes `npm run icons` draws (scripts/icons.mjs); Linux's hicolor theme takes each. */
const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

/** The part of a glob before its first wildcard: what must exist for the pattern to match anything. */
const globBase = (pattern: string) => pattern.split(/[*?{[]/)[0]!.replace(/\/$/, '');

/** Every path the configuration names that is not in the repository (or the build), as "key: path". */
function missingFiles(c: Config): string[] {
  const named: [string, string][] = [
    ['directories.buildResources', c.directories?.buildResources],
    ['linux.icon', c.linux?.icon],
    ['mac.icon', c.mac?.icon],
    ['win.icon', c.win?.icon],
    ['nsis.installerIcon', c.nsis?.installerIcon],
    ['nsis.uninstallerIcon', c.nsis?.uninstallerIcon],
    ...(c.extraResources ?? []).map((r: { from: string }) => ['extraResources', r.from] as [string, string]),
    ...(c.files ?? []).filter((p: string) => !p.startsWith('!')).map((p: string) => ['files', globBase(p)] as [string, string]),
    ...(c.asarUnpack ?? []).map((p: string) => ['asarUnpack', globBase(p)] as [string, string]),
  ];
  return named.filter(([, p]) => p !== undefined && !existsSync(join(ROOT, p))).map(([k, p]) => `${k}: ${p}`);
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe('electron-builder configuration', () => {
  it("is valid against electron-builder's own schema", async () => {
    await expect(validate(config)).resolves.toBeUndefined();
  });

  it('would be rejected by that schema with a misspelt option (the check above can fail)', async () => {
    // electron-builder names the option that holds the mistake, not the misspelt key itself.
    await expect(validate({ ...config, linux: { ...config.linux, categroy: 'Network' } })).rejects.toThrow(/does not match the API schema[^]*configuration\.linux/);
    await expect(validate({ ...config, fileAssociations: [{ extension: 'pcap' }] })).rejects.toThrow(/configuration\.fileAssociations/);
  });

  it('names only files that exist once the app is built', () => {
    expect(existsSync(join(ROOT, 'dist/main/main.js')), 'run `npm run build` first').toBe(true);
    expect(missingFiles(config)).toEqual([]);
    expect(missingFiles({ ...config, mac: { ...config.mac, icon: 'build/synfin.icns' } })).toEqual(['mac.icon: build/synfin.icns']);
  });

  it("keeps the packaged workers ES modules and starts the app from the build's main", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(existsSync(join(ROOT, pkg.main))).toBe(true);
    expect(JSON.parse(readFileSync(join(ROOT, 'dist/host/package.json'), 'utf8'))).toEqual({ type: 'module' });
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['dist/host/**', 'node_modules/cap/**']));
    expect(config.npmRebuild).toBe(true); // `cap` rebuilt against Electron's ABI
    expect(config.extraResources).toContainEqual({ from: 'build/samples/sample.pcapng', to: 'samples/sample.pcapng' });
  });

  it('builds AppImage and deb, dmg and NSIS for Synfin, with its app id', () => {
    expect(config.appId).toBe('dev.synfin.app');
    expect(config.productName).toBe('Synfin');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
  });

  it('puts the desktop entry in the Network category and opens .pcap, .pcapng and .cap files', () => {
    expect(config.linux.category).toBe('Network');
    expect(config.linux.desktop.entry.Categories.split(';')).toContain('Network');
    const assoc = config.fileAssociations as { ext: string; mimeType: string; role: string }[];
    expect(assoc.map((a) => a.ext).sort()).toEqual(['cap', 'pcap', 'pcapng']);
    for (const a of assoc) expect(a.mimeType).toMatch(/^application\/(vnd\.tcpdump\.pcap|x-pcapng)$/);
  });

  it('ships a PNG icon at every size, each really that size', () => {
    const dir = join(ROOT, config.linux.icon);
    expect(readdirSync(dir).sort()).toEqual(PNG_SIZES.map((s) => `${s}x${s}.png`).sort());
    for (const s of PNG_SIZES) expect(pngSize(join(dir, `${s}x${s}.png`))).toEqual([s, s]);
  });

  it('ships a Windows .ico and a macOS .icns that hold every size they list', () => {
    const ico = readFileSync(join(ROOT, config.win.icon));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]); // reserved, type 1 = icon
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => ico[6 + i * 16] || 256); // 0 means 256
    expect(sizes).toEqual(ICO_SIZES);

    const icns = readFileSync(join(ROOT, config.mac.icon));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(statSync(join(ROOT, config.mac.icon)).size);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) types.push(icns.subarray(at, at + 4).toString('latin1'));
    expect(types).toEqual(ICNS_TYPES.map(([t]) => t));
  });
});
