/**
 * Reads the benchmark's datagrams back from a capture: for each sequence number of one run, the
 * time the capture gave it. Datagrams are told by their payload ("SYNFINBN", run id, sequence),
 * so two captures of the same traffic are compared packet by packet, whatever else they hold.
 */
import { readCaptureFileSync } from '../../electron/host/capture-file';
import type { PacketRecord } from '../../core/formats/record';

/** Ethernet, IPv4 without options, UDP: where the payload starts in a veth frame. */
const PAYLOAD = 14 + 20 + 8;
const MAGIC = [0x53, 0x59, 0x4e, 0x46, 0x49, 0x4e, 0x42, 0x4e]; // "SYNFINBN"

export interface RunPackets {
  /** Time of each sequence number in ns since `baseSec` (NaN where the capture lacks it). */
  times: Float64Array;
  count: number;
  duplicates: number;
}

export function readRun(path: string, runId: number, sent: number, baseSec: number): RunPackets {
  const times = new Float64Array(sent).fill(Number.NaN);
  let count = 0;
  let duplicates = 0;
  const r = readCaptureFileSync(path, {
    packet(p: PacketRecord) {
      const at = p.offset + PAYLOAD;
      if (p.capLen < PAYLOAD + 16) return;
      for (let i = 0; i < 8; i++) if (p.bytes[at + i] !== MAGIC[i]) return;
      if (p.view.getUint32(at + 8) !== runId) return;
      const seq = p.view.getUint32(at + 12);
      if (seq >= sent) return;
      if (!Number.isNaN(times[seq]!)) {
        duplicates++;
        return;
      }
      times[seq] = (p.tsSec - baseSec) * 1e9 + p.tsNsec;
      count++;
    },
  });
  if (r.error && count === 0) throw new Error(`${path}: ${r.error.message}`);
  return { times, count, duplicates };
}
