// `npm run dist [-- --dir] [-- --x64|--arm64]`: the installers of this platform (AppImage and deb,
// dmg, or NSIS) in release/, from the build that package.json's script runs first. The
// configuration is build/electron-builder.config.cjs; docs/packaging.md explains it.
//
// electron-builder downloads Electron's headers (to rebuild `cap`), Electron's zip and its own
// packaging tools while it builds. It runs in a child (scripts/dist-run.mjs) whose whole output goes
// to release/dist.log; only its progress lines are shown, and a failure is one line
// (scripts/dist-errors.mjs) instead of stack traces. Its rebuild of `cap` for Electron happens in
// node_modules, so afterwards `cap` is rebuilt for Node again: the CLI and the tests load it with Node.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describeDistFailure } from './dist-errors.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const say = (line) => process.stderr.write(`synfin: ${line}\n`);
const FAILURE = 'synfin-dist-failure ';

const args = [...new Set(process.argv.slice(2).filter((a) => a !== '--'))];
const unknown = args.filter((a) => !['--dir', '--x64', '--arm64'].includes(a));
if (unknown.length > 0) {
  say(`npm run dist: unknown option ${unknown.join(' ')} (known: --dir, --x64, --arm64)`);
  process.exit(1);
}
for (const built of ['dist/main/main.js', 'dist/preload/preload.cjs', 'dist/renderer/index.html', 'dist/host/analysis-worker.js', 'build/samples/sample.pcapng']) {
  if (!existsSync(join(root, built))) {
    say(`${built} is missing: run \`npm run build\` (npm run dist builds first)`);
    process.exit(1);
  }
}

const electronVersion = require('electron/package.json').version;
const capInstalled = existsSync(join(root, 'node_modules/cap/package.json'));
mkdirSync(join(root, 'release'), { recursive: true });
const logPath = join(root, 'release/dist.log');
const logFile = createWriteStream(logPath);

const child = spawn(process.execPath, [join(root, 'scripts/dist-run.mjs'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
let failure = null;
let log = '';
const artifacts = [];
const keep = (line) => {
  log += `${line}\n`;
  logFile.write(`${line}\n`);
};
createInterface({ input: child.stdout }).on('line', (line) => {
  keep(line);
  if (line.startsWith('artifact ')) artifacts.push(line.slice('artifact '.length));
  else if (/^\s*(\x1b\[[0-9;]*m)*•/.test(line)) process.stdout.write(`${line}\n`); // eslint-disable-line no-control-regex -- coloured progress lines
});
createInterface({ input: child.stderr }).on('line', (line) => {
  if (line.startsWith(FAILURE)) failure = JSON.parse(line.slice(FAILURE.length));
  else keep(line);
});
const code = await new Promise((done) => child.on('close', (c) => done(c ?? 1)));
await new Promise((done) => logFile.end(done));

if (code === 0) {
  for (const a of artifacts) process.stdout.write(`${a}\n`);
} else {
  say(`npm run dist failed: ${describeDistFailure(failure, log, { electronVersion, platform: process.platform, arch: process.arch })} (full log: release/dist.log)`);
}
if (capInstalled) {
  // Back to the Node build of `cap` (the rebuild for Electron replaced it, or failed half-way).
  const r = spawnSync('npm', ['rebuild', 'cap', '--no-audit', '--no-fund'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', shell: process.platform === 'win32' });
  if (r.status !== 0) say(`could not rebuild cap for Node after packaging; run \`npm rebuild cap\` (${(r.stderr ?? '').trim().split('\n').pop()})`);
}
process.exit(code === 0 ? 0 : 1);
