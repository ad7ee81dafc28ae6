/**
 * Wireshark display filters over Synfin's packet store: `synfin flows|packets --filter EXPR`
 * and the app's filter bar.
 *
 *   const f = compileFilter('tcp.port in {80, 443} && tcp.flags.syn == 1');
 *   if (f.ok) new FilterRun(f.value, { store, streamInfo }).runToEnd(onProgress).indices();
 */
import type { FilterCheck, FilterError } from '../api';
import type { Result } from '../result';
import { err, ok } from '../result';
import { FilterSyntaxError } from './errors';
import { parse } from './parser';
import type { Test } from './check';
import { check } from './check';
import type { FilterSource } from './env';
import type { FilterProgress } from './run';
import { FilterRun } from './run';

export type { FilterCheck, FilterError, FilterSource, FilterProgress };
export { FilterRun, DEFAULT_SLICE } from './run';
export { FIELDS, fieldByName } from './fields';
export type { FieldDef } from './fields';

export interface CompiledFilter {
  readonly text: string;
  /** The empty filter: every packet is kept. */
  readonly keepsAll: boolean;
  /** Names of the fields the filter reads, in order of appearance. */
  readonly fields: readonly string[];
  /** The checked tests (what the compiler binds to a store). */
  readonly test: Test;
}

/** Parses and checks a filter: a compiled filter, or the first error with its position. */
export function compileFilter(text: string): Result<CompiledFilter, FilterError> {
  try {
    const test = check(parse(text));
    return ok({ text, keepsAll: test.kind === 'all', fields: fieldsOf(test), test });
  } catch (e) {
    if (e instanceof FilterSyntaxError) return err(e.error);
    throw e;
  }
}

/** The filter bar's as-you-type check. */
export function checkFilter(text: string): FilterCheck {
  const r = compileFilter(text);
  return r.ok ? { ok: true } : { ok: false, ...r.error };
}

/** Runs a filter over every packet in the store at once (the command line's way). */
export function filterPackets(filter: CompiledFilter, source: FilterSource, onProgress?: (p: FilterProgress) => void): FilterRun {
  return new FilterRun(filter, source).runToEnd(onProgress);
}

function fieldsOf(t: Test): string[] {
  const names = new Set<string>();
  const walk = (u: Test): void => {
    if (u.kind === 'and' || u.kind === 'or') u.parts.forEach(walk);
    else if (u.kind === 'not') walk(u.part);
    else if (u.kind === 'field') names.add(u.field.name);
    else if (u.kind === 'pair') names.add(u.left.name).add(u.right.name);
  };
  walk(t);
  return [...names];
}
