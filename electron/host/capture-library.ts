/**
 * `cap` (libpcap for Node) is an optional dependency built from source: where it failed to build
 * or to load, the app still opens files and says why live capture is unavailable. Everything here
 * speaks the user's language: each reason ends with how to fix it on this platform.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** One device as cap's deviceList() reports it (node_modules/cap/src/binding.cc, ListDevices). */
export interface CapDevice {
  name: string;
  description?: string;
  addresses: { addr?: string; netmask?: string; broadaddr?: string; dstaddr?: string }[];
  /** 'PCAP_IF_LOOPBACK' or absent: cap passes on no other pcap_if_t flag. */
  flags?: string;
}

/** A capture handle: binding.cc's Pcap object, an EventEmitter. */
export interface CapHandle {
  /** Returns the link type's name; throws libpcap's message. */
  open(device: string, filter: string, bufferBytes: number, buffer: Buffer): string;
  close(): boolean;
  /** Called synchronously for each packet, whose first `nbytes` bytes are in open()'s buffer. */
  on(event: 'packet', listener: (nbytes: number, truncated: boolean) => void): this;
  removeAllListeners(event?: string): this;
}

export interface CapLibrary {
  Cap: { new (): CapHandle; deviceList(): CapDevice[] };
}

export type CapLoad = { ok: true; lib: CapLibrary } | { ok: false; reason: string };

/** What `cap` fixes that users might expect to set, in the words the start screen shows. */
export const CAPTURE_NOTES: readonly string[] = [
  'Packets are kept whole up to 65,535 bytes: the capture library fixes this limit (the snaplen). A longer packet is cut, and its length on the wire is then unknown.',
  'The interface is put in promiscuous mode while capturing (the capture library always asks for it), so you may also see traffic between other machines on the same network.',
  'Packet times are taken by Synfin as each packet reaches it, not by the kernel: they run late, typically by 10 to 100 microseconds, and by milliseconds when the computer is busy.',
  "While Synfin is busy the kernel holds 1,000 to 2,000 packets for it (the capture library gives each packet a slot of 64 KiB or more). On a very busy interface some may be lost, and Synfin cannot read the kernel's count of them.",
];

const loads = new Map<string, CapLoad>();

/**
 * Loads cap once per module path. `modulePath` is 'cap' (resolved from this file, as the bundle's
 * `require('cap')` would be) unless a test points it elsewhere, e.g. at a module that fails to load.
 */
export function loadCap(modulePath = 'cap'): CapLoad {
  let load = loads.get(modulePath);
  if (!load) {
    load = tryLoad(modulePath);
    loads.set(modulePath, load);
  }
  return load;
}

function tryLoad(modulePath: string): CapLoad {
  try {
    const lib = createRequire(import.meta.url)(modulePath) as Partial<CapLibrary>;
    if (typeof lib.Cap !== 'function' || typeof lib.Cap.deviceList !== 'function') {
      return { ok: false, reason: `Live capture needs the "cap" module, but ${modulePath} is not it (no Cap.deviceList). ${rebuildAdvice()}` };
    }
    return { ok: true, lib: lib as CapLibrary };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const first = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
    const what = code === 'MODULE_NOT_FOUND'
      ? 'is not installed (it is optional, so npm carries on when its build fails)'
      : `did not load (${first})`;
    // Built for plain Node but loaded by Electron (or the other way round): the ABI numbers differ.
    const advice = /NODE_MODULE_VERSION/.test(first) && process.versions.electron
      ? 'Rebuild it for this Electron: npx @electron/rebuild --only cap.'
      : rebuildAdvice();
    return { ok: false, reason: `Live capture needs the "cap" module (libpcap for Node), which ${what}. ${advice}` };
  }
}

function rebuildAdvice(platform = process.platform): string {
  switch (platform) {
    case 'win32':
      return 'Install Npcap (https://npcap.com), then rebuild it: npm rebuild cap.';
    case 'darwin':
      return 'Install the Xcode command line tools (xcode-select --install), then rebuild it: npm rebuild cap.';
    default:
      return 'Install libpcap and a compiler (Debian/Ubuntu: sudo apt install libpcap-dev build-essential; Fedora: sudo dnf install libpcap-devel gcc-c++), then rebuild it: npm rebuild cap.';
  }
}

/** How to get permission to capture, for this platform and this program (the Electron binary or node). */
export function permissionAdvice(platform = process.platform, executable = process.execPath): string {
  switch (platform) {
    case 'win32':
      return 'Capturing needs Npcap (https://npcap.com). If Npcap was installed for Administrators only, run Synfin as Administrator or reinstall Npcap without that restriction.';
    case 'darwin':
      return 'Capturing needs read access to /dev/bpf*: install ChmodBPF (Wireshark\'s installer includes it) and log in again, or run Synfin as root.';
    default:
      return `Capturing needs the cap_net_raw and cap_net_admin capabilities: run as root, or grant them to the program once with: sudo setcap cap_net_raw,cap_net_admin=eip ${executable}`;
  }
}

/** CAP_NET_RAW's bit in /proc/self/status CapEff (linux/capability.h). */
const CAP_NET_RAW_BIT = 13n;

/**
 * Whether this process may capture, when the platform lets us tell without opening a device:
 * Linux from the effective capabilities (in `procStatus`, /proc/self/status by default), macOS from
 * /dev/bpf0's permissions. null when it may or cannot tell (Windows: Npcap decides at open time);
 * a reason with the fix when it may not.
 */
export function capturePermission(platform = process.platform, procStatus?: string): string | null {
  if (platform === 'linux') {
    let status: string;
    try {
      status = procStatus ?? readFileSync('/proc/self/status', 'utf8');
    } catch {
      return null;
    }
    const eff = /^CapEff:\s*([0-9a-f]+)$/m.exec(status)?.[1];
    if (eff === undefined || (BigInt(`0x${eff}`) >> CAP_NET_RAW_BIT) & 1n) return null;
    return `This program has no permission to capture. ${permissionAdvice(platform)}`;
  }
  if (platform === 'darwin') {
    try {
      accessSync('/dev/bpf0', constants.R_OK);
      return null;
    } catch {
      return `This program has no permission to capture. ${permissionAdvice(platform)}`;
    }
  }
  return null;
}
