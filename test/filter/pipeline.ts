/**
 * Synfin's whole engine over a capture file's bytes, as the app's session runs it: reader →
 * decoders → tracker (core/pipeline) → packet store, exposed as a filter source.
 */
import { createCaptureReader } from '../../core/formats';
import { PacketPipeline } from '../../core/pipeline';
import { PacketStore } from '../../core/store/packet-store';
import type { FilterSource } from '../../core/filter/index';

/** Bytes handed to the reader at once, as the host reads files (any size gives the same packets). */
const CHUNK = 1 << 20;

export function analyseCapture(bytes: Uint8Array): FilterSource {
  const store = new PacketStore();
  const pipeline = new PacketPipeline((_frame, rec, d, f) => store.append(rec, d, f));
  const reader = createCaptureReader(pipeline);
  for (let at = 0; at < bytes.length && !reader.stopped; at += CHUNK) reader.push(bytes.subarray(at, at + CHUNK));
  reader.end();
  const connections = pipeline.tracker.connections;
  return { store, streamInfo: (stream) => connections[stream] };
}
