// Vite builds the renderer into dist/renderer. scripts/build.mjs runs from the repository root, so
// `root` is given relative to it (no Node path helpers: this folder may not import Node modules).
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  // The app loads its pages from disk (file:// in Electron): every URL must be relative.
  base: './',
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true, target: 'chrome130' },
  // Vite 8 compiles TSX itself (oxc); React 19 wants the automatic JSX runtime.
  oxc: { jsx: { runtime: 'automatic' } },
});
