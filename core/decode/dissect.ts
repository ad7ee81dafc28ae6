/**
 * The header decoders' entry point: fills a reused Dissection from one packet record, reading
 * through the record's DataView, never past its captured bytes, allocating nothing unless the
 * packet is wrong (a DecodeProblem) or compressed (IPComp's scratch bytes, made once).
 */
import type { PacketRecord } from '../formats/record';
import type { Dissection } from './dissection';
import { decodeLink } from './link';
import { dissectCommonTcp } from './fast-tcp';

export function dissect(rec: PacketRecord, out: Dissection): void {
  // Compared, not tested: V8 does not know a call's result is a boolean, and `!` on it costs
  // about ten instructions a packet where `=== false` costs one.
  if (dissectCommonTcp(rec, out) === false) dissectGeneral(rec, out);
}

/** Every packet the fast path declines; also what the fast path is tested against. */
export function dissectGeneral(rec: PacketRecord, out: Dissection): void {
  out.reset();
  out.linkType = rec.linkType;
  const base = rec.offset;
  // A wire length below the captured length is a broken record; the captured bytes are real.
  const wire = rec.origLen > rec.capLen ? rec.origLen : rec.capLen;
  decodeLink(rec.view, base, base + rec.capLen, base + wire, rec.linkType, out);
}

/** Dissects bytes outside a capture chunk (the details view, tests): the packet is all of `bytes`. */
export function dissectBytes(bytes: Uint8Array, linkType: number, out: Dissection, origLen = bytes.length): void {
  out.reset();
  out.linkType = linkType;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  decodeLink(view, 0, bytes.length, Math.max(origLen, bytes.length), linkType, out);
}
