// Builds every shipped part: the CLI, the host worker, Electron main and preload (esbuild),
// and the renderer (Vite). Entry points that do not exist yet are skipped.
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';

const node = { bundle: true, platform: 'node', target: 'node20', format: 'esm', sourcemap: true, logLevel: 'warning',
  // ESM bundles have no require(); native and Electron modules are loaded at run time.
  banner: { js: "import { createRequire as __synfinRequire } from 'node:module'; const require = __synfinRequire(import.meta.url);" },
  external: ['electron', 'cap'] };

const targets = [
  { entryPoints: ['electron/cli/synfin.ts'], outfile: 'dist/cli/synfin.js', ...node },
  { entryPoints: ['electron/host/analysis-worker.ts'], outfile: 'dist/host/analysis-worker.js', ...node },
  { entryPoints: ['electron/host/capture-worker.ts'], outfile: 'dist/host/capture-worker.js', ...node },
  { entryPoints: ['electron/main/main.ts'], outfile: 'dist/main/main.js', ...node },
  // A sandboxed preload runs as CommonJS and may only require('electron').
  { entryPoints: ['electron/preload/preload.ts'], outfile: 'dist/preload/preload.cjs', bundle: true, platform: 'node',
    target: 'node20', format: 'cjs', external: ['electron'], sourcemap: true, logLevel: 'warning' },
];

rmSync('dist', { recursive: true, force: true });
await Promise.all(targets.filter((t) => existsSync(t.entryPoints[0])).map((t) => build(t)));

if (existsSync('renderer/index.html')) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: 'renderer/vite.config.ts', logLevel: 'warn' });
}
