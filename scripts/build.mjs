// Builds every shipped part: the CLI, the host worker, Electron main and preload (esbuild),
// the renderer (Vite), and the bundled sample capture. Entry points that do not exist yet are skipped.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';

const node = { bundle: true, platform: 'node', target: 'node20', format: 'esm', sourcemap: true, logLevel: 'warning',
  // Without comments and indentation V8 has a third less text to scan at every start, and the text
  // is ASCII (comments with −, → or µ made V8 decode and scan the whole bundle as UTF-16): the
  // CLI's start-up took about 30 M instructions less. Names stay (profiles read the same); the
  // source maps lead back to the sources.
  minifyWhitespace: true,
  // ESM bundles have no require(); native and Electron modules are loaded at run time.
  banner: { js: "import { createRequire as __synfinRequire } from 'node:module'; const require = __synfinRequire(import.meta.url);" },
  external: ['electron', 'cap'] };

// The CLI is CommonJS: its launcher, so that Node does not start the ES module loader, and the
// bundle the launcher compiles through V8's code cache (electron/cli/code-cache.ts says why).
// Both run with a real require(); import.meta.url, which a script does not have, becomes the
// file's own URL, in the same directory as before.
const cjs = { ...node, format: 'cjs',
  banner: { js: "const __synfinUrl = require('node:url').pathToFileURL(__filename).href;" }, define: { 'import.meta.url': '__synfinUrl' } };

const targets = [
  { entryPoints: ['electron/cli/synfin.ts'], outfile: 'dist/cli/synfin.cjs', ...cjs },
  { entryPoints: ['electron/cli/cli-bundle.ts'], outfile: 'dist/cli/synfin-main.cjs', ...cjs },
  { entryPoints: ['electron/cli/make-code-cache.ts'], outfile: 'dist/cli/make-code-cache.js', ...node },
  { entryPoints: ['electron/cli/capture-worker.ts'], outfile: 'dist/cli/capture-worker.js', ...node },
  { entryPoints: ['electron/host/analysis-worker.ts'], outfile: 'dist/host/analysis-worker.js', ...node },
  { entryPoints: ['electron/host/capture-worker.ts'], outfile: 'dist/host/capture-worker.js', ...node },
  { entryPoints: ['electron/main/main.ts'], outfile: 'dist/main/main.js', ...node },
  // A sandboxed preload runs as CommonJS and may only require('electron').
  { entryPoints: ['electron/preload/preload.ts'], outfile: 'dist/preload/preload.cjs', bundle: true, platform: 'node',
    target: 'node20', format: 'cjs', external: ['electron'], sourcemap: true, logLevel: 'warning' },
];

rmSync('dist', { recursive: true, force: true });
await Promise.all(targets.filter((t) => existsSync(t.entryPoints[0])).map((t) => build(t)));
// Packaged, dist/host is unpacked beside app.asar (build/electron-builder.config.cjs) where the
// package.json that says "type": "module" is out of reach; this one keeps the workers ES modules.
writeFileSync('dist/host/package.json', '{ "type": "module" }\n');

// The CLI's code cache, trained on captures of every format the reader has (pcapng, pcap, IPv6)
// and on one with retransmissions; then the tool that made it goes, so that it is not shipped.
if (existsSync('dist/cli/make-code-cache.js')) {
  const training = ['test/fixtures/sample.pcapng', 'test/fixtures/retransmission.pcapng', 'test/fixtures/ipv6.pcap', 'test/fixtures/reset-unread.pcap'];
  execFileSync(process.execPath, ['dist/cli/make-code-cache.js', 'dist/cli', ...training], { stdio: ['ignore', 'ignore', 'inherit'] });
  rmSync('dist/cli/make-code-cache.js');
  rmSync('dist/cli/make-code-cache.js.map');
}

// The sample capture the app opens on first start (electron/main/paths.ts finds it here in
// development; packaged, electron-builder copies it to resources/samples).
mkdirSync('build/samples', { recursive: true });
copyFileSync('test/fixtures/sample.pcapng', 'build/samples/sample.pcapng');

if (existsSync('renderer/index.html')) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: 'renderer/vite.config.ts', logLevel: 'warn' });
}
