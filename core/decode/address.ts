/** Address formatting, shared by the CLI, the details tree, the filters and the UI. */

export function formatIPv4(word: number): string {
  return `${word >>> 24}.${(word >>> 16) & 0xff}.${(word >>> 8) & 0xff}.${word & 0xff}`;
}

/** RFC 5952 text form: lower case, the longest run (≥ 2) of zero groups as "::", IPv4-mapped in dotted form. */
export function formatIPv6(w: ArrayLike<number>): string {
  const groups: number[] = [];
  for (let i = 0; i < 4; i++) groups.push(w[i]! >>> 16, w[i]! & 0xffff);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return `::ffff:${formatIPv4(w[3]!)}`;
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export function formatIP(version: number, w: ArrayLike<number>): string {
  return version === 6 ? formatIPv6(w) : formatIPv4(w[0]!);
}

/** "ip:port", or "[v6]:port" for IPv6 (DESIGN.md, flows --json). */
export function formatEndpoint(version: number, w: ArrayLike<number>, port: number): string {
  return version === 6 ? `[${formatIPv6(w)}]:${port}` : `${formatIPv4(w[0]!)}:${port}`;
}

export function formatMac(bytes: ArrayLike<number>, offset = 0): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += (i ? ':' : '') + (bytes[offset + i]! & 0xff).toString(16).padStart(2, '0');
  return s;
}
