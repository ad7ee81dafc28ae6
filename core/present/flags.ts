/**
 * TCP flag names in Wireshark 4.0's display order, which is the bit order from the lowest bit up:
 * FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, AE (RFC 9293's name for the old NS bit), then
 * "Reserved" for any of the three reserved bits. The Info column joins them with ", "
 * ("[SYN, ACK]"); the CLI joins them with "," ("SYN,ACK"). No flags: "<None>" / "".
 */
import { TcpFlag } from '../decode/dissection';

const NAMED: readonly (readonly [string, number])[] = [
  ['FIN', TcpFlag.FIN], ['SYN', TcpFlag.SYN], ['RST', TcpFlag.RST], ['PSH', TcpFlag.PSH], ['ACK', TcpFlag.ACK],
  ['URG', TcpFlag.URG], ['ECE', TcpFlag.ECE], ['CWR', TcpFlag.CWR], ['AE', TcpFlag.AE],
];
/** The three bits between the data offset and AE (RFC 9293 §3.1). */
export const TCP_RESERVED_BITS = 0xe00;

export function tcpFlagNames(flags: number): string[] {
  const names: string[] = [];
  for (const [name, bit] of NAMED) if (flags & bit) names.push(name);
  if (flags & TCP_RESERVED_BITS) names.push('Reserved');
  return names;
}

/** "SYN,ACK", as `synfin packets` prints it; "" for a segment with no flags. */
export function formatTcpFlags(flags: number): string {
  return tcpFlagNames(flags).join(',');
}

/** "SYN, ACK", as Wireshark's Info column and flags summary show it; "<None>" for no flags. */
export function formatTcpFlagsWireshark(flags: number): string {
  const names = tcpFlagNames(flags);
  return names.length ? names.join(', ') : '<None>';
}

/** Wireshark's one-character-per-bit summary, highest bit first: "··········S·". */
export function tcpFlagsSummary(flags: number): string {
  const letters = 'RRRACEUAPRSF';
  let s = '';
  for (let i = 0; i < 12; i++) s += flags & (1 << (11 - i)) ? letters[i] : '·';
  return s;
}
