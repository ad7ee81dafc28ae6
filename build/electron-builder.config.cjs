// electron-builder configuration: `npm run dist` (scripts/dist.mjs) builds the installers of the
// platform it runs on — AppImage and deb on Linux, dmg on macOS, NSIS on Windows — into release/.
// test/dist/config.test.ts validates this file against electron-builder's own schema and checks
// that every file it names exists; docs/packaging.md says what each choice is for.
'use strict';

/** The capture file types the OS opens in Synfin (electron/main/launch-args.ts reads them from argv, app.ts from macOS's open-file). */
const captureTypes = [
  // shared-mime-info's types, so the desktop entry's MimeType matches what file managers detect.
  { ext: 'pcapng', name: 'pcapng capture', mimeType: 'application/x-pcapng' },
  { ext: 'pcap', name: 'pcap capture', mimeType: 'application/vnd.tcpdump.pcap' },
  { ext: 'cap', name: 'pcap capture', mimeType: 'application/vnd.tcpdump.pcap' },
];

/** @type {import('app-builder-lib').Configuration} */
module.exports = {
  appId: 'dev.synfin.app',
  productName: 'Synfin',
  copyright: 'Copyright © Synfin contributors',
  directories: {
    // dist/ is the build's own output (scripts/build.mjs): installers go elsewhere.
    output: 'release',
    buildResources: 'build',
  },
  // The app is dist/ as scripts/build.mjs lays it out; everything main, preload and the workers
  // import is bundled, so the only module shipped is `cap` (an optional dependency: live capture).
  files: [
    'package.json',
    'dist/**/*',
    '!dist/**/*.map',
    // React is a dependency of the renderer's build only: Vite bundles it into dist/renderer.
    '!node_modules/{react,react-dom,scheduler}/**',
    // nan is cap's build-time C++ header library: nothing loads it at run time.
    '!node_modules/nan/**',
    '!node_modules/cap/{src,deps,test}/**',
    '!node_modules/cap/build/Release/{obj.target,.deps}/**',
  ],
  asar: true,
  asarUnpack: [
    // Worker threads are started from a real file (electron/main/paths.ts points at this copy),
    // with the package.json that scripts/build.mjs writes there to keep them ES modules.
    'dist/host/**',
    // The native capture module: a .node must be a real file to be dlopen()ed, and its loader
    // script beside it resolves it by a relative path.
    'node_modules/cap/**',
  ],
  // Rebuild `cap` against Electron's Node ABI (@electron/rebuild; it downloads Electron's headers).
  npmRebuild: true,
  extraResources: [
    // Outside the asar so the host's reader opens it as a plain file (electron/main/paths.ts).
    { from: 'build/samples/sample.pcapng', to: 'samples/sample.pcapng' },
  ],
  fileAssociations: captureTypes.map((t) => ({ ...t, role: 'Viewer', rank: 'Alternate' })),
  // Electron's compile-time switches, flipped in the packaged binary: no ELECTRON_RUN_AS_NODE,
  // NODE_OPTIONS or --inspect to run other code inside Synfin, the app only from its asar (whose
  // integrity macOS and Windows check), and no extra file:// privileges (the app uses app://).
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  },

  linux: {
    target: ['AppImage', 'deb'],
    // `synfin` is the command-line tool (bin/synfin.js); the app's own command stays distinct.
    executableName: 'synfin-app',
    icon: 'build/icons',
    category: 'Network',
    synopsis: 'See every TCP connection from SYN to FIN',
    description: 'A desktop packet analyzer for pcap and pcapng files and live capture that shows each TCP connection as a ladder: the handshake, the data, the teardown or the reset, with both ends\' TCP states.',
    maintainer: 'Synfin contributors <synfin@users.noreply.github.com>',
    vendor: 'Synfin',
    desktop: {
      entry: {
        Name: 'Synfin',
        GenericName: 'Packet Analyzer',
        Comment: 'See every TCP connection from SYN to FIN',
        Categories: 'Network;Monitor;',
        Keywords: 'pcap;pcapng;tcp;packet;capture;wireshark;network;',
      },
    },
  },
  deb: {
    // Live capture needs libpcap at run time (Debian 12: libpcap0.8; Ubuntu 24.04: libpcap0.8t64);
    // without it Synfin still opens files and says why capture is unavailable.
    recommends: ['libpcap0.8 | libpcap0.8t64'],
  },
  appImage: {
    artifactName: '${productName}-${version}-${arch}.${ext}',
  },

  mac: {
    target: ['dmg'],
    icon: 'build/icon.icns',
    category: 'public.app-category.developer-tools',
    darkModeSupport: true,
  },
  dmg: {
    title: '${productName} ${version}',
  },

  win: {
    target: ['nsis'],
    icon: 'build/icon.ico',
  },
  nsis: {
    oneClick: false,
    allowToChangeInstallationDirectory: true,
    // A per-user install by default: no administrator rights needed to read capture files.
    perMachine: false,
    installerIcon: 'build/icon.ico',
    uninstallerIcon: 'build/icon.ico',
    shortcutName: 'Synfin',
  },
};
