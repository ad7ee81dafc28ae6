// `npm start [-- FILE]`: launches the built app in Electron (package.json runs the build first).
// Files are resolved against the folder `npm start` was typed in (npm runs scripts from the
// package root and keeps the caller's folder in INIT_CWD) and passed after `--`, so a name that
// starts with a dash is still a file.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fail = (line) => {
  process.stderr.write(`synfin: ${line}\n`);
  process.exit(1);
};

// The electron package's main export is the binary's path; it throws when the download never happened.
let binary = null;
try {
  binary = createRequire(import.meta.url)('electron');
} catch {
  binary = null;
}
if (typeof binary !== 'string' || !existsSync(binary)) {
  fail('the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD was set or its download failed): run `npm install` on a machine with internet access, or set ELECTRON_MIRROR to a reachable mirror and run `node node_modules/electron/install.js`');
}
for (const built of ['dist/main/main.js', 'dist/preload/preload.cjs', 'dist/renderer/index.html']) {
  if (!existsSync(resolve(root, built))) fail(`${built} is missing: run \`npm run build\` (npm start builds first)`);
}

const callerDir = process.env.INIT_CWD ?? process.cwd();
const files = process.argv.slice(2).filter((a) => a !== '--').map((a) => resolve(callerDir, a));

const child = spawn(binary, [root, ...(files.length > 0 ? ['--', ...files] : [])], { stdio: 'inherit', cwd: root });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('error', (e) => fail(`could not start Electron: ${e.message}`));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
