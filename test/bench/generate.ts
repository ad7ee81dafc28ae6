/**
 * Writes the benchmark capture: the TCP simulation (tcp-sim.ts) as a pcap file, deterministic
 * for given options. Run through test/bench/run.mjs, which bundles it.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { PcapWriter } from '../../core/formats/pcap-writer';
import { simulate, type SimOptions, type SimPacket } from './tcp-sim';

/** Bytes gathered before each write. */
const WRITE_BLOCK = 8 << 20;
const LINKTYPE_ETHERNET = 1;
/** Epoch second the simulated capture starts at (2026-01-01). */
const START_SEC = 1_767_225_600;

export function writeBenchCapture(path: string, o: SimOptions): { packets: number; bytes: number } {
  return writeEthernetPcap(path, simulate(o), o.snapLen);
}

/** Ethernet frames, timed from the start of the capture, as a pcap file at `path`. */
export function writeEthernetPcap(path: string, frames: Iterable<SimPacket>, snapLen: number): { packets: number; bytes: number } {
  const writer = new PcapWriter({ linkType: LINKTYPE_ETHERNET, snapLen });
  const fd = openSync(path, 'w');
  const block = new Uint8Array(WRITE_BLOCK);
  let used = 0;
  let bytes = 0;
  let packets = 0;
  const flush = () => {
    writeSync(fd, block, 0, used);
    bytes += used;
    used = 0;
  };
  try {
    const header = writer.fileHeader();
    block.set(header);
    used = header.length;
    for (const p of frames) {
      const record = { tsSec: START_SEC + Math.floor(p.t / 1e9), tsNsec: Math.floor(p.t % 1e9), data: p.bytes, origLen: p.origLen };
      if (used + writer.recordLength(record) > block.length) flush();
      used += writer.packetInto(record, block, used);
      packets++;
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return { packets, bytes };
}
