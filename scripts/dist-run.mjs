// The electron-builder run of `npm run dist`, in a child process so that scripts/dist.mjs can keep
// its output (and that of node-gyp, which it prints itself) in release/dist.log and show one line
// when it fails. Arguments: [--dir] [--x64] [--arm64]. Prints each artifact as `artifact PATH`;
// on failure, a last stderr line `synfin-dist-failure {message, code, url}` and exit code 1.
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const { build } = createRequire(import.meta.url)('electron-builder');

try {
  const artifacts = await build({
    projectDir: root,
    config: join(root, 'build/electron-builder.config.cjs'),
    publish: 'never',
    dir: args.has('--dir'),
    x64: args.has('--x64') || undefined,
    arm64: args.has('--arm64') || undefined,
  });
  for (const a of artifacts) process.stdout.write(`artifact ${a}\n`);
} catch (e) {
  process.stderr.write(`${e?.stack ?? e}\n`);
  // got's errors carry the request's options (not enumerable): the URL says what was being fetched.
  const url = e?.options?.url?.href ?? (typeof e?.url === 'string' ? e.url : undefined);
  process.stderr.write(`synfin-dist-failure ${JSON.stringify({ message: String(e?.message ?? e), code: e?.code, url })}\n`);
  process.exitCode = 1;
}
