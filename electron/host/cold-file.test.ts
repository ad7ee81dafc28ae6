import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BlockFile } from '../../core/tcp/block-file';
import { MemoryColdStore } from '../../core/tcp/cold-store';
import { prng } from '../../test/support/prng';
import { type FileColdStore, openColdFile, openColdStore, WRITE_BUFFER_BYTES } from './cold-file';
import type { TemporaryFile } from './temp-file';

const dir = mkdtempSync(join(tmpdir(), 'synfin-cold-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small write buffer, so that a few kilobytes of records already flush many times. */
const SMALL_BUFFER = 4096;

/** `length` bytes that say which record they are (a record read from the wrong place shows). */
function record(seed: number, length: number): Uint8Array {
  const b = new Uint8Array(length);
  const start = (prng(seed)() * 2 ** 32) >>> 0;
  for (let i = 0; i < length; i++) b[i] = (start >>> ((i & 3) * 8)) ^ i ^ (i >>> 8);
  return b;
}

/** Byte for byte, quickly (toEqual walks a large array element by element). */
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

/** A record length as a tracker's would be, with the edges the store must handle mixed in. */
function randomLength(next: () => number, writeBuffer: number): number {
  const r = next();
  if (r < 0.05) return 0;
  if (r < 0.1) return 1;
  if (r < 0.12) return writeBuffer + Math.floor(next() * writeBuffer); // larger than the buffer
  if (r < 0.15) return 1000 + Math.floor(next() * 100); // across the 1 KiB read-ahead
  return 60 + Math.floor(next() * 200);
}

/** The store's descriptor, swapped behind its back to make the system fail a write or a read. */
const descriptor = (store: FileColdStore) => (store as unknown as { file: TemporaryFile }).file;
/** A descriptor number no process has open, so nothing real gets closed or written by mistake. */
const NOT_OPEN_FD = 0x3fffffff;

const literally = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('FileColdStore', () => {
  it('gives back every record exactly as put: empty, one byte, larger than the write buffer', () => {
    const store = openColdFile(dir, SMALL_BUFFER);
    const next = prng(7);
    const lengths = Array.from({ length: 2000 }, () => randomLength(next, SMALL_BUFFER));
    lengths.push(0, 1, 1020, 1021, SMALL_BUFFER - 4, SMALL_BUFFER - 3, SMALL_BUFFER, 3 * SMALL_BUFFER);
    const handles = lengths.map((length, i) => store.put(record(i, length), length));
    lengths.forEach((length, i) => expect(same(store.get(handles[i]!), record(i, length)), `record ${i}`).toBe(true));
    expect(store.size).toBe(lengths.reduce((a, b) => a + b, 0));
    store.close();
  });

  it('stores only the first `length` bytes of what it is given', () => {
    const store = openColdFile(dir);
    const h = store.put(record(1, 100), 10);
    expect(store.get(h)).toEqual(record(1, 100).subarray(0, 10));
    expect(store.size).toBe(10);
    store.close();
  });

  it('reads a record back while it is still in the write buffer, and after it has been flushed', () => {
    const store = openColdFile(dir, SMALL_BUFFER);
    const first = store.put(record(1, 120), 120);
    expect(store.get(first)).toEqual(record(1, 120)); // still in memory
    const handles = [first];
    for (let i = 2; i < 200; i++) {
      handles.push(store.put(record(i, 120), 120));
      // The newest (in the buffer) and the first (in the file by now) alternately.
      expect(store.get(handles[handles.length - 1]!)).toEqual(record(i, 120));
      expect(store.get(first)).toEqual(record(1, 120));
    }
    handles.forEach((h, i) => expect(store.get(h)).toEqual(record(i + 1, 120)));
    store.close();
  });

  it('gives the same bytes and size as MemoryColdStore for the same puts and gets (seeded, interleaved)', () => {
    for (const writeBuffer of [SMALL_BUFFER, undefined]) {
      const file = openColdFile(dir, writeBuffer);
      const memory = new MemoryColdStore();
      const next = prng(2026);
      const pairs: [number, number][] = [];
      for (let step = 0; step < (writeBuffer ? 20_000 : 4_000); step++) {
        if (pairs.length === 0 || next() < 0.5) {
          const length = randomLength(next, writeBuffer ?? 1 << 20);
          const bytes = record(step, length);
          pairs.push([file.put(bytes, length), memory.put(bytes, length)]);
        } else {
          const [f, m] = pairs[Math.floor(next() * pairs.length)]!;
          expect(same(file.get(f), memory.get(m)), `step ${step}`).toBe(true);
        }
        expect(file.size).toBe(memory.size);
      }
      file.close();
      memory.close();
    }
  });

  it.skipIf(process.platform === 'win32')('leaves no file in the directory once open, nor after close', () => {
    const own = mkdtempSync(join(dir, 'empty-'));
    const store = openColdFile(own);
    expect(store.path.startsWith(join(own, 'synfin-cold-'))).toBe(true);
    expect(readdirSync(own)).toEqual([]);
    store.put(record(1, 10), 10);
    store.close();
    store.close(); // a second close does nothing
    expect(readdirSync(own)).toEqual([]);
  });

  it('refuses use after close with a message naming the file', () => {
    const store = openColdFile(dir);
    store.close();
    expect(() => store.put(new Uint8Array(1), 1)).toThrow(`the temporary file ${store.path} is already closed`);
  });

  it('says in one line which file it could not create, and why', () => {
    const missing = join(dir, 'no-such-directory');
    let message = '';
    try {
      openColdFile(missing);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(new RegExp(`^cannot create the temporary file ${literally(missing)}/synfin-cold-${process.pid}-[0-9a-f]+: ENOENT: no such file or directory$`));
  });

  it.skipIf(process.platform === 'win32')('says in one line which file it could not write or read, and why', () => {
    const store = openColdFile(dir, SMALL_BUFFER);
    const h = store.put(record(1, SMALL_BUFFER), SMALL_BUFFER); // written at once: too large for the buffer
    const real = descriptor(store).fd;
    descriptor(store).fd = NOT_OPEN_FD;
    expect(() => store.get(h)).toThrow(new RegExp(`^cannot read the temporary file ${literally(store.path)}: EBADF: bad file descriptor$`));
    expect(() => store.put(record(2, SMALL_BUFFER), SMALL_BUFFER)).toThrow(new RegExp(`^cannot write the temporary file ${literally(store.path)}: EBADF: bad file descriptor$`));
    descriptor(store).fd = real;
    store.close();
  });
});

describe('openColdStore', () => {
  it('keeps records in memory from the first write the file refuses, says why once, and loses none', () => {
    const said: string[] = [];
    const store = openColdStore((why) => said.push(why), dir);
    const file = (store as unknown as { file: FileColdStore }).file;
    const handles: number[] = [];
    const records: Uint8Array[] = [];
    const put = (k: number, size: number) => {
      records.push(record(k, size));
      handles.push(store.put(records[k]!, size));
    };
    put(0, WRITE_BUFFER_BYTES + 1); // straight to the file
    put(1, 100); // waits in the write buffer
    const real = descriptor(file).fd;
    descriptor(file).fd = NOT_OPEN_FD;
    put(2, WRITE_BUFFER_BYTES); // its flush fails: from here on, memory
    put(3, 50);
    expect(said).toEqual([expect.stringMatching(/^cannot write the temporary file .*: EBADF: bad file descriptor$/)]);
    descriptor(file).fd = real;
    records.forEach((r, k) => expect(store.get(handles[k]!)).toEqual(r));
    expect(store.size).toBe(2 * WRITE_BUFFER_BYTES + 151);
    store.close();
  });

  it('keeps records in memory when no temporary file can be made', () => {
    const said: string[] = [];
    const store = openColdStore((why) => said.push(why), join(dir, 'no-such-directory'));
    const h = store.put(record(7, 30), 30);
    expect(store.get(h)).toEqual(record(7, 30));
    expect(said).toEqual([expect.stringMatching(/^cannot create the temporary file .*: ENOENT/)]);
  });
});

describe('scratch', () => {
  /** Writes a page at 0 and one past 4 GB (a hole between, on disk), and reads both back. */
  function works(scratch: BlockFile): void {
    const offsets = process.platform === 'win32' ? [0, 100_000] : [0, 2 ** 32 + 100];
    offsets.forEach((at, i) => scratch.write(at, record(i, 4096), 4096));
    const into = new Uint8Array(4096);
    offsets.forEach((at, i) => {
      scratch.read(at, into, 4096);
      expect(same(into, record(i, 4096)), `at ${at}`).toBe(true);
    });
    scratch.read(50_000, into, 4096);
    expect(same(into, new Uint8Array(4096))).toBe(true);
  }

  it("gives FileColdStore's scratch files in its directory, working, and none once it is closed", () => {
    const store = openColdFile(dir);
    const scratch = store.scratch();
    expect(scratch.path.startsWith(join(dir, 'synfin-scratch-'))).toBe(true);
    works(scratch);
    scratch.close();
    store.close();
    expect(() => store.scratch()).toThrow(`the temporary file ${store.path} is already closed`);
  });

  it.skipIf(process.platform === 'win32')("gives openColdStore's scratch files, and says once in all that memory is used, whichever turns to it", () => {
    const said: string[] = [];
    const own = mkdtempSync(join(dir, 'gone-'));
    const store = openColdStore((why) => said.push(why), own);
    const onDisk = store.scratch();
    works(onDisk);
    expect(said).toEqual([]);
    rmSync(own, { recursive: true }); // the files are unlinked already: only new ones fail
    const inMemory = store.scratch(); // cannot be created: in memory, and the caller hears of it
    works(inMemory);
    expect(said).toEqual([expect.stringMatching(/^cannot create the temporary file .*synfin-scratch-.*: ENOENT/)]);
    const file = (store as unknown as { file: FileColdStore }).file;
    const real = descriptor(file).fd;
    descriptor(file).fd = NOT_OPEN_FD;
    const h = store.put(record(1, WRITE_BUFFER_BYTES + 1), WRITE_BUFFER_BYTES + 1); // refused: in memory, said already
    descriptor(file).fd = real;
    expect(same(store.get(h), record(1, WRITE_BUFFER_BYTES + 1))).toBe(true);
    works(store.scratch());
    works(onDisk);
    expect(said).toHaveLength(1);
    [onDisk, inMemory].forEach((s) => s.close());
    store.close();
  });
});
