import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { TemporaryFile } from './temp-file';

const dir = mkdtempSync(join(tmpdir(), 'synfin-temp-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** The name TemporaryFile makes from Math.random() = r. */
const nameFor = (r: number) => join(dir, `synfin-test-${process.pid}-${Math.floor(r * 2 ** 48).toString(16).padStart(12, '0')}`);

describe('TemporaryFile', () => {
  it('tries another name when the first is taken, and leaves the file under it alone', () => {
    writeFileSync(nameFor(0.25), 'someone else');
    vi.spyOn(Math, 'random').mockReturnValueOnce(0.25).mockReturnValueOnce(0.5);
    const file = new TemporaryFile(dir, 'test');
    expect(file.path).toBe(nameFor(0.5));
    expect(readFileSync(nameFor(0.25), 'utf8')).toBe('someone else');
    file.close();
  });

  it('gives up, naming the file, when every name it tries is taken', () => {
    writeFileSync(nameFor(0.75), 'someone else');
    vi.spyOn(Math, 'random').mockReturnValue(0.75);
    expect(() => new TemporaryFile(dir, 'test')).toThrow(`cannot create the temporary file ${nameFor(0.75)}: EEXIST: file already exists`);
    expect(readFileSync(nameFor(0.75), 'utf8')).toBe('someone else');
  });

  it('makes names that differ from one file to the next', () => {
    const a = new TemporaryFile(dir, 'test');
    const b = new TemporaryFile(dir, 'test');
    expect(a.path).not.toBe(b.path);
    expect(a.path).toMatch(new RegExp(`synfin-test-${process.pid}-[0-9a-f]{12}$`));
    a.close();
    b.close();
  });
});
