/**
 * The interfaces one can capture on, for the start screen and `synfin interfaces`: libpcap's list
 * (names, descriptions, addresses, loopback) completed with what cap does not pass on: whether the
 * interface is up, from /sys/class/net on Linux and from the OS's address list elsewhere.
 */
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import type { CaptureInterface } from '../../core/api';
import { type Result, err, ok } from '../../core/result';
import type { CapDevice, CapLibrary } from './capture-library';

/** linux/if.h */
const IFF_UP = 0x1;
const IFF_LOOPBACK = 0x8;

/** An interface's flags from /sys/class/net, or null when it has no entry there (libpcap's pseudo-devices). */
function sysFlags(name: string): number | null {
  if (!/^[\w.:@-]+$/.test(name)) return null; // never a path outside /sys/class/net
  try {
    return Number.parseInt(readFileSync(`/sys/class/net/${name}/flags`, 'utf8').trim(), 16);
  } catch {
    return null;
  }
}

export interface InterfaceFacts {
  platform: NodeJS.Platform;
  /** Flags of a Linux interface (null: none known). */
  flags(name: string): number | null;
  /** Addresses the OS has for its up interfaces, by the OS's name. */
  osAddresses(): Record<string, { address: string }[] | undefined>;
}

const REAL: InterfaceFacts = { platform: process.platform, flags: sysFlags, osAddresses: networkInterfaces };

/** One device as the contract shows it. */
export function describeDevice(d: CapDevice, facts: InterfaceFacts = REAL): CaptureInterface {
  const addresses = d.addresses.map((a) => a.addr).filter((a): a is string => typeof a === 'string');
  let loopback = d.flags === 'PCAP_IF_LOOPBACK';
  let up: boolean;
  const flags = facts.platform === 'linux' ? facts.flags(d.name) : null;
  if (flags !== null) {
    up = (flags & IFF_UP) !== 0;
    loopback ||= (flags & IFF_LOOPBACK) !== 0;
  } else if (facts.platform === 'linux') {
    // No /sys entry: a pseudo-device of libpcap's ('any', netfilter, D-Bus …), usable whenever listed.
    up = true;
  } else {
    // Elsewhere the OS lists addresses of the interfaces that are up; pcap's names may differ from
    // the OS's (Windows: \Device\NPF_{GUID}), so the addresses tell which OS interface it is.
    const os = facts.osAddresses();
    up = os[d.name] !== undefined || Object.values(os).some((list) => list?.some((a) => addresses.includes(a.address)));
  }
  return { name: d.name, description: d.description ?? null, addresses, loopback, up };
}

export function listInterfaces(lib: CapLibrary, facts: InterfaceFacts = REAL): Result<CaptureInterface[], string> {
  let devices: CapDevice[];
  try {
    devices = lib.Cap.deviceList();
  } catch (e) {
    return err(`cannot list the interfaces: ${e instanceof Error ? e.message : String(e)}`);
  }
  return ok(devices.map((d) => describeDevice(d, facts)));
}
