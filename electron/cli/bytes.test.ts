import { describe, expect, it } from 'vitest';
import { OutputView } from './bytes';
import { Output } from './output';

function printed(write: (v: OutputView, p: number) => number): string {
  const chunks: Buffer[] = [];
  const out = new Output((b) => chunks.push(Buffer.from(b)));
  const v = new OutputView(out);
  out.pos = write(v, v.begin(1 << 20));
  out.flush();
  return Buffer.concat(chunks).toString('utf8');
}

describe('OutputView', () => {
  it.each([0, 9, 10, 99, 100, 9999, 10_000, 99_999, 2 ** 31 - 1, 2 ** 32 - 1, 2 ** 32, -1, -0, 0.5, 1e21, 5e-324, NaN, -Infinity])('prints %s as `${n}` does', (n) => {
    expect(printed((v, p) => v.num(p, n))).toBe(`${n}`);
  });

  it.each([0, 1, 99, 100, 12_345, 99_999, 100_000, 999_999_999, 1e9, 0.5, -1, NaN])('prints nanoseconds %s as padStart does', (ns) => {
    expect(printed((v, p) => v.time(p, 1_767_225_600, ns))).toBe(`1767225600.${String(ns).padStart(9, '0')}`);
  });

  it.each(['', '10.0.0.1:80', '[2001:db8::1]:443', 'a"b', 'back\\slash', 'line\nbreak', '\u0001', 'é', '\u2028', '\ud800', '😀'])('quotes %j as JSON.stringify does', (s) => {
    expect(printed((v, p) => v.string(p, s))).toBe(JSON.stringify(s));
  });
});

describe('OutputView.seconds', () => {
  const check = (xs: number[]) => {
    const text = printed((v, p) => {
      for (const x of xs) p = v.ascii(v.seconds(p, x), ' ');
      return p;
    });
    expect(text).toBe(xs.map((x) => `${String(x)} `).join(''));
  };
  // A fixed sequence, so a failure is repeatable.
  let seed = 12345;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);

  it('prints epoch times (seconds + nanoseconds / 1e9) as String() does', () => {
    for (let n = 0; n < 50; n++) {
      const xs: number[] = [];
      for (let i = 0; i < 1000; i++) xs.push(Math.floor(2 ** 30 + random() * 2 ** 30) + Math.floor(random() * 1e9) / 1e9);
      check(xs);
    }
  });

  it('prints every kind of fraction of 2^-22 near the edges of the epoch range as String() does', () => {
    const xs: number[] = [];
    // Ties between two seven-digit fractions (f · 10^7 / 2^22 ending in .5) and their neighbours.
    for (const f of [1, 2, 3, 2 ** 14, 3 * 2 ** 14, 2 ** 15, 2 ** 21, 2 ** 22 - 1, 2 ** 22 - 2 ** 14, 123_456]) {
      for (const sec of [2 ** 30, 1_767_225_600, 2 ** 31 - 1]) xs.push(sec + f / 2 ** 22, sec + (f + 1) / 2 ** 22, sec + (f - 1) / 2 ** 22);
    }
    for (let i = 0; i < 20_000; i++) xs.push(1_767_225_600 + Math.floor(random() * 2 ** 22) / 2 ** 22);
    check(xs);
  });

  it('prints whole nanoseconds in seconds (durations, RTTs) as String() does', () => {
    const xs: number[] = [];
    for (let i = 0; i < 30_000; i++) xs.push(Math.floor(10 ** (random() * 16)) / 1e9);
    for (const ns of [1, 999, 1000, 1001, 1e6, 123_456_789, 1e9 - 1, 1e9 + 1, 1e15 - 1, 1e15, 1e15 + 1, 2 ** 53 - 1]) xs.push(ns / 1e9);
    check(xs);
  });

  it('prints other numbers as String() does', () => {
    check([0, 1, 0.1, 1 / 3, 1e-7, 5e-324, 123.456, -1.5, -0, 2 ** 31 + 0.5, 2 ** 30 - 0.5, 2 ** 32, 2 ** 53, 1e21, 1.7976931348623157e308]);
  });
});
