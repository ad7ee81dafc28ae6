import { closeSync, mkdtempSync, openSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryBlockFile, type BlockFile } from '../../core/tcp/block-file';
import { prng } from '../../test/support/prng';
import { FileBlockFile, openScratch } from './block-file';
import type { TemporaryFile } from './temp-file';

const dir = mkdtempSync(join(tmpdir(), 'synfin-block-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `length` bytes, none zero, that say which write they are (bytes read from the wrong place show). */
function page(seed: number, length: number): Uint8Array {
  const b = new Uint8Array(length);
  const next = prng(seed);
  for (let i = 0; i < length; i++) b[i] = 1 + Math.floor(next() * 255);
  return b;
}

function readBack(file: BlockFile, offset: number, length: number): Uint8Array {
  const into = new Uint8Array(length).fill(0xee); // a read must overwrite every byte, zeros included
  file.read(offset, into, length);
  return into;
}

/** Byte for byte, quickly (toEqual walks a large array element by element). */
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

/** The file's descriptor, swapped behind its back to make the system fail a write or a read. */
const descriptor = (file: FileBlockFile) => (file as unknown as { file: TemporaryFile }).file;
/** A descriptor number no process has open, so nothing real gets closed or written by mistake. */
const NOT_OPEN_FD = 0x3fffffff;
/** The file under openScratch's BlockFile. */
const fileOf = (scratch: BlockFile) => (scratch as unknown as { file: FileBlockFile }).file;

const literally = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const FOUR_GB = 2 ** 32;

describe('FileBlockFile', () => {
  it('reads zeros where nothing was written, before the end of the file and past it', () => {
    const file = new FileBlockFile(dir);
    expect(same(readBack(file, 0, 4096), new Uint8Array(4096))).toBe(true);
    expect(readBack(file, FOUR_GB + 100, 100)).toEqual(new Uint8Array(100));
    file.write(100_000, page(1, 10), 10);
    expect(same(readBack(file, 0, 32 * 1024), new Uint8Array(32 * 1024))).toBe(true); // a hole inside the file
    expect(same(readBack(file, 100_010, 5000), new Uint8Array(5000))).toBe(true); // past its end
    expect(readBack(file, 0, 0)).toEqual(new Uint8Array(0));
    file.close();
  });

  // Windows would fill the 4 GB before the last write with zeros (NTFS files are not sparse by default).
  it.skipIf(process.platform === 'win32')('reads back exactly what was written at scattered offsets, past 4 GB too', () => {
    const file = new FileBlockFile(dir);
    const writes: [number, number][] = [[0, 4096], [12_345, 32 * 1024], [1 << 20, 1], [FOUR_GB - 10, 20], [FOUR_GB + 100, 16 * 1024], [2 ** 33 + 7, 4096]];
    writes.forEach(([offset, length], i) => file.write(offset, page(i, length), length));
    writes.forEach(([offset, length], i) => expect(same(readBack(file, offset, length), page(i, length)), `write ${i}`).toBe(true));
    file.close();
  });

  it('writes only the first `length` bytes of what it is given, and overwrites in place', () => {
    const file = new FileBlockFile(dir);
    file.write(1000, page(1, 8192), 4096);
    expect(readBack(file, 1000, 4096)).toEqual(page(1, 4096)); // page()'s first bytes do not depend on its length
    expect(readBack(file, 5096, 4096)).toEqual(new Uint8Array(4096));
    file.write(2000, page(2, 100), 100);
    const expected = page(1, 4096);
    expected.set(page(2, 100), 1000);
    expect(readBack(file, 1000, 4096)).toEqual(expected);
    file.close();
  });

  it('reads a range part written and part not as the written bytes with zeros around them', () => {
    const file = new FileBlockFile(dir);
    file.write(0, page(1, 50), 50);
    file.write(10_000, page(2, 50), 50);
    const got = readBack(file, 20, 10_100);
    const expected = new Uint8Array(10_100);
    expected.set(page(1, 50).subarray(20), 0);
    expected.set(page(2, 50), 10_000 - 20);
    expect(same(got, expected)).toBe(true);
    file.close();
  });

  it('gives the same bytes as MemoryBlockFile for the same writes and reads (seeded, interleaved)', () => {
    const file = new FileBlockFile(dir);
    const memory = new MemoryBlockFile();
    const next = prng(2026);
    // Near 4 GB and around MemoryBlockFile's 64 KiB chunks; Windows keeps to the low range (see above).
    const bases = process.platform === 'win32' ? [0] : [0, FOUR_GB - 40_000];
    const offset = () => bases[Math.floor(next() * bases.length)]! + Math.floor(next() * 600_000);
    const length = () => (next() < 0.1 ? Math.floor(next() * 16) : 4096 + Math.floor(next() * 28 * 1024));
    for (let step = 0; step < 3000; step++) {
      const at = offset();
      const n = length();
      if (next() < 0.4) {
        const bytes = page(step, n);
        file.write(at, bytes, n);
        memory.write(at, bytes, n);
      } else {
        expect(same(readBack(file, at, n), readBack(memory, at, n)), `step ${step}`).toBe(true);
      }
    }
    file.close();
    memory.close();
  });

  it.skipIf(process.platform === 'win32')('leaves no file in the directory once open, nor after close', () => {
    const own = mkdtempSync(join(dir, 'empty-'));
    const file = new FileBlockFile(own);
    expect(file.path.startsWith(join(own, 'synfin-scratch-'))).toBe(true);
    expect(readdirSync(own)).toEqual([]);
    file.write(0, page(1, 10), 10);
    file.close();
    file.close(); // a second close does nothing
    expect(readdirSync(own)).toEqual([]);
  });

  it('refuses use after close with a message naming the file', () => {
    const file = new FileBlockFile(dir);
    file.close();
    expect(() => file.write(0, new Uint8Array(1), 1)).toThrow(`the temporary file ${file.path} is already closed`);
    expect(() => file.read(0, new Uint8Array(1), 1)).toThrow(`the temporary file ${file.path} is already closed`);
  });

  it('says in one line which file it could not create, and why', () => {
    const missing = join(dir, 'no-such-directory');
    expect(() => new FileBlockFile(missing)).toThrow(new RegExp(`^cannot create the temporary file ${literally(missing)}/synfin-scratch-${process.pid}-[0-9a-f]+: ENOENT: no such file or directory$`));
  });

  it.skipIf(process.platform === 'win32')('says in one line which file it could not write or read, and why', () => {
    const file = new FileBlockFile(dir);
    const real = descriptor(file).fd;
    descriptor(file).fd = NOT_OPEN_FD;
    expect(() => readBack(file, 0, 10)).toThrow(new RegExp(`^cannot read the temporary file ${literally(file.path)}: EBADF: bad file descriptor$`));
    expect(() => file.write(0, page(1, 10), 10)).toThrow(new RegExp(`^cannot write the temporary file ${literally(file.path)}: EBADF: bad file descriptor$`));
    descriptor(file).fd = real;
    file.close();
  });
});

describe('openScratch', () => {
  // A second, read-only descriptor of the same (unlinked) file: writes through it fail, reads see the file.
  it.runIf(process.platform === 'linux')('keeps everything in memory from the first write the file refuses, says why once, and loses nothing', () => {
    const said: string[] = [];
    const scratch = openScratch((why) => said.push(why), dir);
    const file = fileOf(scratch);
    const writes: [number, number][] = [[0, 4096], [70_000, 8192], [3 << 20, 100]];
    writes.forEach(([offset, length], i) => scratch.write(offset, page(i, length), length));
    const real = descriptor(file).fd;
    const readOnly = openSync(`/proc/self/fd/${real}`, 'r');
    descriptor(file).fd = readOnly;
    writes.push([1000, 5000]); // over the first two, refused: from here on, memory
    scratch.write(1000, page(3, 5000), 5000);
    expect(said).toEqual([expect.stringMatching(new RegExp(`^cannot write the temporary file ${literally(file.path)}: EBADF: bad file descriptor$`))]);
    expect(descriptor(file).fd).toBe(-1); // the file is gone (it closed the read-only descriptor)
    closeSync(real);
    writes.push([5 << 20, 32 * 1024]);
    scratch.write(5 << 20, page(4, 32 * 1024), 32 * 1024);
    const expected = new MemoryBlockFile();
    writes.forEach(([offset, length], i) => expected.write(offset, page(i, length), length));
    for (const [offset, length] of [[0, 80_000], [3 << 20, 200], [(5 << 20) - 10, 33 * 1024]] as const) {
      expect(same(readBack(scratch, offset, length), readBack(expected, offset, length)), `at ${offset}`).toBe(true);
    }
    expect(said).toHaveLength(1);
    scratch.close();
  });

  it.skipIf(process.platform === 'win32')('throws naming the file when what the file holds cannot be read back into memory either', () => {
    const said: string[] = [];
    const scratch = openScratch((why) => said.push(why), dir);
    const file = fileOf(scratch);
    scratch.write(0, page(1, 100), 100);
    const real = descriptor(file).fd;
    descriptor(file).fd = NOT_OPEN_FD;
    const path = literally(file.path);
    expect(() => scratch.write(0, page(2, 10), 10)).toThrow(
      new RegExp(`^cannot write the temporary file ${path}: EBADF: bad file descriptor; cannot read the temporary file ${path}: EBADF: bad file descriptor$`),
    );
    expect(said).toEqual([]);
    descriptor(file).fd = real;
    scratch.close();
  });

  it('works in memory when no temporary file can be made, and says why once', () => {
    const said: string[] = [];
    const scratch = openScratch((why) => said.push(why), join(dir, 'no-such-directory'));
    scratch.write(FOUR_GB + 100, page(1, 4096), 4096);
    scratch.write(10, page(2, 10), 10);
    expect(readBack(scratch, FOUR_GB + 100, 4096)).toEqual(page(1, 4096));
    expect(readBack(scratch, 0, 30)).toEqual(new Uint8Array([...new Uint8Array(10), ...page(2, 10), ...new Uint8Array(10)]));
    expect(said).toEqual([expect.stringMatching(/^cannot create the temporary file .*: ENOENT: no such file or directory$/)]);
    scratch.close();
  });
});
