import { describe, expect, it } from 'vitest';
import { describeDevice, listInterfaces, type InterfaceFacts } from './capture-interfaces';
import { loadCap } from './capture-library';

const linux = (flags: Record<string, number>): InterfaceFacts => ({ platform: 'linux', flags: (n) => flags[n] ?? null, osAddresses: () => ({}) });

describe('the interfaces to capture on', () => {
  it('takes up and loopback from the Linux flags, and keeps libpcap\'s names, descriptions and addresses', () => {
    const facts = linux({ eth0: 0x1003, lo: 0x9, ifb0: 0x82 });
    expect(describeDevice({ name: 'eth0', addresses: [{ addr: '192.0.2.2', netmask: '255.255.255.0' }, { addr: 'fd00::2' }] }, facts))
      .toEqual({ name: 'eth0', description: null, addresses: ['192.0.2.2', 'fd00::2'], loopback: false, up: true });
    expect(describeDevice({ name: 'lo', addresses: [{ addr: '127.0.0.1' }], flags: 'PCAP_IF_LOOPBACK' }, facts))
      .toMatchObject({ loopback: true, up: true });
    expect(describeDevice({ name: 'ifb0', addresses: [] }, facts)).toMatchObject({ loopback: false, up: false });
  });

  it('counts libpcap\'s pseudo-devices (no /sys/class/net entry) as up', () => {
    expect(describeDevice({ name: 'any', description: 'Pseudo-device that captures on all interfaces', addresses: [] }, linux({})))
      .toEqual({ name: 'any', description: 'Pseudo-device that captures on all interfaces', addresses: [], loopback: false, up: true });
  });

  it('elsewhere, finds an interface up by its addresses, since pcap names it differently (Windows)', () => {
    const windows: InterfaceFacts = {
      platform: 'win32', flags: () => null,
      osAddresses: () => ({ Ethernet: [{ address: '192.168.1.20' }], 'Loopback Pseudo-Interface 1': [{ address: '127.0.0.1' }] }),
    };
    const npf = (guid: string, addr: string) => ({ name: `\\Device\\NPF_{${guid}}`, description: 'Intel(R) Ethernet', addresses: [{ addr }] });
    expect(describeDevice(npf('A1', '192.168.1.20'), windows).up).toBe(true);
    expect(describeDevice(npf('B2', '10.9.9.9'), windows).up).toBe(false);
  });

  it.skipIf(!loadCap().ok)('lists this machine\'s interfaces through libpcap, loopback included', () => {
    const load = loadCap();
    if (!load.ok) return;
    const r = listInterfaces(load.lib);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.find((i) => i.name === 'lo' || i.name === 'lo0')).toMatchObject({ loopback: true, up: true, addresses: expect.arrayContaining(['127.0.0.1']) });
  });
});
