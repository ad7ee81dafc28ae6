/**
 * Opening a device through cap, and saying why it could not be opened: the permission (with the
 * fix for this platform), the device's name, or libpcap's own message about the capture filter.
 *
 * cap's packet callbacks run on the thread that opened the device, and only the main thread works:
 * binding.cc polls the pcap descriptor on uv_default_loop(), which is the main thread's loop, so a
 * device opened in a worker thread calls into the worker's JavaScript from the main thread (V8
 * aborts: "Cannot create a handle without a HandleScope"). The host opens devices in the main
 * thread and sends the packets to the analysis worker in batches.
 *
 * A handle whose open() failed must never be closed nor collected: binding.cc leaves its libuv
 * poll handle uninitialised, and close() (which its destructor calls) stops that garbage handle,
 * aborting the process. Failed handles are therefore kept for the life of the process; a long-lived
 * process checks devices and filters in a short-lived child first (capture-probe.ts).
 *
 * cap copies every packet into the Buffer given to open() through a raw pointer, without keeping
 * the Buffer alive: it must stay referenced until the device is closed, or packets are written
 * into freed memory (heap corruption, then a crash at a random later moment).
 */
import { Buffer } from 'node:buffer';
import { type Result, err, ok } from '../../core/result';
import { type CapHandle, type CapLibrary, permissionAdvice } from './capture-library';

/** binding.cc: pcap_set_snaplen(65535). cap offers no way to change it. */
export const CAP_SNAPLEN = 65535;

/**
 * The kernel's capture buffer (pcap_set_buffer_size): what holds packets while this thread is busy.
 * cap always asks for immediate mode, so libpcap on Linux uses a TPACKET_V2 ring of fixed-size
 * slots, and since cap fixes the snaplen at 65,535 and interfaces offload segmentation (veth, lo,
 * most NICs), each slot takes 64 KiB whatever the packet's size: 32 MiB holds only 512 packets,
 * 10 ms at 50 k packets/s. 128 MiB holds 2,046 (lo, whose MTU is 64 KiB, has 128 KiB slots: 1,023;
 * capture-device.test.ts), enough to ride out the main thread's pauses (a garbage collection, a
 * burst of IPC, a busy CPU): test/bench/capture.bench.mjs lost packets at 20 k/s with 32 MiB and
 * none at 40 k/s with 128 MiB. The memory is the kernel's, taken while capturing only.
 */
export const KERNEL_BUFFER_BYTES = 128 << 20;

/** Opening a device only to compile a filter needs no real buffer (libpcap rounds up to its minimum). */
export const CHECK_BUFFER_BYTES = 64 << 10;

export type DeviceErrorKind = 'permission' | 'no-device' | 'filter' | 'other';

export interface DeviceError {
  kind: DeviceErrorKind;
  /** One line: libpcap's message, and for a permission problem how to fix it. */
  message: string;
}

export interface OpenedDevice {
  /** LINKTYPE_* of the packets. */
  linkType: number;
  close(): void;
}

/** Called synchronously for each packet: `data` is a view into a buffer reused for the next one. */
export type PacketListener = (data: Uint8Array) => void;

/** cap's names for link types (binding.cc, Open) as LINKTYPE_* numbers (the pcap/pcapng registry). */
const LINK_TYPES: Record<string, number> = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  LINKTYPE_LINUX_SLL: 113,
  IEEE802_11_RADIO: 127,
};
/** DLT values that are not their LINKTYPE: DLT_RAW is 12 on most systems and 14 on OpenBSD. */
const DLT_TO_LINKTYPE: Record<number, number> = { 12: 101, 14: 101 };

export function linkTypeOf(capName: string): number | null {
  if (capName in LINK_TYPES) return LINK_TYPES[capName]!;
  const dlt = /^Unknown linktype (\d+)$/.exec(capName)?.[1];
  if (dlt === undefined) return null;
  return DLT_TO_LINKTYPE[Number(dlt)] ?? Number(dlt);
}

/** What a libpcap message is about, from its wording on Linux, macOS (BPF) and Windows (Npcap). */
export function classifyOpenError(message: string): Exclude<DeviceErrorKind, 'filter'> {
  if (/permission|not permitted|access is denied|access denied|EPERM|EACCES/i.test(message)) return 'permission';
  if (/no such device|doesn't exist|does not exist|no such file|not found|ENXIO|ENODEV/i.test(message)) return 'no-device';
  return 'other';
}

/** The error for a failed open: libpcap's message, and what it means for the user. */
export function describeOpenFailure(device: string, kind: DeviceErrorKind, pcapMessage: string): DeviceError {
  switch (kind) {
    case 'permission':
      return { kind, message: `cannot capture on ${device}: ${pcapMessage}. ${permissionAdvice()}` };
    case 'no-device':
      return { kind, message: `cannot capture on ${device}: there is no such interface (${pcapMessage})` };
    case 'filter':
      return { kind, message: pcapMessage };
    default:
      return { kind, message: `cannot capture on ${device}: ${pcapMessage}` };
  }
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e)).trim();

/**
 * Opens `device` with the BPF `filter` and starts delivering packets to `listener`. When opening
 * fails and a filter was given, the device is opened once more without it: if that works, the
 * failure was the filter's, and libpcap's message about it comes back as is.
 */
export function openDevice(
  lib: CapLibrary,
  device: string,
  filter: string,
  listener: PacketListener | null,
  bufferBytes = KERNEL_BUFFER_BYTES,
): Result<OpenedDevice, DeviceError> {
  // An unknown name fails in pcap_activate, after cap has printed a warning of its own to stderr.
  if (!listed(lib, device)) return err(describeOpenFailure(device, 'no-device', 'libpcap lists no interface of that name'));
  const buffer = Buffer.alloc(CAP_SNAPLEN);
  const cap = new lib.Cap();
  let linkName: string;
  try {
    linkName = cap.open(device, filter, bufferBytes, buffer);
  } catch (e) {
    FAILED_HANDLES.push(cap);
    const message = messageOf(e);
    if (filter.trim() !== '') {
      const bare = openDevice(lib, device, '', null, CHECK_BUFFER_BYTES);
      if (bare.ok) {
        bare.value.close();
        return err(describeOpenFailure(device, 'filter', message));
      }
    }
    return err(describeOpenFailure(device, classifyOpenError(message), message));
  }
  const linkType = linkTypeOf(linkName);
  if (linkType === null) {
    close(cap);
    return err({ kind: 'other', message: `cannot capture on ${device}: its link type (${linkName}) is not one Synfin reads` });
  }
  if (listener) {
    // cap copies each packet into `buffer` and reports its length: a view of the packet's bytes is
    // all a listener gets, valid until it returns.
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
    cap.on('packet', (nbytes) => listener(bytes.subarray(0, nbytes)));
  }
  // Referenced from the handle until it is closed (see the top of this file).
  let kept: Buffer | null = buffer;
  return ok({
    linkType,
    close() {
      if (kept === null) return;
      close(cap);
      kept = null;
    },
  });
}

function listed(lib: CapLibrary, device: string): boolean {
  try {
    return lib.Cap.deviceList().some((d) => d.name === device);
  } catch {
    return true; // cannot tell: let open() say what is wrong
  }
}

/** Handles whose open() failed, kept from the garbage collector (see the top of this file). */
const FAILED_HANDLES: CapHandle[] = [];

function close(cap: CapHandle): void {
  cap.removeAllListeners('packet');
  cap.close();
}
