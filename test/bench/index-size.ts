/** What an app session holds for a file: the packet index and the connections. */
import { readCaptureFileSync } from '../../electron/host/capture-file';
import { BYTES_PER_PACKET } from '../../core/store/packet-store';
import { AnalysisSession } from '../../electron/host/session';

export function indexStats(path: string) {
  const s = new AnalysisSession(1, { kind: 'file', path, title: path });
  readCaptureFileSync(path, s);
  globalThis.gc?.();
  return {
    packets: s.store.length,
    bytesPerPacket: BYTES_PER_PACKET,
    indexBytes: s.store.indexBytes,
    heapMB: process.memoryUsage().heapUsed / 1e6 + process.memoryUsage().arrayBuffers / 1e6,
  };
}
