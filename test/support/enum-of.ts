/**
 * The hot path's enums (Flag, Kind, State, Role, Proto) repeat a list of names that stays the one
 * list (vocabulary.ts, segment.ts, dissection.ts): each test checks its enum against its list here.
 */
import { expect } from 'vitest';

/**
 * Enum `e` has one member per name of `names`, and no other: the member `member(name)`, whose
 * value is `value(name, index)`.
 */
export function expectEnumOf(e: object, names: readonly string[], member: (name: string) => string, value: (name: string, i: number) => number): void {
  const byName = e as Record<string, number>;
  names.forEach((name, i) => expect(byName[member(name)], name).toBe(value(name, i)));
  expect(Object.keys(e).filter((k) => Number.isNaN(Number(k)))).toHaveLength(names.length);
}

/** 'fin-ack-fin' → 'FIN_ACK_FIN'. */
export const upperUnderscored = (name: string): string => name.replace(/-/g, '_').toUpperCase();
