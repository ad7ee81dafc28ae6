/**
 * Every decoder reads one header at `pos` of a DataView, between two ends:
 *  - capEnd: the end of the captured bytes (never read past it);
 *  - wireEnd: the end of the bytes as they were on the wire, narrowed by each length field
 *    (IP total length, …); may lie past capEnd when the snaplen cut the packet.
 * Bytes exist to read up to min(capEnd, wireEnd). A header that does not fit was cut by the
 * capture if it fits before wireEnd (truncated), otherwise the packet itself is wrong (malformed),
 * the distinction Wireshark makes between "Packet size limited during capture" and "Malformed Packet".
 */
import { Proto, type DecodeLayer, type Dissection } from './dissection';

/** Records that the `what` header of `layer` at `pos` needs `need` bytes that are not there, and labels the frame Malformed. */
export function short(
  out: Dissection, layer: DecodeLayer, what: string, need: number, pos: number, capEnd: number, wireEnd: number,
): void {
  const onWire = Math.max(0, wireEnd - pos);
  const captured = Math.max(0, Math.min(capEnd, wireEnd) - pos);
  out.problem =
    need > onWire
      ? { kind: 'malformed', layer, message: `${what} needs ${need} bytes, the packet holds ${onWire}`, need, have: onWire }
      : { kind: 'truncated', layer, message: `${what} needs ${need} bytes, ${captured} captured`, need, have: captured };
  out.proto = Proto.Malformed;
}

/** Records a header field that makes no sense; the frame keeps its label unless the caller changes it. */
export function malformed(out: Dissection, layer: DecodeLayer, message: string): void {
  // The first problem is the one to show: what follows it was decoded on top of it.
  if (out.problem === null) out.problem = { kind: 'malformed', layer, message };
}
