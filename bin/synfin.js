#!/usr/bin/env node
// The `synfin` command: a thin launcher for the bundled CLI (built by `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli/synfin.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('synfin: the command line is not built yet; run `npm run build` first\n');
  process.exit(1);
}
await import(cli);
