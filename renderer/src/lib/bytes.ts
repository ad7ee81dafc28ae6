/** The hex dump's lines and the link between bytes and the details tree, free of React. */
import type { DetailNode } from '../../../core/api';

export const BYTES_PER_LINE = 16;

export interface HexLine {
  offset: number;
  /** "0040": four hex digits, more when the packet is longer than 64 KiB. */
  label: string;
  bytes: number[];
}

export function hexLines(bytes: Uint8Array): HexLine[] {
  const digits = Math.max(4, bytes.length > 0 ? (bytes.length - 1).toString(16).length : 4);
  const lines: HexLine[] = [];
  for (let o = 0; o < bytes.length; o += BYTES_PER_LINE) {
    lines.push({ offset: o, label: o.toString(16).padStart(digits, '0'), bytes: Array.from(bytes.subarray(o, o + BYTES_PER_LINE)) });
  }
  return lines;
}

export const hexByte = (b: number): string => b.toString(16).padStart(2, '0');
/** Printable ASCII as itself, everything else as a dot (as Wireshark and xxd print it). */
export const asciiChar = (b: number): string => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');

/** A node's address in the tree: child indexes from the root list. */
export type NodePath = number[];
export const pathKey = (p: NodePath): string => p.join('.');

export function nodeAt(tree: readonly DetailNode[], path: NodePath): DetailNode | undefined {
  let list: readonly DetailNode[] | undefined = tree;
  let node: DetailNode | undefined;
  for (const i of path) {
    node = list?.[i];
    list = node?.children;
  }
  return node;
}

/**
 * The deepest node whose bytes hold `offset` (clicking a byte selects its field). Among siblings
 * that overlap, the narrowest wins: it names the byte most precisely.
 */
export function nodePathForByte(tree: readonly DetailNode[], offset: number): NodePath | null {
  let best: { path: NodePath; length: number } | null = null;
  const walk = (list: readonly DetailNode[], prefix: NodePath) => {
    list.forEach((n, i) => {
      if (n.length <= 0 || offset < n.start || offset >= n.start + n.length) return;
      const path = [...prefix, i];
      if (!best || path.length > best.path.length || (path.length === best.path.length && n.length < best.length)) {
        best = { path, length: n.length };
      }
      if (n.children) walk(n.children, path);
    });
  };
  walk(tree, []);
  return (best as { path: NodePath } | null)?.path ?? null;
}

/** Every ancestor of a path (what must be expanded to show it). */
export const ancestors = (path: NodePath): string[] => path.slice(0, -1).map((_, i) => pathKey(path.slice(0, i + 1)));
