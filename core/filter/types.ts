/**
 * Field types, named as Wireshark names them in its error messages, and the constants a
 * filter's literals become once checked against the field they are compared with.
 */

export type FieldType =
  | 'uint8' | 'uint16' | 'uint32' | 'bool' | 'reltime' | 'ipv4' | 'ipv6' | 'ether' | 'string' | 'label' | 'protocol';

export interface TypeInfo {
  /** Wireshark's description of the type ("Unsigned integer (2 bytes)"). */
  readonly description: string;
  /** Wireshark's internal type name, used in some of its messages ("FT_BOOLEAN cannot &."). */
  readonly ft: string;
  /** Largest value a literal may have (unsigned integers). */
  readonly max?: number;
  /** Whether <, <=, >, >= and ranges in sets apply. */
  readonly ordered: boolean;
  /** Whether the type holds a value at all (labels and protocols are only present or absent). */
  readonly valued: boolean;
}

export const TYPES: Readonly<Record<FieldType, TypeInfo>> = {
  uint8: { description: 'Unsigned integer (1 byte)', ft: 'FT_UINT8', max: 0xff, ordered: true, valued: true },
  uint16: { description: 'Unsigned integer (2 bytes)', ft: 'FT_UINT16', max: 0xffff, ordered: true, valued: true },
  uint32: { description: 'Unsigned integer (4 bytes)', ft: 'FT_UINT32', max: 0xffffffff, ordered: true, valued: true },
  bool: { description: 'Boolean', ft: 'FT_BOOLEAN', ordered: true, valued: true },
  reltime: { description: 'Time offset', ft: 'FT_RELATIVE_TIME', ordered: true, valued: true },
  ipv4: { description: 'IPv4 address', ft: 'FT_IPv4', ordered: true, valued: true },
  ipv6: { description: 'IPv6 address', ft: 'FT_IPv6', ordered: true, valued: true },
  ether: { description: 'Ethernet or other MAC address', ft: 'FT_ETHER', ordered: true, valued: true },
  string: { description: 'Character string', ft: 'FT_STRING', ordered: true, valued: true },
  label: { description: 'Label', ft: 'FT_NONE', ordered: false, valued: false },
  protocol: { description: 'Protocol', ft: 'FT_PROTOCOL', ordered: false, valued: false },
};

/** Types whose occurrences are plain numbers (times in nanoseconds, MACs as 48-bit numbers). */
export const isNumeric = (t: FieldType): boolean => t === 'uint8' || t === 'uint16' || t === 'uint32' || t === 'bool' || t === 'reltime';

/** Two fields can be compared when their types are of one family (Wireshark: "compatible types"). */
export function compatible(a: FieldType, b: FieldType): boolean {
  const family = (t: FieldType): string => (t === 'uint8' || t === 'uint16' || t === 'uint32' ? 'uint' : t);
  return family(a) === family(b) && TYPES[a].valued;
}

/**
 * A literal converted for the field it is compared with.
 * - `num`: integers, booleans (0/1), times in nanoseconds, MAC addresses as 48-bit numbers.
 * - `negative`: a negative number compared with an unsigned field; tshark 4.0 finds every
 *   ordering and equality with it false (and `!=` true).
 * - `ipv4` / `ipv6`: an address with its prefix length (32 / 128 when none was written).
 * - `bytes`: what `contains` looks for in a MAC address.
 */
export type Const =
  | { readonly t: 'num'; readonly v: number }
  | { readonly t: 'negative' }
  | { readonly t: 'ipv4'; readonly v: number; readonly bits: number }
  | { readonly t: 'ipv6'; readonly w: Uint32Array; readonly bits: number }
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'bytes'; readonly v: Uint8Array }
  | { readonly t: 'regex'; readonly v: RegExp };

/** One occurrence of a field in a packet: a number, a string (enumerated Synfin fields) or IPv6 words. */
export type Occurrence = number | string | Uint32Array;
