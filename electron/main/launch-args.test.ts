import { describe, expect, it } from 'vitest';
import { FirstStart, MAX_LAUNCH_FILES, filesFromArgv, filesFromSecondInstance, launchData, userDataOverride } from './launch-args';

const EXE = '/opt/Synfin/synfin-app';
const ELECTRON = '/repo/node_modules/electron/dist/electron';
const packaged = { defaultApp: false, cwd: '/home/ana/traces' };
const dev = { defaultApp: true, cwd: '/repo' };

describe('files named on the command line', () => {
  it('takes files after the executable of a packaged app, relative to the working directory', () => {
    expect(filesFromArgv([EXE, 'one.pcap', '/abs/two.pcapng'], packaged)).toEqual(['/home/ana/traces/one.pcap', '/abs/two.pcapng']);
  });

  it('skips the app path of `electron . file` and `electron dist/main/main.js file`', () => {
    expect(filesFromArgv([ELECTRON, '.', 'x.pcap'], dev)).toEqual(['/repo/x.pcap']);
    expect(filesFromArgv([ELECTRON, 'dist/main/main.js', '../shared/corpus/a.pcap'], dev)).toEqual(['/shared/corpus/a.pcap']);
    expect(filesFromArgv([ELECTRON, '.'], dev)).toEqual([]);
  });

  it('skips Chromium, Electron and Finder switches wherever they are', () => {
    expect(filesFromArgv([ELECTRON, '--inspect=0', '--remote-debugging-port=0', '.', '--enable-logging', 'x.pcap'], dev)).toEqual(['/repo/x.pcap']);
    expect(filesFromArgv([EXE, '-psn_0_1234567', '--no-sandbox', 'x.pcap'], packaged)).toEqual(['/home/ana/traces/x.pcap']);
  });

  it('treats everything after `--` as a file, dashes included', () => {
    expect(filesFromArgv([EXE, '--', '-odd-name.pcap', '--also.pcap'], packaged)).toEqual(['/home/ana/traces/-odd-name.pcap', '/home/ana/traces/--also.pcap']);
    expect(filesFromArgv([ELECTRON, '.', '--', '-x.pcap'], dev)).toEqual(['/repo/-x.pcap']);
  });

  it('accepts file:// URIs from desktop launchers and drops unusable arguments', () => {
    expect(filesFromArgv([EXE, 'file:///home/ana/My%20Trace.pcap', 'file://remote-host/x.pcap', '', 'a\0b'], packaged)).toEqual(['/home/ana/My Trace.pcap']);
  });

  it(`reads at most ${MAX_LAUNCH_FILES} files`, () => {
    const many = Array.from({ length: 100 }, (_, i) => `f${i}.pcap`);
    expect(filesFromArgv([EXE, ...many], packaged)).toHaveLength(MAX_LAUNCH_FILES);
  });
});

describe('files forwarded by a second launch', () => {
  it('prefers the launch data the second instance sent', () => {
    const data = launchData(['/abs/a.pcap']);
    expect(filesFromSecondInstance(data, [EXE, '--some-chromium-flag', 'ignored.pcap'], packaged)).toEqual(['/abs/a.pcap']);
  });

  it('falls back to its argv and working directory when the data is missing or malformed', () => {
    const argv = [EXE, '--original-process-start-time=1', 'b.pcap'];
    const ctx = { defaultApp: false, cwd: '/elsewhere' };
    for (const data of [undefined, null, {}, { files: 'x' }, { files: ['relative.pcap'] }, { files: [7] }, { files: ['/a\0'] }, { files: new Array(100).fill('/a.pcap') }]) {
      expect(filesFromSecondInstance(data, argv, ctx), JSON.stringify(data)?.slice(0, 40)).toEqual(['/elsewhere/b.pcap']);
    }
  });

  it('sends at most the files one launch may name', () => {
    expect(launchData(new Array(100).fill('/a.pcap')).files).toHaveLength(MAX_LAUNCH_FILES);
  });
});

describe('userData override for test runs', () => {
  it('honours an absolute SYNFIN_USER_DATA_DIR only', () => {
    expect(userDataOverride({ SYNFIN_USER_DATA_DIR: '/tmp/synfin-test' })).toBe('/tmp/synfin-test');
    expect(userDataOverride({ SYNFIN_USER_DATA_DIR: 'relative' })).toBeNull();
    expect(userDataOverride({ SYNFIN_USER_DATA_DIR: '' })).toBeNull();
    expect(userDataOverride({})).toBeNull();
  });
});

describe('first start (opens the bundled sample)', () => {
  it('is a first start with no file asked for and an empty recent list, answered once', () => {
    const f = new FirstStart(false, 0);
    expect(f.take()).toBe(true);
    expect(f.take()).toBe(false);
  });

  it('is not when a file was asked for, or one was opened before', () => {
    expect(new FirstStart(true, 0).take()).toBe(false);
    expect(new FirstStart(false, 1).take()).toBe(false);
  });

  it('is not once a file opened before the window asked (a second launch, a drop)', () => {
    const f = new FirstStart(false, 0);
    f.fileOpened();
    expect(f.take()).toBe(false);
  });
});
