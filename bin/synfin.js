#!/usr/bin/env node
// The `synfin` command: a thin launcher for the built CLI (`npm run build`). CommonJS (bin/package.json
// says so), as the CLI is: Node then does not start its ES module loader, a cost at every start.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const cli = join(__dirname, '../dist/cli/synfin.cjs');
if (!existsSync(cli)) {
  process.stderr.write('synfin: the command line is not built yet; run `npm run build` first\n');
  process.exit(1);
}
require(cli);
