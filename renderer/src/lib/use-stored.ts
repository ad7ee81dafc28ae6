/** A setting kept in localStorage (theme, time format): survives restarts, falls back when unreadable. */
import { useCallback, useState } from 'react';

export function useStored<T extends string>(key: string, allowed: readonly T[], fallback: T): [T, (v: T) => void] {
  const [value, setValue] = useState<T>(() => {
    const v = localStorage.getItem(key);
    return allowed.includes(v as T) ? (v as T) : fallback;
  });
  const set = useCallback(
    (v: T) => {
      setValue(v);
      try {
        localStorage.setItem(key, v);
      } catch {
        // Storage unavailable: the setting lasts this run.
      }
    },
    [key],
  );
  return [value, set];
}
