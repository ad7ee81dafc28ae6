/**
 * Display-filter history: newest first, no duplicates, bounded, kept in localStorage so it
 * survives restarts. The store is passed in, so tests use a plain object.
 */
export const HISTORY_KEY = 'synfin.filterHistory';
/** Enough to find last week's filters; a dropdown longer than this is not read. */
export const HISTORY_MAX = 30;

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function loadHistory(store: KeyValueStore): string[] {
  try {
    const parsed: unknown = JSON.parse(store.getItem(HISTORY_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string').slice(0, HISTORY_MAX) : [];
  } catch {
    return [];
  }
}

/** Puts `filter` first (moving it if already there) and saves. Empty filters are not history. */
export function remember(store: KeyValueStore, history: readonly string[], filter: string): string[] {
  const f = filter.trim();
  if (!f) return [...history];
  const next = [f, ...history.filter((h) => h !== f)].slice(0, HISTORY_MAX);
  try {
    store.setItem(HISTORY_KEY, JSON.stringify(next));
  } catch {
    // Storage full or disabled: the history still works for this run.
  }
  return next;
}

/**
 * Up/Down in the filter box walks the history like a shell: position −1 is the text being typed;
 * 0 is the newest entry. Returns the new position and the text to show.
 */
export function step(history: readonly string[], position: number, draft: string, direction: 1 | -1): { position: number; text: string } {
  const next = Math.max(-1, Math.min(history.length - 1, position + direction));
  return { position: next, text: next === -1 ? draft : history[next]! };
}
