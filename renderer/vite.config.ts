// Vite builds the renderer into dist/renderer. scripts/build.mjs runs from the repository root, so
// `root` is given relative to it (no Node path helpers: this folder may not import Node modules).
import { defineConfig, type Plugin } from 'vite';
import { cspMetaTag } from '../core/csp.ts';

/** The app's CSP as a meta tag, first in <head>: the fallback when the page is served without the header. */
const cspMeta = (): Plugin => ({
  name: 'synfin-csp-meta',
  transformIndexHtml: (html) => html.replace('<head>', `<head>\n    ${cspMetaTag()}`),
});

export default defineConfig({
  root: 'renderer',
  // The app loads its pages from disk (file:// in Electron): every URL must be relative.
  base: './',
  // Chromium preloads modules itself; Vite's polyfill would fetch(), which the CSP forbids.
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true, target: 'chrome130', modulePreload: { polyfill: false } },
  plugins: [cspMeta()],
  // Vite 8 compiles TSX itself (oxc); React 19 wants the automatic JSX runtime.
  oxc: { jsx: { runtime: 'automatic' } },
});
