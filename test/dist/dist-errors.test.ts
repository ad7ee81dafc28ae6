/**
 * The one line `npm run dist` prints when electron-builder fails (scripts/dist-errors.mjs), fed
 * what scripts/dist-run.mjs reports and the log text electron-builder, @electron/rebuild and
 * node-gyp really printed when this machine (no internet but the npm registry) ran it.
 */
import { describe, expect, it } from 'vitest';
import { describeDistFailure } from '../../scripts/dist-errors.mjs';

const ctx = { electronVersion: '40.10.2', platform: 'linux', arch: 'x64' };

// Recorded from `npm run dist -- --dir` here: the rebuild of `cap` needs Electron's headers.
const HEADERS_LOG = `  • executing @electron/rebuild  electronVersion=40.10.2 arch=x64 buildFromSource=false
  • preparing       moduleName=cap arch=x64
  ⨯ 
Error: This is most likely not a problem with node-gyp or the package itself and
is related to network connectivity. In most cases you are behind a proxy or have bad 
network settings.
    at go (/work/node_modules/node-gyp/lib/install.js:244:21)
Error: node-gyp failed to rebuild '/work/node_modules/cap'
    at ChildProcess.<anonymous> (file:///work/node_modules/@electron/rebuild/lib/module-type/node-gyp/node-gyp.js:120:24)`;

// Recorded when the rebuild had nothing to do and packaging went on to fetch Electron itself.
const ZIP_LOG = `  • packaging       platform=linux arch=x64 electron=40.10.2 appOutDir=release/linux-unpacked
RequestError: getaddrinfo ENOTFOUND github.com
    at ClientRequest.<anonymous> (/work/node_modules/got/dist/source/core/index.js:970:111)`;

const ZIP_URL = 'https://github.com/electron/electron/releases/download/v40.10.2/electron-v40.10.2-linux-x64.zip';

describe('describeDistFailure', () => {
  it('says the rebuild of cap could not fetch Electron headers when node-gyp reports no network', () => {
    const line = describeDistFailure({ message: "node-gyp failed to rebuild '/work/node_modules/cap'" }, HEADERS_LOG, ctx);
    expect(line).toBe("could not download Electron 40.10.2's headers to rebuild cap for Electron (no network): building installers needs internet access");
  });

  it('names the Electron zip, the platform and the host that could not be resolved', () => {
    const line = describeDistFailure({ message: 'getaddrinfo ENOTFOUND github.com', code: 'ENOTFOUND', url: ZIP_URL }, ZIP_LOG, ctx);
    expect(line).toBe("could not download Electron 40.10.2 for linux-x64 (ENOTFOUND: github.com): building installers needs internet access (or ELECTRON_MIRROR set to a reachable mirror of Electron's releases)");
  });

  it('finds the host in the log when the error carries no URL', () => {
    const line = describeDistFailure({ message: 'getaddrinfo ENOTFOUND github.com' }, ZIP_LOG, ctx);
    expect(line).toMatch(/^could not download Electron 40\.10\.2 for linux-x64 \(unreachable: github\.com\)/);
  });

  it("names electron-builder's tool when that is what could not be fetched", () => {
    const url = 'https://github.com/electron-userland/electron-builder-binaries/releases/download/appimage-13.0.1/appimage-13.0.1.7z';
    const line = describeDistFailure({ message: 'connect ETIMEDOUT 140.82.121.3:443', code: 'ETIMEDOUT', url }, '', ctx);
    expect(line).toMatch(/^could not download electron-builder's appimage-13\.0\.1 \(ETIMEDOUT: github\.com\)/);
  });

  it('says a failed compile of cap is a compile failure, not a network one', () => {
    const log = "../src/binding.cc:1:10: fatal error: pcap/pcap.h: No such file or directory\nError: `make` failed with exit code: 2\nError: node-gyp failed to rebuild '/work/node_modules/cap'";
    const line = describeDistFailure({ message: "node-gyp failed to rebuild '/work/node_modules/cap'" }, log, ctx);
    expect(line).toBe("could not rebuild cap for Electron 40.10.2: Error: node-gyp failed to rebuild '/work/node_modules/cap' (is libpcap-dev, or Npcap's SDK on Windows, installed?)");
  });

  it("passes any other failure through as the error's first line, without its stack", () => {
    const line = describeDistFailure({ message: 'Application entry file "dist/main/main.js" does not exist\n    at x (y.js:1:1)' }, '', ctx);
    expect(line).toBe('Application entry file "dist/main/main.js" does not exist');
  });
});
