import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIN_CAPTURE } from '../../test/electron/corpus';
import { checkCaptureFile, MAX_PATH_CHARS } from './file-check';

const dir = mkdtempSync(join(tmpdir(), 'synfin-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const made = (name: string, bytes: number) => {
  const p = join(dir, name);
  writeFileSync(p, new Uint8Array(bytes));
  return p;
};

const failure = async (path: string) => {
  const r = await checkCaptureFile(path);
  expect(r.ok, path).toBe(false);
  return r.ok ? null : r.error;
};

describe('checking a path before the host reads it', () => {
  it.skipIf(!existsSync(FIN_CAPTURE))('accepts a real capture file from the corpus and reports its size', async () => {
    expect(await checkCaptureFile(FIN_CAPTURE)).toEqual({ ok: true, value: { path: FIN_CAPTURE, size: 5072 } });
  });

  it('accepts a regular file', async () => {
    const p = made('plain.pcap', 100);
    expect(await checkCaptureFile(p)).toEqual({ ok: true, value: { path: p, size: 100 } });
  });

  it('accepts a symbolic link to a regular file', async () => {
    const target = made('target.pcap', 24);
    const link = join(dir, 'link.pcap');
    symlinkSync(target, link);
    expect(await checkCaptureFile(link)).toEqual({ ok: true, value: { path: link, size: 24 } });
  });

  it('refuses a missing file, naming the file only', async () => {
    expect(await failure(join(dir, 'gone', 'missing.pcap'))).toEqual({ file: 'missing.pcap', message: 'the file does not exist (moved or deleted?)' });
  });

  it('refuses a folder, and a link to one', async () => {
    mkdirSync(join(dir, 'captures.pcap'));
    symlinkSync(join(dir, 'captures.pcap'), join(dir, 'dirlink.pcap'));
    expect((await failure(join(dir, 'captures.pcap')))?.message).toBe('this is a folder, not a capture file');
    expect((await failure(join(dir, 'dirlink.pcap')))?.message).toBe('this is a folder, not a capture file');
  });

  it('refuses a FIFO and a device, which would block or never end', async () => {
    const fifo = join(dir, 'pipe.pcap');
    execFileSync('mkfifo', [fifo]);
    expect((await failure(fifo))?.message).toBe('not a regular file (a device, pipe or socket cannot be opened)');
    expect((await failure('/dev/zero'))?.message).toBe('not a regular file (a device, pipe or socket cannot be opened)');
  });

  it('refuses an empty file', async () => {
    expect((await failure(made('empty.pcap', 0)))?.message).toBe('the file is empty');
  });

  it('refuses relative paths, NUL characters, overlong paths and non-strings', async () => {
    expect((await failure('one.pcap'))?.message).toBe('not an absolute path');
    expect((await failure('../../etc/passwd'))?.message).toBe('not an absolute path');
    expect((await failure(`${dir}/a\0b.pcap`))?.message).toBe('the path contains a NUL character');
    expect((await failure('/' + 'a'.repeat(MAX_PATH_CHARS)))?.message).toBe('the path is too long');
    expect((await failure(''))?.message).toBe('no file was named');
    expect((await failure(42 as unknown as string))?.message).toBe('no file was named');
  });

  // Root reads any file whatever its mode, so this can only be shown as an ordinary user.
  it.skipIf(process.getuid?.() === 0)('refuses a file the user may not read', async () => {
    const p = made('secret.pcap', 24);
    chmodSync(p, 0o000);
    expect((await failure(p))?.message).toBe('permission denied: the file cannot be read by you');
  });
});
