/**
 * The packet details tree: Wireshark-like labels, display-filter field names and the byte range
 * of every field, so the hex view can highlight it. Built on demand for one packet (not on the
 * hot path); the numbers only the tracker knows come from the caller's context.
 */
import { dissectBytes } from '../../decode/dissect';
import { Dissection, Proto, type DecodeProblem } from '../../decode/dissection';
import { describeLink } from './link';
import { node, plural, Walk, type DetailContext, type DetailNode } from './tree';

export type { DetailContext, DetailNode };

const LAYER_NAMES: Record<DecodeProblem['layer'], string> = {
  link: 'link layer', vlan: 'VLAN', pppoe: 'PPPoE', ipv4: 'IPv4', ipv6: 'IPv6', ipcomp: 'IPComp', tcp: 'TCP', udp: 'UDP', icmp: 'ICMP', arp: 'ARP',
};

export function describePacket(bytes: Uint8Array, linkType: number, context: DetailContext = {}): DetailNode[] {
  const wire = Math.max(context.origLen ?? bytes.length, bytes.length);
  const d = new Dissection();
  dissectBytes(bytes, linkType, d, wire);
  const out: DetailNode[] = [
    node(`Frame${context.frame !== undefined ? ` ${context.frame}` : ''}: ${plural(wire, 'byte')} on wire (${wire * 8} bits), ${plural(bytes.length, 'byte')} captured (${bytes.length * 8} bits)`, 0, bytes.length, 'frame'),
  ];
  describeLink(new Walk(bytes, d, context, wire, out), linkType);
  if (d.problem) out.push(problemNode(d));
  return out;
}

/** Wireshark's closing line for a packet that stopped a dissector, or its expert note for one that did not. */
function problemNode(d: Dissection): DetailNode {
  const p = d.problem!;
  const layer = LAYER_NAMES[p.layer];
  const fatal = d.proto === Proto.Malformed || p.kind === 'truncated';
  const label = !fatal
    ? `[Expert Info (Warning/Malformed): ${layer}: ${p.message}]`
    : p.kind === 'truncated' ? `[Packet size limited during capture: ${layer} truncated]` : `[Malformed Packet: ${layer}]`;
  return node(label, 0, 0, p.kind === 'truncated' ? '_ws.short' : '_ws.malformed', fatal ? [node(p.message, 0, 0)] : undefined);
}
