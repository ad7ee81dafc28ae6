import { describe, expect, it } from 'vitest';
import type { RecentFile } from '../../core/api';
import { buildMenu, menuLabelText, toElectronTemplate, type MenuAction, type MenuItemSpec, type MenuState } from './menu';

const RECENT: RecentFile[] = [
  { id: 4, name: 'handshake.pcap', where: '/data' },
  { id: 9, name: 'R&D.pcapng', where: '/data/lab' },
];
const state = (over: Partial<MenuState> = {}): MenuState => ({
  platform: 'linux', appName: 'Synfin', version: '0.1.0', recent: RECENT, hasSession: true, canSave: true, devTools: false, ...over,
});

/** The item reached by following labels (mnemonic `&` markers ignored). */
function find(menu: readonly MenuItemSpec[], ...path: string[]): MenuItemSpec {
  let items = menu;
  let found: MenuItemSpec | undefined;
  for (const label of path) {
    found = items.find((i) => (i.label ?? '').replace(/&(?!&)/g, '') === label);
    if (!found) throw new Error(`no menu item ${path.join(' › ')} (stopped at ${label})`);
    items = found.submenu ?? [];
  }
  return found as MenuItemSpec;
}
const all = (menu: readonly MenuItemSpec[]): MenuItemSpec[] => menu.flatMap((i) => [i, ...all(i.submenu ?? [])]);

describe('the File menu', () => {
  const menu = buildMenu(state());

  it('opens, closes and saves with the standard accelerators', () => {
    expect(find(menu, 'File', 'Open…')).toMatchObject({ accelerator: 'CmdOrCtrl+O', action: { kind: 'open' } });
    expect(find(menu, 'File', 'Close')).toMatchObject({ accelerator: 'CmdOrCtrl+W', action: { kind: 'close-file' }, enabled: true });
    expect(find(menu, 'File', 'Save As…')).toMatchObject({ accelerator: 'CmdOrCtrl+Shift+S', action: { kind: 'save-as' }, enabled: true });
    expect(find(menu, 'File', 'Quit')).toMatchObject({ role: 'quit', accelerator: 'CmdOrCtrl+Q' });
  });

  it('lists recent files by id, newest first, with Clear', () => {
    const recent = find(menu, 'File', 'Open Recent').submenu ?? [];
    expect(recent.filter((i) => i.action?.kind === 'open-recent').map((i) => i.action)).toEqual([
      { kind: 'open-recent', id: 4 }, { kind: 'open-recent', id: 9 },
    ]);
    expect(recent.at(-1)).toMatchObject({ label: 'Clear Recent', action: { kind: 'clear-recent' }, enabled: true });
  });

  it('shows a literal & in file names on Windows and Linux, where & marks a mnemonic', () => {
    const labels = (find(menu, 'File', 'Open Recent').submenu ?? []).map((i) => i.label);
    expect(labels).toContain('R&&D.pcapng  —  /data/lab');
    expect(menuLabelText('R&D', 'darwin')).toBe('R&D');
  });

  it('says so when there are no recent files, and cannot clear nothing', () => {
    const recent = find(buildMenu(state({ recent: [] })), 'File', 'Open Recent').submenu ?? [];
    expect(recent[0]).toMatchObject({ label: 'No Recent Files', enabled: false });
    expect(recent.at(-1)).toMatchObject({ label: 'Clear Recent', enabled: false });
  });

  it('disables Close and Save As when nothing is open', () => {
    const empty = buildMenu(state({ hasSession: false, canSave: false }));
    expect(find(empty, 'File', 'Close').enabled).toBe(false);
    expect(find(empty, 'File', 'Save As…').enabled).toBe(false);
  });
});

describe('the View and Help menus', () => {
  const menu = buildMenu(state());

  it('sends time formats and themes to the renderer as UI commands', () => {
    const kinds = (label: string) => (find(menu, 'View', label).submenu ?? []).map((i) => i.action);
    expect(kinds('Time Format')).toEqual(['relative', 'absolute', 'delta'].map((format) => ({ kind: 'ui', command: { kind: 'time-format', format } })));
    expect(kinds('Theme')).toEqual(['system', 'light', 'dark'].map((theme) => ({ kind: 'ui', command: { kind: 'theme', theme } })));
  });

  it('zooms with the standard roles, and offers developer tools only in development', () => {
    const roles = (m: MenuItemSpec[]) => all(m).map((i) => i.role).filter(Boolean);
    expect(roles(menu)).toEqual(expect.arrayContaining(['zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']));
    expect(roles(menu)).not.toContain('toggleDevTools');
    expect(roles(buildMenu(state({ devTools: true })))).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('shows About with the version and the keyboard shortcuts', () => {
    expect(find(menu, 'Help', 'About Synfin').action).toEqual({ kind: 'ui', command: { kind: 'show-about', version: '0.1.0' } });
    expect(find(menu, 'Help', 'Keyboard Shortcuts').action).toEqual({ kind: 'ui', command: { kind: 'show-shortcuts' } });
    expect(find(menu, 'Edit', 'Display Filter')).toMatchObject({ accelerator: 'CmdOrCtrl+F', action: { kind: 'ui', command: { kind: 'focus-filter' } } });
  });

  it('gives no two items the same accelerator', () => {
    const accels = all(menu).map((i) => i.accelerator).filter(Boolean);
    expect(new Set(accels).size).toBe(accels.length);
  });
});

describe('macOS', () => {
  const menu = buildMenu(state({ platform: 'darwin' }));

  it('puts About and Quit in the app menu, and has a Window menu', () => {
    expect(menu[0]?.label).toBe('Synfin');
    expect(find(menu, 'Synfin', 'About Synfin').action).toEqual({ kind: 'ui', command: { kind: 'show-about', version: '0.1.0' } });
    expect((menu[0]?.submenu ?? []).map((i) => i.role).filter(Boolean)).toEqual(['services', 'hide', 'hideOthers', 'unhide', 'quit']);
    expect(menu.some((i) => i.role === 'windowMenu')).toBe(true);
    expect((find(menu, 'File').submenu ?? []).some((i) => i.role === 'quit')).toBe(false);
    expect(() => find(menu, 'Help', 'About Synfin')).toThrow();
  });

  it('keeps & as typed (no mnemonics on macOS)', () => {
    expect((find(menu, 'File', 'Open Recent').submenu ?? []).map((i) => i.label)).toContain('R&D.pcapng  —  /data/lab');
  });
});

describe('the Electron template', () => {
  it('runs each item\'s action on click and keeps roles, accelerators and separators', () => {
    const ran: MenuAction[] = [];
    const template = toElectronTemplate(buildMenu(state()), (a) => ran.push(a));
    const file = template[0]?.submenu as Electron.MenuItemConstructorOptions[];
    const open = file.find((i) => i.label === 'Open…');
    expect(open?.accelerator).toBe('CmdOrCtrl+O');
    (open?.click as () => void)();
    const recent = (file.find((i) => i.label === 'Open Recent')?.submenu as Electron.MenuItemConstructorOptions[]);
    (recent[1]?.click as () => void)();
    expect(ran).toEqual([{ kind: 'open' }, { kind: 'open-recent', id: 9 }]);
    expect(file.some((i) => i.type === 'separator')).toBe(true);
    expect(file.find((i) => i.role === 'quit')?.click).toBeUndefined();
  });
});
