/**
 * `npm start [-- FILE]` (scripts/start.mjs), run for real against a copy of the repository layout.
 * Electron's own package resolves its binary through ELECTRON_OVERRIDE_DIST_PATH, which points
 * here either at an empty folder (the binary is missing, as on this machine) or at a small
 * executable that records the arguments it was started with.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './corpus';

const base = mkdtempSync(join(tmpdir(), 'synfin-start-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A repository copy with a build in place and the real node_modules. */
function repo(): string {
  const dir = mkdtempSync(join(base, 'repo-'));
  mkdirSync(join(dir, 'scripts'));
  copyFileSync(join(ROOT, 'scripts', 'start.mjs'), join(dir, 'scripts', 'start.mjs'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  for (const f of ['dist/main/main.js', 'dist/preload/preload.cjs', 'dist/renderer/index.html']) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), '');
  }
  return dir;
}

/** A stand-in Electron executable that writes its argv and working directory as JSON. */
function recordingElectron(): { dist: string; record: string } {
  const dist = mkdtempSync(join(base, 'electron-'));
  const record = join(dist, 'argv.json');
  const bin = join(dist, 'electron');
  writeFileSync(bin, `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd() }));\n`);
  chmodSync(bin, 0o755);
  return { dist, record };
}

const start = (dir: string, args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [join(dir, 'scripts', 'start.mjs'), ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });

describe('npm start', () => {
  it('says in one line that the Electron binary is missing and how to get it, and exits 1', () => {
    const r = start(repo(), [], { ELECTRON_OVERRIDE_DIST_PATH: mkdtempSync(join(base, 'empty-')) });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^synfin: the Electron binary is not installed .*npm install.*ELECTRON_MIRROR/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('says what to build when the build is missing', () => {
    const dir = repo();
    rmSync(join(dir, 'dist', 'renderer'), { recursive: true });
    const r = start(dir, [], { ELECTRON_OVERRIDE_DIST_PATH: recordingElectron().dist });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('synfin: dist/renderer/index.html is missing: run `npm run build` (npm start builds first)');
  });

  it('launches Electron on the app with the files, resolved from where npm start was typed', () => {
    const dir = repo();
    const electron = recordingElectron();
    const r = start(dir, ['--', 'traces/a.pcap', '-odd.pcap', '/abs/b.pcapng'], { ELECTRON_OVERRIDE_DIST_PATH: electron.dist, INIT_CWD: '/home/ana' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const seen = JSON.parse(readFileSync(electron.record, 'utf8'));
    expect(seen.args).toEqual([dir, '--', '/home/ana/traces/a.pcap', '/home/ana/-odd.pcap', '/abs/b.pcapng']);
    expect(seen.cwd).toBe(dir);
  });

  it('launches with no file arguments when none are given', () => {
    const electron = recordingElectron();
    const dir = repo();
    expect(start(dir, [], { ELECTRON_OVERRIDE_DIST_PATH: electron.dist }).status).toBe(0);
    expect(JSON.parse(readFileSync(electron.record, 'utf8')).args).toEqual([dir]);
  });
});
