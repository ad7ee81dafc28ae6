import { linkSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SESSION } from '../../test/electron/contract-fixtures';
import { defaultSaveName, isSameFile, saveDialogOptions, saveTarget } from './save-as';

const dir = mkdtempSync(join(tmpdir(), 'synfin-save-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Save As', () => {
  it('takes the format from the chosen name, pcapng when the name has none', () => {
    expect(saveTarget('/o/a.pcap')).toEqual({ path: '/o/a.pcap', format: 'pcap' });
    expect(saveTarget('/o/A.PCAP')).toEqual({ path: '/o/A.PCAP', format: 'pcap' });
    expect(saveTarget('/o/a.cap')).toEqual({ path: '/o/a.cap', format: 'pcap' });
    expect(saveTarget('/o/a.pcapng')).toEqual({ path: '/o/a.pcapng', format: 'pcapng' });
    expect(saveTarget('/o/a')).toEqual({ path: '/o/a.pcapng', format: 'pcapng' });
    expect(saveTarget('/o/a.txt')).toEqual({ path: '/o/a.txt.pcapng', format: 'pcapng' });
  });

  it('suggests a name from the open file or the capture interface', () => {
    expect(defaultSaveName(SESSION)).toBe('one_http_stream_fin.pcapng');
    expect(defaultSaveName({ ...SESSION, source: 'capture', title: '\\Device\\NPF_{1234}' })).toBe('capture-Device_NPF_1234.pcapng');
    expect(defaultSaveName({ ...SESSION, source: 'capture', title: 'en0' })).toBe('capture-en0.pcapng');
    const o = saveDialogOptions(SESSION, '/home/ana');
    expect(o.defaultPath).toBe('/home/ana/one_http_stream_fin.pcapng');
    expect(o.filters?.map((f) => f.extensions)).toEqual([['pcapng'], ['pcap']]);
  });

  it('recognises the open file behind another name, a link or a hard link', async () => {
    const a = join(dir, 'a.pcap');
    writeFileSync(a, 'x');
    symlinkSync(a, join(dir, 'sym.pcap'));
    linkSync(a, join(dir, 'hard.pcap'));
    writeFileSync(join(dir, 'b.pcap'), 'x');
    expect(await isSameFile(a, join(dir, '.', 'a.pcap'))).toBe(true);
    expect(await isSameFile(a, join(dir, 'sym.pcap'))).toBe(true);
    expect(await isSameFile(a, join(dir, 'hard.pcap'))).toBe(true);
    expect(await isSameFile(a, join(dir, 'b.pcap'))).toBe(false);
    expect(await isSameFile(a, join(dir, 'new.pcap'))).toBe(false);
  });
});
