/**
 * Literal values: numbers in Wireshark's bases, IPv4 and IPv6 addresses with prefixes, MAC
 * addresses and byte strings, times, strings. Each failure names the literal in tshark 4.0's words.
 */
import type { Operand } from './parser';
import type { Const, FieldType } from './types';
import { TYPES } from './types';
import { fail } from './errors';

const U64_MAX = (1n << 64n) - 1n;

/** What the literal is for: an equality or ordering, `contains`, or `matches`. */
export type Purpose = 'value' | 'contains' | 'matches';

export interface LiteralTarget {
  readonly name: string;
  readonly type: FieldType;
  /** The allowed values of an enumerated string field. */
  readonly names?: readonly string[];
}

export function convert(field: LiteralTarget, lit: Operand, purpose: Purpose): Const {
  const text = lit.value;
  const quoted = lit.kind === 'string';
  const notFromString = (): never => fail(`${TYPES[field.type].description} cannot be converted from a string ("${text}").`, lit);
  switch (field.type) {
    case 'uint8':
    case 'uint16':
    case 'uint32': {
      if (lit.kind === 'char') return { t: 'num', v: text.codePointAt(0)! };
      if (quoted) notFromString();
      const n = parseInteger(text);
      if (n === null) fail(`"${text}" is not a valid number.`, lit);
      if (n > U64_MAX || n < -(1n << 63n)) fail(`"${text}" causes an integer overflow.`, lit);
      if (n < 0n) return { t: 'negative' };
      const max = TYPES[field.type].max!;
      if (n > BigInt(max)) fail(`"${text}" too big for this field, maximum ${max}.`, lit);
      return { t: 'num', v: Number(n) };
    }
    case 'bool': {
      const n = quoted || lit.kind === 'char' ? null : parseInteger(text);
      if (n !== null && n < 0n) fail('FT_BOOLEAN cannot -.', lit);
      if (n !== null && n > U64_MAX) fail(`"${text}" causes an integer overflow.`, lit);
      if (n !== null) return { t: 'num', v: n === 0n ? 0 : 1 };
      // tshark 4.0 takes "True" and "False" only; Synfin takes any case (people type "true").
      if (!quoted && /^(true|false)$/i.test(text)) return { t: 'num', v: /^true$/i.test(text) ? 1 : 0 };
      return fail(`"${text}" cannot be found among the possible values for ${field.name}.`, lit);
    }
    case 'reltime': {
      if (quoted) notFromString();
      const ns = parseTime(text);
      if (ns === null) fail(`"${text}" is not a valid time.`, lit);
      return { t: 'num', v: ns };
    }
    case 'ipv4': {
      if (quoted) notFromString();
      return parseIPv4Literal(text, lit);
    }
    case 'ipv6': {
      if (quoted) notFromString();
      return parseIPv6Literal(text, lit);
    }
    case 'ether': {
      if (quoted) notFromString();
      const bytes = parseBytes(text);
      if (purpose === 'contains') {
        if (!bytes) fail(`"${text}" is not a valid byte string.`, lit);
        return { t: 'bytes', v: bytes };
      }
      if (!bytes) fail(`"${text}" is not a valid Ethernet address.`, lit);
      if (bytes.length < 6) fail(`"${text}" contains too few bytes to be a valid Ethernet address.`, lit);
      if (bytes.length > 6) fail(`"${text}" contains too many bytes to be a valid Ethernet address.`, lit);
      return { t: 'num', v: bytes.reduce((n, b) => n * 256 + b, 0) };
    }
    case 'string': {
      if (purpose === 'matches') return { t: 'regex', v: compileRegex(text, lit) };
      if (purpose === 'contains' || !field.names) return { t: 'str', v: text };
      // Enumerated values: any case is taken, the canonical spelling is compared.
      const known = field.names.find((n) => n === text) ?? field.names.find((n) => n.toLowerCase() === text.toLowerCase());
      if (known === undefined) fail(`"${text}" cannot be found among the possible values for ${field.name}. Possible values: ${field.names.join(', ')}.`, lit);
      return { t: 'str', v: known };
    }
    case 'label':
    case 'protocol':
      return fail(`${field.name} (type=${TYPES[field.type].description}) cannot be compared with a value.`, lit);
  }
}

