/**
 * Small composable checks for values that arrive over IPC: each takes `unknown` and returns the
 * typed value or a message saying what was wrong and where. They never throw, never coerce
 * ("3" is not 3) and accept no extra object keys or extra arguments.
 */
import { err, ok, type Result } from '../../core/result';

export type Check<T> = (value: unknown, where: string) => Result<T, string>;

const describe = (v: unknown): string => {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'string') return `a string of ${v.length} characters`;
  return typeof v === 'object' ? 'an object' : typeof v;
};

/** An integer in [min, max]: NaN, ±Infinity, fractions and non-numbers are refused. */
export const int = (min: number, max: number): Check<number> => (v, where) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
    ? ok(v)
    : err(`${where} must be an integer from ${min} to ${max}, not ${describe(v)}`);

/** A finite number in (0, max]. */
export const positive = (max: number): Check<number> => (v, where) =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= max
    ? ok(v)
    : err(`${where} must be a number above 0 and at most ${max}, not ${describe(v)}`);

export const bool: Check<boolean> = (v, where) => (typeof v === 'boolean' ? ok(v) : err(`${where} must be true or false, not ${describe(v)}`));

/**
 * A string of at most `maxLength` UTF-16 units (and at least `minLength`), without NUL: the
 * capture filter and interface name reach libpcap's C strings, where a NUL would silently cut them.
 */
export const str = (maxLength: number, minLength = 0): Check<string> => (v, where) => {
  if (typeof v !== 'string') return err(`${where} must be a string, not ${describe(v)}`);
  if (v.length > maxLength) return err(`${where} is too long: ${v.length} characters, at most ${maxLength}`);
  if (v.length < minLength) return err(`${where} must not be empty`);
  if (v.includes('\0')) return err(`${where} must not contain a NUL character`);
  return ok(v);
};

export const oneOf = <const T extends string>(values: readonly T[]): Check<T> => (v, where) =>
  typeof v === 'string' && (values as readonly string[]).includes(v) ? ok(v as T) : err(`${where} must be one of ${values.join(', ')}`);

export const nullable = <T>(check: Check<T>): Check<T | null> => (v, where) => (v === null ? ok(null) : check(v, where));

export const arrayOf = <T>(check: Check<T>, maxLength: number): Check<T[]> => (v, where) => {
  if (!Array.isArray(v)) return err(`${where} must be an array, not ${describe(v)}`);
  if (v.length > maxLength) return err(`${where} has ${v.length} items, at most ${maxLength}`);
  const out: T[] = [];
  for (let i = 0; i < v.length; i++) {
    const r = check(v[i], `${where}[${i}]`);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
};

/** A plain object with exactly these keys: a missing key or an unknown one is refused. */
export const record = <T extends object>(shape: { [K in keyof T]-?: Check<T[K]> }): Check<T> => (v, where) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return err(`${where} must be an object, not ${describe(v)}`);
  const keys = Object.keys(shape);
  const extra = Object.keys(v).filter((k) => !keys.includes(k));
  if (extra.length > 0) return err(`${where} has unknown field ${extra.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}`);
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    if (!Object.prototype.hasOwnProperty.call(v, k)) return err(`${where}.${k} is missing`);
    const r = (shape[k as keyof T] as Check<unknown>)((v as Record<string, unknown>)[k], `${where}.${k}`);
    if (!r.ok) return r;
    out[k] = r.value;
  }
  return ok(out as T);
};

/** Validates an argument list against one check per parameter; the count must match exactly. */
export type ArgsCheck<T extends readonly unknown[]> = (args: readonly unknown[]) => Result<T, string>;

export function args<T extends unknown[]>(...checks: { [I in keyof T]: Check<T[I]> }): ArgsCheck<T> {
  return (values) => {
    if (values.length !== checks.length) {
      return err(`expected ${checks.length} argument${checks.length === 1 ? '' : 's'}, got ${values.length}`);
    }
    const out: unknown[] = [];
    for (let i = 0; i < checks.length; i++) {
      const r = (checks[i] as Check<unknown>)(values[i], `argument ${i + 1}`);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return ok(out as T);
  };
}

/** Adds a rule over the whole, checked argument list (ranges: `from ≤ to`, a bounded span). */
export const withRule = <T extends readonly unknown[]>(check: ArgsCheck<T>, rule: (value: T) => string | null): ArgsCheck<T> => (values) => {
  const r = check(values);
  if (!r.ok) return r;
  const problem = rule(r.value);
  return problem === null ? r : err(problem);
};
