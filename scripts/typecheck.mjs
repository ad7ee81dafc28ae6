// Type-checks each layer with its own tsconfig: the compiler is what enforces the rooms of DESIGN.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';

// A layer with no sources yet has nothing to check (tsc would call that an error).
const hasSources = (dir) => readdirSync(dir, { recursive: true }).some((f) => /\.tsx?$/.test(String(f)) && !String(f).includes('node_modules'));

const projects = [
  'core/tsconfig.json',
  'electron/host/tsconfig.json',
  'electron/cli/tsconfig.json',
  'electron/main/tsconfig.json',
  'electron/preload/tsconfig.json',
  'renderer/tsconfig.json',
  'tsconfig.test.json',
];
let failed = false;
for (const project of projects) {
  if (!existsSync(project) || !hasSources(dirname(project))) continue;
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project], { stdio: 'inherit' });
  if (r.status !== 0) { console.error(`typecheck failed: ${project}`); failed = true; }
}
process.exit(failed ? 1 : 0);
