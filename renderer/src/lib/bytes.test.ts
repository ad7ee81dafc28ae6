import { describe, expect, it } from 'vitest';
import type { DetailNode } from '../../../core/api';
import { ancestors, asciiChar, hexLines, nodeAt, nodePathForByte } from './bytes';

const tree: DetailNode[] = [
  { label: 'Frame', start: 0, length: 60 },
  { label: 'Ethernet', start: 0, length: 14, children: [
    { label: 'Destination', start: 0, length: 6 },
    { label: 'Source', start: 6, length: 6 },
    { label: 'Type', start: 12, length: 2 },
  ] },
  { label: 'TCP', start: 34, length: 20, children: [
    { label: 'Flags', start: 46, length: 2, children: [{ label: 'SYN', start: 47, length: 1 }] },
  ] },
];

describe('bytes and the details tree', () => {
  it('lays out 16 bytes a line with hex offsets', () => {
    const lines = hexLines(new Uint8Array(40).map((_, i) => i));
    expect(lines.map((l) => l.label)).toEqual(['0000', '0010', '0020']);
    expect(lines[2]!.bytes).toEqual([32, 33, 34, 35, 36, 37, 38, 39]);
  });

  it('prints only printable ASCII', () => {
    expect([0x41, 0x20, 0x00, 0x7f, 0xff].map(asciiChar).join('')).toBe('A ...');
  });

  it('a byte selects the deepest, narrowest field that covers it', () => {
    expect(nodePathForByte(tree, 7)).toEqual([1, 1]);
    expect(nodePathForByte(tree, 47)).toEqual([2, 0, 0]);
    expect(nodeAt(tree, [2, 0, 0])!.label).toBe('SYN');
    expect(nodePathForByte(tree, 20)).toEqual([0]);
    expect(nodePathForByte(tree, 99)).toBeNull();
  });

  it('names the ancestors to expand', () => {
    expect(ancestors([2, 0, 0])).toEqual(['2', '2.0']);
  });
});
