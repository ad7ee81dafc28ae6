import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_RECENT_FILES, RECENT_FILES_NAME, RecentFiles, parseRecentFiles } from './recent-files';

const base = mkdtempSync(join(tmpdir(), 'synfin-recent-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(base, `user-data-${n++}`);

describe('the recent files list', () => {
  it('starts empty without a store file and persists what is opened, newest first', async () => {
    const dir = freshDir();
    const recent = await RecentFiles.load(dir);
    expect(recent.list()).toEqual([]);
    await recent.add('/data/a.pcap');
    await recent.add('/data/traces/b.pcapng');
    expect(recent.list().map((f) => [f.name, f.where])).toEqual([['b.pcapng', '/data/traces'], ['a.pcap', '/data']]);
    const again = await RecentFiles.load(dir);
    expect(again.list().map((f) => f.name)).toEqual(['b.pcapng', 'a.pcap']);
    const stored = JSON.parse(readFileSync(join(dir, RECENT_FILES_NAME), 'utf8'));
    expect(stored.version).toBe(1);
    expect(stored.files.map((f: { path: string }) => f.path)).toEqual(['/data/traces/b.pcapng', '/data/a.pcap']);
  });

  it('moves a reopened file to the top instead of listing it twice', async () => {
    const recent = await RecentFiles.load(freshDir());
    await recent.add('/d/a.pcap');
    await recent.add('/d/b.pcap');
    await recent.add('/d/./a.pcap');
    expect(recent.list().map((f) => f.name)).toEqual(['a.pcap', 'b.pcap']);
  });

  it(`keeps the newest ${MAX_RECENT_FILES}`, async () => {
    const recent = await RecentFiles.load(freshDir());
    for (let i = 0; i < MAX_RECENT_FILES + 5; i++) await recent.add(`/d/f${i}.pcap`);
    const names = recent.list().map((f) => f.name);
    expect(names).toHaveLength(MAX_RECENT_FILES);
    expect(names[0]).toBe(`f${MAX_RECENT_FILES + 4}.pcap`);
  });

  it('resolves ids to paths, keeps ids stable when the list reorders, and knows no other id', async () => {
    const recent = await RecentFiles.load(freshDir());
    await recent.add('/d/a.pcap');
    await recent.add('/d/b.pcap');
    const idOfA = recent.list().find((f) => f.name === 'a.pcap')?.id ?? -1;
    await recent.add('/d/a.pcap');
    expect(recent.list().find((f) => f.name === 'a.pcap')?.id).toBe(idOfA);
    expect(recent.pathOf(idOfA)).toBe('/d/a.pcap');
    expect(recent.pathOf(999)).toBeNull();
    expect(recent.pathOf(-1)).toBeNull();
  });

  it('forgets a removed file and clears everything, on disk too', async () => {
    const dir = freshDir();
    const recent = await RecentFiles.load(dir);
    await recent.add('/d/a.pcap');
    await recent.add('/d/b.pcap');
    const idOfA = recent.list()[1]?.id ?? -1;
    await recent.remove('/d/a.pcap');
    expect(recent.pathOf(idOfA)).toBeNull();
    expect((await RecentFiles.load(dir)).list().map((f) => f.name)).toEqual(['b.pcap']);
    await recent.clear();
    expect(recent.list()).toEqual([]);
    expect((await RecentFiles.load(dir)).list()).toEqual([]);
  });

  it('starts empty from a store that is not its JSON, and keeps only sane entries of one that is', async () => {
    const dir = freshDir();
    const recent0 = await RecentFiles.load(dir);
    await recent0.add('/x/first.pcap');
    writeFileSync(join(dir, RECENT_FILES_NAME), '{ not json');
    expect((await RecentFiles.load(dir)).list()).toEqual([]);

    expect(parseRecentFiles(JSON.stringify({ version: 2, files: [{ path: '/a.pcap' }] }))).toEqual([]);
    expect(parseRecentFiles('null')).toEqual([]);
    const entries = parseRecentFiles(JSON.stringify({
      version: 1,
      files: [
        { path: '/ok/a.pcap', openedAt: 5 }, { path: 'relative.pcap' }, { path: 42 }, null, 'x',
        { path: '/ok/a.pcap', openedAt: 9 }, { path: '/bad\0.pcap' }, { path: '/' + 'p'.repeat(40000) },
        { path: '/ok/b.pcap', openedAt: 'yesterday' },
      ],
    }));
    expect(entries).toEqual([{ path: '/ok/a.pcap', openedAt: 5 }, { path: '/ok/b.pcap', openedAt: 0 }]);
  });
});
