/** Display filters for the session's views: compiled by core/filter, run over the session's store. */
import type { FilterCheck, FilterError } from '../../core/api';
import { checkFilter, compileFilter, FilterRun } from '../../core/filter';
import { err, ok, type Result } from '../../core/result';
import type { AnalysisSession } from './session';

export function checkDisplayFilter(text: string): FilterCheck {
  return checkFilter(text);
}

/** A run of `text` over the session's packets, or the filter's first error with its position. */
export function startFilterRun(text: string, s: AnalysisSession): Result<FilterRun, FilterError> {
  const compiled = compileFilter(text);
  if (!compiled.ok) return err(compiled.error);
  return ok(new FilterRun(compiled.value, { store: s.store, streamInfo: (stream) => s.peek(stream) }));
}