/** Integers as Wireshark reads them: decimal, 0x hex, 0b binary, a leading 0 for octal; a sign. */
export function parseInteger(text: string): bigint | null {
  const m = /^(-?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return null;
  const body = m[2]!;
  const n = /^0[0-7]+$/.test(body) ? BigInt(`0o${body.slice(1)}`) : BigInt(body);
  return m[1] ? -n : n;
}

/** Seconds with up to nine decimals (tshark rejects more), as nanoseconds. */
export function parseTime(text: string): number | null {
  const m = /^(-?)([0-9]+)(?:\.([0-9]{1,9}))?$/.exec(text);
  if (!m) return null;
  const ns = BigInt(m[2]!) * 1_000_000_000n + BigInt((m[3] ?? '').padEnd(9, '0'));
  return Number(m[1] ? -ns : ns);
}

/** Dotted quad (no leading zeros, as inet_pton) as a 32-bit number, or null. */
export function parseIPv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let v = 0;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return null;
    v = v * 256 + Number(p);
  }
  return v;
}

function parseIPv4Literal(text: string, lit: Operand): Const {
  const slash = text.indexOf('/');
  const addr = parseIPv4(slash < 0 ? text : text.slice(0, slash));
  if (addr === null) fail(`"${text}" is not a valid hostname or IPv4 address.`, lit);
  if (slash < 0) return { t: 'ipv4', v: addr, bits: 32 };
  const bits = parsePrefix(text, slash, lit);
  if (bits > 32) fail(`Netmask bits in a CIDR IPv4 address should be <= 32, not ${bits}`, lit);
  return { t: 'ipv4', v: addr, bits };
}

function parseIPv6Literal(text: string, lit: Operand): Const {
  const slash = text.indexOf('/');
  const w = parseIPv6(slash < 0 ? text : text.slice(0, slash));
  if (w === null) fail(`"${text}" is not a valid hostname or IPv6 address.`, lit);
  if (slash < 0) return { t: 'ipv6', w, bits: 128 };
  const bits = parsePrefix(text, slash, lit);
  if (bits > 128) fail(`Prefix in a IPv6 address should be <= 128, not ${bits}`, lit);
  return { t: 'ipv6', w, bits };
}

function parsePrefix(text: string, slash: number, lit: Operand): number {
  const p = text.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(p)) fail(`"${text}" is not a valid network: a prefix length (a number) must follow "/".`, lit);
  return Number(p);
}

/** RFC 4291 text forms (with "::" and a trailing dotted quad) as four 32-bit words, or null. */
export function parseIPv6(text: string): Uint32Array | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    const parts = s.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIPv4(p);
        if (v4 === null) return null;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return null;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return null;
  const all = [...head, ...new Array<number>(fill).fill(0), ...tail];
  const w = new Uint32Array(4);
  for (let i = 0; i < 4; i++) w[i] = ((all[2 * i]! << 16) | all[2 * i + 1]!) >>> 0;
  return w;
}

/** Hex bytes: "d3", "46dd", "00:0c:29", "00-0c-29", "000c.291d.29b5" (one kind of separator). */
export function parseBytes(text: string): Uint8Array | null {
  const sep = /[:.-]/.exec(text)?.[0];
  const parts = sep ? text.split(sep) : [text];
  if (parts.some((p) => !/^([0-9a-fA-F]{2})+$/.test(p))) return null;
  const hex = parts.join('');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** PCRE's leading "(?i)" (common in Wireshark filters) becomes JavaScript's "i" flag. */
function compileRegex(text: string, lit: Operand): RegExp {
  const insensitive = text.startsWith('(?i)');
  try {
    return new RegExp(insensitive ? text.slice(4) : text, insensitive ? 'i' : '');
  } catch (e) {
    return fail(`Regex compilation error: ${(e as Error).message}.`, lit);
  }
}
