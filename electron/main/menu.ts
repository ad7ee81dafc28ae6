/**
 * The application menu as data: what each item is called, its accelerator, whether it is enabled,
 * and what it does, as a MenuAction value. `toElectronTemplate` turns the data into Electron's
 * template with click handlers; tests read the data directly.
 *
 * View settings (time format, theme) are commands to the renderer, which owns and stores them;
 * they are plain items rather than radio items because the renderer may change them from its own
 * controls, and a radio mark here would then show a stale choice.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { RecentFile, UiCommand } from '../../core/api';

export type MenuAction =
  | { kind: 'open' }
  | { kind: 'open-recent'; id: number }
  | { kind: 'clear-recent' }
  | { kind: 'open-sample' }
  | { kind: 'close-file' }
  | { kind: 'save-as' }
  | { kind: 'ui'; command: UiCommand };

/** The Electron roles used: standard behaviour and platform-standard accelerators come with them. */
export type MenuRole =
  | 'services' | 'hide' | 'hideOthers' | 'unhide' | 'quit'
  | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll'
  | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen' | 'reload' | 'toggleDevTools'
  | 'windowMenu' | 'help';

export interface MenuItemSpec {
  label?: string;
  accelerator?: string;
  role?: MenuRole;
  action?: MenuAction;
  enabled?: boolean;
  separator?: true;
  submenu?: MenuItemSpec[];
}

export interface MenuState {
  platform: NodeJS.Platform;
  appName: string;
  version: string;
  recent: readonly RecentFile[];
  /** A file or capture is open (Close applies). */
  hasSession: boolean;
  /** What is open can be written out now (Save As applies). */
  canSave: boolean;
  /** Development build: Reload and Developer Tools are offered. */
  devTools: boolean;
}

const SEP: MenuItemSpec = { separator: true };
const ui = (command: UiCommand): MenuAction => ({ kind: 'ui', command });

/** On Windows and Linux `&` marks a mnemonic; a file called "R&D.pcap" must show its `&`. */
export const menuLabelText = (text: string, platform: NodeJS.Platform): string => (platform === 'darwin' ? text : text.replace(/&/g, '&&'));

function recentSubmenu(state: MenuState): MenuItemSpec[] {
  const items: MenuItemSpec[] = state.recent.map((f) => ({
    label: menuLabelText(`${f.name}  —  ${f.where}`, state.platform),
    action: { kind: 'open-recent', id: f.id },
  }));
  if (items.length === 0) items.push({ label: 'No Recent Files', enabled: false });
  items.push(SEP, { label: 'Clear Recent', action: { kind: 'clear-recent' }, enabled: state.recent.length > 0 });
  return items;
}

export function buildMenu(state: MenuState): MenuItemSpec[] {
  const mac = state.platform === 'darwin';
  const about: MenuItemSpec = { label: `About ${state.appName}`, action: ui({ kind: 'show-about', version: state.version }) };

  const appMenu: MenuItemSpec = {
    label: state.appName,
    submenu: [about, SEP, { role: 'services' }, SEP, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, SEP, { role: 'quit' }],
  };

  const file: MenuItemSpec = {
    label: mac ? 'File' : '&File',
    submenu: [
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', action: { kind: 'open' } },
      { label: 'Open Recent', submenu: recentSubmenu(state) },
      { label: 'Open Sample Capture', action: { kind: 'open-sample' } },
      SEP,
      { label: 'Close', accelerator: 'CmdOrCtrl+W', action: { kind: 'close-file' }, enabled: state.hasSession },
      { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', action: { kind: 'save-as' }, enabled: state.canSave },
      // On macOS Quit lives in the app menu.
      ...(mac ? [] : [SEP, { label: 'Quit', role: 'quit', accelerator: 'CmdOrCtrl+Q' } satisfies MenuItemSpec]),
    ],
  };

  const edit: MenuItemSpec = {
    label: mac ? 'Edit' : '&Edit',
    submenu: [
      { role: 'undo' }, { role: 'redo' }, SEP,
      { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }, SEP,
      { label: 'Display Filter', accelerator: 'CmdOrCtrl+F', action: ui({ kind: 'focus-filter' }) },
    ],
  };

  const view: MenuItemSpec = {
    label: mac ? 'View' : '&View',
    submenu: [
      {
        label: 'Time Format',
        submenu: [
          { label: 'Seconds Since First Packet', action: ui({ kind: 'time-format', format: 'relative' }) },
          { label: 'Time of Day', action: ui({ kind: 'time-format', format: 'absolute' }) },
          { label: 'Seconds Since Previous Packet', action: ui({ kind: 'time-format', format: 'delta' }) },
        ],
      },
      {
        label: 'Theme',
        submenu: [
          { label: 'System', action: ui({ kind: 'theme', theme: 'system' }) },
          { label: 'Light', action: ui({ kind: 'theme', theme: 'light' }) },
          { label: 'Dark', action: ui({ kind: 'theme', theme: 'dark' }) },
        ],
      },
      SEP,
      { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, SEP,
      { role: 'togglefullscreen' },
      ...(state.devTools ? [SEP, { role: 'reload' }, { role: 'toggleDevTools' }] satisfies MenuItemSpec[] : []),
    ],
  };

  const help: MenuItemSpec = {
    label: mac ? 'Help' : '&Help',
    role: 'help',
    submenu: [
      { label: 'Keyboard Shortcuts', accelerator: 'CmdOrCtrl+/', action: ui({ kind: 'show-shortcuts' }) },
      ...(mac ? [] : [SEP, about]),
    ],
  };

  return mac ? [appMenu, file, edit, view, { role: 'windowMenu' }, help] : [file, edit, view, help];
}

/** Electron's template for the spec, each action calling `run`. */
export function toElectronTemplate(spec: readonly MenuItemSpec[], run: (action: MenuAction) => void): MenuItemConstructorOptions[] {
  return spec.map((item): MenuItemConstructorOptions => {
    if (item.separator) return { type: 'separator' };
    const out: MenuItemConstructorOptions = {};
    if (item.label !== undefined) out.label = item.label;
    if (item.role !== undefined) out.role = item.role;
    if (item.accelerator !== undefined) out.accelerator = item.accelerator;
    if (item.enabled !== undefined) out.enabled = item.enabled;
    if (item.submenu !== undefined) out.submenu = toElectronTemplate(item.submenu, run);
    const action = item.action;
    if (action !== undefined) out.click = () => run(action);
    return out;
  });
}
